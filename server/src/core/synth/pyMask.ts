/**
 * Which characters of a Python program are code, as opposed to inside a string literal or a
 * comment. The corruptions that edit operators, numbers and names use it so that they never
 * change text inside strings or comments. A small hand-written scanner: tree-sitter would do,
 * but it is asynchronous (wasm) and this needs only quotes, triple quotes, escapes and '#'.
 */

/** mask[i][j] is true when character j of line i is code. */
export type CodeMask = boolean[][];

export function pyMask(lines: readonly string[]): CodeMask {
  const mask: CodeMask = [];
  // An open string that continues onto the next line: its quote ("'", '"', "'''" or '"""').
  let open: string | undefined;
  for (const line of lines) {
    const m = new Array<boolean>(line.length).fill(false);
    let j = 0;
    while (j < line.length) {
      if (open) {
        if (line[j] === "\\") {
          j += 2;
          continue;
        }
        if (line.startsWith(open, j)) {
          j += open.length;
          open = undefined;
          continue;
        }
        j++;
        continue;
      }
      const c = line[j]!;
      if (c === "#") break; // the rest of the line is a comment
      if (c === "'" || c === '"') {
        const triple = line.startsWith(c.repeat(3), j);
        open = triple ? c.repeat(3) : c;
        j += open.length;
        continue;
      }
      m[j] = true;
      j++;
    }
    // A single-quoted string ends at the line end unless the line ends in a backslash.
    if (open && open.length === 1 && !line.endsWith("\\")) open = undefined;
    mask.push(m);
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
