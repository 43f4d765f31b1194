import { applyCommand } from "../dsl/index.js";
import type { Command } from "../types.js";

/**
 * When the tests live in the file (`auto`: doctests, or asserts at the top level or under
 * `if __name__ == "__main__":`), they are not the code under repair: an edit that changes them
 * would make the tests pass by rewriting them (`== 3` → `!= 3`, or deleting the failing assert).
 * The guard admits a command only when the file's test text is the same after it.
 */
export class TestGuard {
  private readonly text: string;

  constructor(lines: readonly string[]) {
    this.text = testText(lines);
  }

  /** Whether `command` on `lines` leaves the tests in the file as they were. */
  admits(lines: readonly string[], command: Command): boolean {
    if (command.op === "EXIT") return true;
    const applied = applyCommand(lines, command);
    return applied.ok && testText(applied.lines) === this.text;
  }

  /** Whether the file has tests of its own to guard. */
  get guards(): boolean {
    return this.text !== "";
  }
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:/;

/**
 * The lines of a file that are its tests, in order: doctest examples and their expected output, and
 * from the first top-level assert (or the `__main__` block) on, every top-level statement with its
 * continuation lines, of a def or a class only its header line (its body is code under repair).
 * Statements between asserts are the tests' set-up.
 */
export function testText(lines: readonly string[]): string {
  const out: string[] = [];
  // Doctests: `>>>` and `...` lines, then the expected output until a blank line or the docstring's end.
  let inExample = false;
  for (const line of lines) {
    const t = line.trim();
    const closes = t.endsWith('"""') || t.endsWith("'''");
    if (t.startsWith(">>>")) {
      inExample = !closes;
      out.push(t);
    } else if (inExample && t !== "" && !t.startsWith('"""') && !t.startsWith("'''")) {
      inExample = !closes;
      out.push(t);
    } else inExample = false;
  }
  const first = lines.findIndex((l) => /^assert\b/.test(l) || MAIN_GUARD.test(l));
  if (first < 0) return out.join("\n");
  let inDef = false;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const topLevel = !/^\s/.test(line);
    if (topLevel) inDef = /^(def|class|async\s+def)\b|^@/.test(line);
    // A def's body may change; its header may not: a new def among the asserts would redefine what
    // the next assert calls.
    if (!inDef || topLevel) out.push(line.trimEnd());
  }
  return out.join("\n");
}
