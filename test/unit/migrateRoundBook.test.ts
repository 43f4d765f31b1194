/** The editor's rounds of older versions (RoundBook's <storage>/rounds/rounds.json) imported into the
 *  round store once: listed in order with their verdicts, stacked for rollback, the auto-round counter
 *  kept; a second start imports nothing again; a torn file is left alone; a missing model is marked. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelRegistry } from "../../server/src/core/models/index.js";
import { EditorRounds } from "../../server/src/lsp/EditorRounds.js";
import { migrateRoundBook } from "../../server/src/lsp/migrateRoundBook.js";

const ev = (suite: string, tasks: number, solved: number) => ({ suite, tasks, solved, testRuns: 11 });

/** A storage folder as older versions left it: models/ and rounds/rounds.json in RoundBook's format. */
function oldStorage(o: { missing?: string[]; current?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "coe-old-rounds-"));
  const storage = join(dir, "storage");
  mkdirSync(join(storage, "models"), { recursive: true });
  mkdirSync(join(storage, "rounds"), { recursive: true });
  const model = (id: string, kind: string) => {
    const path = join(storage, "models", `coe-${kind}-round-${id}.gguf`);
    if (!o.missing?.includes(id)) writeFileSync(path, `gguf ${id}`);
    return path;
  };
  const base = join(dir, "coe-tiny.gguf");
  writeFileSync(base, "gguf base");
  const round = (id: string, kind: "sft" | "rl", parent: string, promoted: boolean, time: string) => ({
    id,
    kind,
    parent,
    model: model(id, kind),
    time,
    evals: {
      candidate: [ev("mbpp-val-repair", 20, promoted ? 9 : 6), ev("held-back fixes", 2, 1)],
      current: [ev("mbpp-val-repair", 20, 8), ev("held-back fixes", 2, 1)],
    },
    promoted,
    verdict: promoted
      ? "promoted: does not lose on any suite"
      : "not promoted: loses on mbpp-val-repair (no held-back fixes yet: judged on the newest fix)",
  });
  const data = {
    rounds: [
      round("r1-a1b2c3", "sft", "", true, "2026-11-01T10:00:00.000Z"),
      round("r2-d4e5f6", "sft", "r1-a1b2c3", false, "2026-11-02T10:00:00.000Z"),
      round("r3-0a1b2c", "rl", "r1-a1b2c3", true, "2026-11-03T10:00:00.000Z"),
    ],
    current: o.current ?? "r3-0a1b2c",
    base,
    acceptedAtLastRound: 7,
  };
  const file = join(storage, "rounds", "rounds.json");
  writeFileSync(file, JSON.stringify(data, null, 2) + "\n", "utf8"); // as RoundBook.save wrote it
  const env = { COE_ROUNDS_DIR: join(dir, "rounds"), COE_CONFIG: join(dir, "config.json") };
  const datasetFile = join(storage, "dataset", "repairs.jsonl");
  const lines: string[] = [];
  const migrate = (rounds = new EditorRounds(env)) =>
    migrateRoundBook({ file, store: rounds.store, datasetFile, log: (l) => lines.push(l) });
  return { dir, storage, file, data, env, datasetFile, lines, migrate };
}

