/**
 * The search's live progress ("search" events, one per test run) and its token accounting (the model's
 * tokens reach the trace even when the winning edit came from a mutation), plus the CLI's status line.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MutationProposer } from "../../server/src/core/search/MutationProposer.js";
import { ModelProposer } from "../../server/src/core/search/ModelProposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import { searchWithMode } from "../../server/src/core/search/searchWithMode.js";
import type { Policy } from "../../server/src/core/model/Policy.js";
import type { ProgressEvent, SearchProgress, TestSource } from "../../server/src/core/types.js";
import { SearchStatusLine } from "../../server/src/cli/SearchStatusLine.js";
import { FakeVerifier, TablePolicy, type FakeTest } from "../helpers/searchFakes.js";

const ADD = "def add(a, b):\n    return a - b\n";
const addTests: TestSource = { kind: "snippets", snippets: ["assert add(1, 2) == 3", "assert add(0, 0) == 0"] };
const addSuite: FakeTest[] = [
  { name: "assert add(1, 2) == 3", passes: (c) => /return (a \+ b|b \+ a)\n/.test(c) },
  { name: "assert add(0, 0) == 0", passes: (c) => /return /.test(c) },
];
/** Never solvable by the mutations: every run fails, so the budget ends the search. */
const neverSuite: FakeTest[] = [{ name: "assert impossible()", passes: (c) => c.includes("unreachable") }];

/** A policy that also reports `promptTokens` per sample (TablePolicy reports 0). */
function withPromptTokens(policy: Policy, promptTokens: number): Policy {
  return {
    name: policy.name,
    style: policy.style,
    openSessions: async (n) =>
      (await policy.openSessions(n)).map((s) => ({
        stats: s.stats,
        next: async (context, options) => ({ ...(await s.next(context, options)), promptTokens }),
        dispose: () => s.dispose(),
      })),
    dispose: () => policy.dispose(),
  };
}

const searchEvents = (events: ProgressEvent[]): SearchProgress[] =>
  events.filter((e): e is SearchProgress => e.type === "search");

describe("search progress events", () => {
  it("arrive once per test run, in order, after start, never past the budget", async () => {
    for (const concurrency of [1, 3]) {
      const events: ProgressEvent[] = [];
      const r = await searchRepair({
        code: ADD,
        tests: addTests,
        verifier: new FakeVerifier(neverSuite, concurrency, 2),
        proposers: [new MutationProposer()],
        budget: { verifications: 17 },
        maxDepth: 1,
        onProgress: (e) => events.push(e),
      });
      assert.equal(r.stats.stop, "budget");
      const runs = searchEvents(events);
      assert.equal(runs.length, r.stats.verifications, `one event per verification (concurrency ${concurrency})`);
      assert.deepEqual(
        runs.map((e) => e.testRuns),
        Array.from({ length: 17 }, (_, i) => i + 1),
        "testRuns counts up by one",
      );
      assert.ok(runs.every((e) => e.budget === 17 && e.testRuns <= e.budget));
      assert.ok(events.findIndex((e) => e.type === "start") < events.indexOf(runs[0]!), "start comes first");
      assert.equal(runs[0]!.command, undefined, "the first run is the initial code");
      assert.ok(runs.slice(1).every((e) => typeof e.command === "string" && e.command.length > 0));
      assert.ok(runs.every((e) => e.total === 1 && e.bestPassed === 0));
      assert.ok(runs.every((e) => e.frontier >= 0 && e.queued >= 0));
      assert.equal(events.at(-1)!.type, "rollout-end", "the trace comes last");
      assert.doesNotThrow(() => JSON.parse(JSON.stringify(runs)), "plain JSON");
    }
  });

  it("report the best so far, up to the solving run", async () => {
    const events: ProgressEvent[] = [];
    const r = await searchRepair({
      code: ADD,
      tests: addTests,
      verifier: new FakeVerifier(addSuite),
      proposers: [new MutationProposer()],
      budget: { verifications: 50 },
      onProgress: (e) => events.push(e),
    });
    assert.equal(r.stats.solved, true);
    const runs = searchEvents(events);
    assert.equal(runs.length, r.stats.verifications);
    const best = runs.map((e) => e.bestPassed);
    assert.ok(
      best.every((b, i) => i === 0 || b >= best[i - 1]!),
      `best never drops: ${best.join(",")}`,
    );
    assert.deepEqual([runs[0]!.bestPassed, runs[0]!.total], [1, 2]);
    const last = runs.at(-1)!;
    assert.deepEqual([last.bestPassed, last.total, last.verdict.passed], [2, 2, 2]);
    assert.equal(last.command, r.trace.steps[0]!.command, "the last run is the winning edit");
  });
});

