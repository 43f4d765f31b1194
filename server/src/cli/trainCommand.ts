import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pc from "picocolors";
import { DatasetStore } from "../core/dataset/index.js";
import { rlLearnedNothing, trainRl } from "../core/train/trainRl.js";
import { DEFAULT_RANK_WEIGHT, DEFAULT_SHAPE, trainSft, type TrainEvent } from "../core/train/trainSft.js";
import { resources } from "../core/resources.js";
import { openVerifier } from "./resources.js";
import { UsageError } from "./UsageError.js";
import { trainLora } from "./trainLora.js";
import type { CliCommand } from "./CliCommand.js";

function printEvent(e: TrainEvent): void {
  switch (e.type) {
    case "phase":
      process.stderr.write(`${pc.bold(e.phase)}${e.detail ? ` ${e.detail}` : ""}\n`);
      break;
    case "demos":
      if (e.done % 25 === 0 || e.done === e.total)
        process.stderr.write(pc.dim(`  demos ${e.done}/${e.total} programs\r`));
      break;
    case "trainer": {
      const p = e.progress;
      if (p.step !== undefined)
        process.stderr.write(
          `  step ${p.step}/${p.steps ?? "?"} loss ${Number(p.loss ?? NaN).toFixed(4)}` +
            (p.rank_loss !== undefined
              ? ` rank loss ${Number(p.rank_loss).toFixed(4)} (pairs right ${Math.round(100 * Number(p.rank_acc))}%)`
              : "") +
            ` ${Math.round(Number(p.tokens_per_s ?? 0))} tok/s` +
            (p.eta_s !== undefined ? ` eta ${Math.round(Number(p.eta_s))} s` : "") +
            "\n",
        );
      break;
    }
    case "log":
      process.stderr.write(pc.dim(`  ${e.line}\n`));
      break;
  }
}

