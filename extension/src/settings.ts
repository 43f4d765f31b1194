import * as vscode from "vscode";
import { DEFAULT_SETTINGS, type CoeSettings, type RepairMode } from "../../server/src/protocol.js";

/** The "coe" settings section as the server expects it (defaults from protocol.ts fill the gaps). */
export function readSettings(): CoeSettings {
  const c = vscode.workspace.getConfiguration("coe");
  const mode = c.get<string>("mode", DEFAULT_SETTINGS.mode);
  return {
    model: c.get<string>("model", DEFAULT_SETTINGS.model),
    mode: (["model", "mutate", "hybrid"].includes(mode) ? mode : DEFAULT_SETTINGS.mode) as RepairMode,
    rollouts: c.get<number>("rollouts", DEFAULT_SETTINGS.rollouts),
    budget: c.get<number>("budget", DEFAULT_SETTINGS.budget),
    python: c.get<string>("python", DEFAULT_SETTINGS.python),
    datasetDir: c.get<string>("datasetDir", DEFAULT_SETTINGS.datasetDir),
    autoTrainAfter: c.get<number>("autoTrainAfter", DEFAULT_SETTINGS.autoTrainAfter),
  };
}
