/**
 * Ranking cost (issue #10): the ranked search scores every candidate of an expanded state with the
 * model (Policy.scoreCommands: the state's prefix once in the KV cache, then each candidate's tokens).
 * This measures, in the same run, the model's ranking ms and tokens per state next to one test run's ms,
 * on the first tasks of suites/real-bugs.jsonl with the default model (models/coe-tiny.gguf).
 * `node --import tsx bench/ranking.ts [--tasks 3] [--budget 20] [--model M.gguf]`
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { searchWithMode } from "../server/src/core/search/searchWithMode.js";
import { applyCommand, joinLines, splitLines } from "../server/src/core/dsl/index.js";
import { testsAsText } from "../server/src/core/tool/index.js";
import { testLiterals } from "../server/src/core/search/editPenalties.js";
import { mixProposals } from "../server/src/core/search/mixProposals.js";
import { MutationProposer } from "../server/src/core/search/MutationProposer.js";
import type { SearchState } from "../server/src/core/search/Proposer.js";
import { LearnedRanker } from "../server/src/core/rank/LearnedRanker.js";
import { naturalness, rankFeatures } from "../server/src/core/rank/rankFeatures.js";

const ROOT = new URL("..", import.meta.url).pathname;

interface SuiteTask {
  id: string;
  code: string;
  tests: string[];
  description?: string;
}

export async function benchRanking(argv: string[] = []): Promise<Record<string, number | string>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: "string", default: "3" },
      budget: { type: "string", default: "20" },
      model: { type: "string", default: `${ROOT}models/coe-tiny.gguf` },
    },
  });
  const modelPath = String(values.model);
  if (!existsSync(modelPath)) throw new Error(`no model at ${modelPath}`);
  const tasks = readFileSync(`${ROOT}suites/real-bugs.jsonl`, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SuiteTask)
    .slice(0, Number(values.tasks));
  const policy = await LlamaPolicy.load({ modelPath });
  const verifier = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 1 });
  let states = 0,
    scoredStates = 0,
    rankMs = 0,
    rankTokens = 0,
    candidates = 0,
    scored = 0,
    testRuns = 0,
    testMs = 0;
  try {
    const before = policy.scoreStats;
    for (const task of tasks) {
      const r = await searchWithMode({
        code: task.code,
        tests: { kind: "snippets", snippets: task.tests },
        verifier,
        mode: "ranked",
        policy,
        samples: 4,
        budget: Number(values.budget),
        ...(task.description ? { description: task.description } : {}),
      });
      const k = r.stats.ranking!;
      states += k.states;
      scoredStates += k.scoredStates;
      rankMs += k.ms;
      rankTokens += k.tokens;
      candidates += k.candidates;
      scored += k.scoredCandidates;
      testRuns += r.stats.verifications;
      testMs += k.testRunMs * r.stats.verifications;
    }
    // The learned ranker's own cost per state (features + linear score, no model): root states of the same tasks.
    const ranker = existsSync(`${ROOT}models/ranker.json`)
      ? LearnedRanker.load(`${ROOT}models/ranker.json`)
      : new LearnedRanker({ format: "coe-ranker/1", features: ["logMass"], weights: [1] });
    let learnedMs = 0;
    let learnedStates = 0;
    let naturalMs = 0;
    // The same candidates with the bug's function inside a 2,000-line file: the n-gram scores a
    // window around each edit, so a state should cost about as much as in the short file.
    let naturalLongMs = 0;
    const padding = Array.from({ length: 1000 }, (_, i) => [`def pad${i}(xs):`, "    return len(xs)"]).flat();
    for (const task of tasks) {
      const tests = { kind: "snippets" as const, snippets: task.tests };
      const verdict = await verifier.verify({ code: task.code, tests, fileName: "solution.py", coverage: true });
      const lines = splitLines(task.code);
      const state = { lines, verdict, depth: 0 } as unknown as SearchState;
      const t0 = performance.now();
      for (let k = 0; k < 10; k++) {
        const proposer = new MutationProposer();
        const { mixed } = mixProposals(
          lines,
          [{ proposer, batch: await proposer.propose(state, { limit: 300 }) }],
          0.15,
        );
        ranker.scores(rankFeatures(state, mixed, testLiterals(testsAsText(tests)), ranker.ngram));
        // Its naturalness features alone (the code n-gram scores each candidate's edited file).
        const n0 = performance.now();
        if (ranker.ngram) naturalness(ranker.ngram, lines, mixed);
        naturalMs += performance.now() - n0;
        const long = [...padding, ...lines];
        const shifted = mixed.map((m) => {
          const c = m.proposal.command;
          const command = c.op === "EXIT" ? c : { ...c, line: c.line + padding.length };
          return { ...m, proposal: { ...m.proposal, command }, code: joinLines(applyCommand(long, command).lines) };
        });
        const n1 = performance.now();
        if (ranker.ngram) naturalness(ranker.ngram, long, shifted);
        naturalLongMs += performance.now() - n1;
      }
      learnedMs += performance.now() - t0;
      learnedStates += 10;
    }
    const learned = learnedMs / Math.max(1, learnedStates);
    const after = policy.scoreStats;
    const perState = scoredStates > 0 ? rankMs / scoredStates : 0;
    const perRun = testRuns > 0 ? testMs / testRuns : 0;
    return {
      model: policy.name,
      "tasks, test runs, states ranked": `${tasks.length}, ${testRuns}, ${states} (${scoredStates} by the model)`,
      "candidates per state, scored per scored state": `${(candidates / Math.max(1, states)).toFixed(1)}, ${(scored / Math.max(1, scoredStates)).toFixed(1)}`,
      "ranking ms per scored state": perState,
      "ranking tokens per scored state (prefix + candidates)": rankTokens / Math.max(1, scoredStates),
      "prefix evaluations per scoring call":
        (after.prefixEvaluations - before.prefixEvaluations) / Math.max(1, after.calls - before.calls),
      "one test run ms": perRun,
      "ranking a state / one test run": perRun > 0 ? perState / perRun : NaN,
      "learned ranker ms per state (proposals + features + score, no model)": learned,
      "learned ranking a state / one test run": perRun > 0 ? learned / perRun : NaN,
      "of which the code n-gram's naturalness, ms per state": naturalMs / Math.max(1, learnedStates),
      "code n-gram, the same state at the end of a 2,000-line file / in its own file":
        naturalLongMs / Math.max(1e-9, naturalMs),
    };
  } finally {
    await verifier.dispose();
    await policy.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  for (const [k, v] of Object.entries(await benchRanking(process.argv.slice(2))))
    console.log(`${k.padEnd(48)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
