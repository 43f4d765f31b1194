/**
 * The sample gate (core/rank/sampleGate.ts): per failure class, whether a model's samples brought the
 * first fix sooner in the fitted ranker's order; the ranker file keeps the classes to skip, and the
 * ranked search then draws no sample at a state failing that way.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommand } from "../../server/src/core/dsl/index.js";
import { fitRanker } from "../../server/src/core/rank/fitRanker.js";
import { LearnedRanker, type RankerFile } from "../../server/src/core/rank/LearnedRanker.js";
import type { RankGroup } from "../../server/src/core/rank/RankGroup.js";
import { formatSampleGate, groupFailureClass, sampleGate } from "../../server/src/core/rank/sampleGate.js";
import type { Proposal, Proposer, SearchState } from "../../server/src/core/search/Proposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import { FakeVerifier } from "../helpers/searchFakes.js";

/** A group of a state failing with `why`: a decoy mutation, the fix (a mutation or a sample), a decoy sample. */
function group(id: string, why: string, fixIsSample: boolean): RankGroup {
  const mutation = (extra: Record<string, number>) => ({ "op:REPW": 1, [`why:${why}|op:REPW`]: 1, ...extra });
  const sample = (extra: Record<string, number>) => ({ sample: 1, [`why:${why}|sample`]: 1, ...extra });
  const xs = [
    mutation({ logMass: -1 }),
    fixIsSample ? sample({ logMass: -2 }) : mutation({ logMass: -2 }),
    sample({ logMass: -0.5 }),
  ];
  return {
    id,
    rootPassed: 0,
    total: 1,
    samples: "tiny.gguf",
    candidates: xs.map((x, i) => ({
      command: `REPL ${i + 1} >>>x`,
      x,
      passed: i === 1 ? 1 : 0,
      kind: "ok",
      ...(i === 1 ? { hidden: true } : {}),
    })),
  };
}

const file = (weights: Record<string, number>): RankerFile => ({
  format: "coe-ranker/1",
  features: Object.keys(weights),
  weights: Object.values(weights),
  samples: { model: "tiny.gguf" },
});

describe("sampleGate", () => {
  // Weights under which a sample ranks by its mass: the decoy sample (mass -0.5) comes first.
  const ranker = file({ logMass: 1, sample: 0 });

  it("skips a class where the samples never brought the fix sooner, and draws where they did", () => {
    const groups = [
      ...Array.from({ length: 6 }, (_, k) => group(`w${k}`, "wrong", false)),
      ...Array.from({ length: 6 }, (_, k) => group(`s${k}`, "syntax", true)),
    ];
    assert.equal(groupFailureClass(groups[0]!), "wrong");
    const { skip, rows } = sampleGate({ groups, file: ranker });
    assert.deepEqual(skip, ["wrong"]);
    const wrong = rows.find((r) => r.why === "wrong")!;
    // With samples: the decoy sample, then the decoy mutation, then the fix (3 runs); without: 2.
    assert.deepEqual([wrong.withSamples, wrong.withoutSamples, wrong.sooner, wrong.later], [3, 2, 0, 6]);
    const syntax = rows.find((r) => r.why === "syntax")!;
    assert.equal(syntax.skip, false);
    assert.deepEqual([syntax.withSamples, syntax.withoutSamples], [3, 101], "only a sample fixes it");
    assert.match(formatSampleGate(rows), /\| wrong \| 6 \| 3\.0 \\\| 2\.0 \| 0 \\\| 6 \| no \|/);
  });

  it("needs five groups of a class to skip it; a repeated group counts once; an earlier decision stands", () => {
    const few = Array.from({ length: 4 }, (_, k) => group(`w${k}`, "wrong", false));
    assert.deepEqual(sampleGate({ groups: [...few, ...few, ...few], file: ranker }).skip, []);
    assert.equal(sampleGate({ groups: [...few, ...few], file: ranker }).rows[0]!.groups, 4);
    assert.deepEqual(sampleGate({ groups: few, file: ranker, previous: ["wrong", "NameError"] }).skip, [
      "NameError",
      "wrong",
    ]);
    // Enough groups overrule an earlier decision.
    const syntax = Array.from({ length: 5 }, (_, k) => group(`s${k}`, "syntax", true));
    assert.deepEqual(sampleGate({ groups: syntax, file: ranker, previous: ["syntax"] }).skip, []);
    // Groups without samples say nothing.
    const unsampled = few.map((g) => ({
      ...g,
      samples: undefined,
      candidates: g.candidates.filter((c) => !c.x.sample),
    }));
    assert.deepEqual(sampleGate({ groups: unsampled, file: ranker }).rows, []);
  });

  it("the fit stamps the classes to skip; a round without samples keeps them; the file is checked", () => {
    const groups = [
      ...Array.from({ length: 8 }, (_, k) => group(`w${k}`, "wrong", false)),
      ...Array.from({ length: 8 }, (_, k) => group(`s${k}`, "syntax", true)),
    ];
    const fitted = fitRanker({ groups, steps: 50, minCount: 1, samples: { model: "tiny.gguf" } });
    assert.deepEqual(fitted.file.samples, { model: "tiny.gguf", skip: ["wrong"] });
    assert.equal(fitted.trainedOn.sampleGate?.length, 2);
    const r = new LearnedRanker(fitted.file);
    assert.equal(r.drawsSamples("wrong", "tiny.gguf"), false);
    assert.equal(r.drawsSamples("syntax", "tiny.gguf"), true);
    assert.equal(r.drawsSamples("wrong", "big.gguf"), true, "another model's samples are not judged");
    const plain = groups.map((g) => ({
      ...g,
      samples: undefined,
      candidates: g.candidates.filter((c) => !c.x.sample),
    }));
    const round = fitRanker({ groups: plain, steps: 5, minCount: 1, init: fitted.file });
    assert.deepEqual(round.file.samples, { model: "tiny.gguf", skip: ["wrong"] });
    const dir = mkdtempSync(join(tmpdir(), "coe-gate-"));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...fitted.file, samples: { model: "m", skip: "wrong" } }));
    assert.throws(() => LearnedRanker.load(join(dir, "bad.json")), /is not a coe ranker/);
  });
});

