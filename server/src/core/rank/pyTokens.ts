/**
 * Python source as the code n-gram model (CodeNgram.ts) reads it: a flat token stream where layout is
 * explicit (`<nl>` ends a logical line, `<in>`/`<de>` open and close a block), literals are folded
 * (`<str>`, `<num>`, small integers kept), comments dropped, and identifiers abstracted: keywords,
 * builtins and the corpus's common names stay themselves, every other name becomes `<vK>`, numbered
 * by first appearance inside its top-level definition. So `for j in range(len(xs)): s += xs[i]` keeps
 * the shape that makes a misused variable look odd, while names no corpus has seen still match.
 * A scanner, not a parser: broken code still tokenizes (an unclosed string runs to its line's end).
 */

const TOKEN =
  /(#[^\n]*)|([rRbBuUfF]{0,2}(?:'''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$)|'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))|(\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?[jJ]?|\.\d+)|([A-Za-z_]\w*)|(\*\*=|\/\/=|>>=|<<=|->|\*\*|\/\/|==|!=|<=|>=|<<|>>|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|:=|[-+*/%@&|^~<>()[\]{}.,:;=!])|(\\\n|[ \t\f\r]+)|(\n)|([\s\S])/y;

/** Names that keep their spelling whatever the corpus: keywords and the builtins real code calls. */
export const PYTHON_NAMES: ReadonlySet<string> = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for from " +
    "global if import in is lambda nonlocal not or pass raise return try while with yield self cls " +
    "abs all any bin bool bytes chr dict divmod enumerate filter float format frozenset getattr hasattr hash " +
    "int isinstance issubclass iter len list map max min next object ord pow print range repr reversed round " +
    "set setattr sorted str sum super tuple type zip append extend insert pop remove index count sort keys " +
    "values items get split join strip lower upper replace startswith endswith find add update copy"
  ).split(" "),
);

export interface PyTokensOptions {
  /** Names kept as themselves besides PYTHON_NAMES (the model's common names). */
  keep?: ReadonlySet<string>;
}

const fold = (name: string, keep: ReadonlySet<string> | undefined, local: Map<string, string>): string => {
  if (PYTHON_NAMES.has(name) || keep?.has(name)) return name;
  let v = local.get(name);
  if (v === undefined) local.set(name, (v = local.size < 12 ? `<v${local.size}>` : "<v>"));
  return v;
};

const literal = (text: string): string => {
  if (/^\d+$/.test(text)) return Number(text) <= 10 ? text : "<num>";
  return "<num>";
};

/** Raw names of a source text (for counting the corpus's common names). */
export function pyNames(source: string): string[] {
  return pyTokens(source, { raw: true });
}

/** The token stream of a source text (see the file comment). `raw`: names only, unfolded. */
export function pyTokens(source: string, options: PyTokensOptions & { raw?: boolean } = {}): string[] {
  const out: string[] = [];
  const indents = [0];
  let local = new Map<string, string>();
  let depth = 0;
  let atLineStart = true;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < source.length && (m = TOKEN.exec(source)) !== null) {
    const [text, comment, str, num, name, op, space, newline] = m;
    if (comment !== undefined || space !== undefined) continue;
    if (newline !== undefined) {
      if (depth === 0 && !atLineStart) {
        if (!options.raw) out.push("<nl>");
        atLineStart = true;
      }
      continue;
    }
    if (atLineStart && depth === 0) {
      // Indentation of this logical line: the whitespace before its first token.
      const lineStart = source.lastIndexOf("\n", m.index - 1) + 1;
      const width = source.slice(lineStart, m.index).replace(/\t/g, "        ").length;
      if (width === 0 && (name === "def" || name === "class")) local = new Map();
      if (!options.raw) {
        if (width > indents[indents.length - 1]!) {
          indents.push(width);
          out.push("<in>");
        }
        while (width < indents[indents.length - 1]!) {
          indents.pop();
          out.push("<de>");
        }
      }
      atLineStart = false;
    }
    if (options.raw) {
      if (name !== undefined) out.push(name);
      continue;
    }
    if (str !== undefined) out.push(/^[rRbBuUfF]*(''|"")$/.test(str) ? "<str0>" : "<str>");
    else if (num !== undefined) out.push(literal(num));
    else if (name !== undefined) out.push(fold(name, options.keep, local));
    else if (op !== undefined) {
      if ("([{".includes(op)) depth++;
      else if (")]}".includes(op)) depth = Math.max(0, depth - 1);
      out.push(op);
    } else out.push(text);
  }
  if (!options.raw && !atLineStart) out.push("<nl>");
  return out;
}
