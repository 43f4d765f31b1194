/**
 * The sample stamp follows the model's lineage (docs/ranking.md, "In the editor"): when the model loaded
 * was trained by rounds from the model the ranker in use is stamped for (its parent, or further up),
 * the ranker round samples the loaded model and stamps the fit for it, inheriting the sample weights and
 * the skipped classes (fitRanker's samplesFrom); a model not derived from the stamped one (a user's own
 * GGUF) inherits nothing. The lineage comes from the round store and the log of the models "Train on My
 * Fixes" trains (core/rounds/modelLineage). Stand-in models and a fake verifier: no Python, no GGUF.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitRanker } from "../../server/src/core/rank/fitRanker.js";
import { LearnedRanker, type RankerFile } from "../../server/src/core/rank/LearnedRanker.js";
import type { RankGroup } from "../../server/src/core/rank/RankGroup.js";
import { rankerRound, roundSamples } from "../../server/src/core/rank/rankerRound.js";
import {
  madeFrom,
  modelLineage,
  readModelParents,
  recordModelParent,
  RoundStore,
  type ModelLineage,
} from "../../server/src/core/rounds/index.js";
import { SEARCH_SAMPLES } from "../../server/src/core/solve/RepairMode.js";
import { DEFAULT_SETTINGS } from "../../server/src/protocol.js";
import {
  editorRankerRound,
  roundPolicy,
  trainedModelsLog,
  type EditorRankerRoundOptions,
} from "../../server/src/lsp/editorRankerRound.js";
import { BUGS, cachedGroups, RECORDS, ranker, sampled, SamplingPolicy, suites } from "../helpers/roundFakes.js";
import { FakeVerifier } from "../helpers/searchFakes.js";

const TINY = "coe-tiny.gguf";
const CHILD = "coe-sft-1.gguf";
/** The inherited gate: classes the four stand-in repairs say too little about (fewer than MIN_GROUPS). */
const SKIP = ["NameError", "syntax"];
const child: ModelLineage = { model: CHILD, ancestors: [TINY] };

const dir = (name: string): string => mkdtempSync(join(tmpdir(), `coe-lineage-${name}-`));
const stampOf = (path: string | undefined): RankerFile["samples"] => LearnedRanker.load(path!).file.samples;

