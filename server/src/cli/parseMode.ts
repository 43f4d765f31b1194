import { SEARCH_MODES } from "../core/search/searchWithMode.js";
import type { SearchMode } from "../core/search/SearchRepairOptions.js";
import { UsageError } from "./UsageError.js";

/** --mode: model (rollouts only), mutate (no model), hybrid (both; the default when a model is there), ranked
 *  (hybrid with every candidate scored by the model, docs/ranking.md). */
export function parseMode(raw: unknown, haveModel: boolean): SearchMode {
  const mode = raw === undefined ? (haveModel ? "hybrid" : "mutate") : String(raw);
  if (!(SEARCH_MODES as readonly string[]).includes(mode))
    throw new UsageError(`--mode must be model, mutate, hybrid or ranked (got ${mode})`);
  return mode as SearchMode;
}
