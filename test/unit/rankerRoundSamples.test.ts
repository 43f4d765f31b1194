/**
 * The ranker round of "Train on My Fixes" (core/rank/rankerRound) with the model's samples: when the
 * ranker in use is stamped for the model loaded, each repair's group holds that model's samples (as
 * many per state as the search draws), and the fitted ranker keeps the stamp; with another model, a
 * ranker without a stamp, or no model, none. Cached groups of other samples are collected again, and
 * cancellation stops the sampling. The editor lends the round its policy only for the stamped model
 * (roundPolicy), or for a model trained from it (test/unit/sampleLineage.test.ts). A stand-in model and
 * a fake verifier (test/helpers/roundFakes.ts): no Python, no GGUF.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LearnedRanker } from "../../server/src/core/rank/LearnedRanker.js";
import { rankerRound, roundSamples } from "../../server/src/core/rank/rankerRound.js";
import { SEARCH_SAMPLES, searchSamples } from "../../server/src/core/solve/RepairMode.js";
import { roundPolicy, type RoundPolicyOptions } from "../../server/src/lsp/editorRankerRound.js";
import { cachedGroups, RECORDS, ranker, SAMPLE, sampled, SamplingPolicy, suites } from "../helpers/roundFakes.js";

describe("rankerRound with the model's samples", () => {
  it("samples with the model the ranker is stamped for, as many per state as the search, and keeps the stamp", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-samples-"));
    const policy = new SamplingPolicy("coe-tiny.gguf");
    const verifier = suites();
    const r = await rankerRound({ records: RECORDS, verifier, dir, current: ranker("coe-tiny.gguf"), policy });
    const groups = cachedGroups(dir);
    assert.equal(groups.length, 4, "one group per repair");
    for (const g of groups) {
      assert.equal(g.samples, "coe-tiny.gguf", `${g.id} records whose samples it holds`);
      const s = g.candidates.find((c) => c.command === SAMPLE);
      assert.ok(s, `${g.id}: the model's sample is a candidate`);
      assert.equal(s.x.sample, 1);
      assert.equal(s.x.sampleLp, -0.2);
    }
    assert.equal(policy.calls, 4 * SEARCH_SAMPLES, "the search's samples per state, one state per repair");
    assert.equal(SEARCH_SAMPLES, searchSamples(1), "the default is what a one-rollout search draws");
    const fitted = LearnedRanker.load(r.path!);
    assert.equal(fitted.file.samples?.model, "coe-tiny.gguf", "the round keeps the samples stamp");
  });

  it("draws the number of samples it is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-samples-"));
    const policy = new SamplingPolicy("coe-tiny.gguf");
    await rankerRound({
      records: RECORDS,
      verifier: suites(),
      dir,
      current: ranker("coe-tiny.gguf"),
      policy,
      samples: 6,
    });
    assert.equal(policy.calls, 4 * 6);
  });

  it("collects without samples for another model, a ranker without a stamp, or no model", async () => {
    for (const [current, policy] of [
      [ranker("coe-tiny.gguf"), new SamplingPolicy("other.gguf")],
      [ranker(), new SamplingPolicy("coe-tiny.gguf")],
      [ranker("coe-tiny.gguf"), undefined],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), "coe-round-nosamples-"));
      assert.equal(roundSamples(current, policy), undefined);
      await rankerRound({ records: RECORDS, verifier: suites(), dir, current, ...(policy ? { policy } : {}) });
      const groups = cachedGroups(dir);
      assert.equal(groups.length, 4);
      for (const g of groups) {
        assert.equal(g.samples, undefined);
        assert.deepEqual(sampled(g), [], `${g.id}: no sample among the candidates`);
      }
      assert.equal(policy?.calls ?? 0, 0, "the model is never asked");
    }
  });

  it("collects cached groups again when they hold another model's samples, or none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-stale-"));
    const verifier = suites();
    const current = ranker("coe-tiny.gguf");
    await rankerRound({ records: RECORDS, verifier, dir, current });
    const plain = verifier.verified.length;
    assert.ok(cachedGroups(dir).every((g) => g.samples === undefined && sampled(g).length === 0));

    const tiny = new SamplingPolicy("coe-tiny.gguf");
    await rankerRound({ records: RECORDS, verifier, dir, current, policy: tiny });
    assert.ok(verifier.verified.length > plain, "the sample-less groups are verified again");
    assert.equal(tiny.calls, 4 * SEARCH_SAMPLES);
    let groups = cachedGroups(dir);
    assert.equal(groups.length, 4, "the stale groups left the cache");
    assert.ok(groups.every((g) => g.samples === "coe-tiny.gguf" && sampled(g).length > 0));

    const again = verifier.verified.length;
    await rankerRound({ records: RECORDS, verifier, dir, current, policy: tiny });
    assert.equal(verifier.verified.length, again, "groups with this model's samples are kept");
    assert.equal(tiny.calls, 4 * SEARCH_SAMPLES, "and not sampled again");

    // Another model's samples in the cache (a ranker stamped for it): collected again with this one's.
    const other = new SamplingPolicy("other.gguf");
    await rankerRound({ records: RECORDS, verifier, dir, current: ranker("other.gguf"), policy: other });
    groups = cachedGroups(dir);
    assert.ok(groups.every((g) => g.samples === "other.gguf"));
    assert.equal(other.calls, 4 * SEARCH_SAMPLES);
    await rankerRound({ records: RECORDS, verifier, dir, current, policy: tiny });
    assert.equal(tiny.calls, 8 * SEARCH_SAMPLES, "coe-tiny's groups are sampled again");
    groups = cachedGroups(dir);
    assert.equal(groups.length, 4);
    assert.ok(groups.every((g) => g.samples === "coe-tiny.gguf"));
  });

  it("stops sampling when cancelled", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-round-cancel-"));
    const abort = new AbortController();
    const policy = new SamplingPolicy("coe-tiny.gguf", () => abort.abort());
    const verifier = suites();
    await assert.rejects(
      rankerRound({
        records: RECORDS,
        verifier,
        dir,
        current: ranker("coe-tiny.gguf"),
        policy,
        samples: 8,
        signal: abort.signal,
      }),
      /cancelled/,
    );
    assert.equal(policy.calls, 1, "no sample after the cancellation");
    assert.equal(verifier.verified.length, 1, "only the first repair's initial code was run");
  });
});

describe("roundPolicy: the editor's model for the ranker round", () => {
  const engine = (path: string, acquire: () => Promise<unknown>) => {
    const asked = { n: 0 };
    const e: RoundPolicyOptions["engine"] = {
      modelPath: () => path,
      acquirePolicy: async () => (
        asked.n++,
        (await acquire()) as Awaited<ReturnType<RoundPolicyOptions["engine"]["acquirePolicy"]>>
      ),
    };
    return { e, asked };
  };
  const signal = new AbortController().signal;
  const lease = { policy: new SamplingPolicy("coe-tiny.gguf"), release: () => {} };

  it("lends the policy of the stamped model", async () => {
    const { e, asked } = engine("/models/coe-tiny.gguf", async () => lease);
    assert.equal(await roundPolicy({ engine: e, stamp: "coe-tiny.gguf", signal }), lease);
    assert.equal(asked.n, 1);
  });

  it("loads nothing for another model, no stamp or no model; a model that does not load is no model", async () => {
    for (const [path, stamp] of [
      ["/models/other.gguf", "coe-tiny.gguf"],
      ["/models/coe-tiny.gguf", undefined],
      ["", "coe-tiny.gguf"],
    ] as const) {
      const { e, asked } = engine(path, async () => lease);
      assert.equal(await roundPolicy({ engine: e, stamp, signal }), undefined);
      assert.equal(asked.n, 0, `${path} / ${stamp}: not acquired`);
    }
    const lines: string[] = [];
    const broken = engine("/models/coe-tiny.gguf", async () => {
      throw new Error("bad gguf");
    });
    assert.equal(
      await roundPolicy({ engine: broken.e, stamp: "coe-tiny.gguf", signal, log: (l) => lines.push(l) }),
      undefined,
    );
    assert.match(lines.join("\n"), /without the model's samples: bad gguf/);
    const none = engine("/models/coe-tiny.gguf", async () => ({ reason: "missing" }));
    assert.equal(await roundPolicy({ engine: none.e, stamp: "coe-tiny.gguf", signal }), undefined);
  });

  it("a cancelled load cancels the round", async () => {
    const abort = new AbortController();
    abort.abort();
    const { e } = engine("/models/coe-tiny.gguf", async () => {
      throw new Error("load cancelled");
    });
    await assert.rejects(roundPolicy({ engine: e, stamp: "coe-tiny.gguf", signal: abort.signal }), /load cancelled/);
  });
});
