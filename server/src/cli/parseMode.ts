import { isRepairMode, REPAIR_MODES, type RepairMode } from "../core/solve/index.js";
import { UsageError } from "./UsageError.js";

/** --mode, one of REPAIR_MODES (DESIGN §9); default hybrid when a model is there, else mutate. */
export function parseMode(raw: unknown, haveModel: boolean): RepairMode {
  const mode = raw === undefined ? (haveModel ? "hybrid" : "mutate") : String(raw);
  if (!isRepairMode(mode)) throw new UsageError(`--mode must be ${REPAIR_MODES.join(", ")} (got ${mode})`);
  return mode;
}
