/**
 * The learned ranker (core/rank): features of candidate edits, the listwise fit, the ranker file, the
 * offline report, and the ranked search following a learned ranker (fake verifier, scripted scorer).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommand, splitLines } from "../../server/src/core/dsl/index.js";
import { mixProposals } from "../../server/src/core/search/mixProposals.js";
import { MutationProposer } from "../../server/src/core/search/MutationProposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import type { Proposal, Proposer, SearchState } from "../../server/src/core/search/Proposer.js";
import { failureClass, rankFeatures, operatorFamily } from "../../server/src/core/rank/rankFeatures.js";
import { fitRanker, groupTargets } from "../../server/src/core/rank/fitRanker.js";
import { LearnedRanker, RankerFileError, spreadLm, topIndices } from "../../server/src/core/rank/LearnedRanker.js";
import { parseRankGroups, type RankGroup } from "../../server/src/core/rank/RankGroup.js";
import { rankReport } from "../../server/src/core/rank/rankReport.js";
import { injectBugs, NOT_INJECTED } from "../../server/src/core/rank/injectBugs.js";
import type { MbppTask } from "../../server/src/core/synth/loadMbpp.js";
import type { Verdict } from "../../server/src/core/types.js";
import { FakeVerifier, type FakeTest } from "../helpers/searchFakes.js";

const MAXIMUM =
  "def largest(xs):\n    best = xs[0]\n    for x in xs:\n        if x < best:\n            best = x\n    return best\n";
const failingAt = (line: number): Verdict => ({
  kind: "ok",
  passed: 0,
  total: 1,
  tests: [{ name: "assert largest([1, 3]) == 3", status: "fail", line }],
  ms: 1,
});

describe("rankFeatures", () => {
  it("describes each candidate by fault localisation, operator family, size and generalisation", async () => {
    const lines = splitLines(MAXIMUM);
    const state = { lines, verdict: failingAt(4), depth: 0 } as unknown as SearchState;
    const proposer = new MutationProposer();
    const batch = await proposer.propose(state, { limit: 300 });
    const { mixed } = mixProposals(lines, [{ proposer, batch }], 0.15);
    const guard: Proposal = {
      command: parseCommand("REPL 6 >>>    if xs == [1, 3]: return 3"),
      score: -0.5,
      source: "model",
    };
    mixed.push({ proposal: guard, code: "x", mass: 0.01 });
    const f = rankFeatures(state, mixed, new Set(["3"]));
    const fix = mixed.findIndex((m) => m.code.includes("if x > best"));
    assert.ok(fix >= 0, "the compare swap is proposed");
    assert.equal(f[fix]!.traceback, 1, "on the failing test's traceback line");
    assert.equal(f[fix]!["fam:compare"], 1);
    assert.equal(f[fix]!["op:REPW"], 1);
    assert.ok(f[fix]!.logPrior! < 0 && f[fix]!.logMass! < 0);
    const off = mixed.findIndex((m) => (m.proposal.command as { line?: number }).line === 2);
    assert.equal(f[off]!.traceback, 0);
    assert.ok(f[off]!.lineLevel! > 0, "a less suspicious line sits on a lower level");
    const g = f[f.length - 1]!;
    assert.equal(g.sample, 1, "model samples are marked, without an operator family");
    assert.equal(g.sampleLp, -0.05, "with the model's confidence (log-probability / 10)");
    assert.equal(g["why:wrong|sample"], 1, "and why the state fails");
    assert.equal(g.logPrior, undefined);
    assert.equal(g.general, 2, "a constant guard bringing a test literal");
    assert.equal(f[fix]!["why:wrong|fam:compare"], 1, "crossed with why the state fails");
    const v = (message: string | undefined, got?: string): Verdict => ({
      ...failingAt(4),
      tests: [{ name: "t", status: "fail", line: 4, ...(message ? { message } : {}), ...(got ? { got } : {}) }],
    });
    assert.equal(failureClass(v("NameError: name 'y' is not defined")), "NameError");
    assert.equal(failureClass(v("AssertionError", "None")), "none");
    assert.equal(failureClass(v("AssertionError", "4")), "wrong");
    assert.equal(failureClass({ ...v(undefined), kind: "timeout" }), "timeout");
    assert.equal(operatorFamily("compare < -> <="), "compare");
    assert.equal(operatorFamily(undefined), "unnamed");
  });
});

describe("the model's vote", () => {
  it("a mutation the model sampled too is marked voted, with the sample's log-probability", async () => {
    const lines = splitLines(MAXIMUM);
    const state = { lines, verdict: failingAt(4), depth: 0 } as unknown as SearchState;
    const mutations = new MutationProposer();
    const batch = await mutations.propose(state, { limit: 300 });
    const model: Proposer = { source: "model", name: "model:tiny", propose: () => Promise.resolve([]) };
    const samples: Proposal[] = [
      { command: parseCommand("REPW 4 >>>< >>>>"), score: -2, source: "model" },
      { command: parseCommand("REPW 4 >>>x < best >>>x > best"), score: -1, source: "model" }, // same code
      { command: parseCommand("REPL 6 >>>    return max(xs)"), score: -4, source: "model" },
    ];
    const { mixed } = mixProposals(
      lines,
      [
        { proposer: mutations, batch },
        { proposer: model, batch: samples },
      ],
      0.15,
    );
    const f = rankFeatures(state, mixed, new Set());
    const fix = mixed.findIndex((m) => m.code.includes("if x > best"));
    assert.equal(mixed[fix]!.proposal.source, "mutate", "the mutation keeps its place and features");
    assert.equal(mixed[fix]!.modelVote, -1, "the best of the model's two samples of it");
    assert.equal(f[fix]!.voted, 1);
    assert.equal(f[fix]!.votedLp, -0.1);
    assert.equal(f[fix]!["voted|op:REPW"], 1);
    assert.equal(f[fix]!["fam:compare"], 1);
    const own = mixed.findIndex((m) => m.code.includes("return max(xs)"));
    assert.equal(f[own]!.sample, 1, "a sample no mutation gives is the model's own candidate");
    assert.equal(f[own]!.voted, undefined);
    assert.ok(f.filter((x) => x.voted === 1).length === 1, "no other mutation got a vote");
  });
});

/** A group: candidates with features, one of them (index `fix`) the fix. */
function group(id: string, xs: Array<Record<string, number>>, fix: number, lm?: number[]): RankGroup {
  return {
    id,
    rootPassed: 0,
    total: 2,
    candidates: xs.map((x, i) => ({
      command: `REPL ${i + 1} >>>x`,
      x,
      ...(lm ? { lm: lm[i]! } : {}),
      passed: i === fix ? 2 : 0,
      kind: "ok",
      ...(i === fix ? { hidden: true } : {}),
    })),
  };
}

