import { createTwoFilesPatch } from "diff";

/** Unified diff between two versions of the code, as shown in the CLI, the review panel and traces. */
export function unifiedDiff(before: string, after: string, fileName = "code.py"): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(`a/${fileName}`, `b/${fileName}`, before, after, undefined, undefined, {
    context: 2,
  });
  // Drop the "Index:"/"=====" preamble some versions add; keep from the "---" header on.
  const start = patch.indexOf("--- ");
  return start > 0 ? patch.slice(start) : patch;
}
