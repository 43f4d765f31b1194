/**
 * Learning-to-rank data in the dataset: a repair record carries its search's rank records (winner over
 * verified-failing siblings at each state); they are validated on append, survive a torn line, do not
 * cost the repair when they are malformed on disk, and ride along in the SFT export.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatasetStore, type NewRepairRecord } from "../../server/src/core/dataset/DatasetStore.js";
import { recordFromTrace } from "../../server/src/core/dataset/recordFromTrace.js";
import { recordRepair } from "../../server/src/core/dataset/recordRepair.js";
import { rankError } from "../../server/src/core/dataset/validateRecord.js";
import { splitLines } from "../../server/src/core/dsl/index.js";
import type { RankRecord } from "../../server/src/core/search/RankRecord.js";
import { formatChat, renderState } from "../../server/src/core/tool/index.js";
import type { Trace, Verdict } from "../../server/src/core/types.js";

const before = "def f():\n    return 1 - 1\n";
const after = "def f():\n    return 1 + 1\n";
const verdict = (pass: boolean): Verdict => ({
  kind: "ok",
  passed: pass ? 1 : 0,
  total: 1,
  tests: [{ name: "assert f() == 2", status: pass ? "pass" : "fail" }],
  ms: 1,
});
const header = { tests: "assert f() == 2" };
const rank: RankRecord[] = [
  {
    context: { header, states: [renderState(splitLines(before), verdict(false))], commands: [] },
    winner: "REPW 2 >>>- >>>+",
    losers: ["REPW 2 >>>- >>>*", "DELL 2"],
  },
];
const trace = {
  file: "f.py",
  model: "m",
  solved: true,
  initialCode: before,
  initialPassed: 0,
  initialTotal: 1,
  initialVerdict: verdict(false),
  finalCode: after,
  steps: [
    {
      command: "REPW 2 >>>- >>>+",
      code: after,
      diff: "",
      passed: 1,
      total: 1,
      verdict: verdict(true),
      reward: 1,
      tokens: 5,
      ms: 1,
    },
    { command: "EXIT", code: after, diff: "", passed: 1, total: 1, reward: 0, tokens: 1, ms: 1 },
  ],
  reward: 1,
  partial: 1,
  tokens: 6,
  ms: 2,
  stop: "exit",
} as Trace;
const tests = { kind: "snippets" as const, snippets: ["assert f() == 2"] };
const searchRecord = (r: RankRecord[] = rank): NewRepairRecord =>
  recordFromTrace({ source: "search", file: "f.py", code: before, tests, trace, model: "m", rank: r });
const tmp = (): Promise<string> => fs.mkdtemp(join(tmpdir(), "coe-rank-"));

void describe("rank records in the dataset", () => {
  void it("recordFromTrace keeps rank records, and leaves the field out when there are none", () => {
    assert.deepEqual(searchRecord().rank, rank);
    assert.equal("rank" in searchRecord([]), false);
  });

  void it("rankError names the first problem", () => {
    assert.equal(rankError(rank), undefined);
    assert.match(rankError({}) ?? "", /rank must be an array/);
    const open = { ...rank[0]!, context: { ...rank[0]!.context, commands: ["DELL 1"] } };
    assert.match(rankError([open]) ?? "", /rank\[0\]\.context needs states and commands/);
    assert.match(rankError([{ ...rank[0]!, winner: "" }]) ?? "", /rank\[0\]\.winner/);
    assert.match(rankError([{ ...rank[0]!, losers: [1] }]) ?? "", /rank\[0\]\.losers must be strings/);
    assert.match(rankError([{ ...rank[0]!, context: { ...rank[0]!.context, header: {} } }]) ?? "", /header needs/);
  });

  void it("appends and reads them back; a malformed rank is refused on append with nothing written", async () => {
    const dir = await tmp();
    const store = new DatasetStore({ dir });
    await store.append(searchRecord());
    const bad = { ...searchRecord(), rank: [{ ...rank[0]!, losers: "DELL 2" }] } as unknown as NewRepairRecord;
    await assert.rejects(store.append(bad), /invalid dataset record: rank\[0\]\.losers must be strings/);
    const { records, warnings } = await store.read();
    assert.equal(warnings.length, 0);
    assert.equal(records.length, 1);
    assert.deepEqual(records[0]!.rank, rank);
    assert.equal(records[0]!.source, "search");
  });

  void it("a torn line and bad rank data on disk: the repair is kept without them, with warnings", async () => {
    const dir = await tmp();
    const store = new DatasetStore({ dir });
    const good = await store.append(searchRecord());
    const broken = JSON.stringify({ ...good, id: "x", rank: [{ winner: 3 }] });
    await fs.appendFile(store.path, broken + "\n" + JSON.stringify(good).slice(0, 50));
    const { records, warnings } = await store.read();
    assert.deepEqual(
      records.map((r) => [r.id, r.rank?.length ?? 0]),
      [
        [good.id, 1],
        ["x", 0],
      ],
    );
    assert.equal("rank" in records[1]!, false);
    assert.match(warnings[0]!.message, /invalid rank data: rank\[0\] needs a context: kept the repair without them/);
    assert.match(warnings[1]!.message, /torn or corrupt line/);
    await store.append(searchRecord()); // a new record after the torn line starts on its own line
    assert.equal((await store.read()).records.length, 3);
  });

  void it("recordRepair (eval --dataset, accepted searches) stores the rank records with the repair", async () => {
    const dir = await tmp();
    await recordRepair({ dir, file: "f.py", code: before, tests, trace, source: "search", model: "m", rank });
    await recordRepair({ dir, file: "g.py", code: before, tests, trace, source: "accepted", model: "m", rank: [] });
    const { records } = await new DatasetStore({ dir }).read();
    assert.deepEqual(
      records.map((r) => [r.file, r.source, r.rank?.length ?? 0]),
      [
        ["f.py", "search", 1],
        ["g.py", "accepted", 0],
      ],
    );
  });

  void it("the SFT export keeps them: the context as chat messages, the winner and the losers", async () => {
    const dir = await tmp();
    const store = new DatasetStore({ dir });
    await store.append(searchRecord());
    await store.append(searchRecord([]));
    const out = join(dir, "sft.jsonl");
    const res = await store.exportSft({ out });
    assert.equal(res.written, 2);
    const [first, second] = (await fs.readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const context = rank[0]!.context;
    const messages = formatChat(context.header, context.states, context.commands).map((m) => ({
      role: m.role,
      content: m.text,
    }));
    assert.deepEqual(first!.rank, [{ messages, winner: rank[0]!.winner, losers: rank[0]!.losers }]);
    assert.equal(messages.at(-1)!.role, "user");
    assert.equal("rank" in second!, false);
  });
});
