import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { appendLineSync } from "../dataset/appendLine.js";
import type { RepairRecord } from "../dataset/index.js";
import type { Policy } from "../model/Policy.js";
import type { Verifier } from "../python/Verifier.js";
import { holdOut } from "../rounds/holdOut.js";
import { madeFrom, type ModelLineage } from "../rounds/modelLineage.js";
import { resources } from "../resources.js";
import { ModelProposer } from "../search/ModelProposer.js";
import { SEARCH_SAMPLES } from "../solve/RepairMode.js";
import { collectRankGroup, type CollectRankGroupOptions } from "./collectRankGroup.js";
import { fitRanker } from "./fitRanker.js";
import { LearnedRanker } from "./LearnedRanker.js";
import { parseRankGroups, type RankGroup } from "./RankGroup.js";
import { rankReport } from "./rankReport.js";

/**
 * A ranker round on the user's own repairs ("Train on My Fixes"): each repair of the dataset becomes a
 * group (collectRankGroup: every candidate of its initial code verified with its own tests, with the
 * model's samples among them when the ranker in use is stamped for the model loaded; cached in
 * <dir>/groups.jsonl, so a round only verifies new repairs); a fifth of them are held back (holdOut,
 * the LoRA round's split); a ranker is fitted on the rest starting from, and anchored to, the ranker in use; it
 * replaces it (<dir>/current.json) only if, on the held-back repairs, the first fix comes no later on
 * average than with the ranker in use. Nothing is promoted without held-back repairs to judge by.
 * When the loaded model was trained by rounds from the model the ranker in use is stamped for (`lineage`),
 * the round samples the loaded model and the fitted ranker is stamped for it, inheriting the sample
 * weights and skipped classes; an unpromoted fit leaves the ranker in use, and its stamp, as they were.
 */
export interface RankerRoundOptions {
  records: readonly RepairRecord[];
  verifier: Verifier;
  /** The user's ranker folder (<storage>/ranker). */
  dir: string;
  /** The ranker in use (the user's current one, else the bundled one). */
  current: LearnedRanker;
  /**
   * The model loaded in the editor, when any. When the ranker in use is stamped for it (`samples.model`
   * is its name), or for a model it was trained from (`lineage`), its samples join each repair's
   * candidates as in the search, so the round refines the sample and vote weights on the user's code;
   * otherwise, or without it, groups have no samples.
   */
  policy?: Policy;
  /** The loaded model's lineage through training rounds (core/rounds/modelLineage): when the ranker in
   *  use is stamped for one of its ancestors, the fitted ranker's sample weights, inherited, are stamped
   *  for the loaded model. Without it, or for another model, nothing is inherited. */
  lineage?: ModelLineage;
  /** Model samples per repair when sampling (default SEARCH_SAMPLES: the search's per expanded state). */
  samples?: number;
  /** Stops verifying and sampling. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface RankerRoundResult {
  promoted: boolean;
  reason: string;
  /** The new ranker's file (written whether promoted or not). */
  path?: string;
}

/** The user's ranker folder under the extension's storage. */
export const userRankerDir = (storageDir: string): string => join(storageDir, "ranker");

/** The user's ranker in `dir` when a round promoted one, else undefined. */
export function userRankerPath(dir: string): string | undefined {
  const path = join(dir, "current.json");
  return existsSync(path) ? path : undefined;
}

/** The ranker the ranked mode uses: the user's promoted one in `dir`, else the bundled one (throws on a corrupt file). */
export function rankerInUse(dir: string): LearnedRanker | undefined {
  return LearnedRanker.choose(userRankerPath(dir), resources.bundledRanker());
}

/** The ranked mode's ranker for the user's storage folder (rankerInUse), or why the hand-set score
 *  stands in (a torn ranker file): one choice for the repairs and for judging a round. */