describe("search token accounting", () => {
  it("a hybrid search reports every model token, even when a mutation wins", async () => {
    // Every model sample is EXIT (unusable), so the winning edit is a mutation's; the model still cost tokens.
    const table = new TablePolicy({});
    const events: ProgressEvent[] = [];
    const r = await searchWithMode({
      code: ADD,
      tests: addTests,
      verifier: new FakeVerifier(addSuite),
      mode: "hybrid",
      policy: withPromptTokens(table, 5),
      samples: 4,
      budget: 50,
      onProgress: (e) => events.push(e),
    });
    assert.equal(r.best.solved, true);
    assert.ok(table.calls >= 4, `the model was asked (${table.calls} samples)`);
    assert.ok(
      r.best.steps.every((s) => s.tokens === 0),
      "no step came from the model",
    );
    assert.equal(r.stats.tokens, table.calls * (3 + 5), "3 generated + 5 prompt tokens per sample");
    assert.equal(r.best.tokens, r.stats.tokens, "the trace carries what the search spent on the model");
    assert.ok(r.best.tokens > 0);
    assert.equal(r.traces[0]!.tokens, r.best.tokens);
  });

  it("a search that fails still reports the tokens its model proposer spent", async () => {
    const policy = new TablePolicy({
      "": [["REPW 2 >>>- >>>*", -0.2]],
    });
    const model = new ModelProposer({ policy, samples: 2 });
    const r = await searchRepair({
      code: ADD,
      tests: addTests,
      verifier: new FakeVerifier(addSuite),
      proposers: [model],
      budget: { verifications: 10 },
    });
    assert.equal(r.stats.solved, false);
    assert.equal(model.stats.promptTokens, 0);
    assert.equal(r.stats.tokens, model.tokensSpent);
    assert.equal(r.stats.tokens, policy.calls * 3);
    assert.equal(r.trace.tokens, r.stats.tokens);
  });

  it("a mutation-only search spends no tokens", async () => {
    const r = await searchWithMode({
      code: ADD,
      tests: addTests,
      verifier: new FakeVerifier(addSuite),
      mode: "mutate",
      samples: 4,
      budget: 50,
    });
    assert.equal(r.best.solved, true);
    assert.equal(r.best.tokens, 0);
  });
});

describe("SearchStatusLine (coe repair's stderr status)", () => {
  const event = (testRuns: number): SearchProgress => ({
    type: "search",
    testRuns,
    budget: 100,
    bestPassed: 2,
    total: 3,
    frontier: 1,
    queued: 5,
    command: "REPW 2 >>>- >>>+",
    verdict: { kind: "ok", passed: 1, total: 3 },
  });
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, columns: 200, write: (s: string) => (written.push(s), true) } };
  };

  it("without a terminal writes a plain line every 10 runs", () => {
    const { written, stream } = sink(false);
    const line = new SearchStatusLine({ stream });
    for (let i = 1; i <= 25; i++) line.update(event(i));
    line.dispose();
    assert.equal(written.length, 2);
    assert.match(
      written[0]!,
      /^searching: 10\/100 test runs, best 2\/3 tests passing, last REPW 2 >>>- >>>\+ -> 1\/3\n$/,
    );
    assert.ok(
      written.every((w) => !w.includes("\r") && !w.includes("\x1b")),
      "no terminal control codes",
    );
  });

  it("on a terminal rewrites one line per run and erases it on clear", () => {
    const { written, stream } = sink(true);
    const line = new SearchStatusLine({ stream });
    for (let i = 1; i <= 3; i++) line.update(event(i));
    assert.equal(written.length, 3);
    assert.ok(written.every((w) => w.startsWith("\r") && !w.includes("\n")));
    assert.ok(written[2]!.includes("searching: 3/100 test runs, best 2/3 tests passing"));
    line.clear();
    assert.equal(written.at(-1), "\r\x1b[K");
    line.dispose();
    assert.equal(written.length, 4, "nothing left to erase");
  });
});
