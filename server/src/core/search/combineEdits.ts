import { applyCommand, joinLines } from "../dsl/index.js";
import type { Command, Verdict } from "../types.js";

/**
 * Two-edit bugs (the ranked search): when two verified children of a state each raise the number of
 * tests passing, their edits likely fix two different faults, so the search tries both together as a
 * depth-2 path, early. combineEdits applies the other child's command on top of the base child,
 * with its line number moved by the base edit (an ADDL above shifts it down, a DELL above up).
 */

/** `other` (written for the parent's listing) re-targeted after `base` was applied; undefined on a clash. */
export function shiftCommand(other: Command, base: Command): Command | undefined {
  if (other.op === "EXIT" || base.op === "EXIT") return undefined;
  let line = other.line;
  if (base.op === "ADDL") {
    if (line >= base.line) line++;
  } else if (base.op === "DELL") {
    if (line === base.line) return undefined;
    if (line > base.line) line--;
  } else if (line === base.line) return undefined; // both rewrite one line: their texts were written for the old line
  return { ...other, line };
}

export interface Combination {
  command: Command;
  code: string;
}

/** The code of `base`'s child after `other`'s edit too; undefined when it clashes, fails or changes nothing. */
export function combineEdits(baseLines: readonly string[], base: Command, other: Command): Combination | undefined {
  const command = shiftCommand(other, base);
  if (!command) return undefined;
  const applied = applyCommand(baseLines, command);
  if (!applied.ok) return undefined;
  const code = joinLines(applied.lines);
  return code === joinLines(baseLines) ? undefined : { command, code };
}

/** Whether a child raised the tests passing over its parent (and ran its tests). */
export function raisesPassing(child: Verdict, parent: Verdict): boolean {
  return child.kind === "ok" && child.passed > (parent.kind === "ok" ? parent.passed : 0);
}