describe("the ranker round follows the model's lineage", () => {
  it("samples a child of the stamped model and stamps the fit for it, with the inherited skip list", async () => {
    const d = dir("child");
    const policy = new SamplingPolicy(CHILD);
    const current = ranker(TINY, SKIP);
    assert.deepEqual(roundSamples(current, policy, child), { model: CHILD, inheritsFrom: TINY });
    const r = await rankerRound({ records: RECORDS, verifier: suites(), dir: d, current, policy, lineage: child });
    assert.equal(policy.calls, 4 * SEARCH_SAMPLES, "the child's samples, as many per state as the search draws");
    const groups = cachedGroups(d);
    assert.equal(groups.length, 4);
    assert.ok(groups.every((g) => g.samples === CHILD && sampled(g).length > 0));
    assert.deepEqual(stampOf(r.path), { model: CHILD, skip: SKIP }, "the fit is the child's, the gate inherited");
    // On these repairs the fit is better on the held-back one: it becomes the ranker in use, the child's.
    assert.equal(r.promoted, true);
    assert.deepEqual(stampOf(join(d, "current.json")), { model: CHILD, skip: SKIP });
    assert.match(r.reason, /sample weights, from coe-tiny\.gguf's, are now coe-sft-1\.gguf's/);
  });

  it("leaves the ranker in use stamped for the parent when the fit is not promoted", async () => {
    // The held-back repair (r1) has no one-edit fix: nothing to judge by, so nothing is promoted.
    const tests = new Map(
      BUGS.map((b) => {
        const key = (b.r.tests as { snippets: string[] }).snippets.join("\n");
        return [key, b.r.id === "r1" ? [{ name: "t1", passes: () => false }] : b.tests] as const;
      }),
    );
    const d = dir("kept");
    const r = await rankerRound({
      records: RECORDS,
      verifier: new FakeVerifier(tests),
      dir: d,
      current: ranker(TINY, SKIP),
      policy: new SamplingPolicy(CHILD),
      lineage: child,
    });
    assert.equal(r.promoted, false);
    assert.match(
      r.reason,
      /no held-back repair .* the ranker in use stays stamped for coe-tiny\.gguf, so coe-sft-1\.gguf's samples are drawn at every state, without sample weights/,
    );
    assert.equal(existsSync(join(d, "current.json")), false, "the ranker in use is not re-stamped");
    assert.deepEqual(stampOf(r.path), { model: CHILD, skip: SKIP }, "only the unpromoted fit is the child's");
  });

  it("inherits nothing for a model not derived from the stamped one (a user's own GGUF)", async () => {
    for (const lineage of [
      { model: "mine.gguf", ancestors: [] },
      { model: "mine.gguf", ancestors: ["other.gguf"] },
      child, // the lineage of another model than the one loaded
      undefined,
    ]) {
      const d = dir("unrelated");
      const policy = new SamplingPolicy("mine.gguf");
      const current = ranker(TINY, SKIP);
      assert.equal(roundSamples(current, policy, lineage), undefined);
      const r = await rankerRound({
        records: RECORDS,
        verifier: suites(),
        dir: d,
        current,
        policy,
        ...(lineage ? { lineage } : {}),
      });
      assert.equal(policy.calls, 0, "the model is never asked");
      assert.ok(cachedGroups(d).every((g) => g.samples === undefined && sampled(g).length === 0));
      assert.deepEqual(stampOf(r.path), { model: TINY, skip: SKIP }, "the fit keeps the stamp of the ranker in use");
      assert.doesNotMatch(r.reason, /stamped for/);
    }
  });

  it("a grandchild (two rounds) inherits from the stamped grandparent, and from its stamped parent", async () => {
    const grandchild: ModelLineage = { model: "coe-sft-2.gguf", ancestors: [CHILD, TINY] };
    for (const stamp of [TINY, CHILD]) {
      const d = dir("grandchild");
      const policy = new SamplingPolicy("coe-sft-2.gguf");
      const current = ranker(stamp, SKIP);
      const r = await rankerRound({
        records: RECORDS,
        verifier: suites(),
        dir: d,
        current,
        policy,
        lineage: grandchild,
      });
      assert.equal(policy.calls, 4 * SEARCH_SAMPLES, `from ${stamp}: sampled`);
      assert.deepEqual(stampOf(r.path), { model: "coe-sft-2.gguf", skip: SKIP });
    }
    // The other way round: a ranker stamped for the child says nothing of its parent's samples.
    assert.equal(roundSamples(ranker(CHILD), new SamplingPolicy(TINY), { model: TINY, ancestors: [] }), undefined);
  });
});

/** A group of a state failing with `why` whose fix is a mutation (a decoy sample first), sampled by `model`. */
function group(id: string, why: string, model: string): RankGroup {
  const xs = [
    { "op:REPW": 1, logMass: -1, [`why:${why}|op:REPW`]: 1 },
    { "op:REPW": 1, logMass: -2, [`why:${why}|op:REPW`]: 1 },
    { sample: 1, logMass: -0.5, [`why:${why}|sample`]: 1 },
  ];
  return {
    id,
    rootPassed: 0,
    total: 1,
    samples: model,
    candidates: xs.map((x, i) => ({ command: `REPL ${i + 1} >>>x`, x, passed: i === 1 ? 1 : 0, kind: "ok" })),
  };
}