/** 40 groups where the prior prefers a decoy and the fix is the one of family "good". */
function decoyGroups(lm = false): RankGroup[] {
  return Array.from({ length: 40 }, (_, k) => {
    const xs: Array<Record<string, number>> = [
      { logMass: -1, "fam:bad": 1 },
      { logMass: -1.5, "fam:bad": 1 },
      { logMass: -2 - 0.1 * (k % 3), "fam:good": 1 },
      { logMass: -2.5, "fam:bad": 1 },
    ];
    return group(`g${k}`, xs, 2, lm ? [-9, -9, k % 4 === 0 ? -9 : -1, -9] : undefined);
  });
}

describe("fitRanker", () => {
  it("learns what the fixes look like: the listwise loss falls and the fix moves to the top", () => {
    const groups = decoyGroups();
    const losses: number[] = [];
    const zero = fitRanker({ groups, steps: 1, lr: 0, minCount: 1 });
    const fitted = fitRanker({ groups, steps: 200, minCount: 1, onProgress: (_, l) => losses.push(l) });
    assert.ok(fitted.trainedOn.loss < zero.trainedOn.loss / 4, `${fitted.trainedOn.loss} vs ${zero.trainedOn.loss}`);
    assert.ok(losses[losses.length - 1]! < losses[0]!);
    const before = rankReport(groups, [{ name: "zero", ranker: new LearnedRanker(zero.file) }]);
    const after = rankReport(groups, [{ name: "fitted", ranker: new LearnedRanker(fitted.file) }]);
    assert.equal(before[0]!.name, "mutate (prior mass)");
    assert.equal(before[2]!.meanRuns, before[0]!.meanRuns, "zero steps reproduce the mutation order");
    assert.equal(before[0]!.meanRuns, 4, "the fix third by prior: the initial run and three candidates");
    assert.equal(after[2]!.meanRuns, 2, "the fitted ranker tries the fix first");
    const w = (name: string): number => fitted.file.weights[fitted.file.features.indexOf(name)]!;
    assert.ok(w("fam:good") > w("fam:bad"));
  });

  it("fits the model term's weight (never below 0) when the model's log-likelihood tells the fix apart", () => {
    const groups = decoyGroups(true).map((g) => ({
      ...g,
      candidates: g.candidates.map((c) => ({ ...c, x: { logMass: c.x.logMass! } })),
    }));
    const withLm = fitRanker({ groups, steps: 200, minCount: 1, lm: { model: "m.gguf", topK: 4 } });
    assert.ok(withLm.file.lm!.weight > 0.5, `lm weight ${withLm.file.lm!.weight}`);
    const r = new LearnedRanker(withLm.file);
    assert.equal(r.lmWeight("m.gguf"), withLm.file.lm!.weight);
    assert.equal(r.lmWeight("other.gguf"), 0, "the model term belongs to the model it was fitted with");
    const report = rankReport(groups, [{ name: "lm", ranker: r }]);
    const learned = report.find((x) => x.name === "lm")!;
    const mutate = report[0]!;
    assert.ok(learned.meanRuns < mutate.meanRuns, `${learned.meanRuns} vs ${mutate.meanRuns}`);
  });

  it("a round from an earlier ranker (--init) starts at its weights and is pulled back towards them", () => {
    const groups = decoyGroups();
    const init = { format: "coe-ranker/1" as const, features: ["logMass", "size"], weights: [1, -0.5] };
    const zero = fitRanker({ groups, steps: 1, lr: 0, minCount: 1, init });
    const w = (f: typeof zero.file, name: string): number => f.weights[f.features.indexOf(name)]!;
    assert.equal(w(zero.file, "size"), -0.5, "the earlier ranker's features are kept, with its weights");
    assert.equal(w(zero.file, "logMass"), 1);
    const loose = fitRanker({ groups, steps: 200, minCount: 1, init, l2: 0 });
    const tight = fitRanker({ groups, steps: 200, minCount: 1, init, l2: 50 });
    assert.ok(w(loose.file, "fam:good") > 1, "free to learn the new data");
    assert.ok(Math.abs(w(tight.file, "fam:good")) < 0.2, "held near the earlier ranker by a strong L2");
  });

  it("an over-fitted fix is a negative; without a fix, the best partial credit is the target", () => {
    const g = group("o", [{ a: 1 }, { a: 2 }, { a: 3 }], 1);
    g.candidates[1]!.hidden = false;
    g.candidates[2]!.passed = 1;
    const t = groupTargets(g)!;
    assert.deepEqual([...t.pos], [2]);
    assert.equal(t.weight, 0.3);
    g.candidates[2]!.passed = 0;
    assert.equal(groupTargets(g), undefined, "nothing to learn");
  });
});

