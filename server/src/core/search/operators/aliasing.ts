import type { PyToken } from "../../parse/pyTokens.js";
import { functionAt, type PyAnalysis } from "../pyAnalysis.js";
import { parseCommand } from "../../dsl/index.js";
import type { Mutation } from "../lineEdit.js";
import { eachLine } from "./exprSpans.js";

/**
 * One object where several were meant (aliasing):
 *  - rows built once (0.5): `[[0] * cols] * rows` -> `[[0] * cols for _ in range(rows)]`, and
 *    `[[]] * n` -> `[[] for _ in range(n)]` (likewise `{}`, `set()`): every row is the same list, so
 *    writing one cell writes a column; almost never meant;
 *  - a parameter's list or dict changed in place (0.25): `result = stock` -> `result = stock.copy()`
 *    (the caller's object changes too), and sorted where the code assumes it (0.2):
 *    `a = nums` -> `a = sorted(nums)`.
 */
export const ALIASING_PRIORS = { rows: 0.5, copy: 0.25, sorted: 0.2 };
/** Parameters that name the object itself, never a list or dict to copy. */
const OBJECTS = new Set(["self", "cls"]);

/** The count a list is repeated by: a parenthesised expression, or a name or call (`n`, `len(xs)`) that
 *  ends the operand (not `xs[0]`, `n ** 2`, `f(g(x))`, whose count is more than this match). */
const COUNT = String.raw`(\([^()]*\)|[\w.]+(?:\([^()]*\))?)(?![\w.]|\s*(?:[\[(]|\*\*))`;
/** `[` opening a list display, not a subscript (`d[[]]`, written against what it subscripts). */
const LIST = String.raw`(?<![\w)\]])\[`;
const GRID = new RegExp(LIST + String.raw`\[([^\[\]]*)\]\s*\*(?!\*)\s*([^\[\],]+?)\]\s*\*\s*` + COUNT, "g");
const EMPTY_ROWS = new RegExp(LIST + String.raw`(\[\]|\{\}|set\(\)|dict\(\)|list\(\))\]\s*\*\s*` + COUNT, "g");

/** `n` for `(n)`: range() needs no parentheses of its own. */
const bare = (count: string): string => (/^\([^()]*\)$/.test(count) ? count.slice(1, -1) : count);

/** The first match of `re` on the line that starts at a bracket of the code (not in a string or comment). */
function inCode(re: RegExp, text: string, toks: readonly PyToken[]): RegExpMatchArray | undefined {
  for (const m of text.matchAll(re)) if (toks.some((t) => t.kind === "op" && t.col === m.index)) return m;
  return undefined;
}

export function aliasingMutations(analysis: PyAnalysis): Mutation[] {
  return eachLine(analysis, ({ lineNo, text, toks, add }) => {
    const grid = inCode(GRID, text, toks);
    const empty = grid ? undefined : inCode(EMPTY_ROWS, text, toks);
    const found = grid ?? empty;
    if (found) {
      const rows = grid
        ? `[[${grid[1]}] * ${grid[2]!.trim()} for _ in range(${bare(grid[3]!)})]`
        : `[${empty![1]} for _ in range(${bare(empty![2]!)})]`;
      const line = text.slice(0, found.index) + rows + text.slice(found.index! + found[0].length);
      add(parseCommand(`REPL ${lineNo} >>>${line}`), ALIASING_PRIORS.rows, `alias: rows built once -> ${rows}`);
    }
    const copy = /^(\s*)(\w+) = (\w+)\s*$/.exec(text);
    const fn = functionAt(analysis, lineNo);
    // Not `self`/`cls`: an object bound to a name is not the aliasing kind of bug (and has no .copy()).
    const param = copy?.[3] ?? "";
    if (copy && fn && lineNo !== fn.defLine && fn.params.includes(param) && !OBJECTS.has(param) && copy[2] !== param) {
      const [, indent, target, source] = copy;
      add(
        parseCommand(`REPL ${lineNo} >>>${indent}${target} = ${source}.copy()`),
        ALIASING_PRIORS.copy,
        `alias: ${source} copied`,
      );
      add(
        parseCommand(`REPL ${lineNo} >>>${indent}${target} = sorted(${source})`),
        ALIASING_PRIORS.sorted,
        `alias: ${source} sorted`,
      );
    }
  });
}
