import * as vscode from "vscode";
import type { ModelInfo } from "../../server/src/protocol.js";

const ICONS: Record<ModelInfo["state"], string> = {
  idle: "$(tools)",
  loading: "$(loading~spin)",
  repairing: "$(sync~spin)",
  training: "$(pulse)",
};

/** The status bar item: the model in use and what the server is doing; click opens the review panel. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("coe.status", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "Chain-of-Edits";
    this.item.command = "coe.showReview";
    this.item.text = "$(tools) CoE: starting";
    this.item.show();
  }

  update(info: ModelInfo): void {
    const model = !info.problem && (info.loaded || info.path) ? info.name : "no model";
    const state = info.state === "idle" ? "" : ` · ${info.state}`;
    this.item.text = `${ICONS[info.state]} CoE: ${model}${state}`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**Chain-of-Edits**`,
        `model: ${info.path || 'none (coe.model is "none")'}${info.loaded ? " (loaded)" : ""}`,
        ...(info.problem ? [`⚠ ${info.problem} (repairs search with mutations only)`] : []),
        `mode: ${info.mode}`,
        `dataset: ${info.datasetPath}`,
      ].join("\n\n"),
    );
  }

  error(message: string): void {
    this.item.text = "$(error) CoE: server failed";
    this.item.tooltip = message;
  }

  dispose(): void {
    this.item.dispose();
  }
}
