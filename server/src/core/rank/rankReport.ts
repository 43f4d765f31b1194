import { DEFAULT_RANK_WEIGHTS, handEditScore } from "../search/rankCandidates.js";
import { lmTerm } from "./fitRanker.js";
import type { LearnedRanker } from "./LearnedRanker.js";
import { solvesGroup, solvesVisible, type RankCandidate, type RankGroup } from "./RankGroup.js";

/**
 * Offline ranking quality on collected groups (every candidate of a task's initial state verified):
 * for an order of the candidates, the test runs a search that tries them in that order spends until
 * the first fix of the visible tests (the initial state's run included), and whether that first fix
 * also passes the hidden tests. It measures the one-edit part of a search exactly and leaves out
 * what deeper states add, so `coe eval` stays the judge; this is for comparing rankers cheaply.
 */
export interface NamedRanker {
  name: string;
  ranker: LearnedRanker;
}

export interface RankReportRow {
  name: string;
  /** Groups with a visible fix among the candidates (the others no order can solve in one edit). */
  solvable: number;
  /** First fix within 5, 20 and 100 test runs. */
  at5: number;
  at20: number;
  at100: number;
  meanRuns: number;
  medianRuns: number;
  /** First fixes that also pass the hidden tests. */
  hiddenOk: number;
}

/** The order in which a search would try a group's candidates (indices, best first). */
export type Order = (g: RankGroup) => number[];

const byScore =
  (score: (g: RankGroup) => number[]): Order =>
  (g) => {
    const s = score(g);
    return s.map((_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b);
  };

const feature = (c: RankCandidate, name: string): number => c.x[name] ?? 0;

/** The orders every report shows: the mutation proposer's (mass) and the hand-set ranked score. */
function builtinOrders(withLm: boolean): Array<{ name: string; order: Order }> {
  const W = DEFAULT_RANK_WEIGHTS;
  const hand = (g: RankGroup): number[] =>
    g.candidates.map((c) => handEditScore(W, feature(c, "logMass"), feature(c, "size"), feature(c, "general")));
  const orders = [
    { name: "mutate (prior mass)", order: byScore((g) => g.candidates.map((c) => feature(c, "logMass"))) },
    { name: "hand-set ranked, no model", order: byScore(hand) },
  ];
  if (withLm) {
    const handLm = (g: RankGroup): number[] => {
      const h = hand(g);
      const mass = g.candidates.map((c) => feature(c, "logMass"));
      const lm = lmTerm(
        g.candidates.map((c) => c.lm ?? -1e9),
        mass,
        W.topK,
      );
      return h.map((x, i) => x + W.model * lm[i]!);
    };
    orders.push({ name: "hand-set ranked, model", order: byScore(handLm) });
  }
  return orders;
}

/** A learned ranker's order (its model term when the groups were scored by its model). */
export function learnedOrder(r: LearnedRanker): Order {
  return byScore((g) => {
    const lin = g.candidates.map((c) => r.linear(c.x));
    const model = (g as RankGroup & { model?: string | null }).model ?? undefined;
    const wl = r.lmWeight(model);
    if (wl === 0 || g.candidates.some((c) => c.lm === undefined)) return lin;
    const lm = lmTerm(
      g.candidates.map((c) => c.lm!),
      lin,
      r.topK,
    );
    return lin.map((x, i) => x + wl * lm[i]!);
  });
}

export function rankReport(groups: readonly RankGroup[], rankers: readonly NamedRanker[]): RankReportRow[] {
  return orderReport(
    groups,
    rankers.map((r) => ({ name: r.name, order: learnedOrder(r.ranker) })),
  );
}

/** The report of the built-in orders and the given ones. */
export function orderReport(
  groups: readonly RankGroup[],
  extra: ReadonlyArray<{ name: string; order: Order }>,
): RankReportRow[] {
  const withLm = groups.length > 0 && groups.every((g) => g.candidates.every((c) => c.lm !== undefined));
  const orders = [...builtinOrders(withLm), ...extra];
  const solvable = groups.filter((g) => g.candidates.some((c) => solvesVisible(g, c)));
  return orders.map(({ name, order }) => {
    const runs: number[] = [];
    let hiddenOk = 0;
    for (const g of solvable) {
      const o = order(g);
      const k = o.findIndex((i) => solvesVisible(g, g.candidates[i]!));
      runs.push(k + 2); // the initial state's run, then k + 1 candidates
      if (solvesGroup(g, g.candidates[o[k]!]!)) hiddenOk++;
    }
    const sorted = [...runs].sort((a, b) => a - b);
    const mid = sorted.length === 0 ? 0 : (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
    return {
      name,
      solvable: solvable.length,
      at5: runs.filter((r) => r <= 5).length,
      at20: runs.filter((r) => r <= 20).length,
      at100: runs.filter((r) => r <= 100).length,
      meanRuns: runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : 0,
      medianRuns: mid,
      hiddenOk,
    };
  });
}

export function formatRankReport(rows: readonly RankReportRow[]): string {
  const head =
    "| order | fixable in one edit | first fix @5/@20/@100 runs | mean \\| median runs | first fix holds on hidden |";
  const lines = rows.map(
    (r) =>
      `| ${r.name} | ${r.solvable} | ${r.at5}/${r.at20}/${r.at100} | ${r.meanRuns.toFixed(1)} \\| ${r.medianRuns} | ${r.hiddenOk}/${r.solvable} |`,
  );
  return [head, "|---|---|---|---|---|", ...lines].join("\n") + "\n";
}
