import { basename } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  AcceptRequest,
  CancelNotification,
  RepairRequest,
  StepNotification,
  type AcceptResult,
  type RepairParams,
  type RepairResult,
  type StepParams,
} from "../../server/src/protocol.js";
import { ReviewPanel } from "./ReviewPanel.js";
import { readSettings } from "./settings.js";

/** The repair shown in the panel: the text it started from and, once done, its result. */
interface CurrentRepair {
  uri: vscode.Uri;
  text: string;
  token: string;
  running: boolean;
  result?: RepairResult;
}

/**
 * Runs repairs through the server and drives the review panel: a repair works on the editor's text,
 * its steps stream into the panel, and the user's file changes only on Accept (a WorkspaceEdit,
 * then save); the server then records the accepted repair in the dataset.
 */
export class RepairController implements vscode.Disposable {
  readonly panel: ReviewPanel;
  /** The code of the last accepted repair per document URI: its green save is not a hand fix. */
  readonly acceptedText = new Map<string, string>();
  private current: CurrentRepair | undefined;
  private counter = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.panel = new ReviewPanel(extensionUri, {
      accept: () => this.accept(),
      discard: () => this.discard(),
      cancel: () => this.cancel(),
    });
  }

  /** coe.repairFile: repairs the given document (a Uri, a URI string from the quick fix) or the active editor's. */
  async repairFile(target?: vscode.Uri | string): Promise<RepairResult | undefined> {
    const uri =
      typeof target === "string" ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
    if (!uri) {
      void vscode.window.showWarningMessage("Chain-of-Edits: open a Python file to repair.");
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    if (this.current?.running) this.cancel();
    const settings = readSettings();
    const token = `repair-${Date.now()}-${++this.counter}`;
    const current: CurrentRepair = { uri, text: doc.getText(), token, running: true };
    this.current = current;
    this.panel.show();
    this.panel.post({ type: "start", file: basename(uri.fsPath), mode: settings.mode, token });
    const sub = this.client.onNotification(StepNotification, (p: StepParams) => {
      if (p.token !== token) return;
      const e = p.event;
      this.panel.post(e.type === "search" ? { type: "search", event: e } : { type: "progress", event: e });
    });
    const params: RepairParams = {
      uri: uri.toString(),
      text: current.text,
      mode: settings.mode,
      rollouts: settings.rollouts,
      budget: settings.budget,
      token,
    };
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Chain-of-Edits: repairing ${basename(uri.fsPath)}` },
        () => this.client.sendRequest<RepairResult>(RepairRequest, params),
      );
      current.result = result;
      this.panel.post({ type: "result", result });
      this.output.appendLine(
        `repair of ${uri.fsPath}: ${result.trace.solved ? "solved" : "not solved"} in ${result.trace.steps.length} step(s), ${result.ms} ms`,
      );
      return result;
    } catch (err) {
      const message = (err as Error).message;
      this.panel.post({ type: "error", message });
      if (!/cancel/i.test(message)) void vscode.window.showErrorMessage(`Chain-of-Edits: ${message}`);
      return undefined;
    } finally {
      current.running = false;
      sub.dispose();
    }
  }

  /** coe.acceptRepair / the panel's Accept: writes the repaired code to the file and records the repair. */
  async accept(): Promise<boolean> {
    const current = this.current;
    const result = current?.result;
    if (!current || !result) {
      void vscode.window.showInformationMessage("Chain-of-Edits: no finished repair to accept.");
      return false;
    }
    const doc = await vscode.workspace.openTextDocument(current.uri);
    if (doc.getText() !== current.text) {
      const pick = await vscode.window.showWarningMessage(
        `${basename(current.uri.fsPath)} changed since the repair started. Replace it with the repair anyway?`,
        "Replace",
        "Keep Mine",
      );
      if (pick !== "Replace") return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      doc.uri,
      new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
      result.trace.finalCode,
    );
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage("Chain-of-Edits: the edit could not be applied.");
      return false;
    }
    this.acceptedText.set(doc.uri.toString(), result.trace.finalCode);
    // Accept before saving: the server then knows the green save that follows is not a hand fix.
    let recorded: AcceptResult = { recorded: false };
    try {
      recorded = await this.client.sendRequest<AcceptResult>(AcceptRequest, { repairId: result.repairId });
    } catch (err) {
      this.output.appendLine(`coe/accept failed: ${(err as Error).message}`);
    }
    await doc.save();
    this.current = undefined;
    const detail = recorded.recorded ? `Recorded in ${recorded.path ?? "the dataset"}.` : (recorded.reason ?? "");
    this.panel.post({ type: "accepted", recorded: recorded.recorded, detail });
    return true;
  }

  discard(): void {
    if (this.current?.running) this.cancel();
    this.current = undefined;
    this.panel.post({ type: "discarded" });
  }

  /** Stops the running repair (the server aborts the engine through coe/cancel). */
  cancel(): void {
    if (!this.current?.running) return;
    void this.client.sendNotification(CancelNotification, { token: this.current.token });
  }

  showReview(): void {
    this.panel.show(false);
  }

  dispose(): void {
    this.cancel();
    this.panel.dispose();
  }
}