export function userRanker(storageDir: string): { ranker?: LearnedRanker; error?: string } {
  try {
    const ranker = rankerInUse(userRankerDir(storageDir));
    return ranker ? { ranker } : {};
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * The model whose samples a round's groups carry, from the model the ranker in use is stamped for
 * (`stamp`) and the loaded model's file name (`model`): the loaded model, when the ranker is stamped
 * for it, or (`inheritsFrom`: that stamp) for a model it was trained from by rounds; else none (a ranker
 * without a stamp, a model not derived from the stamped one, or no model loaded). The one rule for the
 * round (roundSamples) and for the editor lending it its model (lsp/editorRankerRound's roundPolicy).
 */
export function samplesFor(
  stamp: string | undefined,
  model: string | undefined,
  lineage?: ModelLineage,
): { model: string; inheritsFrom?: string } | undefined {
  if (!model || stamp === undefined) return undefined;
  if (stamp === model) return { model: stamp };
  return madeFrom(lineage, model, stamp) ? { model, inheritsFrom: stamp } : undefined;
}

/** samplesFor the ranker in use and the loaded policy. */
export const roundSamples = (
  current: LearnedRanker,
  policy: Policy | undefined,
  lineage?: ModelLineage,
): { model: string; inheritsFrom?: string } | undefined =>
  samplesFor(current.file.samples?.model, policy?.name, lineage);

/** What collectRankGroup needs of a repair of the dataset: its initial code with its own tests, run
 *  under its own file name; undefined for a synthetic demonstration (not the user's code). */
export function repairRankTask(
  r: RepairRecord,
): Pick<CollectRankGroupOptions, "id" | "code" | "tests" | "fileName" | "description"> | undefined {
  if (r.source === "synthetic") return undefined;
  return {
    id: r.id,
    code: r.before,
    tests: r.tests,
    fileName: basename(r.file),
    ...(r.description ? { description: r.description } : {}),
  };
}

export async function rankerRound(o: RankerRoundOptions): Promise<RankerRoundResult> {
  mkdirSync(o.dir, { recursive: true });
  const cache = join(o.dir, "groups.jsonl");
  // Cached groups count only when their naturalness features came from the current ranker's n-gram and
  // their candidates hold the samples of the model this round samples (or none when it does not).
  const ngram = o.current.ngram;
  const sampling = roundSamples(o.current, o.policy, o.lineage);
  const samplesModel = sampling?.model;
  const cached = existsSync(cache) ? parseRankGroups(readFileSync(cache, "utf8")).groups : [];
  const fresh = (g: RankGroup): boolean => g.ngram === ngram?.name && g.samples === samplesModel;
  const groups = new Map<string, RankGroup>(cached.filter(fresh).map((g) => [g.id, g]));
  // Groups of another n-gram or another model's samples (or none) are re-collected from the fixes when
  // needed: the cache keeps only the current ones (rewritten whole, then renamed over, so a crash
  // leaves the old file).
  if (groups.size < cached.length) {
    writeFileSync(`${cache}.tmp`, [...groups.values()].map((g) => JSON.stringify(g) + "\n").join(""));
    renameSync(`${cache}.tmp`, cache);
  }
  // The model's samples at each repair's initial state, as many as the search draws per expanded state.
  const sampler =
    samplesModel && o.policy
      ? {
          proposer: new ModelProposer({ policy: o.policy, samples: o.samples ?? SEARCH_SAMPLES }),
          model: samplesModel,
        }
      : undefined;
  const todo = new Map(
    o.records.flatMap((r) => {
      const task = repairRankTask(r);
      return task && !groups.has(task.id) ? [[task.id, task] as const] : [];
    }),
  );
  o.log?.(`ranker round: ${todo.size} repair(s) to search, ${groups.size} cached`);
  try {
    for (const [i, task] of [...todo.values()].entries()) {
      if (o.signal?.aborted) throw new Error("ranker round cancelled");
      o.log?.(`ranker round: searching repair ${i + 1} of ${todo.size} (${task.id})`);
      const g = await collectRankGroup({
        ...task,
        verifier: o.verifier,
        ...(ngram ? { ngram } : {}),
        ...(sampler ? { sampler } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      }).catch(() => undefined);
      if (!g) continue;
      groups.set(g.id, g);
      appendLineSync(cache, JSON.stringify(g));
    }
    if (o.signal?.aborted) throw new Error("ranker round cancelled");
  } finally {
    await sampler?.proposer.dispose();
  }
  const all = [...groups.values()];
  // The same split as the LoRA round of the same fixes (trainLoraOnFixes: fraction 0.2, seed 0).
  const split = holdOut(
    all.map((g) => g.id),
    { fraction: 0.2, seed: 0 },
  );
  const heldIds = new Set(split.heldOut);
  const held = all.filter((g) => heldIds.has(g.id));
  const train = all.filter((g) => !heldIds.has(g.id));
  // Not promoted, the ranker in use keeps its stamp: the loaded model's samples are then drawn at every
  // state and ranked without sample weights, as for any model the ranker was not fitted for.
  const stays = sampling?.inheritsFrom
    ? `; the ranker in use stays stamped for ${sampling.inheritsFrom}, so ${sampling.model}'s samples are drawn at every state, without sample weights`
    : "";
  if (train.length === 0) return { promoted: false, reason: `no repair to learn from${stays}` };
  // Starting from the ranker in use keeps its samples stamp: the sample weights stay its model's; or,
  // for a model trained from that one, they (and the gate's skipped classes) are handed on to it.
  const inherit = sampling?.inheritsFrom
    ? { samples: { model: sampling.model }, samplesFrom: sampling.inheritsFrom }
    : {};
  const fitted = fitRanker({ groups: train, init: o.current.file, l2: 0.1, steps: 200, minCount: 1, ...inherit });
  const path = join(o.dir, `ranker-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(path, JSON.stringify({ ...fitted.file, trainedOn: fitted.trainedOn }, null, 1) + "\n");
  const next = new LearnedRanker(fitted.file, ngram);
  const rows = rankReport(held, [
    { name: "current", ranker: o.current },
    { name: "new", ranker: next },
  ]);
  const [cur, neu] = [rows.find((r) => r.name === "current")!, rows.find((r) => r.name === "new")!];
  if (cur.solvable === 0)
    return { promoted: false, reason: `no held-back repair with a one-edit fix to judge by${stays}`, path };
  const verdict = `held-back repairs: first fix after ${neu.meanRuns.toFixed(1)} test runs (was ${cur.meanRuns.toFixed(1)})`;
  if (neu.meanRuns > cur.meanRuns || neu.hiddenOk < cur.hiddenOk)
    return { promoted: false, reason: `${verdict}: kept the ranker in use${stays}`, path };
  // Atomic: the search never reads a half-written current.json.
  copyFileSync(path, join(o.dir, "current.json.tmp"));
  renameSync(join(o.dir, "current.json.tmp"), join(o.dir, "current.json"));
  const stamped = sampling?.inheritsFrom
    ? `; its sample weights, from ${sampling.inheritsFrom}'s, are now ${sampling.model}'s`
    : "";
  o.log?.(`ranker round promoted: ${verdict}${stamped}`);
  return { promoted: true, reason: verdict + stamped, path };
}