describe("LearnedRanker", () => {
  it("scores a state's candidates as a log-distribution (all ≤ 0, summing to 1)", () => {
    const r = new LearnedRanker({ format: "coe-ranker/1", features: ["a", "b"], weights: [1, -2] });
    const s = r.scores([{ a: 1 }, { b: 1 }, { a: 2, c: 5 }]);
    assert.ok(s.every((x) => x <= 0));
    assert.ok(Math.abs(s.reduce((t, x) => t + Math.exp(x), 0) - 1) < 1e-9);
    assert.ok(s[2]! > s[0]! && s[0]! > s[1]!);
    assert.deepEqual(topIndices([0.1, 3, 3, -1], 2), [1, 2]);
    const lm = spreadLm(4, [1, 2], [-1, -1]);
    assert.deepEqual(
      lm.map((x) => Number(x.toFixed(4))),
      [-0.6931, -0.6931, -0.6931, -0.6931],
    );
  });

  it("sample features are fitted for one model: another model's samples are ranked without them", () => {
    // The fix is always the model's sample; the prior prefers a mutation decoy.
    const groups = Array.from({ length: 30 }, (_, k) =>
      group(
        `s${k}`,
        [
          { logMass: -1, "fam:bad": 1 },
          { logMass: -2 - 0.1 * (k % 3), sample: 1 },
        ],
        1,
      ),
    );
    const { file } = fitRanker({ groups, steps: 200, minCount: 5, samples: { model: "tiny.gguf" } });
    assert.deepEqual(file.samples, { model: "tiny.gguf" });
    const r = new LearnedRanker(file);
    const xs: Array<Record<string, number>> = [
      { logMass: -1, "fam:bad": 1 },
      { logMass: -2, sample: 1 },
    ];
    const own = r.scores(xs, "tiny.gguf");
    assert.ok(own[1]! > own[0]!, "its own model's sample first");
    const other = r.scores(xs, "big.gguf");
    assert.deepEqual(other, r.scores([xs[0]!, { logMass: -2 }], "big.gguf"), "another model's: no sample weights");
    assert.ok(own[1]! - own[0]! > other[1]! - other[0]! + 1, "which the fit had raised");
    assert.deepEqual(r.scores(xs), own, "offline (no model named): as fitted");
    const round = fitRanker({ groups: decoyGroups(), steps: 5, minCount: 5, init: file }).file;
    assert.deepEqual(round.samples, { model: "tiny.gguf" }, "a round from it keeps the samples' model");
  });

  it("a missing, torn or foreign ranker file is a clear error", () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-ranker-"));
    assert.throws(() => LearnedRanker.load(join(dir, "nope.json")), RankerFileError);
    writeFileSync(join(dir, "torn.json"), '{"format":"coe-ranker/1","features":["a"],"wei');
    assert.throws(() => LearnedRanker.load(join(dir, "torn.json")), /cannot read ranker/);
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({ format: "coe-ranker/1", features: ["a", "b"], weights: [1] }),
    );
    assert.throws(() => LearnedRanker.load(join(dir, "bad.json")), /is not a coe ranker/);
    writeFileSync(
      join(dir, "neg.json"),
      JSON.stringify({ format: "coe-ranker/1", features: [], weights: [], lm: { weight: -1, topK: 4, model: "m" } }),
    );
    assert.throws(() => LearnedRanker.load(join(dir, "neg.json")), /is not a coe ranker/);
  });

  it("choose: none = the hand-set score, a path = that file, unset = the bundled file when there is one", () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-ranker-choose-"));
    const bundled = join(dir, "ranker.json");
    assert.equal(LearnedRanker.choose(undefined, bundled), undefined, "no bundled ranker: the hand-set score");
    writeFileSync(bundled, JSON.stringify({ format: "coe-ranker/1", features: ["size"], weights: [-1] }));
    assert.deepEqual(LearnedRanker.choose(undefined, bundled)?.file.features, ["size"]);
    assert.equal(LearnedRanker.choose("none", bundled), undefined);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ format: "coe-ranker/1", features: ["crowd"], weights: [-1] }));
    assert.deepEqual(LearnedRanker.choose(other, bundled)?.file.features, ["crowd"]);
    assert.throws(() => LearnedRanker.choose(join(dir, "missing.json"), bundled), RankerFileError);
  });

  it("a torn line of collected groups is skipped and counted", () => {
    const g = JSON.stringify(group("a", [{ a: 1 }, { a: 2 }], 0));
    const { groups, skipped } = parseRankGroups(`${g}\n${g.slice(0, 30)}\n`);
    assert.equal(groups.length, 1);
    assert.equal(skipped, 1);
  });
});