/** A model proposer stand-in that counts the states it was asked about. */
class CountingSampler implements Proposer {
  readonly name = "model:tiny.gguf";
  readonly source = "model" as const;
  readonly asked: SearchState[] = [];
  async propose(state: SearchState): Promise<Proposal[]> {
    this.asked.push(state);
    return [{ command: parseCommand("REPW 2 >>>+ >>>*"), score: -1, source: "model", label: "sample" }];
  }
}

class OneMutation implements Proposer {
  readonly name = "mutate";
  readonly source = "mutate" as const;
  async propose(): Promise<Proposal[]> {
    return [{ command: parseCommand("REPW 2 >>>w >>>h"), score: 1, source: "mutate", label: "rename", prior: 1 }];
  }
}

describe("the ranked search with the sample gate", () => {
  const skipWrong = new LearnedRanker({ ...file({ logMass: 1 }), samples: { model: "tiny.gguf", skip: ["wrong"] } });
  const run = async (options: { code: string; model: string; gate?: boolean; syntax?: boolean }) => {
    const sampler = new CountingSampler();
    const verifier = new FakeVerifier(
      [{ name: "area", passes: (c) => c.includes("w * h") }],
      1,
      0,
      options.syntax ? (c) => c.includes("return w +") : undefined,
    );
    const r = await searchRepair({
      code: options.code,
      tests: { kind: "snippets", snippets: ["assert area(2, 3) == 6"] },
      verifier,
      proposers: [new OneMutation(), sampler],
      ranked: true,
      ranker: skipWrong,
      modelName: options.model,
      ...(options.gate === false ? { sampleGate: false } : {}),
      budget: { verifications: 10 },
    });
    return { asked: sampler.asked.length, skips: r.stats.ranking!.sampleSkips, solved: r.stats.solved };
  };
  const code = "def area(w, h):\n    return w + h\n";

  it("draws no sample at a state failing on a wrong value (so a fix only a sample makes is missed)", async () => {
    const gated = await run({ code, model: "tiny.gguf" });
    assert.equal(gated.asked, 0, "the model was never asked");
    assert.ok(gated.skips >= 1);
    assert.equal(gated.solved, false, "the fix was the sample's");
    assert.deepEqual(await run({ code, model: "tiny.gguf", gate: false }), { asked: 1, skips: 0, solved: true });
    assert.equal((await run({ code, model: "big.gguf" })).asked, 1, "another model: drawn");
  });

  it("draws at a state of a class the ranker did not skip", async () => {
    const r = await run({ code, model: "tiny.gguf", syntax: true });
    assert.equal(r.asked, 1, "a syntax error: the samples are drawn");
    assert.deepEqual([r.skips, r.solved], [0, true]);
  });
});
