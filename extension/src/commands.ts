import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  CancelNotification,
  ReloadModelRequest,
  TrainProgressNotification,
  TrainRequest,
  type ModelInfo,
  type TrainParams,
  type TrainProgressParams,
  type TrainResult,
} from "../../server/src/protocol.js";
import type { RepairController } from "./RepairController.js";

export interface CommandDeps {
  client: LanguageClient;
  repairs: RepairController;
  output: vscode.OutputChannel;
}

/** Command id -> handler. package.json "contributes.commands" lists the same ids with their titles. */
export type CommandTable = Record<string, (...args: never[]) => unknown>;

/** Every command of the extension, in one table (registered in a loop by registerCommands). */
export function commandTable(deps: CommandDeps): CommandTable {
  return {
    "coe.repairFile": (uri?: vscode.Uri | string) => deps.repairs.repairFile(uri),
    "coe.showReview": () => deps.repairs.showReview(),
    "coe.acceptRepair": () => deps.repairs.accept(),
    "coe.trainOnMyFixes": (steps?: number) => trainOnMyFixes(deps, steps),
    "coe.reloadModel": (path?: string) => reloadModel(deps, path),
  };
}

export function registerCommands(table: CommandTable): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown),
  );
}

/** coe.trainOnMyFixes: SFT on synthetic demos plus the recorded fixes, in the server, cancellable. */
async function trainOnMyFixes(deps: CommandDeps, steps?: number): Promise<TrainResult | undefined> {
  const token = `train-${Date.now()}`;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: "Chain-of-Edits: training on your fixes",
      cancellable: true,
    },
    async (progress, cancel) => {
      cancel.onCancellationRequested(() => void deps.client.sendNotification(CancelNotification, { token }));
      const sub = deps.client.onNotification(TrainProgressNotification, (p: TrainProgressParams) => {
        if (p.token !== token) return;
        const e = p.event;
        if (e.type === "phase") progress.report({ message: `${e.phase}${e.detail ? `: ${e.detail}` : ""}` });
        else if (e.type === "demos") progress.report({ message: `demos ${e.done}/${e.total}` });
        else if (e.type === "trainer" && e.progress.step !== undefined)
          progress.report({
            message: `step ${String(e.progress.step)}/${String(e.progress.steps ?? "?")}, loss ${Number(e.progress.loss ?? NaN).toFixed(3)}`,
          });
        else if (e.type === "log") deps.output.appendLine(e.line);
      });
      try {
        const params: TrainParams = { kind: "sft", token, ...(typeof steps === "number" ? { steps } : {}) };
        const r = await deps.client.sendRequest<TrainResult>(TrainRequest, params);
        void vscode.window.showInformationMessage(
          `Chain-of-Edits: trained ${r.out}${r.reloaded ? " (now in use)" : ""}.`,
        );
        return r;
      } catch (err) {
        void vscode.window.showErrorMessage(`Chain-of-Edits training: ${(err as Error).message}`);
        return undefined;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** coe.reloadModel: loads a GGUF into the running server (hot swap, no restart). */
async function reloadModel(deps: CommandDeps, path?: string): Promise<ModelInfo | undefined> {
  let target = path;
  if (!target) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { "GGUF model": ["gguf"] },
      openLabel: "Load Model",
    });
    target = picked?.[0]?.fsPath;
  }
  if (!target) return undefined;
  try {
    const info = await deps.client.sendRequest<ModelInfo>(ReloadModelRequest, { path: target });
    void vscode.window.showInformationMessage(`Chain-of-Edits: now using ${info.name}.`);
    return info;
  } catch (err) {
    void vscode.window.showErrorMessage(`Chain-of-Edits: ${(err as Error).message}`);
    return undefined;
  }
}
