/** Versioned training rounds: the promotion rule, the seeded held-back split, the store, a whole round with stand-ins. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decidePromotion,
  holdOut,
  RoundStore,
  runLoraRound,
  type RoundScores,
} from "../../server/src/core/rounds/index.js";
import type { RepairRecord } from "../../server/src/core/dataset/index.js";

const scores = (v: number, h: number, vt = 10, ht = 4): RoundScores => ({
  validation: { suite: "val", solved: v, total: vt },
  heldOut: { suite: "held-out fixes", solved: h, total: ht },
});

describe("decidePromotion", () => {
  test("promotes a tie and a win on both", () => {
    assert.equal(decidePromotion(scores(5, 2), scores(5, 2)).promote, true);
    assert.equal(decidePromotion(scores(6, 3), scores(5, 2)).promote, true);
  });
  test("refuses a loss on the validation suite even with more held-out fixes", () => {
    const d = decidePromotion(scores(4, 4), scores(5, 2));
    assert.equal(d.promote, false);
    assert.match(d.reason, /loses on the validation suite \(validation 4\/10 vs 5\/10/);
  });
  test("refuses a loss on the user's held-back fixes even with a validation win", () => {
    const d = decidePromotion(scores(9, 1), scores(5, 2));
    assert.equal(d.promote, false);
    assert.match(d.reason, /loses on your held-back fixes/);
  });
  test("refuses scores on different tasks and an empty validation run", () => {
    assert.equal(decidePromotion(scores(5, 2, 10), scores(5, 2, 9)).promote, false);
    assert.match(decidePromotion(scores(0, 0, 0), scores(0, 0, 0)).reason, /no validation tasks/);
  });
});

describe("holdOut", () => {
  const ids = Array.from({ length: 400 }, (_, i) => `rec-${i}`);
  test("about the asked share, seeded, and a partition", () => {
    const a = holdOut(ids, { fraction: 0.2, seed: 1 });
    assert.ok(a.heldOut.length > 50 && a.heldOut.length < 110, `${a.heldOut.length}`);
    assert.equal(a.heldOut.length + a.train.length, ids.length);
    assert.deepEqual(holdOut(ids, { fraction: 0.2, seed: 1 }), a);
    assert.notDeepEqual(holdOut(ids, { fraction: 0.2, seed: 2 }).heldOut, a.heldOut);
  });
  test("adding records never moves an old one across (no held-back fix leaks into a later round)", () => {
    const before = holdOut(ids.slice(0, 200), { fraction: 0.2, seed: 3 });
    const after = holdOut(ids, { fraction: 0.2, seed: 3 });
    for (const id of before.heldOut) assert.ok(after.heldOut.includes(id));
    for (const id of before.train) assert.ok(after.train.includes(id));
  });
  test("a bad fraction is an error", () => assert.throws(() => holdOut(ids, { fraction: 1, seed: 0 }), /\[0, 1\)/));
});

const data = { file: "", bytes: 0, sha256: "", records: 0, heldOut: [], heldOutFraction: 0.2, seed: 0 };

describe("RoundStore", () => {
  test("numbered rounds, never overwritten; promote stacks; rollback restores what was in use before", () => {
    const store = new RoundStore(mkdtempSync(join(tmpdir(), "coe-rounds-")));
    const a = store.create({
      kind: "lora",
      parent: null,
      base: "/b.gguf",
      artifact: "adapter.gguf",
      data,
      settings: {},
    });
    const b = store.create({
      kind: "lora",
      parent: null,
      base: "/b.gguf",
      artifact: "adapter.gguf",
      data,
      settings: {},
    });
    assert.deepEqual([a.record.id, b.record.id], ["round-0001", "round-0002"]);
    store.writeEval(a.record.id, { candidate: scores(1, 1), baseline: scores(1, 1) });
    assert.throws(() => store.writeEval(a.record.id, { candidate: scores(2, 2), baseline: scores(1, 1) }), /EEXIST/);
    assert.equal(store.current(), undefined);
    store.promote(a.record.id, { model: "/b.gguf", name: "b" });
    store.promote(b.record.id, { model: "/b.gguf", adapters: [{ filePath: "/a1" }], round: a.record.id });
    assert.equal(store.current(), "round-0002");
    assert.deepEqual(store.rollback(), {
      from: "round-0002",
      restored: { model: "/b.gguf", adapters: [{ filePath: "/a1" }], round: "round-0001" },
    });
    assert.equal(store.current(), "round-0001");
    assert.equal(store.rollback().restored.model, "/b.gguf");
    assert.throws(() => store.rollback(), /no promoted round to roll back/);
    assert.equal(store.list().length, 2, "rolled-back rounds stay on disk");
    assert.equal(readFileSync(join(store.dir, "log.jsonl"), "utf8").trim().split("\n").length, 4);
    assert.throws(() => store.get("round-0009"), /no such round/);
  });
});

function record(i: number): RepairRecord {
  return {
    id: `fix-${i}`,
    time: new Date(0).toISOString(),
    source: "user-fix",
    file: "f.py",
    before: `x = ${i}\n`,
    after: `x = ${i + 1}\n`,
    tests: { kind: "snippets", snippets: [`assert x == ${i + 1}`] },
    trace: null,
    model: "user",
    outcome: { solved: true, passed: 1, total: 1 },
  };
}

describe("runLoraRound (stand-in trainer and solver)", () => {
  const setup = (candidateSolves: (id: string) => boolean) => {
    const dir = mkdtempSync(join(tmpdir(), "coe-lora-round-"));
    const datasetFile = join(dir, "repairs.jsonl");
    const records = Array.from({ length: 30 }, (_, i) => record(i));
    writeFileSync(datasetFile, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const store = new RoundStore(join(dir, "rounds"));
    const trainedOn: string[][] = [];
    const run = () =>
      runLoraRound({
        store,
        base: "/base.gguf",
        records,
        datasetFile,
        baseline: { model: "/base.gguf" },
        validation: { suite: "val", tasks: [1, 2, 3].map((i) => ({ id: `v${i}`, code: "", tests: { kind: "auto" } })) },
        settings: { rank: 4, steps: 2, seed: 5, heldOutFraction: 0.2 },
        toEpisode: async (r) => ({ header: { tests: r.id }, states: ["s"], commands: ["EXIT"] }),
        train: async ({ episodes, adapterPath }) => {
          trainedOn.push(episodes.map((e) => e.header.tests));
          writeFileSync(adapterPath, "adapter");
          return { loss: 0.5 };
        },
        solve: async (choice, tasks) =>
          new Set(
            tasks
              .filter((t) => (choice.adapters ? candidateSolves(t.id) : t.id === "v1" || t.id.startsWith("fix-")))
              .map((t) => t.id),
          ),
      });
    return { store, run, trainedOn, datasetFile };
  };

  test("a round that does not lose is promoted; held-back fixes are never trained on; the dataset is untouched", async () => {
    const { store, run, trainedOn, datasetFile } = setup(() => true);
    const before = readFileSync(datasetFile, "utf8");
    const r = await run();
    assert.equal(r.decision.promote, true, r.decision.reason);
    assert.equal(store.current(), r.round.record.id);
    const held = r.round.record.data.heldOut;
    assert.ok(held.length > 0 && held.length < 30);
    assert.equal(trainedOn[0]!.length + held.length, 30);
    for (const id of held) assert.ok(!trainedOn[0]!.includes(id));
    assert.equal(r.scores.candidate.heldOut.total, held.length);
    assert.equal(r.round.record.data.bytes, Buffer.byteLength(before));
    assert.equal(readFileSync(datasetFile, "utf8"), before);
    assert.ok(existsSync(join(r.round.dir, "eval.json")) && existsSync(join(r.round.dir, "decision.json")));
  });

  test("a round that loses on the held-back fixes is refused and kept; the next round gets a new folder", async () => {
    const { store, run } = setup((id) => id.startsWith("v"));
    const r = await run();
    assert.equal(r.decision.promote, false);
    assert.match(r.decision.reason, /held-back fixes/);
    assert.equal(store.current(), undefined);
    const r2 = await run();
    assert.notEqual(r2.round.record.id, r.round.record.id);
    assert.equal(store.list().length, 2);
  });
});
