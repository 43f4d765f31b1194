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
  /** The layout of each state the guard was asked about (proposals of one state share its lines). */
  private readonly layouts = new WeakMap<readonly string[], TestLayout>();

  constructor(lines: readonly string[]) {
    this.text = testLayout(lines).text;
  }

  /** Whether `command` on `lines` leaves the tests in the file as they were. */
  admits(lines: readonly string[], command: Command): boolean {
    if (command.op === "EXIT") return true;
    const applied = applyCommand(lines, command);
    if (!applied.ok) return false;
    return this.awayFromTests(lines, applied.lines, command) || testLayout(applied.lines).text === this.text;
  }

  /** Whether the file has tests of its own to guard. */
  get guards(): boolean {
    return this.text !== "";
  }

  /**
   * A command that cannot change the test text, decided without reading the whole file again (the
   * search asks this of every proposal): it edits or inserts one line before the first assert, away
   * from any doctest line (the line before it and the line it replaces are not test lines), and the
   * new line starts no doctest example, assert or `__main__` block. Everything else is compared whole.
   */
  private awayFromTests(
    lines: readonly string[],
    after: readonly string[],
    command: Exclude<Command, { op: "EXIT" }>,
  ): boolean {
    let layout = this.layouts.get(lines);
    if (!layout) this.layouts.set(lines, (layout = testLayout(lines)));
    if (layout.text !== this.text) return false;
    const i = command.line - 1;
    const inserts = command.op === "ADDL";
    const first = layout.first < 0 ? Infinity : layout.first;
    if (layout.lines.has(i - 1) || (inserts ? i > first : i >= first || layout.lines.has(i))) return false;
    if (command.op === "DELL") return true;
    const added = after[i]!;
    return !added.trim().startsWith(">>>") && !/^assert\b/.test(added) && !MAIN_GUARD.test(added);
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
  return testLayout(lines).text;
}

interface TestLayout {
  text: string;
  /** 0-based indices of the lines the text holds. */
  lines: Set<number>;
  /** 0-based index of the first top-level assert (or `__main__` block), -1 when none. */
  first: number;
}

function testLayout(lines: readonly string[]): TestLayout {
  const out: string[] = [];
  const held = new Set<number>();
  // Doctests: `>>>` and `...` lines, then the expected output until a blank line or the docstring's end.
  let inExample = false;
  for (const [i, line] of lines.entries()) {
    const t = line.trim();
    const closes = t.endsWith('"""') || t.endsWith("'''");
    if (t.startsWith(">>>") || (inExample && t !== "" && !t.startsWith('"""') && !t.startsWith("'''"))) {
      inExample = !closes;
      out.push(t);
      held.add(i);
    } else inExample = false;
  }
  const first = lines.findIndex((l) => /^assert\b/.test(l) || MAIN_GUARD.test(l));
  if (first < 0) return { text: out.join("\n"), lines: held, first };
  let inDef = false;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const topLevel = !/^\s/.test(line);
    if (topLevel) inDef = /^(def|class|async\s+def)\b|^@/.test(line);
    // A def's body may change; its header may not: a new def among the asserts would redefine what
    // the next assert calls.
    if (!inDef || topLevel) {
      out.push(line.trimEnd());
      held.add(i);
    }
  }
  return { text: out.join("\n"), lines: held, first };
}