describe("fitRanker's samplesFrom: the stamp the sample weights are inherited from", () => {
  const init: RankerFile = {
    format: "coe-ranker/1",
    features: ["logMass", "sample"],
    weights: [1, 0.7],
    samples: { model: TINY, skip: ["syntax", "wrong"] },
  };
  const few = Array.from({ length: 3 }, (_, k) => group(`w${k}`, "wrong", CHILD));
  const fit = (o: Partial<Parameters<typeof fitRanker>[0]>) =>
    fitRanker({ groups: few, init, steps: 0, minCount: 1, samples: { model: CHILD }, ...o });

  it("hands init's skipped classes on to the child for classes its groups say too little about", () => {
    const inherited = fit({ samplesFrom: TINY });
    assert.deepEqual(inherited.file.samples, { model: CHILD, skip: ["syntax", "wrong"] });
    assert.equal(inherited.file.weights[inherited.file.features.indexOf("sample")], 0.7, "init's sample weight");
    // Enough groups of a class decide it afresh: the decoy sample comes first, so "wrong" stays skipped,
    // and a class the groups cover no longer needs the inherited decision.
    const many = Array.from({ length: 6 }, (_, k) => group(`m${k}`, "wrong", CHILD));
    const decided = fit({
      groups: many,
      samplesFrom: TINY,
      init: { ...init, samples: { model: TINY, skip: ["syntax"] } },
    });
    assert.deepEqual(decided.file.samples, { model: CHILD, skip: ["syntax", "wrong"] });
    assert.equal(decided.trainedOn.sampleGate?.find((r) => r.why === "wrong")?.groups, 6);
  });

  it("without it, another model's stamp inherits no skipped class (today's rule: only the same model)", () => {
    assert.deepEqual(fit({}).file.samples, { model: CHILD });
    assert.deepEqual(fit({ samples: { model: TINY } }).file.samples, { model: TINY, skip: ["syntax", "wrong"] });
  });

  it("refuses a samplesFrom that is not init's stamp, or without the model the weights go to", () => {
    assert.throws(() => fit({ samplesFrom: "other.gguf" }), /samplesFrom other\.gguf: .* stamped for coe-tiny\.gguf/);
    assert.throws(() => fit({ samplesFrom: TINY, samples: undefined }), /needs the model the weights go to/);
    const { samples: _samples, ...unstamped } = init;
    assert.throws(() => fit({ samplesFrom: TINY, init: unstamped }), /stamped for none/);
  });
});

/** A sft round in `store` trained from `base` (its artifact file name `artifact`). */
const sftRound = (store: RoundStore, base: string, artifact: string, kind: "sft" | "lora" = "sft") =>
  store.create({
    kind,
    parent: null,
    base,
    artifact,
    data: { file: "", bytes: 0, sha256: "", records: 0, heldOut: [], heldOutFraction: 0, seed: 0 },
    settings: {},
  }).record;

