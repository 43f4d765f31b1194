import { printCommand } from "../dsl/index.js";
import { isSolved } from "../types.js";
import type { RankRecord } from "./RankRecord.js";
import type { FrontierNode } from "./SearchFrontier.js";

/**
 * Learning-to-rank records of a solved search (issue #10): one per state on the winning path (the
 * final, solved state excepted). The winner is the command the path took from the state; the losers
 * are the printed commands of the state's other verified children whose tests did not all pass, in
 * the order the search verified them (its best guesses first: the hardest negatives), at most `cap`.
 */
export function buildRankRecords(
  winner: FrontierNode,
  children: ReadonlyMap<FrontierNode, readonly FrontierNode[]>,
  cap = 16,
): RankRecord[] {
  const path: FrontierNode[] = [];
  for (let n: FrontierNode | undefined = winner; n; n = n.parent as FrontierNode | undefined) path.unshift(n);
  const records: RankRecord[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const state = path[i]!;
    const taken = path[i + 1]!;
    const losers = (children.get(state) ?? [])
      .filter((c) => c !== taken && !isSolved(c.verdict) && c.command)
      .slice(0, cap)
      .map((c) => printCommand(c.command!));
    records.push({ context: state.state.context, winner: printCommand(taken.command!), losers });
  }
  return records;
}
