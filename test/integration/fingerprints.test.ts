/**
 * Behaviour pins for refactors (#11): fingerprints (a hash of the traces' JSON, timings left out) of a
 * few fixed repairs through solveRepair, recorded before the repair entry points were unified and
 * unchanged since. Mutate mode on real bugs, a pytest file and tests in the file; model mode with the
 * bundled model (models/coe-tiny.gguf) and fixed seeds. A change here means a change of behaviour:
 * if it is intended, say so in the commit and record the new values.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { resources } from "../../server/src/core/resources.js";
import { solveRepair } from "../../server/src/core/solve/index.js";
import { fingerprint, modelCase, mutateCases } from "../helpers/fingerprint.js";

/** Recorded with the code before #11 (loop/repair.ts and search/searchWithMode.ts called directly).
 *  rb-001-chunk re-recorded once, deliberately, when the new repair operators (#10) made it solvable.
 *  "asserts in the file" re-recorded once, deliberately, when the TestGuard stopped proposals that edit
 *  the file's own asserts (the same fix, found after fewer test runs). */
const MUTATE: Record<string, string> = {
  "rb-001-chunk": "2c1094f8fd9bb350",
  "rb-004-leap-year": "44a9a19869024289",
  "rb-010-remove-negatives": "cb42cbac555ef319",
  "samples/buggy_stats.py (pytest)": "eaffc2dc668ac12a",
  "asserts in the file (auto)": "9eb9b3e84f9be664",
};
/** snippets re-recorded once, deliberately, when the verdict's failing tests gained `want` (the expected
 *  value): with `want` left out the traces hash to the old c918bcc1c409121c, so the model's actions are unchanged.
 *  Both re-recorded once, deliberately, when the grammar began to read the listing (a REPW's <old> must
 *  be on its line: commandGrammar's `listing`); before: snippets b7a0c06ad877521b, auto e27096256df0afd6. */
const MODEL = { snippets: "c463bd5d871f0ab6", auto: "ee604bc2b8a97f7a" };

describe("repair fingerprints (behaviour unchanged)", { timeout: 300_000 }, () => {
  const verifier = new PythonVerifier({});
  after(() => verifier.dispose());

  it("mutate mode, budget 60", async () => {
    for (const c of mutateCases()) {
      const r = await solveRepair({
        mode: "mutate",
        code: c.code,
        tests: c.tests,
        verifier,
        rollouts: 1,
        budget: 60,
        ...(c.description ? { description: c.description } : {}),
        ...(c.fileName ? { fileName: c.fileName } : {}),
      });
      assert.equal(fingerprint(r.traces), MUTATE[c.name], c.name);
    }
  });

  it("model mode with the bundled model and fixed seeds", async () => {
    const policy = await LlamaPolicy.load({ modelPath: resources.bundledModel(), sequences: 2 });
    try {
      const c = modelCase();
      const common = { mode: "model" as const, code: c.code, verifier, policy, budget: 0 };
      const snippets = await solveRepair({
        ...common,
        tests: c.tests,
        description: c.description,
        rollouts: 2,
        maxTurns: 4,
        seed: 7,
      });
      assert.equal(fingerprint(snippets.traces), MODEL.snippets, "2 rollouts, snippets, seed 7");
      const auto = await solveRepair({ ...common, tests: { kind: "auto" }, rollouts: 1, maxTurns: 3, seed: 3 });
      assert.equal(fingerprint(auto.traces), MODEL.auto, "1 rollout, tests in the file, seed 3");
    } finally {
      await policy.dispose();
    }
  });
});
