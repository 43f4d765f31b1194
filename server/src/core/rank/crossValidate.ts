import { fnv1a } from "../synth/rng.js";
import { fitRanker, type FitRankerOptions } from "./fitRanker.js";
import { LearnedRanker } from "./LearnedRanker.js";
import type { RankGroup } from "./RankGroup.js";
import { learnedOrder, orderReport, type RankReportRow } from "./rankReport.js";

/**
 * K-fold cross-validation of a ranker recipe (data and fit settings): each group lands in one fold by
 * a hash of its id; each fold's groups are ranked by a ranker fitted on the other folds, and the
 * report (docs/ranking.md, "Offline report") is made of these out-of-fold orders, one report per data
 * source. A fit's report on its own data is optimistic; this one is not, so recipes can be compared
 * on a trainable suite (train-bugs) without touching the held-out ones.
 */
export interface CrossValidateOptions extends Omit<FitRankerOptions, "groups" | "onProgress"> {
  /** The data, by source: its name (reported separately) and groups; `times` weighs it in the fit. */
  sources: ReadonlyArray<{ name: string; groups: readonly RankGroup[]; times?: number }>;
  /** Number of folds (default 5). */
  folds?: number;
  /** Called after each fold's fit. */
  onFold?: (fold: number, folds: number) => void;
  /** Checked before each fold's fit: an aborted signal stops with an error (nothing is half-reported). */
  signal?: AbortSignal;
}

export interface CrossValidateResult {
  source: string;
  rows: RankReportRow[];
}

/** The fold of a group id (FNV-1a), stable across runs and machines. */
export const foldOf = (id: string, folds: number): number => fnv1a(id) % folds;

/** The groups of the sources, those kept, each repeated `times` (its weight in a fit). */
export function weighedGroups(
  sources: CrossValidateOptions["sources"],
  keep: (g: RankGroup) => boolean = () => true,
): RankGroup[] {
  return sources.flatMap((s) => {
    const kept = s.groups.filter(keep);
    return Array.from({ length: s.times ?? 1 }, () => kept).flat();
  });
}

export function crossValidate(options: CrossValidateOptions): CrossValidateResult[] {
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) throw new Error("cross-validation needs at least 2 folds");
  const { sources, onFold, signal, ...fit } = options;
  const rankers: LearnedRanker[] = [];
  for (let k = 0; k < folds; k++) {
    if (signal?.aborted) throw new Error("cross-validation cancelled");
    const groups = weighedGroups(sources, (g) => foldOf(g.id, folds) !== k);
    rankers.push(LearnedRanker.offline(fitRanker({ ...fit, groups }).file));
    onFold?.(k + 1, folds);
  }
  const outOfFold = (g: RankGroup): number[] => learnedOrder(rankers[foldOf(g.id, folds)]!)(g);
  return sources.map((s) => ({
    source: s.name,
    rows: orderReport(s.groups, [{ name: `fitted, out of fold (${folds} folds)`, order: outOfFold }]),
  }));
}
