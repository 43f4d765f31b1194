import type { Command } from "../types.js";

export type ApplyResult = { ok: true; lines: string[] } | { ok: false; error: string; lines: string[] };

/** Splits code into lines the way the listing numbers them: no trailing empty line for a final "\n". */
export function splitLines(code: string): string[] {
  if (code === "") return [];
  const lines = code.replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Joins lines back into a file with a final newline (empty file stays empty). */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/**
 * Applies one command to a listing. Never throws: a command that cannot be applied returns
 * ok: false, the unchanged lines and a message the state shows to the model (DESIGN §1).
 */
export function applyCommand(lines: readonly string[], cmd: Command): ApplyResult {
  const n = lines.length;
  const out = lines.slice();
  const range = (line: number, max: number): string | undefined =>
    line >= 1 && line <= max ? undefined : `line ${line} is out of range 1-${max}`;
  switch (cmd.op) {
    case "EXIT":
      return { ok: true, lines: out };
    case "DELL": {
      const err = n === 0 ? "the file is empty" : range(cmd.line, n);
      if (err) return { ok: false, error: err, lines: out };
      out.splice(cmd.line - 1, 1);
      return { ok: true, lines: out };
    }
    case "ADDL": {
      const err = range(cmd.line, n + 1);
      if (err) return { ok: false, error: err, lines: out };
      out.splice(cmd.line - 1, 0, cmd.text);
      return { ok: true, lines: out };
    }
    case "REPL": {
      const err = n === 0 ? "the file is empty" : range(cmd.line, n);
      if (err) return { ok: false, error: err, lines: out };
      out[cmd.line - 1] = cmd.text;
      return { ok: true, lines: out };
    }
    case "REPW": {
      const err = n === 0 ? "the file is empty" : range(cmd.line, n);
      if (err) return { ok: false, error: err, lines: out };
      const before = out[cmd.line - 1]!;
      if (!before.includes(cmd.old))
        return { ok: false, error: `${JSON.stringify(cmd.old)} is not on line ${cmd.line}`, lines: out };
      out[cmd.line - 1] = before.split(cmd.old).join(cmd.new);
      return { ok: true, lines: out };
    }
  }
}
