/**
 * The ranked search end to end with real parts: a random-weight GGUF through node-llama-cpp scores the
 * candidates, the real Python sandbox runs the tests. Checks the mode is wired (REPAIR_MODES), the
 * model really ranked states (one prefix evaluation per scored state), the budget holds, the ranking
 * cost is reported and the learning-to-rank records come back.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { searchWithMode } from "../../server/src/core/search/searchWithMode.js";
import { REPAIR_MODES } from "../../server/src/core/solve/index.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const CODE = "def area(w, h):\n    return w + h\n";
const TESTS = ["assert area(5, 3) == 15", "assert area(2, 2) == 4", "assert area(0, 7) == 0"];

let policy: LlamaPolicy;
let verifier: PythonVerifier;
before(async () => {
  policy = await LlamaPolicy.load({ modelPath: await makeTestModel({}), contextSize: 2048 });
  verifier = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 1 });
});
after(async () => {
  await verifier?.dispose();
  await policy?.dispose();
});

test("ranked mode: the model scores states, the search repairs within budget and reports its cost", async () => {
  assert.ok(REPAIR_MODES.includes("ranked"));
  const before = policy.scoreStats;
  const r = await searchWithMode({
    code: CODE,
    tests: { kind: "snippets", snippets: TESTS },
    verifier,
    mode: "ranked",
    policy,
    samples: 2,
    budget: 30,
  });
  assert.equal(r.stats.solved, true, r.trace.finalCode);
  assert.ok(r.stats.verifications <= 30);
  assert.match(r.trace.finalCode, /return w \* h/);
  const ranking = r.stats.ranking!;
  const after = policy.scoreStats;
  assert.ok(ranking.scoredStates >= 1, "the model ranked the initial state");
  assert.equal(after.calls - before.calls, ranking.scoredStates, "one scoring call per scored state");
  assert.equal(after.prefixEvaluations - before.prefixEvaluations, ranking.scoredStates, "the prefix once per state");
  assert.ok(ranking.tokens > 0 && ranking.msPerState > 0 && ranking.testRunMs > 0);
  assert.ok(r.stats.tokens >= ranking.tokens, "ranking tokens count in the search's tokens");
  assert.equal(r.rankRecords?.length, r.trace.steps.length - 1, "one record per state on the path");
  assert.equal(r.rankRecords![0]!.winner, r.trace.steps[0]!.command);
});
