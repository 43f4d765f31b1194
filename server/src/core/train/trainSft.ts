import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DatasetStore } from "../dataset/DatasetStore.js";
import { recordToEpisode } from "../dataset/exportSft.js";
import { readContextLength } from "../model/readContextLength.js";
import type { RankRecord } from "../search/RankRecord.js";
import type { Verifier } from "../python/Verifier.js";
import { loadMbpp } from "../synth/loadMbpp.js";
import { makeDemos } from "../synth/makeDemos.js";
import { mixSeed } from "../synth/rng.js";
import { runTrainer, type TrainerProgress } from "./runTrainer.js";
import { writeRankTokenized } from "./writeRankTokenized.js";
import { writeTokenized, type TrainingEpisode } from "./writeTokenized.js";

/** Shape of a new model (when no --init GGUF is given). */
export interface ModelShape {
  dim: number;
  layers: number;
  heads: number;
  ffn: number;
  ctx: number;
}

export const DEFAULT_SHAPE: ModelShape = { dim: 256, layers: 4, heads: 8, ffn: 768, ctx: 2048 };

/** Weight of the rank loss beside the next-token loss when the dataset has rank records (docs/learning-to-rank.md). */
export const DEFAULT_RANK_WEIGHT = 1;

export type TrainEvent =
  | { type: "phase"; phase: string; detail?: string }
  | { type: "demos"; done: number; total: number }
  | { type: "trainer"; progress: TrainerProgress }
  | { type: "log"; line: string };

export interface TrainSftOptions {
  /** Working folder: init model, tokenized data, checkpoints. Reused by --resume. */
  workDir: string;
  out: string;
  verifier: Verifier;
  /** A full mbpp.jsonl; default the MBPP data of the package (core/resources.ts). */
  mbppPath?: string;
  /** Start from this GGUF (its architecture and tokenizer are kept); else a new model of `shape`. */
  init?: string;
  shape?: ModelShape;
  steps: number;
  /** Synthetic variants per MBPP program (train + validation splits only); 0: the dataset alone. */
  variantsPerTask?: number;
  /** Corrupt only this many MBPP programs (a seeded sample): a small replay beside the dataset. Default all. */
  demoTasks?: number;
  /** Also learn from the user's dataset (accepted repairs, hand fixes, search wins). */
  dataset?: DatasetStore;
  /** Learning to rank: weight of the pairwise rank loss on the dataset's rank records (default
   *  DEFAULT_RANK_WEIGHT; 0: next-token loss only). Used only when the dataset has rank records. */
  rankWeight?: number;
  /** Fail (before any demo or training) when the dataset yields no usable solved repair. */
  requireDataset?: boolean;
  batchTokens?: number;
  lr?: number;
  threads?: number;
  seed?: number;
  resume?: boolean;
  bf16?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
}

/**
 * `coe train sft` end to end: synthetic demos from MBPP train/validation (+ the user's dataset),
 * tokenized by the model's tokenizer, then the PyTorch trainer, then a GGUF at `out`.
 * Every artefact lives in workDir, so an interrupted run resumes where it stopped.
 */
