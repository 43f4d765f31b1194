import { tokenizePython } from "../parse/pyTokens.js";

/**
 * Which characters of a Python program are code, as opposed to inside a string literal or a
 * comment. The corruptions that edit operators, numbers and names use it so that they never
 * change text inside strings or comments. Read off the engine's one tokenizer (parse/pyTokens):
 * a string's quotes and contents and a comment are not code; everything else is, white space and a
 * string's prefix letters (r, b, f, ...) included.
 */

/** mask[i][j] is true when character j of line i is code. */
export type CodeMask = boolean[][];

/** The mask of a listing (lines as splitLines gives them: no line breaks inside). */
export function pyMask(lines: readonly string[]): CodeMask {
  const mask: CodeMask = lines.map((line) => new Array<boolean>(line.length).fill(true));
  for (const t of tokenizePython(lines.join("\n"))) {
    if (t.kind !== "string" && t.kind !== "comment") continue;
    const startCol = t.col + (t.kind === "string" ? t.text.search(/['"]/) : 0);
    for (let l = t.line; l <= t.endLine; l++) {
      const m = mask[l - 1]!;
      m.fill(false, l === t.line ? startCol : 0, l === t.endLine ? t.endCol : m.length);
    }
  }
  return mask;
}

/** True when every character of line[start, end) is code. */
export function isCode(mask: CodeMask, line: number, start: number, end: number): boolean {
  const m = mask[line];
  if (!m) return false;
  for (let j = start; j < end; j++) if (!m[j]) return false;
  return true;
}
