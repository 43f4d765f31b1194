/**
 * The ranker round of "Train on My Fixes" (core/rank/rankerRound) with real Python: the user's repairs
 * become verified groups (cached: a second round verifies nothing again), one in five is held back,
 * the fitted ranker is written, and it replaces the ranker in use only when it is not worse on them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import type { Verifier } from "../../server/src/core/python/Verifier.js";
import { LearnedRanker } from "../../server/src/core/rank/LearnedRanker.js";
import { CodeNgram } from "../../server/src/core/rank/CodeNgram.js";
import { trainCodeNgram } from "../../server/src/core/rank/trainCodeNgram.js";
import { rankerRound, userRankerPath } from "../../server/src/core/rank/rankerRound.js";
import type { RepairRecord } from "../../server/src/core/dataset/index.js";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import type { Policy } from "../../server/src/core/model/Policy.js";
import { parseRankGroups } from "../../server/src/core/rank/RankGroup.js";
import { SEARCH_SAMPLES } from "../../server/src/core/solve/RepairMode.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const record = (id: string, before: string, after: string, snippets: string[]): RepairRecord => ({
  id,
  time: new Date().toISOString(),
  source: "user-fix",
  file: "solution.py",
  before,
  after,
  tests: { kind: "snippets", snippets },
  trace: null,
  model: "user",
  outcome: { solved: true, passed: snippets.length, total: snippets.length },
});

// Ids chosen so that "r1" is held back (holdOut, fraction 0.2, seed 0) and "r4", "r5", "r7" train.
const RECORDS = [
  record("r1", "def f(xs):\n    return [x for x in xs if x >= 2]\n", "", [
    "assert f([1, 2, 3]) == [3]",
    "assert f([]) == []",
  ]),
  record("r4", "def g(a, b):\n    return a - b\n", "", ["assert g(2, 3) == 5", "assert g(0, 0) == 0"]),
  record("r5", "def h(n):\n    t = 1\n    for i in range(n):\n        t += i\n    return t\n", "", [
    "assert h(3) == 3",
    "assert h(0) == 0",
  ]),
  record("r7", "def k(s):\n    return s.lower()\n", "", ["assert k('ab') == 'AB'"]),
];

/** Real Python, with a count of the test runs it was asked for. */
function countingVerifier(): { verifier: Verifier; runs: () => number } {
  const python = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 2 });
  let n = 0;
  const verifier: Verifier = {
    concurrency: 2,
    verify: (r) => (n++, python.verify(r)),
    dispose: () => python.dispose(),
  };
  return { verifier, runs: () => n };
}

test("a ranker round on the user's repairs: cached groups, a held-back verdict, promotion only when not worse", async () => {
  const { verifier, runs } = countingVerifier();
  try {
    const dir = mkdtempSync(join(tmpdir(), "coe-ranker-round-"));
    const current = new LearnedRanker({ format: "coe-ranker/1", features: ["logMass"], weights: [1] });
    const r = await rankerRound({ records: RECORDS, verifier, dir, current });
    assert.ok(r.path && existsSync(r.path), "the fitted ranker is written");
    const fitted = LearnedRanker.load(r.path);
    assert.ok(fitted.file.features.includes("logMass"), "it starts from the ranker in use");
    assert.match(r.reason, /held-back repairs: first fix after [\d.]+ test runs \(was [\d.]+\)/);
    assert.equal(existsSync(join(dir, "current.json")), r.promoted);
    if (r.promoted) assert.equal(userRankerPath(dir), join(dir, "current.json"));
    const lines = readFileSync(join(dir, "groups.jsonl"), "utf8").trim().split("\n");
    assert.equal(lines.length, 4, "one verified group per repair");
    const before = runs();
    await rankerRound({ records: RECORDS, verifier, dir, current });
    assert.equal(runs(), before, "a second round verifies nothing again");
    const none = await rankerRound({ records: [], verifier, dir: mkdtempSync(join(tmpdir(), "coe-r-")), current });
    assert.deepEqual(none, { promoted: false, reason: "no repair to learn from" });
  } finally {
    await verifier.dispose();
  }
});

