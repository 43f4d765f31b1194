import * as vscode from "vscode";
import { DEFAULT_SETTINGS, isRepairMode, type CoeSettings } from "../../server/src/protocol.js";

/** The "coe" settings section as the server expects it (defaults from protocol.ts fill the gaps). */
export function readSettings(): CoeSettings {
  const c = vscode.workspace.getConfiguration("coe");
  const mode = c.get<string>("mode", DEFAULT_SETTINGS.mode);
  const style = c.get<string>("promptStyle", DEFAULT_SETTINGS.promptStyle);
  return {
    model: c.get<string>("model", DEFAULT_SETTINGS.model),
    mode: isRepairMode(mode) ? mode : DEFAULT_SETTINGS.mode,
    rollouts: c.get<number>("rollouts", DEFAULT_SETTINGS.rollouts),
    budget: c.get<number>("budget", DEFAULT_SETTINGS.budget),
    python: c.get<string>("python", DEFAULT_SETTINGS.python),
    datasetDir: c.get<string>("datasetDir", DEFAULT_SETTINGS.datasetDir),
    promptStyle: style === "chat" || style === "coe" ? style : "auto",
    autoTrainAfter: c.get<number>("autoTrainAfter", DEFAULT_SETTINGS.autoTrainAfter),
    probe: c.get<boolean>("probe", DEFAULT_SETTINGS.probe),
  };
}
