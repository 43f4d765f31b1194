/**
 * How a repair runs (DESIGN §9). One mode type for the CLI (`--mode`), the language server
 * (`coe.mode`, RepairParams.mode), the evaluation and the engine (solveRepair):
 *  - "model":  N Chain-of-Edits rollouts of the model, verified best-of-N (the paper's loop; no search).
 *  - "mutate": the verified search with the mutation operators only (no model).
 *  - "hybrid": the verified search with mutations and model proposals, their batches mixed.
 *  - "ranked": the verified search with mutations and model proposals, candidates ordered by the
 *              model's scores (learning to rank, #10).
 * "model" always means rollouts: the search never runs with model proposals alone.
 */
export const REPAIR_MODES = ["model", "mutate", "hybrid", "ranked"] as const;

export type RepairMode = (typeof REPAIR_MODES)[number];

/** Is `value` one of REPAIR_MODES? */
export function isRepairMode(value: unknown): value is RepairMode {
  return typeof value === "string" && (REPAIR_MODES as readonly string[]).includes(value);
}

/** The search modes check each fix for over-fitting unless told not to (coe.probe, --probe off; docs/probe.md). */
export const PROBE_BY_DEFAULT = true;

/** Model samples per expanded state of the search modes (hybrid, ranked): at least this many, more when
 *  more rollouts are asked for (searchSamples). The ranker round of Train on My Fixes samples as many. */
export const SEARCH_SAMPLES = 4;

/** The search's model samples per expanded state for `rollouts` (solveRepair, the ranker round). */
export const searchSamples = (rollouts: number): number => Math.max(SEARCH_SAMPLES, rollouts);
