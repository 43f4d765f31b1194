/**
 * A training round is judged in the user's own search: ranked with the ranker in use (the user's
 * promoted one, else the bundled one), or hybrid; a broken user ranker falls back to the hand-set
 * score as the repair itself does. The evaluateRound case runs the real PythonVerifier.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateRound, roundMode } from "../../server/src/lsp/evaluateRound.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";

const python = process.env.COE_PYTHON ?? "/usr/bin/python3";

describe("roundMode", () => {
  it("hybrid and model users are judged in hybrid, without a ranker", () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-mode-"));
    assert.deepEqual(roundMode("hybrid", dir), { mode: "hybrid" });
    assert.deepEqual(roundMode("model", dir), { mode: "hybrid" });
  });

  it("ranked users are judged in ranked with the bundled ranker, or their own promoted one", () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-mode-"));
    const bundled = roundMode("ranked", dir);
    assert.equal(bundled.mode, "ranked");
    assert.ok(bundled.ranker, "the bundled ranker");
    mkdirSync(join(dir, "ranker"), { recursive: true });
    writeFileSync(
      join(dir, "ranker", "current.json"),
      JSON.stringify({ format: "coe-ranker/1", features: ["logMass"], weights: [0.5] }),
    );
    assert.deepEqual(roundMode("ranked", dir).ranker?.file.weights, [0.5]);
  });

  it("a torn user ranker: ranked with the hand-set score", () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-mode-"));
    mkdirSync(join(dir, "ranker"), { recursive: true });
    writeFileSync(join(dir, "ranker", "current.json"), "{ torn");
    assert.deepEqual(roundMode("ranked", dir), { mode: "ranked" });
  });
});

describe("evaluateRound in the ranked search", { skip: existsSync(python) ? false : `no Python at ${python}` }, () => {
  it("solves with the ranker in use and counts its test runs", async () => {
    const verifier = new PythonVerifier({ pythonPath: python, concurrency: 1 });
    try {
      const judged = roundMode("ranked", mkdtempSync(join(tmpdir(), "coe-round-mode-")));
      const r = await evaluateRound({
        suite: "s",
        tasks: [
          {
            id: "t",
            code: "def add(a, b):\n    return a - b\n",
            tests: { kind: "snippets", snippets: ["assert add(1, 2) == 3"] },
          },
        ],
        policy: undefined,
        verifier,
        budget: 20,
        ...judged,
      });
      assert.equal(r.solved, 1);
      assert.ok(r.testRuns >= 2 && r.testRuns <= 20, String(r.testRuns));
    } finally {
      await verifier.dispose();
    }
  });
});