export async function trainSft(options: TrainSftOptions): Promise<TrainerProgress> {
  const emit = options.onEvent ?? (() => {});
  mkdirSync(options.workDir, { recursive: true });
  mkdirSync(dirname(options.out), { recursive: true });
  const init = options.init ?? join(options.workDir, "init.gguf");
  if (!options.init && !existsSync(init)) {
    const s = options.shape ?? DEFAULT_SHAPE;
    emit({
      type: "phase",
      phase: "init",
      detail: `new model dim ${s.dim}, ${s.layers} layers, ${s.heads} heads, ffn ${s.ffn}`,
    });
    await runTrainer({
      module: "make_model",
      args: [
        "--out",
        init,
        "--dim",
        `${s.dim}`,
        "--layers",
        `${s.layers}`,
        "--heads",
        `${s.heads}`,
        "--ffn",
        `${s.ffn}`,
        "--ctx",
        `${s.ctx}`,
        "--seed",
        `${options.seed ?? 0}`,
        "--name",
        "coe-tiny",
      ],
      signal: options.signal,
    });
  }
  const data = join(options.workDir, "sft.jsonl");
  const rankData = join(options.workDir, "rank.jsonl");
  const rankWeight = options.rankWeight ?? DEFAULT_RANK_WEIGHT;
  if (!(options.resume && existsSync(data))) {
    rmSync(rankData, { force: true });
    const rankRecords: RankRecord[] = [];
    const variants = options.variantsPerTask ?? 8;
    if (variants === 0 && !options.dataset)
      throw new Error("nothing to train on: no synthetic demos (variants 0) and no dataset");
    const episodes: TrainingEpisode[] = [];
    // The dataset first: a round on the user's fixes fails fast when there are none.
    if (options.dataset) {
      const { records, warnings } = await options.dataset.read();
      for (const w of warnings) emit({ type: "log", line: `dataset line ${w.line} skipped: ${w.message}` });
      let used = 0;
      for (const r of records) {
        if (r.rank) rankRecords.push(...r.rank);
        const ep = await recordToEpisode(r, { verifier: options.verifier, signal: options.signal });
        if (typeof ep === "string") emit({ type: "log", line: `dataset record ${r.id} skipped: ${ep}` });
        else {
          episodes.push(ep);
          used++;
        }
      }
      emit({ type: "phase", phase: "dataset", detail: `${used} of ${records.length} records used` });
      if (used === 0 && options.requireDataset)
        throw new Error(
          records.length === 0
            ? `nothing to train on: the dataset ${options.dataset.path} is empty (accept a repair or record a fix first)`
            : `nothing to train on: none of the ${records.length} records of ${options.dataset.path} is a usable solved repair`,
        );
    }
    if (variants > 0) {
      emit({ type: "phase", phase: "demos", detail: "corrupting MBPP train/validation programs, verifying each" });
      const seed = options.seed ?? 0;
      let tasks = loadMbpp({ path: options.mbppPath, splits: ["train", "validation"] });
      if (options.demoTasks !== undefined && options.demoTasks < tasks.length)
        tasks = [...tasks]
          .sort((a, b) => mixSeed(seed, a.task_id) - mixSeed(seed, b.task_id))
          .slice(0, Math.max(0, options.demoTasks));
      const { demos, stats } = await makeDemos({
        tasks,
        verifier: options.verifier,
        seed,
        variantsPerTask: variants,
        signal: options.signal,
        onProgress: (done, total) => emit({ type: "demos", done, total }),
      });
      emit({
        type: "phase",
        phase: "demos",
        detail: `${stats.demos} demos from ${stats.tasks} programs (${stats.uncaught} uncaught corruptions dropped)`,
      });
      for (const d of demos) episodes.push({ header: d.header, states: d.states, commands: d.commands });
    }
    if (episodes.length === 0) throw new Error("nothing to train on: the dataset has no usable solved repairs");
    // The model's own context (an --init GGUF keeps its own; a new one was made with shape.ctx).
    const maxTokens = await readContextLength(init, options.signal);
    const r = await writeTokenized({ modelPath: init, episodes, out: data, maxTokens });
    emit({
      type: "phase",
      phase: "tokenize",
      detail: `${r.written} episodes, ${r.tokens} tokens (${r.skipped} longer than the model's ${maxTokens}-token context)`,
    });
    if (rankRecords.length > 0 && rankWeight > 0) {
      const rk = await writeRankTokenized({
        modelPath: init,
        records: rankRecords,
        out: rankData,
        maxTokens,
        onSkip: (reason) => emit({ type: "log", line: `rank record skipped: ${reason}` }),
      });
      emit({
        type: "phase",
        phase: "rank",
        detail: `${rk.written} of ${rankRecords.length} rank records (${rk.candidates} candidate commands), weight ${rankWeight}`,
      });
    }
  }
  emit({ type: "phase", phase: "train", detail: `${options.steps} steps` });
  const args = [
    "--data",
    data,
    "--init",
    init,
    "--out",
    options.out,
    "--steps",
    `${options.steps}`,
    "--ckpt-dir",
    join(options.workDir, "ckpt"),
  ];
  if (options.batchTokens) args.push("--batch-tokens", `${options.batchTokens}`);
  if (options.lr) args.push("--lr", `${options.lr}`);
  if (options.threads) args.push("--threads", `${options.threads}`);
  if (options.seed !== undefined) args.push("--seed", `${options.seed}`);
  if (options.bf16) args.push("--bf16");
  if (rankWeight > 0 && existsSync(rankData)) args.push("--rank-data", rankData, "--rank-weight", `${rankWeight}`);
  if (options.resume) args.push("--resume");
  return runTrainer({
    module: "sft",
    args,
    signal: options.signal,
    onProgress: (progress) => emit({ type: "trainer", progress }),
    onLog: (line) => emit({ type: "log", line }),
  });
}
