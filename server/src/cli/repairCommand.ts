import { existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { basename, resolve } from "node:path";
import pc from "picocolors";
import type { ProgressEvent, TestSource, Trace } from "../core/types.js";
import { recordRepair } from "../core/dataset/recordRepair.js";
import { solveRepair } from "../core/solve/index.js";
import { parseMode, parseOnOff } from "./parseMode.js";
import { PROBE_BY_DEFAULT } from "../core/solve/RepairMode.js";
import { SearchStatusLine } from "./SearchStatusLine.js";
import { openModel, openRanker, openVerifier } from "./resources.js";
import { formatStep, verdictSummary } from "./printStep.js";
import { UsageError } from "./UsageError.js";
import type { CliCommand } from "./CliCommand.js";

export interface RepairJson {
  file: string;
  solved: boolean;
  model: string;
  tokens: number;
  ms: number;
  initial: { passed: number; total: number; kind: string };
  steps: Trace["steps"];
  stop: Trace["stop"];
  finalCode: string;
  rollouts: Trace[];
}

export const repairCommand: CliCommand = {
  name: "repair",
  summary: "repair a failing Python file (prints each step; --apply writes the fix)",
  usage:
    "coe repair FILE.py [--tests TEST.py] [--model M.gguf] [--mode model|mutate|hybrid|ranked] [--rollouts N] [--max-turns N] [--budget RUNS] [--seed S] [--trace-json OUT.json] [--apply] [--dataset DIR] [--style auto|chat|coe] [--timeout MS] [--ranker R.json|none] [--probe on|off]",
  options: {
    tests: { type: "string" },
    model: { type: "string" },
    rollouts: { type: "string", default: "1" },
    "max-turns": { type: "string", default: "10" },
    seed: { type: "string", default: "1" },
    "trace-json": { type: "string" },
    apply: { type: "boolean", default: false },
    timeout: { type: "string", default: "5000" },
    threads: { type: "string" },
    style: { type: "string" },
    mode: { type: "string" },
    budget: { type: "string", default: "200" },
    dataset: { type: "string" },
    ranker: { type: "string" },
    probe: { type: "string" },
  },
  async run({ values, positionals, signal, intArg }) {
    const file = positionals[0];
    if (!file) throw new UsageError("coe repair needs a FILE.py");
    const path = resolve(file);
    if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
    const code = readFileSync(path, "utf8");
    let tests: TestSource = { kind: "auto" };
    if (values.tests) {
      const testPath = resolve(String(values.tests));
      if (!existsSync(testPath)) throw new UsageError(`no such test file: ${String(values.tests)}`);
      tests = { kind: "pytest", file: basename(testPath), content: readFileSync(testPath, "utf8") };
    }
    const rollouts = intArg("rollouts", 1, 64);
    const verifier = await openVerifier();
    const mode = parseMode(values.mode);
    const policy =
      mode === "mutate"
        ? undefined
        : await openModel(values.model as string | undefined, {
            sequences: rollouts,
            threads: values.threads as string | undefined,
            style: values.style as string | undefined,
            required: mode === "model",
          });
    const modelName = policy?.name ?? "mutate";
    const status = new SearchStatusLine();
    try {
      process.stderr.write(pc.dim(`mode ${mode}, model ${modelName}, ${rollouts} rollout(s)\n`));
      const onProgress = (e: ProgressEvent): void => {
        if (e.type === "search") return status.update(e);
        status.clear();
        if (e.type === "start") {
          process.stdout.write(`${pc.bold(basename(path))}: ${verdictSummary(e.initial)}\n`);
          if (e.initial.kind === "notests")
            throw new UsageError(`${file} has no tests: pass --tests TEST.py, or add doctests or asserts`);
        } else if (e.type === "step" && mode === "model")
          process.stdout.write(formatStep(e.step, e.turn, rollouts > 1 ? e.rollout : undefined) + "\n");
        else if (e.type === "message") process.stderr.write(pc.dim(`${e.text}\n`));
      };
      const result = await solveRepair({
        mode,
        code,
        tests,
        verifier,
        policy,
        rollouts,
        maxTurns: intArg("max-turns", 1, 100),
        seed: intArg("seed", 0, 2 ** 31),
        budget: intArg("budget", 1, 100000),
        fileName: basename(path),
        timeoutMs: intArg("timeout", 100, 600000),
        ...(mode === "ranked" ? { ranker: openRanker(values.ranker as string | undefined) } : {}),
        probe: parseOnOff("probe", values.probe, PROBE_BY_DEFAULT),
        signal,
        onProgress,
      });
      if (result.stats) {
        const stats = result.stats;
        status.clear();
        result.best.steps.forEach((step, i) => process.stdout.write(formatStep(step, i + 1) + "\n"));
        process.stdout.write(
          pc.dim(`search: ${stats.verifications} test runs, ${stats.uniqueStates} states, stop: ${stats.stop}\n`),
        );
        for (const flag of result.flags) process.stdout.write(pc.yellow(`warning: ${flag}\n`));
      }
      if (values.dataset && result.best.solved)
        await recordRepair({
          dir: String(values.dataset),
          file: path,
          code,
          tests,
          trace: result.best,
          source: mode === "model" ? "accepted" : "search",
          model: modelName,
        });
      const best = result.best;
      const json: RepairJson = {
        file: path,
        solved: best.solved,
        model: modelName,
        tokens: result.traces.reduce((s, t) => s + t.tokens, 0),
        ms: Math.round(result.ms),
        initial: { passed: result.initial.passed, total: result.initial.total, kind: result.initial.kind },
        steps: best.steps,
        stop: best.stop,
        finalCode: best.finalCode,
        rollouts: result.traces,
      };
      if (values["trace-json"])
        writeFileSync(resolve(String(values["trace-json"])), JSON.stringify(json, null, 2) + "\n");
      const summary = best.solved ? pc.green("solved") : pc.red("not solved");
      process.stdout.write(
        `${summary}: ${verdictLine(best)} in ${best.steps.length} step(s), ${json.tokens} tokens, ${json.ms} ms\n`,
      );
      if (values.apply && best.solved && best.finalCode !== code) {
        const tmp = `${path}.coe-tmp`;
        writeFileSync(tmp, best.finalCode);
        renameSync(tmp, path);
        process.stdout.write(`applied to ${file}\n`);
      } else if (best.solved && best.finalCode !== code)
        process.stdout.write(pc.dim("(the file is unchanged: pass --apply to write the fix)\n"));
      return best.solved ? 0 : 1;
    } finally {
      status.dispose();
      await policy?.dispose();
      await verifier.dispose();
    }
  },
};

function verdictLine(t: Trace): string {
  const last = t.steps[t.steps.length - 1];
  const passed = last ? last.passed : t.initialPassed;
  const total = last ? last.total : t.initialTotal;
  return `${passed}/${total} tests pass`;
}