describe("migrateRoundBook", () => {
  test("imports the old rounds in order, with their verdicts, evaluations, models and the counter", async () => {
    const s = oldStorage();
    const text = readFileSync(s.file, "utf8");
    const result = s.migrate();
    assert.equal(result.status, "migrated", s.lines.join("\n"));
    assert.deepEqual(result.imported, ["round-0001", "round-0002", "round-0003"]);
    const rounds = new EditorRounds(s.env);
    const listed = rounds.list().reverse();
    assert.deepEqual(
      listed.map((r) => [r.id, r.kind, r.parent, r.promoted, r.model, r.time]),
      s.data.rounds.map((r, i) => [
        `round-000${i + 1}`,
        r.kind,
        r.parent ? "round-0001" : "",
        r.promoted,
        r.model,
        r.time,
      ]),
    );
    assert.deepEqual(listed[0]!.evals, s.data.rounds[0]!.evals);
    assert.match(listed[1]!.verdict, /^not promoted: loses on mbpp-val-repair .*imported from rounds\.json/);
    assert.equal(rounds.current(), "round-0003");
    assert.equal(rounds.acceptedAtLastRound(s.datasetFile), 7, "the next automatic round waits as before");
    assert.equal(rounds.hasPromotedSft(), true);
    // The old file is kept, renamed; the models stay where they were.
    assert.equal(existsSync(s.file), false);
    assert.equal(result.renamedTo, `${s.file}.migrated`);
    assert.equal(readFileSync(`${s.file}.migrated`, "utf8"), text);
    for (const r of s.data.rounds) assert.ok(existsSync(r.model));
    const paths = { modelsDir: join(s.dir, "models"), roundsDir: s.env.COE_ROUNDS_DIR, configPath: s.env.COE_CONFIG };
    const models = (await new ModelRegistry({ paths }).list()).filter((e) => e.source === "round");
    assert.deepEqual(
      models.map((e) => [e.name, e.path, e.round?.current]),
      listed.map((r) => [r.id, r.model, r.id === "round-0003"]),
    );
  });

  test("promoted rounds can be rolled back to, down to the model before the first round", () => {
    const s = oldStorage();
    s.migrate();
    const rounds = new EditorRounds(s.env);
    const first = rounds.rollback();
    assert.deepEqual(first, {
      from: "round-0003",
      restored: { model: s.data.rounds[0]!.model, name: "round-0001", round: "round-0001" },
    });
    assert.equal(rounds.current(), "round-0001");
    assert.deepEqual(rounds.rollback(), { from: "round-0001", restored: { model: s.data.base } });
    assert.throws(() => rounds.rollback(), /nothing to roll back/);
  });

  test("a second start imports nothing again, even when the old file is back (an interrupted run)", () => {
    const s = oldStorage();
    s.migrate();
    assert.equal(s.migrate().status, "none");
    copyFileSync(`${s.file}.migrated`, s.file);
    const again = s.migrate();
    assert.equal(again.status, "migrated", s.lines.join("\n"));
    assert.deepEqual(again.imported, []);
    assert.match(again.renamedTo ?? "", /rounds\.json\.migrated-/);
    const rounds = new EditorRounds(s.env);
    assert.equal(rounds.list().length, 3);
    assert.equal(rounds.current(), "round-0003");
    rounds.rollback();
    assert.equal(rounds.current(), "round-0001", "the stack was not pushed twice");
  });

  test("a torn or foreign rounds.json is left as it is, reported, and imports nothing", () => {
    for (const broken of [
      (t: string) => t.slice(0, Math.floor(t.length / 2)),
      (t: string) => t.replace(/"kind": "rl"/, '"kind": 3'),
      () => "null",
    ]) {
      const s = oldStorage();
      const text = broken(readFileSync(s.file, "utf8"));
      writeFileSync(s.file, text);
      const result = s.migrate();
      assert.equal(result.status, "unreadable");
      assert.equal(readFileSync(s.file, "utf8"), text, "left untouched");
      assert.equal(existsSync(`${s.file}.migrated`), false);
      assert.equal(new EditorRounds(s.env).list().length, 0);
      assert.equal(s.lines.length, 1);
      assert.match(s.lines[0]!, /rounds\.json\) cannot be read.*left as it is/);
    }
  });

  test("a round whose model is gone is imported as not promoted, says so, and is kept off the stack", () => {
    const s = oldStorage({ missing: ["r3-0a1b2c"] });
    const result = s.migrate();
    assert.equal(result.status, "migrated");
    assert.deepEqual(result.missingModels, ["r3-0a1b2c"]);
    const rounds = new EditorRounds(s.env);
    const r3 = rounds.list()[0]!;
    assert.deepEqual([r3.id, r3.promoted], ["round-0003", false]);
    assert.match(r3.verdict, /its model .*coe-rl-round-r3-0a1b2c\.gguf is missing .*it was promoted/);
    assert.equal(rounds.current(), "round-0001", "the promoted round before it is the one in use");
    assert.match(s.lines.join("\n"), /model missing, not promoted: r3-0a1b2c/);
  });

  test("rounds made since the upgrade keep their counter and their promotion", () => {
    const s = oldStorage();
    const rounds = new EditorRounds(s.env);
    const newer = rounds.store.create({
      kind: "sft",
      parent: null,
      base: s.data.base,
      artifact: "coe-sft-round-new.gguf",
      data: { file: s.datasetFile, bytes: 0, sha256: "", records: 2, heldOut: [], heldOutFraction: 0.25, seed: 0 },
      settings: { acceptedFixes: 12 },
    });
    rounds.store.promote(newer.record.id, { model: s.data.base });
    const result = s.migrate(rounds);
    assert.deepEqual(result.imported, ["round-0002", "round-0003", "round-0004"]);
    assert.equal(rounds.acceptedAtLastRound(s.datasetFile), 12);
    assert.equal(rounds.current(), "round-0001");
    assert.match(s.lines.join("\n"), /already has a promoted round \(round-0001\)/);
  });
});