export const trainCommand: CliCommand = {
  name: "train",
  summary:
    "train a model: sft (synthetic demos + your dataset), lora (a versioned adapter round on your GGUF) or rl (GRPO)",
  usage:
    "coe train sft [--out M.gguf] [--init I.gguf | --dim D --layers L --heads H --ffn F] [--steps N] [--variants K] [--dataset DIR] [--rank-weight W] [--work DIR] [--resume]\n" +
    "  coe train lora --base B.gguf [--dataset DIR] [--rank R] [--steps N] [--val-suite S] [--val-limit N] [--held-out F]\n" +
    "  coe train rl --model SFT.gguf [--out M.gguf] [--rounds R] [--tasks T] [--group G] [--kl K] [--temperature T] [--work DIR]",
  options: {
    out: { type: "string" },
    init: { type: "string" },
    model: { type: "string" },
    dim: { type: "string", default: `${DEFAULT_SHAPE.dim}` },
    layers: { type: "string", default: `${DEFAULT_SHAPE.layers}` },
    heads: { type: "string", default: `${DEFAULT_SHAPE.heads}` },
    ffn: { type: "string", default: `${DEFAULT_SHAPE.ffn}` },
    ctx: { type: "string", default: `${DEFAULT_SHAPE.ctx}` },
    steps: { type: "string", default: "2000" },
    variants: { type: "string", default: "8" },
    "batch-tokens": { type: "string", default: "8192" },
    lr: { type: "string" },
    dataset: { type: "string" },
    "rank-weight": { type: "string", default: `${DEFAULT_RANK_WEIGHT}` },
    work: { type: "string" },
    resume: { type: "boolean", default: false },
    bf16: { type: "boolean", default: false },
    threads: { type: "string", default: "1" },
    seed: { type: "string", default: "0" },
    rounds: { type: "string", default: "2" },
    tasks: { type: "string", default: "16" },
    group: { type: "string", default: "8" },
    kl: { type: "string", default: "0.02" },
    temperature: { type: "string", default: "1" },
    "max-turns": { type: "string", default: "6" },
    edits: { type: "string", default: "2" },
    base: { type: "string" },
    rank: { type: "string", default: "16" },
    "val-suite": { type: "string" },
    "val-limit": { type: "string", default: "20" },
    "held-out": { type: "string", default: "0.2" },
  },
  async run(ctx) {
    const { values, positionals, signal, intArg, numArg } = ctx;
    const kind = positionals[0];
    if (kind !== "sft" && kind !== "rl" && kind !== "lora")
      throw new UsageError("coe train needs 'sft', 'rl' or 'lora'");
    const out = resolve(String(values.out ?? join(resources.packageRoot(), "runs", `${kind}.gguf`)));
    const workDir = resolve(String(values.work ?? join(resources.packageRoot(), "runs", `${kind}-work`)));
    const verifier = await openVerifier();
    try {
      if (kind === "lora") return await trainLora(ctx, verifier);
      if (kind === "sft") {
        if (values.variants === "0" && !values.dataset)
          throw new UsageError("--variants 0 trains on the dataset alone: give --dataset DIR");
        if (values.init && !existsSync(resolve(String(values.init))))
          throw new UsageError(`no such model: ${String(values.init)}`);
        const final = await trainSft({
          workDir,
          out,
          verifier,
          ...(values.init ? { init: resolve(String(values.init)) } : {}),
          shape: {
            dim: intArg("dim", 8, 8192),
            layers: intArg("layers", 1, 128),
            heads: intArg("heads", 1, 128),
            ffn: intArg("ffn", 8, 65536),
            ctx: intArg("ctx", 256, 32768),
          },
          steps: intArg("steps", 1, 1e7),
          variantsPerTask: intArg("variants", 0, 1000),
          ...(values.dataset ? { dataset: new DatasetStore({ dir: resolve(String(values.dataset)) }) } : {}),
          // Learning to rank: the dataset's rank records (searches' winners over their failed siblings); 0: off.
          rankWeight: numArg("rank-weight", 0, 1000),
          batchTokens: intArg("batch-tokens", 64, 1e7),
          ...(values.lr ? { lr: numArg("lr", 0, 1) } : {}),
          threads: intArg("threads", 1, 256),
          seed: intArg("seed", 0, 2 ** 31),
          resume: Boolean(values.resume),
          bf16: Boolean(values.bf16),
          signal,
          onEvent: printEvent,
        });
        process.stdout.write(`${pc.green("trained")} ${out} (final loss ${Number(final.loss ?? NaN).toFixed(4)})\n`);
        return 0;
      }
      const model = values.model ? resolve(String(values.model)) : resources.bundledModel();
      if (!existsSync(model)) throw new UsageError(`no such model: ${model}`);
      const reports = await trainRl({
        model,
        out,
        workDir,
        verifier,
        rounds: intArg("rounds", 1, 1000),
        tasksPerRound: intArg("tasks", 1, 10000),
        groupSize: intArg("group", 2, 64),
        maxTurns: intArg("max-turns", 1, 50),
        corruptions: [1, intArg("edits", 1, 5)],
        kl: numArg("kl", 0, 10),
        temperature: numArg("temperature", 0.01, 10),
        ...(values.lr ? { lr: numArg("lr", 0, 1) } : {}),
        threads: intArg("threads", 1, 256),
        seed: intArg("seed", 0, 2 ** 31),
        signal,
        onEvent: printEvent,
      });
      for (const r of reports)
        process.stdout.write(
          `round ${r.round}: ${r.episodes} episodes, solved ${(100 * r.solvedFraction).toFixed(1)}%, mean reward ${r.meanReward.toFixed(3)}, ${r.informativeGroups} group(s) with a reward signal, ${r.episodesPerMinute.toFixed(1)} episodes/min\n`,
        );
      const nothing = rlLearnedNothing(reports);
      if (nothing) process.stdout.write(`${pc.yellow("unchanged")}: ${nothing} (--tasks, --temperature)\n`);
      process.stdout.write(`${pc.green("trained")} ${out}\n`);
      return 0;
    } catch (err) {
      if (signal.aborted) {
        process.stderr.write(`coe: ${(err as Error).message}\n`);
        return 1;
      }
      throw err;
    } finally {
      await verifier.dispose();
    }
  },
};
