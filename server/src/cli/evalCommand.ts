import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pc from "picocolors";
import {
  BUILTIN_SUITES,
  runEval,
  trainableError,
  type EvalSummary,
  type EvalTask,
  type Solver,
} from "../core/eval/index.js";
import { loadSuiteTasks } from "./loadSuiteTasks.js";
import { makeSolver } from "./makeSolver.js";
import { openModel, openRanker, openVerifier } from "./resources.js";
import { recordRepair } from "../core/dataset/recordRepair.js";
import { parseMode, parseOnOff } from "./parseMode.js";
import { PROBE_BY_DEFAULT } from "../core/solve/RepairMode.js";
import { UsageError } from "./UsageError.js";
import type { CliCommand } from "./CliCommand.js";
import type { Policy } from "../core/model/Policy.js";

export const evalCommand: CliCommand = {
  name: "eval",
  summary: "measure repair on a suite (pass@1, best-of-N, turns, tokens, test runs, time)",
  usage:
    "coe eval --suite mbpp-repair|mbpp-val-repair[-tune|-report]|mbpp-train-repair|real-bugs[-tune|-report]|train-bugs|SUITE.jsonl [--model M.gguf] [--mode model|mutate|hybrid|ranked] [--rollouts N] [--budget RUNS] [--hidden F] [--skip N] [--limit N] [--json OUT] [--dataset DIR] [--style auto|chat|coe] [--ranker R.json|none] [--concurrency N] [--probe on|off]",
  options: {
    suite: { type: "string" },
    model: { type: "string" },
    mode: { type: "string" },
    rollouts: { type: "string", default: "1" },
    "max-turns": { type: "string", default: "10" },
    budget: { type: "string", default: "100" },
    concurrency: { type: "string", default: "1" },
    hidden: { type: "string", default: "0" },
    limit: { type: "string", default: "0" },
    skip: { type: "string", default: "0" },
    seed: { type: "string", default: "1" },
    json: { type: "string" },
    dataset: { type: "string" },
    threads: { type: "string" },
    style: { type: "string" },
    ranker: { type: "string" },
    probe: { type: "string" },
  },
  async run({ values, signal, intArg, numArg }) {
    if (!values.suite) throw new UsageError("coe eval needs --suite mbpp-repair or --suite SUITE.jsonl");
    const suite = String(values.suite);
    const builtin = BUILTIN_SUITES[suite];
    // The suite policy (core/eval/suitePolicy.ts) refuses held-out suites up front; recordRepair
    // checks each task again where it is recorded.
    const refuse = (split?: string): void => {
      const why = values.dataset ? trainableError({ suite, split }) : undefined;
      if (why) throw new UsageError(`--dataset: ${why}`);
    };
    if (builtin) refuse();
    let tasks: EvalTask[] = await loadSuiteTasks(suite);
    if (!builtin) for (const t of tasks) refuse(t.split);
    tasks = tasks.slice(intArg("skip", 0, 1e6));
    const limit = intArg("limit", 0, 1e6);
    if (limit > 0) tasks = tasks.slice(0, limit);
    const mode = parseMode(values.mode);
    const rollouts = intArg("rollouts", 1, 64);
    // 1 by default: a search's count of test runs then depends on its order alone, not on the load.
    const concurrency = intArg("concurrency", 1, 64);
    const verifier = await openVerifier();
    let policy: Policy | undefined;
    try {
      if (mode !== "mutate")
        policy = await openModel(values.model as string | undefined, {
          sequences: rollouts,
          threads: values.threads as string | undefined,
          style: values.style as string | undefined,
          required: mode === "model",
        });
      const solve = makeSolver({
        mode,
        policy,
        rollouts,
        maxTurns: intArg("max-turns", 1, 100),
        budget: intArg("budget", 1, 1e6),
        seed: intArg("seed", 0, 2 ** 31),
        concurrency,
        probe: parseOnOff("probe", values.probe, PROBE_BY_DEFAULT),
        ...(mode === "ranked" ? { ranker: openRanker(values.ranker as string | undefined) } : {}),
      });
      const dataset = values.dataset ? resolve(String(values.dataset)) : undefined;
      let recorded = 0;
      let ranked = 0;
      // With --dataset, every solved task's winning trace is kept (source: search) for `coe train sft`,
      // with the search's rank records (winner over failed siblings at each state) for learning to rank.
      const solver: Solver = async (task, visible, v, sig) => {
        const r = await solve(task, visible, v, sig);
        if (dataset && r.best.solved) {
          await recordRepair({
            dir: dataset,
            file: `${task.id}.py`,
            code: task.code,
            tests: { kind: "snippets", snippets: visible },
            trace: r.best,
            source: "search",
            model: policy?.name ?? "none",
            origin: { suite, split: task.split },
            rank: r.rankRecords ?? [],
          });
          recorded++;
          ranked += r.rankRecords?.length ?? 0;
        }
        return r;
      };
      process.stderr.write(
        pc.dim(
          `${tasks.length} tasks, mode ${mode}${policy ? `, model ${policy.name}` : ""}, ${rollouts} rollout(s)\n`,
        ),
      );
      const { results, summary } = await runEval({
        tasks,
        solver,
        verifier,
        hidden: numArg("hidden", 0, 0.9),
        signal,
        onTask: (r, i) =>
          process.stderr.write(
            `${pc.dim(`[${i + 1}/${tasks.length}]`)} ${r.id} ${r.solved ? pc.green("solved") : pc.red("failed")} ` +
              pc.dim(`${r.turns} turns, ${r.testRuns} runs, ${Math.round(r.ms)} ms\n`),
          ),
      });
      process.stdout.write(formatSummary(summary, rollouts));
      if (dataset) process.stdout.write(`${recorded} solved repairs added to ${dataset} (${ranked} rank records)\n`);
      if (values.json)
        writeFileSync(
          resolve(String(values.json)),
          JSON.stringify(
            {
              suite,
              mode,
              model: policy?.name ?? null,
              rollouts,
              concurrency,
              summary,
              results,
            },
            null,
            1,
          ) + "\n",
        );
      return 0;
    } finally {
      await policy?.dispose();
      await verifier.dispose();
    }
  },
};

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function formatSummary(s: EvalSummary, rollouts: number): string {
  const lines = [
    `tasks ${s.tasks}`,
    `pass@1 ${pct(s.pass1)}   best-of-${rollouts} (verified) ${pct(s.bestOfN)}` +
      (s.solvedHidden !== undefined ? `   solved on hidden tests ${pct(s.solvedHidden)}` : ""),
    `per task: ${s.meanTurns.toFixed(2)} turns, ${Math.round(s.meanTokens)} tokens, ${s.meanTestRuns.toFixed(1)} test runs, ${Math.round(s.meanMs)} ms; test runs per solve ${s.testRunsPerSolve.toFixed(1)}`,
  ];
  const table = (title: string, g: EvalSummary["byKind"]): void => {
    const keys = Object.keys(g).sort();
    if (!keys.length) return;
    lines.push(title);
    for (const k of keys)
      lines.push(
        `  ${k.padEnd(18)} n=${String(g[k]!.tasks).padEnd(4)} pass@1 ${pct(g[k]!.pass1).padStart(6)}  best ${pct(g[k]!.bestOfN).padStart(6)}`,
      );
  };
  table("by number of corruptions:", s.byCorruptions);
  table("by bug kind:", s.byKind);
  return lines.join("\n") + "\n";
}