/** Mutations in a fixed order with labels (families), whatever the state. */
class LabelledProposer implements Proposer {
  readonly name = "labelled";
  readonly source = "mutate" as const;
  constructor(private readonly edits: Array<[string, string]>) {}
  async propose(): Promise<Proposal[]> {
    return this.edits.map(([t, label], i) => ({
      command: parseCommand(t),
      score: 1 / (i + 1),
      source: "mutate" as const,
      label,
      prior: 1,
    }));
  }
}

describe("ranked search with a learned ranker", () => {
  it("verifies candidates in the learned order, with the exact budget", async () => {
    const code = "def area(w, h):\n    return w + h\n";
    const suite: FakeTest[] = [{ name: "area", passes: (c) => c.includes("w * h") }];
    const edits: Array<[string, string]> = [
      ["REPW 2 >>>+ >>>-", "arith"],
      ["REPW 2 >>>w >>>h", "rename"],
      ["REPL 2 >>>    return w * h", "wanted"],
    ];
    const run = async (ranker?: LearnedRanker, budget = 10) => {
      const verifier = new FakeVerifier(suite);
      const r = await searchRepair({
        code,
        tests: { kind: "snippets", snippets: ["assert area(2, 3) == 6"] },
        verifier,
        proposers: [new LabelledProposer(edits)],
        ranked: true,
        ...(ranker ? { ranker } : {}),
        budget: { verifications: budget },
      });
      return { solved: r.stats.solved, runs: verifier.verified.length };
    };
    const plain = await run();
    assert.equal(plain.runs, 4, "by prior the fix is the third candidate");
    const ranker = new LearnedRanker({ format: "coe-ranker/1", features: ["logMass", "fam:wanted"], weights: [1, 5] });
    const learned = await run(ranker);
    assert.deepEqual(learned, { solved: true, runs: 2 });
    const short = await run(new LearnedRanker({ format: "coe-ranker/1", features: ["fam:wanted"], weights: [-5] }), 3);
    assert.deepEqual(short, { solved: false, runs: 3 }, "ranked last, the fix is out of a budget of 3");
  });
});

