/** Versioned training rounds: the promotion rule, the seeded held-back split, the store, a whole round
 *  with stand-ins, and the editor's sft / rl rounds kept in the same store (EditorRounds). */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
import { ModelRegistry, readModelConfig, type ModelChoice } from "../../server/src/core/models/index.js";
import { EditorRounds, type FinishedRound } from "../../server/src/lsp/EditorRounds.js";

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

  test("a round interrupted while it was created hides no other round; a torn eval reads as absent", () => {
    const store = new RoundStore(mkdtempSync(join(tmpdir(), "coe-rounds-")));
    const fields = { kind: "lora" as const, parent: null, base: "/b.gguf", artifact: "a.gguf", data, settings: {} };
    const a = store.create(fields);
    const b = store.create(fields);
    const c = store.create(fields);
    // b: its round.json torn; a: its eval.json torn; a fourth folder without round.json at all.
    writeFileSync(join(b.dir, "round.json"), '{"id": "round-00');
    writeFileSync(join(a.dir, "eval.json"), '{"candidate": {');
    mkdirSync(join(store.dir, "round-0004"));
    assert.deepEqual(
      store.list().map((r) => r.record.id),
      [a.record.id, c.record.id],
    );
    assert.match(store.list()[0]!.problem ?? "", /eval\.json is unreadable/);
    assert.equal(store.list()[0]!.eval, undefined);
    assert.deepEqual(
      store.unreadable().map((u) => u.id),
      ["round-0002", "round-0004"],
    );
    assert.match(store.unreadable()[0]!.reason, /round-0002: round\.json is unreadable/);
    assert.match(store.unreadable()[1]!.reason, /round-0004 has no round\.json \(interrupted/);
    assert.throws(() => store.get(b.record.id), /round\.json is unreadable/);
    assert.equal(readFileSync(join(b.dir, "round.json"), "utf8"), '{"id": "round-00', "nothing rewritten");
    assert.equal(store.create(fields).record.id, "round-0005", "no folder is reused");
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

describe("EditorRounds (the editor's sft / rl rounds in the shared store)", () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-editor-rounds-"));
  const env = { COE_ROUNDS_DIR: join(dir, "rounds"), COE_CONFIG: join(dir, "config.json") };
  const rounds = new EditorRounds(env);
  const init = join(dir, "init.gguf");
  const dataset = join(dir, "dataset", "repairs.jsonl");
  const loaded: ModelChoice[] = [];
  const ev = (suite: string, solved: number) => ({ suite, tasks: 2, solved, testRuns: 7 });
  const finished = (kind: "sft" | "rl", o: Partial<FinishedRound> = {}): FinishedRound => {
    const trained = join(dir, `coe-${kind}-round-${loaded.length}-${Math.random()}.gguf`);
    writeFileSync(trained, "gguf");
    return {
      kind,
      init,
      previous: { model: init },
      trained,
      data: { ...data, file: dataset, records: 3, heldOut: ["fix-2"], heldOutFraction: 0.25 },
      acceptedFixes: 3,
      settings: { steps: 2 },
      evals: { candidate: [ev("held-back fixes", 1)], current: [ev("held-back fixes", 1)] },
      lost: undefined,
      note: "",
      load: async (choice) => loaded.push(choice),
      ...o,
    };
  };

  test("a promoted sft round: round.json of kind sft, current, in the config, listed by ModelRegistry", async () => {
    assert.equal(rounds.acceptedAtLastRound(dataset), 0);
    const r = await rounds.record(finished("sft"));
    const stored = new RoundStore(env.COE_ROUNDS_DIR).list();
    assert.deepEqual(
      stored.map((x) => [x.record.id, x.record.kind, x.current, x.record.settings.acceptedFixes]),
      [["round-0001", "sft", true, 3]],
    );
    assert.equal(r.model, join(env.COE_ROUNDS_DIR, "round-0001", stored[0]!.record.artifact));
    assert.ok(existsSync(r.model), "the trained model moved into the round's folder");
    assert.deepEqual([r.id, r.kind, r.parent, r.promoted], ["round-0001", "sft", "", true]);
    assert.equal(r.verdict, "promoted: does not lose on any suite");
    assert.deepEqual(r.evals.candidate, [ev("held-back fixes", 1)], "no validation suite: not listed");
    assert.deepEqual(loaded.at(-1), { model: r.model, name: r.id, round: r.id });
    assert.deepEqual(readModelConfig(env.COE_CONFIG).choice, loaded.at(-1));
    assert.equal(rounds.current(), r.id);
    assert.equal(rounds.acceptedAtLastRound(dataset), 3);
    assert.equal(rounds.acceptedAtLastRound(join(dir, "other.jsonl")), 0, "another dataset's rounds do not count");
    const paths = { modelsDir: join(dir, "models"), roundsDir: env.COE_ROUNDS_DIR, configPath: env.COE_CONFIG };
    const entry = (await new ModelRegistry({ paths }).list()).find((e) => e.name === r.id);
    assert.deepEqual(entry?.round && [entry.round.kind, entry.round.current, entry.choice.model], [
      "sft",
      true,
      r.model,
    ]);
  });

  test("a losing rl round and one that does not load stay out; rollback restores the model before", async () => {
    const lost = await rounds.record(
      finished("rl", {
        acceptedFixes: 5,
        evals: { candidate: [ev("mbpp-val-repair", 0)], current: [ev("mbpp-val-repair", 1)] },
        lost: "mbpp-val-repair: 0/2 solved, the current model 1",
      }),
    );
    assert.deepEqual([lost.kind, lost.parent, lost.promoted], ["rl", "round-0001", false]);
    assert.match(lost.verdict, /^not promoted: loses on mbpp-val-repair/);
    assert.equal(rounds.acceptedAtLastRound(dataset), 5, "a refused round counts too");
    const broken = await rounds.record(finished("sft", { load: () => Promise.reject(new Error("bad file")) }));
    assert.match(broken.verdict, /^not promoted: does not lose, but does not load: bad file/);
    assert.deepEqual(
      rounds.list().map((r) => r.id),
      ["round-0003", "round-0002", "round-0001"],
      "newest first",
    );
    assert.equal(rounds.current(), "round-0001");
    assert.deepEqual(rounds.rollback(), { from: "round-0001", restored: { model: init } });
    assert.deepEqual(readModelConfig(env.COE_CONFIG).choice, { model: init });
    assert.equal(rounds.current(), "");
    assert.throws(() => rounds.rollback(), /nothing to roll back/);
  });
});
