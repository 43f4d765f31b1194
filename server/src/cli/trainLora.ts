import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import pc from "picocolors";
import { DatasetStore } from "../core/dataset/index.js";
import { recordToEpisode } from "../core/dataset/exportSft.js";
import { parseSuite } from "../core/eval/index.js";
import { repair } from "../core/loop/index.js";
import { LlamaPolicy } from "../core/model/LlamaPolicy.js";
import { describeModel, modelPaths, updateModelConfig, type ModelChoice } from "../core/models/index.js";
import type { Verifier } from "../core/python/Verifier.js";
import { RoundStore, runLoraRound, type ScoreTask } from "../core/rounds/index.js";
import { runTrainer } from "../core/train/runTrainer.js";
import { writeTokenized } from "../core/train/writeTokenized.js";
import type { CliContext } from "./CliCommand.js";
import { BUILTIN_SUITES, buildMbppRepairSuite } from "./mbppRepairSuite.js";
import { UsageError } from "./UsageError.js";

async function validationTasks(suite: string, limit: number): Promise<ScoreTask[]> {
  let tasks;
  if (BUILTIN_SUITES[suite]) tasks = await buildMbppRepairSuite(suite);
  else {
    if (!existsSync(resolve(suite))) throw new UsageError(`no such validation suite: ${suite}`);
    try {
      tasks = parseSuite(readFileSync(resolve(suite), "utf8"), suite);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return tasks.slice(0, limit).map((t) => ({
    id: t.id,
    code: t.code,
    tests: { kind: "snippets", snippets: t.tests },
    ...(t.description ? { description: t.description } : {}),
  }));
}

/** Model rollouts (greedy, 1 per task): the model itself is measured, not the mutation search. */
async function solveWith(choice: ModelChoice, tasks: ScoreTask[], verifier: Verifier, maxTurns: number) {
  const solved = new Set<string>();
  if (tasks.length === 0) return solved;
  const policy = await LlamaPolicy.load({
    modelPath: choice.model,
    ...(choice.adapters?.length ? { loraAdapters: choice.adapters } : {}),
  });
  try {
    for (const t of tasks) {
      const r = await repair({ code: t.code, tests: t.tests, policy, verifier, rollouts: 1, maxTurns, seed: 1 });
      if (r.best.solved) solved.add(t.id);
    }
  } finally {
    await policy.dispose();
  }
  return solved;
}

/**
 * `coe train lora --base B.gguf [--dataset DIR]`: one versioned LoRA round (core/rounds): the adapter
 * is trained by the trainer's lora_train module on the user's fixes (a seeded 20% held back), scored
 * against the model in use on the validation suite and the held-back fixes, and promoted (made the
 * model `coe repair` uses) only when it loses on neither.
 */
export async function trainLora(ctx: CliContext, verifier: Verifier): Promise<number> {
  const { values, intArg, numArg, signal } = ctx;
  if (!values.base) throw new UsageError("coe train lora needs --base B.gguf (the model the adapter trains on)");
  const base = resolve(String(values.base));
  if (!existsSync(base)) throw new UsageError(`no such model: ${String(values.base)}`);
  const info = await describeModel(base).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  if (info.adapter) throw new UsageError(`${base} is itself a LoRA adapter: --base needs a full model`);
  const datasetDir = resolve(String(values.dataset ?? "."));
  const store = new DatasetStore({ dir: datasetDir });
  const { records } = await store.read();
  await store.dispose();
  const solved = records.filter((r) => r.outcome.solved);
  const paths = modelPaths();
  const rounds = new RoundStore(paths.roundsDir);
  const current = rounds.current();
  const currentRound = current ? rounds.get(current).record : undefined;
  const baseline: ModelChoice =
    currentRound?.kind === "lora" && currentRound.base === base
      ? { model: base, adapters: [{ filePath: rounds.artifactPath(currentRound) }], round: currentRound.id }
      : { model: base, name: info.name };
  const maxTurns = intArg("max-turns", 1, 50);
  const style = info.chatTemplate ? "chat" : "coe";
  if (solved.length === 0)
    throw new UsageError(`nothing to train on: ${store.path} has no solved repair (record fixes first)`);
  const result = await runLoraRound({
    store: rounds,
    base,
    records: solved,
    datasetFile: store.path,
    baseline,
    validation: {
      suite: String(values["val-suite"] ?? "mbpp-val-repair"),
      tasks: await validationTasks(String(values["val-suite"] ?? "mbpp-val-repair"), intArg("val-limit", 1, 1e5)),
    },
    settings: {
      rank: intArg("rank", 1, 1024),
      steps: intArg("steps", 1, 1e7),
      ...(values.lr ? { lr: numArg("lr", 0, 1) } : {}),
      seed: intArg("seed", 0, 2 ** 31),
      heldOutFraction: numArg("held-out", 0, 0.9),
    },
    toEpisode: async (r) => recordToEpisode(r, { verifier }),
    train: async ({ episodes, workDir, adapterPath }) => {
      const data = resolve(workDir, "episodes.jsonl");
      await import("node:fs").then((fs) => fs.mkdirSync(dirname(data), { recursive: true }));
      const w = await writeTokenized({
        modelPath: base,
        style,
        episodes,
        out: data,
        maxTokens: info.contextLength || undefined,
      });
      process.stderr.write(pc.dim(`  ${w.written} episodes (${w.tokens} tokens, style ${style})\n`));
      const args = [
        "--base",
        base,
        "--data",
        data,
        "--out",
        adapterPath,
        "--rank",
        String(values.rank),
        "--steps",
        String(values.steps),
      ];
      if (values.lr) args.push("--lr", String(values.lr));
      const last = await runTrainer({
        module: "lora_train",
        args,
        signal,
        onProgress: (p) =>
          p.step !== undefined &&
          process.stderr.write(`  step ${p.step}/${p.steps ?? "?"} loss ${Number(p.loss ?? NaN).toFixed(4)}\n`),
        onLog: (l) => process.stderr.write(pc.dim(`  ${l}\n`)),
      });
      if (!existsSync(adapterPath)) throw new Error(`the trainer finished without writing ${adapterPath}`);
      return typeof last.loss === "number" ? { loss: last.loss } : {};
    },
    solve: (choice, tasks) => solveWith(choice, tasks, verifier, maxTurns),
    onPhase: (p) => process.stderr.write(`${pc.bold(p)}\n`),
  });
  const { candidate, baseline: b } = result.scores;
  process.stdout.write(
    `${result.round.record.id}: validation ${candidate.validation.solved}/${candidate.validation.total} (baseline ${b.validation.solved}), ` +
      `held-out fixes ${candidate.heldOut.solved}/${candidate.heldOut.total} (baseline ${b.heldOut.solved})\n`,
  );
  if (result.decision.promote) {
    updateModelConfig(paths.configPath, {
      choice: {
        model: base,
        adapters: [{ filePath: rounds.artifactPath(result.round.record) }],
        name: result.round.record.id,
        round: result.round.record.id,
      },
    });
    process.stdout.write(`${pc.green("promoted")} ${result.round.record.id}: ${result.decision.reason}; now in use\n`);
  } else
    process.stdout.write(
      `${pc.yellow("not promoted")} ${result.round.record.id}: ${result.decision.reason} (kept in ${result.round.dir})\n`,
    );
  return 0;
}