describe("injectBugs", () => {
  const program = (task_id: number): MbppTask => ({
    task_id,
    text: "Return the largest element.",
    code: "def largest(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best",
    test_list: ["assert largest([1, 3, 2]) == 3", "assert largest([5]) == 5"],
    test_setup_code: "",
    challenge_test_list: [],
  });

  it("injects one bug per drawn operator family into a train program, the same for the same seed", () => {
    const a = injectBugs({ tasks: [program(700), program(701)], perProgram: 3, seed: 4, draw: "uniform" });
    const b = injectBugs({ tasks: [program(700), program(701)], perProgram: 3, seed: 4, draw: "uniform" });
    assert.deepEqual(a, b, "deterministic");
    assert.equal(a.filter((t) => t.id.startsWith("mbpp-inject-700-")).length, 3);
    const families = a.filter((t) => t.id.startsWith("mbpp-inject-700-")).map((t) => t.kinds[0]);
    assert.equal(new Set(families).size, 3, "distinct families per program");
    for (const t of a) {
      assert.notEqual(t.code, program(700).code + "\n", "the code changed");
      assert.deepEqual(t.tests, program(700).test_list);
    }
    assert.notDeepEqual(injectBugs({ tasks: [program(700)], perProgram: 3, seed: 5, draw: "uniform" }), a.slice(0, 3));
    const byPrior = injectBugs({ tasks: [program(700), program(701), program(702)], perProgram: 5, seed: 1 });
    assert.ok(byPrior.length >= 10);
    assert.ok(
      byPrior.every((t) => !NOT_INJECTED.has(t.kinds[0]!)),
      "no statement-adding family is injected",
    );
  });

  it("refuses MBPP's test split", () => {
    assert.throws(() => injectBugs({ tasks: [program(42)] }), /test split/);
  });
});
