import { LearnedRanker, type RankerFile } from "./LearnedRanker.js";
import { sampledBy, solvesGroup, type RankGroup } from "./RankGroup.js";

/**
 * Where a model's samples are worth drawing (docs/ranking.md, "The sample gate"). Drawing a state's
 * samples (SEARCH_SAMPLES or more) costs far more time than a test run of a small function, and on most states a small model's
 * samples never bring the fix sooner: coe-tiny's fix MBPP's syntax corruptions, not wrong values. So a
 * ranker fitted on groups with a model's samples also records, per failure class of the state
 * (rankFeatures' failureClass), whether the samples made the first fix come sooner there: the fitted
 * ranker orders each group's candidates with the samples (and the model's votes on mutations) and
 * without them, and a class where, over at least MIN_GROUPS groups with a fix, the first fix came no
 * sooner on average with the samples is skipped: the search draws no sample at such a state. A class
 * with fewer groups keeps drawing (no evidence to skip), or keeps an earlier ranker's decision.
 */
export interface SampleGateRow {
  /** The failure class (failureClass: "wrong", "syntax", "NameError", ...). */
  why: string;
  /** Groups of the class with a fix among their candidates (with or without the samples). */
  groups: number;
  /** Mean test runs to the first fix (101 when none in the first 100), with and without the samples. */
  withSamples: number;
  withoutSamples: number;
  /** Groups whose first fix came sooner with the samples, and later. */
  sooner: number;
  later: number;
  skip: boolean;
}

/** A model name no ranker is stamped with: LearnedRanker.linear then leaves the sample features out. */
const NO_MODEL = "\u0000no model";

/** A class needs this many groups with a fix before the gate may skip it. */
export const MIN_GROUPS = 5;

/** The failure class of a group's state, from its candidates' `why:<class>|...` features. */
export function groupFailureClass(g: RankGroup): string | undefined {
  for (const c of g.candidates)
    for (const f in c.x) if (f.startsWith("why:")) return f.slice(4, f.indexOf("|") < 0 ? undefined : f.indexOf("|"));
  return undefined;
}

/** Test runs to the first fix when the candidates are verified in the order of `score` (101: none in 100). */
function runsToFix(g: RankGroup, indices: readonly number[], score: (i: number) => number): number | undefined {
  const order = [...indices].sort((a, b) => score(b) - score(a) || a - b);
  const k = order.findIndex((i) => solvesGroup(g, g.candidates[i]!));
  return k < 0 ? undefined : Math.min(k + 1, 101);
}

export interface SampleGateOptions {
  /** Groups collected with the model's samples (RankGroup.samples); others are ignored. Repeated ids
   *  (a source weighed more than once) count once. */
  groups: readonly RankGroup[];
  /** The fitted ranker, whose sample weights are judged. */
  file: RankerFile;
  /** An earlier ranker's skipped classes, kept for classes with too few groups here (a user's round). */
  previous?: readonly string[];
}

export function sampleGate(options: SampleGateOptions): { skip: string[]; rows: SampleGateRow[] } {
  const ranker = LearnedRanker.offline(options.file);
  const byClass = new Map<string, { runsWith: number[]; runsWithout: number[] }>();
  const seen = new Set<string>();
  for (const g of options.groups) {
    if (sampledBy(g) === undefined || seen.has(g.id)) continue;
    seen.add(g.id);
    const why = groupFailureClass(g);
    if (why === undefined) continue;
    const all = g.candidates.map((_, i) => i);
    const mutations = all.filter((i) => g.candidates[i]!.x.sample === undefined);
    const withS = runsToFix(g, all, (i) => ranker.linear(g.candidates[i]!.x));
    // Without the model: no sample candidates, and no vote features on the mutations (any other
    // model name makes linear() leave the sample features out, as the search does).
    const withoutS = runsToFix(g, mutations, (i) => ranker.linear(g.candidates[i]!.x, NO_MODEL));
    if (withS === undefined && withoutS === undefined) continue;
    const e = byClass.get(why) ?? { runsWith: [], runsWithout: [] };
    e.runsWith.push(withS ?? 101);
    e.runsWithout.push(withoutS ?? 101);
    byClass.set(why, e);
  }
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows: SampleGateRow[] = [...byClass]
    .map(([why, { runsWith, runsWithout }]) => {
      const withSamples = mean(runsWith);
      const withoutSamples = mean(runsWithout);
      const enough = runsWith.length >= MIN_GROUPS;
      return {
        why,
        groups: runsWith.length,
        withSamples,
        withoutSamples,
        sooner: runsWith.filter((r, i) => r < runsWithout[i]!).length,
        later: runsWith.filter((r, i) => r > runsWithout[i]!).length,
        skip: enough ? withSamples >= withoutSamples : (options.previous ?? []).includes(why),
      };
    })
    .sort((a, b) => b.groups - a.groups || a.why.localeCompare(b.why));
  // Classes this data does not cover keep an earlier decision.
  const covered = new Set(rows.filter((r) => r.groups >= MIN_GROUPS).map((r) => r.why));
  const kept = (options.previous ?? []).filter((why) => !covered.has(why));
  const skip = [...new Set([...rows.filter((r) => r.skip).map((r) => r.why), ...kept])].sort();
  return { skip, rows };
}

/** The gate's rows as a markdown table (coe ranker fit prints it). */
export function formatSampleGate(rows: readonly SampleGateRow[]): string {
  const head =
    "| state fails with | groups with a fix | runs to first fix: with samples \\| without | sooner \\| later | draw samples |";
  const lines = rows.map(
    (r) =>
      `| ${r.why} | ${r.groups} | ${r.withSamples.toFixed(1)} \\| ${r.withoutSamples.toFixed(1)} | ${r.sooner} \\| ${r.later} | ${r.skip ? "no" : "yes"} |`,
  );
  return [head, "|---|---|---|---|---|", ...lines].join("\n") + "\n";
}
