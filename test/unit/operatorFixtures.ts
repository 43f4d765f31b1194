/**
 * Fixture checks for the repair operator families (server/src/core/search/operators): each fixture is
 * a before snippet, the DSL command the operator must propose, and the code after applying it.
 */
import assert from "node:assert/strict";
import { applyCommand, joinLines, parseCommand, printCommand, splitLines } from "../../server/src/core/dsl/index.js";
import { analyzePython } from "../../server/src/core/search/pyAnalysis.js";
import { OPERATOR_FAMILIES } from "../../server/src/core/search/operators/index.js";
import { mutationProposals } from "../../server/src/core/search/MutationProposer.js";
import type { Verdict } from "../../server/src/core/types.js";

export interface OperatorFixture {
  family: string;
  before: string;
  command: string;
  after: string;
}

const failing: Verdict = { kind: "ok", passed: 0, total: 1, tests: [{ name: "t", status: "fail" }], ms: 0 };

/** The family alone proposes the command, the command gives `after`, and the whole proposer keeps it. */
export function checkFixture(fx: OperatorFixture): void {
  const family = OPERATOR_FAMILIES.find((f) => f.name === fx.family);
  assert.ok(family, `no operator family ${fx.family}`);
  const lines = splitLines(fx.before);
  const command = parseCommand(fx.command);
  const made = family.mutations(analyzePython(lines)).map((m) => printCommand(m.command));
  assert.ok(made.includes(fx.command), `${fx.family} proposes ${fx.command}; it made:\n${made.join("\n")}`);
  const applied = applyCommand(lines, command);
  assert.ok(applied.ok, `applies: ${fx.command}`);
  assert.equal(joinLines(applied.lines), fx.after);
  const all = mutationProposals(lines, failing, { limit: 100_000 }).map((p) =>
    joinLines((applyCommand(lines, p.command) as { lines: string[] }).lines),
  );
  assert.ok(all.includes(fx.after), "the mutation proposer keeps the edit (maybe as an equal-code command)");
}

/** No family proposes the command (negative fixtures). */
export function checkAbsent(family: string, before: string, command: string): void {
  const fam = OPERATOR_FAMILIES.find((f) => f.name === family)!;
  const made = fam.mutations(analyzePython(splitLines(before))).map((m) => printCommand(m.command));
  assert.ok(!made.includes(command), `${family} must not propose ${command}`);
}
