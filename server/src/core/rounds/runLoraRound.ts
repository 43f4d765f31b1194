import { join } from "node:path";
import type { RepairRecord } from "../dataset/validateRecord.js";
import type { TestSource } from "../types.js";
import type { ModelChoice } from "../models/ModelConfig.js";
import type { TrainingEpisode } from "../train/writeTokenized.js";
import { decidePromotion, type PromotionDecision, type RoundScores } from "./decidePromotion.js";
import { holdOut } from "./holdOut.js";
import type { RoundInfo, RoundStore } from "./RoundStore.js";
import { snapshotDataset } from "./snapshotDataset.js";

/** A repair task a round is scored on: a validation-suite task or one of the user's held-back fixes. */
export interface ScoreTask {
  id: string;
  code: string;
  tests: TestSource;
  description?: string;
}

export interface LoraRoundOptions {
  store: RoundStore;
  /** The frozen base GGUF the adapter trains on (and is applied to). */
  base: string;
  /** The user's records (solved repairs) and the dataset file they come from ("" when none). */
  records: RepairRecord[];
  datasetFile: string;
  /** The model the round must not lose to (the promoted round, or the base alone). */
  baseline: ModelChoice;
  validation: { suite: string; tasks: ScoreTask[] };
  settings: { rank: number; steps: number; lr?: number; seed: number; heldOutFraction: number };
  /** Turns a record into an episode (recordToEpisode), or a reason it cannot. */
  toEpisode(record: RepairRecord): Promise<TrainingEpisode | string>;
  /** Writes the training data and runs the trainer; the adapter GGUF must exist at `adapterPath` after. */
  train(args: { episodes: TrainingEpisode[]; workDir: string; adapterPath: string }): Promise<{ loss?: number }>;
  /** Solved task ids of one model on the tasks (the same solver for candidate and baseline). */
  solve(choice: ModelChoice, tasks: ScoreTask[]): Promise<Set<string>>;
  onPhase?: (phase: string) => void;
}

export interface LoraRoundResult {
  round: RoundInfo;
  scores: { candidate: RoundScores; baseline: RoundScores };
  decision: PromotionDecision;
  loss?: number;
}

/**
 * One LoRA round, versioned in the store: hold back a seeded share of the user's fixes, train an
 * adapter on the rest, score candidate and baseline on the validation suite and the held-back fixes,
 * and promote only when the candidate loses on neither. The dataset is only read; the round's folder
 * is new; a refused round stays on disk (with its decision) and is never used unless chosen by hand.
 */
export async function runLoraRound(o: LoraRoundOptions): Promise<LoraRoundResult> {
  const { seed, heldOutFraction } = o.settings;
  const split = holdOut(
    o.records.map((r) => r.id),
    { fraction: heldOutFraction, seed },
  );
  const held = new Set(split.heldOut);
  const episodes: TrainingEpisode[] = [];
  for (const r of o.records) {
    if (held.has(r.id)) continue;
    const ep = await o.toEpisode(r);
    if (typeof ep !== "string") episodes.push(ep);
  }
  if (episodes.length === 0)
    throw new Error("nothing to train on: no usable solved repair outside the held-back share");
  const snap = await snapshotDataset(o.datasetFile);
  const round = o.store.create({
    kind: "lora",
    parent: o.store.current() ?? null,
    base: o.base,
    artifact: "adapter.gguf",
    data: { ...snap, records: o.records.length, heldOut: split.heldOut, heldOutFraction, seed },
    settings: { ...o.settings, validation: o.validation.suite, validationTasks: o.validation.tasks.length },
  });
  const adapterPath = o.store.artifactPath(round.record);
  o.onPhase?.(`${round.record.id}: ${split.train.length} records to train on, ${split.heldOut.length} held back`);
  const trained = await o.train({ episodes, workDir: join(round.dir, "work"), adapterPath });

  const heldTasks: ScoreTask[] = o.records
    .filter((r) => held.has(r.id))
    .map((r) => ({
      id: r.id,
      code: r.before,
      tests: r.tests,
      ...(r.description ? { description: r.description } : {}),
    }));
  const candidate: ModelChoice = { model: o.base, adapters: [{ filePath: adapterPath }], round: round.record.id };
  const score = async (choice: ModelChoice): Promise<RoundScores> => {
    const v = await o.solve(choice, o.validation.tasks);
    const h = await o.solve(choice, heldTasks);
    return {
      validation: { suite: o.validation.suite, solved: v.size, total: o.validation.tasks.length },
      heldOut: { suite: "held-out fixes", solved: h.size, total: heldTasks.length },
    };
  };
  o.onPhase?.("scoring the candidate");
  const candidateScores = await score(candidate);
  o.onPhase?.("scoring the baseline");
  const baselineScores = await score(o.baseline);
  o.store.writeEval(round.record.id, { candidate: candidateScores, baseline: baselineScores });
  const decision = decidePromotion(candidateScores, baselineScores);
  o.store.writeDecision(round.record.id, decision);
  if (decision.promote) o.store.promote(round.record.id, o.baseline);
  return {
    round: o.store.get(round.record.id),
    scores: { candidate: candidateScores, baseline: baselineScores },
    decision,
    ...(trained.loss !== undefined ? { loss: trained.loss } : {}),
  };
}
