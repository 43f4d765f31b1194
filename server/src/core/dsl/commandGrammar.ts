/**
 * The GBNF grammar for one model turn (DESIGN §1): exactly one command and a newline, with line
 * numbers restricted to those that exist in the current listing (ADDL may also name n+1). Given the
 * listing's text (`listing`), REPW's <old> is restricted to what is on the line it names, so every
 * REPW the model can write applies (docs/DESIGN.md §1). Generated per state; llama.cpp compiles it
 * with llama.createGrammar.
 */
export interface CommandGrammarOptions {
  /** Number of lines in the current listing. */
  lineCount: number;
  /** Longest <text> in characters (keeps a runaway line from eating the token budget). */
  maxTextChars?: number;
  /** Only these listing lines may be named (1-based, inclusive; ADDL may also name `to + 1`): a repair
   *  scoped to one function. Clamped to the listing; default: every line. */
  lines?: LineRange;
  /** The listing's lines: REPW's <old> may then only be text on the line it names (from a line's first
   *  non-blank character on, no '>'); without it, any text without '>'. */
  listing?: readonly string[];
}

/** A range of listing lines, 1-based and inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

function alternatives(from: number, to: number): string {
  const alts: string[] = [];
  for (let i = from; i <= to; i++) alts.push(`"${i}"`);
  return alts.join(" | ");
}

export function commandGrammar(options: CommandGrammarOptions): string {
  const n = Math.max(0, Math.floor(options.lineCount));
  const max = options.maxTextChars ?? 160;
  const from = Math.max(1, Math.floor(options.lines?.from ?? 1));
  const to = Math.min(n, Math.floor(options.lines?.to ?? n));
  const rules: string[] = [];
  const cmds: string[] = ['"EXIT"', "addl"];
  rules.push(`addl ::= "ADDL " lnadd " >>>" text`);
  rules.push(`lnadd ::= ${alternatives(Math.min(from, n + 1), Math.max(to, from - 1) + 1)}`);
  if (n > 0 && to >= from) {
    cmds.push("dell", "repl");
    rules.push(`dell ::= "DELL " ln`);
    rules.push(`repl ::= "REPL " ln " >>>" text`);
    rules.push(`ln ::= ${alternatives(from, to)}`);
    if (options.listing) {
      const onLines = repwOnLines(options.listing, from, to);
      if (onLines.length > 0) cmds.push("repw");
      rules.push(...onLines);
    } else {
      cmds.push("repw");
      rules.push(`repw ::= "REPW " ln " >>>" old " >>>" text`);
      // <old> is non-empty and may not contain '>' so the first " >>>" always ends it.
      rules.push(`old ::= [^\\n>]{1,${Math.min(max, 60)}}`);
    }
  }
  rules.push(`text ::= [^\\n]{0,${max}}`);
  return [`root ::= cmd "\\n"`, `cmd ::= ${cmds.join(" | ")}`, ...rules].join("\n") + "\n";
}

/** A GBNF string literal of one character. */
const literal = (ch: string): string =>
  `"${ch === "\\" || ch === '"' ? "\\" + ch : ch === "\t" ? "\\t" : ch === "\r" ? "\\r" : ch}"`;

/**
 * The REPW rule when <old> must be on the line: `repw ::= "REPW " ("3" " >>>" o3 | ...) " >>>" text`,
 * where `oK` is any non-empty piece of line K that starts at or after its first non-blank character
 * and holds no '>'. One chain rule per character (`cK-i ::= "x" cK-(i+1)?`: the line's text from i
 * on, cut anywhere), so the grammar grows with the listing's length, not its square.
 */
function repwOnLines(listing: readonly string[], from: number, to: number): string[] {
  const rules: string[] = [];
  const alts: string[] = [];
  for (let k = from; k <= Math.min(to, listing.length); k++) {
    const chars = [...(listing[k - 1] ?? "")];
    const firstNonBlank = chars.findIndex((c) => c !== " " && c !== "\t");
    if (firstNonBlank < 0) continue;
    const usable = (i: number): boolean => i < chars.length && chars[i] !== ">";
    const starts: string[] = [];
    for (let i = chars.length - 1; i >= firstNonBlank; i--) {
      if (!usable(i)) continue;
      rules.push(`c${k}-${i} ::= ${literal(chars[i]!)}${usable(i + 1) ? ` c${k}-${i + 1}?` : ""}`);
      starts.unshift(`c${k}-${i}`);
    }
    if (starts.length === 0) continue;
    rules.push(`o${k} ::= ${starts.join(" | ")}`);
    alts.push(`"${k}" " >>>" o${k}`);
  }
  return alts.length > 0 ? [`repw ::= "REPW " (${alts.join(" | ")}) " >>>" text`, ...rules] : [];
}
