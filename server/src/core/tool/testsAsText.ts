import type { TestSource } from "../types.js";

/**
 * The tests as the model reads them in an episode's header: the snippets, the pytest file, or, for
 * tests in the file itself (auto), a note (the listing already shows them). The one function for
 * every header (rollouts, the search's model proposer, synthetic demos, exported SFT data), so the
 * model reads the same header whichever entry point runs it.
 */
export function testsAsText(tests: TestSource): string {
  if (tests.kind === "snippets") return tests.snippets.join("\n");
  if (tests.kind === "pytest") return tests.content;
  return "(tests in the file)";
}
