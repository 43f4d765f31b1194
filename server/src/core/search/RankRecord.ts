import type { EpisodeContext } from "../model/Policy.js";

/**
 * What one search learned about ranking (issue #10, learning to rank): at a verified state on the
 * winning path, the edit that led towards the fix and the sibling edits of the same state that the
 * tests verified and rejected. Plain JSON: the dataset stores it (source "search"), the trainer's
 * pairwise/listwise loss puts the winner's log-likelihood above its losers'.
 */
export interface RankRecord {
  /** What the model saw at this state (header, rendered states along the path, printed commands). */
  context: EpisodeContext;
  /** The printed DSL command that the winning path took from this state. */
  winner: string;
  /** Printed DSL commands of verified siblings that did not lead to the fix (tests did not all pass). */
  losers: string[];
}