describe("the model's lineage: rounds and the models Train on My Fixes trains", () => {
  it("chains the round store's sft rounds and the trained models' log; a user's own GGUF has none", () => {
    const roundsDir = dir("rounds");
    const storage = dir("storage");
    const store = new RoundStore(roundsDir);
    const round = sftRound(store, `/pkg/models/${TINY}`, "coe-sft-round-1.gguf");
    sftRound(store, `/pkg/models/${TINY}`, "adapter.gguf", "lora"); // a LoRA model keeps its base's name
    const grandchild = join(storage, "models", "coe-sft-2.gguf");
    recordModelParent(trainedModelsLog(storage), { model: grandchild, parent: store.artifactPath(round), kind: "sft" });
    writeFileSync(trainedModelsLog(storage), '{"model": "torn', { flag: "a" });
    const parents = readModelParents({ roundsDir, logs: [trainedModelsLog(storage), join(storage, "missing.jsonl")] });
    assert.equal(
      parents.length,
      2,
      "the sft round and the trained model; the LoRA round and the torn line say nothing",
    );
    const lineage = modelLineage(grandchild, parents);
    assert.deepEqual(lineage, { model: "coe-sft-2.gguf", ancestors: ["coe-sft-round-1.gguf", TINY] });
    assert.ok(madeFrom(lineage, "coe-sft-2.gguf", TINY) && madeFrom(lineage, "coe-sft-2.gguf", "coe-sft-round-1.gguf"));
    assert.equal(madeFrom(lineage, "mine.gguf", TINY), false, "the lineage of another model");
    assert.deepEqual(modelLineage("/home/me/mine.gguf", parents), { model: "mine.gguf", ancestors: [] });
    // A cycle in the records stops the walk.
    const loop = modelLineage("/a.gguf", [
      { model: "/a.gguf", parent: "/b.gguf" },
      { model: "/b.gguf", parent: "/a.gguf" },
    ]);
    assert.deepEqual(loop.ancestors, ["b.gguf"]);
  });

  it("the editor's ranker round: a grandchild of the stamped model through both records is sampled and stamped", async () => {
    const env = { COE_ROUNDS_DIR: dir("rounds") };
    const storage = dir("storage");
    const store = new RoundStore(env.COE_ROUNDS_DIR);
    const round = sftRound(store, `/pkg/models/${TINY}`, "coe-sft-round-1.gguf");
    const loaded = join(storage, "models", "coe-sft-2.gguf");
    recordModelParent(trainedModelsLog(storage), { model: loaded, parent: store.artifactPath(round), kind: "sft" });
    mkdirSync(join(storage, "ranker"), { recursive: true });
    writeFileSync(join(storage, "ranker", "current.json"), JSON.stringify(ranker(TINY, SKIP).file));
    const run = async (model: string) => {
      const policy = new SamplingPolicy(model.replace(/^.*\//, ""));
      const asked = { n: 0 };
      const engine: EditorRankerRoundOptions["engine"] = {
        storageDir: storage,
        modelPath: () => model,
        acquirePolicy: async () => (asked.n++, { policy, release: () => {} }),
        verifierInstance: () => suites(),
        settings: DEFAULT_SETTINGS,
        dataset: () => ({ read: async () => ({ records: RECORDS, warnings: [] }), dispose: async () => {} }),
      };
      const r = await editorRankerRound({ engine, env, signal: new AbortController().signal });
      return { r: r!, asked: asked.n, calls: policy.calls };
    };
    const grandchild = await run(loaded);
    assert.deepEqual([grandchild.asked, grandchild.calls], [1, 4 * SEARCH_SAMPLES]);
    assert.deepEqual(stampOf(grandchild.r.path), { model: "coe-sft-2.gguf", skip: SKIP });
    // A promoted fit replaced the ranker in use: back to the one stamped for coe-tiny.
    writeFileSync(join(storage, "ranker", "current.json"), JSON.stringify(ranker(TINY, SKIP).file));
    const own = await run("/home/me/mine.gguf");
    assert.deepEqual([own.asked, own.calls], [0, 0], "a user's own GGUF: not lent, not sampled");
    assert.deepEqual(stampOf(own.r.path), { model: TINY, skip: SKIP });
  });

  it("roundPolicy lends a child of the stamped model, not a model of another lineage", async () => {
    const lease = { policy: new SamplingPolicy(CHILD), release: () => {} };
    const engine = (path: string) => ({ modelPath: () => path, acquirePolicy: async () => lease });
    const signal = new AbortController().signal;
    assert.equal(await roundPolicy({ engine: engine(`/s/${CHILD}`), stamp: TINY, lineage: child, signal }), lease);
    assert.equal(await roundPolicy({ engine: engine(`/s/${CHILD}`), stamp: TINY, signal }), undefined);
    const mine = { model: "mine.gguf", ancestors: ["other.gguf"] };
    assert.equal(await roundPolicy({ engine: engine("/s/mine.gguf"), stamp: TINY, lineage: mine, signal }), undefined);
    assert.equal(await roundPolicy({ engine: engine("/s/mine.gguf"), stamp: TINY, lineage: child, signal }), undefined);
  });
});