test("a ranker round keeps the ranker's code n-gram: groups computed with it, the fitted file names it", async () => {
  const { verifier, runs } = countingVerifier();
  try {
    const dir = mkdtempSync(join(tmpdir(), "coe-ranker-round-ngram-"));
    // A round of the plain ranker first: its cached groups carry no naturalness.
    const plain = new LearnedRanker({ format: "coe-ranker/1", features: ["logMass"], weights: [1] });
    await rankerRound({ records: RECORDS, verifier, dir, current: plain });
    const corpus = RECORDS.map((r) => r.before.replace(">= 2", "> 2").replace("a - b", "a + b"));
    writeFileSync(
      join(dir, "corpus.json"),
      JSON.stringify(trainCodeNgram({ sources: corpus, minCount: 1, keepFiles: 1 })),
    );
    const ngram = CodeNgram.load(join(dir, "corpus.json"));
    const current = new LearnedRanker(
      { format: "coe-ranker/1", features: ["logMass", "nat"], weights: [1, 0.5], ngram: "corpus.json" },
      ngram,
    );
    const before = runs();
    const r = await rankerRound({ records: RECORDS, verifier, dir, current });
    assert.ok(runs() > before, "groups of another n-gram are collected again");
    const groups = readFileSync(join(dir, "groups.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { ngram?: string; candidates: Array<{ x: Record<string, number> }> });
    const mine = groups.filter((g) => g.ngram === "corpus.json");
    assert.equal(mine.length, 4);
    assert.equal(groups.length, 4, "the plain ranker's stale groups left the cache");
    assert.ok(mine.every((g) => g.candidates.every((c) => typeof c.x.nat === "number")));
    const fitted = LearnedRanker.load(r.path!);
    assert.equal(fitted.file.ngram, "corpus.json");
    assert.equal(fitted.ngram?.name, "corpus.json", "loaded with its n-gram, found beside it");
  } finally {
    await verifier.dispose();
  }
});

test("a ranker round samples the real model the ranker is stamped for: its groups hold its samples", async () => {
  const { verifier } = countingVerifier();
  const modelPath = await makeTestModel({ dim: 64, layers: 2 });
  const llama = await LlamaPolicy.load({ modelPath, style: "coe" });
  // The real policy, counting the samples drawn from it.
  let samples = 0;
  const policy: Policy = {
    name: llama.name,
    style: llama.style,
    openSessions: async (n) =>
      (await llama.openSessions(n)).map((s) => ({
        stats: s.stats,
        next: (context, options) => (samples++, s.next(context, options)),
        dispose: () => s.dispose(),
      })),
    dispose: () => llama.dispose(),
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), "coe-ranker-round-samples-"));
    // A round without the model first: its sample-less groups are collected again with the samples.
    const stamped = new LearnedRanker({
      format: "coe-ranker/1",
      features: ["logMass", "sample", "voted"],
      weights: [1, 0.5, 0.5],
      samples: { model: basename(modelPath) },
    });
    await rankerRound({ records: RECORDS, verifier, dir, current: stamped });
    const r = await rankerRound({ records: RECORDS, verifier, dir, current: stamped, policy });
    const groups = parseRankGroups(readFileSync(join(dir, "groups.jsonl"), "utf8")).groups;
    assert.equal(groups.length, 4);
    assert.ok(
      groups.every((g) => g.samples === basename(modelPath)),
      "each group names the model of its samples",
    );
    assert.equal(samples, 4 * SEARCH_SAMPLES, "the search's samples per state, at each repair's initial state");
    assert.ok(
      groups.some((g) => g.candidates.some((c) => c.x.sample === 1 || c.x.voted === 1)),
      "the model's samples are among the verified candidates",
    );
    assert.equal(LearnedRanker.load(r.path!).file.samples?.model, basename(modelPath), "the stamp is kept");
  } finally {
    await policy.dispose();
    await verifier.dispose();
  }
});
