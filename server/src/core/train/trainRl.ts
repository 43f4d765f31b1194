import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { repair, testsAsText } from "../loop/index.js";
import { LlamaPolicy } from "../model/LlamaPolicy.js";
import type { Verifier } from "../python/Verifier.js";
import { makeRepairSuite, type RepairSuiteTask } from "../synth/makeRepairSuite.js";
import { MBPP_SPLITS } from "../synth/loadMbpp.js";
import { makeRng } from "../synth/rng.js";
import { runTrainer } from "./runTrainer.js";
import { traceToEpisode } from "./traceToEpisode.js";
import type { TrainEvent } from "./trainSft.js";
import { writeTokenized, type TrainingEpisode } from "./writeTokenized.js";

export interface TrainRlOptions {
  /** The SFT model RL starts from (and the KL reference). */
  model: string;
  out: string;
  workDir: string;
  verifier: Verifier;
  mbppPath: string;
  rounds: number;
  /** Tasks per round; each gets one group of rollouts. */
  tasksPerRound: number;
  /** Rollouts per task (parallel sequences of one context). */
  groupSize: number;
  maxTurns?: number;
  temperature?: number;
  kl?: number;
  lr?: number;
  threads?: number;
  seed?: number;
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
}

export interface RlRoundReport {
  round: number;
  episodes: number;
  solvedFraction: number;
  meanReward: number;
  episodesPerMinute: number;
}

/**
 * `coe train rl`: GRPO rounds (the paper's RL). Each round samples groups of rollouts with the
 * current GGUF through the ordinary engine (repair with stopWhenSolved false, so EXIT is learned),
 * turns the traces into token ids + per-turn rewards, and runs the trainer's GRPO step. Tasks are
 * corruptions of MBPP train/validation programs only.
 */
export async function trainRl(options: TrainRlOptions): Promise<RlRoundReport[]> {
  const emit = options.onEvent ?? (() => {});
  mkdirSync(options.workDir, { recursive: true });
  const seed = options.seed ?? 0;
  emit({ type: "phase", phase: "tasks", detail: "corrupting MBPP train/validation programs" });
  const { tasks } = await makeRepairSuite({
    verifier: options.verifier,
    taskIds: [[MBPP_SPLITS.validation[0], MBPP_SPLITS.train[1]]],
    seed: seed + 7,
    corruptions: [1, 2],
    path: options.mbppPath,
    signal: options.signal,
  });
  const rng = makeRng(seed);
  let current = options.model;
  const reports: RlRoundReport[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const roundModel = join(options.workDir, `round-${round}.gguf`);
    if (existsSync(roundModel)) {
      current = roundModel; // resume: this round finished before
      continue;
    }
    const picked: RepairSuiteTask[] = Array.from(
      { length: options.tasksPerRound },
      () => tasks[Math.floor(rng.next() * tasks.length)]!,
    );
    const policy = await LlamaPolicy.load({
      modelPath: current,
      sequences: options.groupSize,
      threads: options.threads ?? 1,
    });
    const episodes: TrainingEpisode[] = [];
    let solved = 0;
    let reward = 0;
    const t0 = performance.now();
    try {
      for (const [i, task] of picked.entries()) {
        if (options.signal?.aborted) throw new Error("training cancelled");
        const tests = { kind: "snippets" as const, snippets: task.tests };
        const r = await repair({
          code: task.code,
          tests,
          policy,
          verifier: options.verifier,
          description: task.description,
          rollouts: options.groupSize,
          maxTurns: options.maxTurns ?? 6,
          temperature: options.temperature ?? 1.0,
          seed: seed * 100_003 + round * 1009 + i,
          stopWhenSolved: false,
          signal: options.signal,
        });
        const header = { description: task.description, tests: testsAsText(tests) };
        for (const t of r.traces) {
          episodes.push(traceToEpisode(t, header, r.initial, `${round}-${i}`));
          solved += t.solved ? 1 : 0;
          reward += t.reward;
        }
        emit({
          type: "log",
          line: `round ${round}: task ${i + 1}/${picked.length} ${r.traces.filter((t) => t.solved).length}/${r.traces.length} solved`,
        });
      }
    } finally {
      await policy.dispose();
    }
    const minutes = (performance.now() - t0) / 60_000;
    const report: RlRoundReport = {
      round,
      episodes: episodes.length,
      solvedFraction: solved / Math.max(1, episodes.length),
      meanReward: reward / Math.max(1, episodes.length),
      episodesPerMinute: episodes.length / Math.max(minutes, 1e-9),
    };
    emit({ type: "phase", phase: "rollouts", detail: JSON.stringify(report) });
    const data = join(options.workDir, `rollouts-${round}.jsonl`);
    await writeTokenized({ modelPath: current, episodes, out: data });
    const args = [
      "--rollouts",
      data,
      "--init",
      current,
      "--out",
      roundModel,
      "--ref",
      options.model,
      "--kl",
      `${options.kl ?? 0.02}`,
    ];
    if (options.lr) args.push("--lr", `${options.lr}`);
    if (options.threads) args.push("--threads", `${options.threads}`);
    await runTrainer({
      module: "grpo",
      args,
      signal: options.signal,
      onProgress: (progress) => emit({ type: "trainer", progress }),
      onLog: (line) => emit({ type: "log", line }),
    });
    current = roundModel;
    reports.push(report);
  }
  copyFileSync(current, options.out);
  return reports;
}
