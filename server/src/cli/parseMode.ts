import { isRepairMode, REPAIR_MODES, type RepairMode } from "../core/solve/index.js";
import { UsageError } from "./UsageError.js";

/**
 * --mode, one of REPAIR_MODES (DESIGN §9); default ranked (the learned ranker's order, with the
 * model's proposals when there is a model: docs/RESULTS-2026-12-01-naturalness.md).
 */
export function parseMode(raw: unknown): RepairMode {
  const mode = raw === undefined ? "ranked" : String(raw);
  if (!isRepairMode(mode)) throw new UsageError(`--mode must be ${REPAIR_MODES.join(", ")} (got ${mode})`);
  return mode;
}

/** An on/off option (--probe on). */
export function parseOnOff(name: string, raw: unknown, fallback: boolean): boolean {
  const value = raw === undefined ? (fallback ? "on" : "off") : String(raw);
  if (value !== "on" && value !== "off") throw new UsageError(`--${name} must be on or off (got ${value})`);
  return value === "on";
}
