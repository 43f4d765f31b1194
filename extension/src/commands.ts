import { basename } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  CancelNotification,
  ReloadModelRequest,
  TrainProgressNotification,
  TrainRequest,
  type ModelInfo,
  type TrainParams,
  type TrainResult,
  type TrainEvent,
} from "../../server/src/protocol.js";
import type { DatasetView } from "./DatasetView.js";
import type { RepairController } from "./RepairController.js";
import { selectModel } from "./selectModel.js";
import type { RoundStatus } from "./RoundStatus.js";

export interface CommandDeps {
  client: LanguageClient;
  repairs: RepairController;
  dataset: DatasetView;
  rounds: RoundStatus;
  output: vscode.OutputChannel;
}

/** Command id -> handler. package.json "contributes.commands" lists the same ids with their titles. */
export type CommandTable = Record<string, (...args: never[]) => unknown>;

/** Every command of the extension, in one table (registered in a loop by registerCommands). */
export function commandTable(deps: CommandDeps): CommandTable {
  return {
    "coe.repairFile": (uri?: vscode.Uri | string) => deps.repairs.repairFile(uri),
    "coe.repairFunction": (uri?: vscode.Uri | string, line?: number) => deps.repairs.repairFunction(uri, line),
    "coe.showTrace": (id?: string) => deps.dataset.showTrace(id),
    "coe.openDataset": () => deps.dataset.open(),
    "coe.deleteRecord": (id: string, confirm?: boolean) => deps.dataset.delete(id, confirm),
    "coe.showRounds": () => deps.rounds.showRounds(),
    "coe.rollbackModel": () => deps.rounds.rollback(),
    "coe.runRlRound": () => deps.rounds.run("rl"),
    "coe.runRound": () => deps.rounds.run("sft"),
    "coe.cancelRepair": () => deps.repairs.cancel(),
    "coe.lastCancelMs": () => deps.repairs.cancelTimes.at(-1),
    "coe.decideHunk": (index: number, accept: boolean) => deps.repairs.decideHunk(index, accept),
    "coe.showReview": () => deps.repairs.showReview(),
    "coe.acceptRepair": () => deps.repairs.accept(),
    "coe.trainOnMyFixes": (budget?: number | TrainBudget) => trainOnMyFixes(deps, budget),
    "coe.reloadModel": (path?: string) => reloadModel(deps, path),
    "coe.selectModel": (name?: string) => selectModel(deps.client, name),
  };
}

export function registerCommands(table: CommandTable): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown),
  );
}

/** Budget overrides of a training round (the command's optional argument; the palette passes none). */
export type TrainBudget = Pick<TrainParams, "steps" | "variants" | "lr">;

/**
 * coe.trainOnMyFixes: fine-tunes the current model on the recorded fixes (plus a small replay of
 * synthetic demos) in the server, with progress in a cancellable notification; the server writes the
 * new model beside the old one and hot-swaps it in (the status bar shows its name).
 */
async function trainOnMyFixes(deps: CommandDeps, budget?: number | TrainBudget): Promise<TrainResult | undefined> {
  const token = `train-${Date.now()}`;
  const overrides: TrainBudget = typeof budget === "number" ? { steps: budget } : (budget ?? {});
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: "Chain-of-Edits: training on your fixes",
      cancellable: true,
    },
    async (progress, cancel) => {
      cancel.onCancellationRequested(() => void deps.client.sendNotification(CancelNotification, { token }));
      const sub = deps.client.onNotification(TrainProgressNotification, (p) => {
        if (p.token !== token) return;
        const message = describeTrainEvent(p.event);
        if (message) progress.report({ message });
        if (p.event.type === "log") deps.output.appendLine(p.event.line);
        else if (p.event.type === "phase" && message) deps.output.appendLine(`training: ${message}`);
      });
      try {
        const params: TrainParams = { kind: "auto", token, ...overrides };
        const r = await deps.client.sendRequest(TrainRequest, params);
        const loss = r.loss !== undefined ? `, final loss ${r.loss.toFixed(3)}` : "";
        const what =
          r.kind === "lora" && !r.promoted
            ? `LoRA ${r.round} not promoted (${r.reason}); the model is unchanged`
            : `${r.kind === "lora" ? `LoRA ${r.round}` : basename(r.out)}${r.reloaded ? " is now in use" : ` (${r.out})`}`;
        const ranker =
          r.ranker?.reason === "cancelled" ? " The ranker round was cancelled; the ranker is unchanged." : "";
        void vscode.window.showInformationMessage(`Chain-of-Edits: training finished${loss}: ${what}.${ranker}`);
        return r;
      } catch (err) {
        const message = (err as Error).message;
        if (cancel.isCancellationRequested || /cancelled/i.test(message))
          void vscode.window.showInformationMessage("Chain-of-Edits: training cancelled; the model is unchanged.");
        else void vscode.window.showErrorMessage(`Chain-of-Edits training: ${message}`);
        return undefined;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** One line for the progress notification (undefined: nothing to show). */
function describeTrainEvent(e: TrainEvent): string | undefined {
  switch (e.type) {
    case "phase":
      return `${e.phase}${e.detail ? `: ${e.detail}` : ""}`;
    case "demos":
      return `replay demos ${e.done}/${e.total}`;
    case "trainer":
      return e.progress.step !== undefined
        ? `step ${String(e.progress.step)}/${String(e.progress.steps ?? "?")}` +
            (e.progress.loss !== undefined ? `, loss ${Number(e.progress.loss).toFixed(3)}` : "")
        : undefined;
    case "log":
      return undefined;
  }
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
    const info = await deps.client.sendRequest(ReloadModelRequest, { path: target });
    void vscode.window.showInformationMessage(`Chain-of-Edits: now using ${info.name}.`);
    return info;
  } catch (err) {
    void vscode.window.showErrorMessage(`Chain-of-Edits: ${(err as Error).message}`);
    return undefined;
  }
}
