import { basename } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  AcceptRequest,
  CancelNotification,
  DatasetRecordRequest,
  RepairRequest,
  StepNotification,
  type AcceptResult,
  type RepairParams,
  type RepairResult,
} from "../../server/src/protocol.js";
import { RepairHunks } from "./hunks.js";
import { ProposedDocuments } from "./ProposedDocuments.js";
import { ReviewPanel } from "./ReviewPanel.js";
import { readSettings } from "./settings.js";

/** The repair shown in the panel: the text it started from and, once done, its result and hunks. */
interface CurrentRepair {
  uri: vscode.Uri;
  text: string;
  token: string;
  running: boolean;
  /** When Cancel was pressed (performance.now()), to measure how fast the repair stopped. */
  cancelAt?: number;
  result?: RepairResult;
  hunks?: RepairHunks;
}

/**
 * Runs repairs through the server and drives the review panel: a repair works on the editor's text,
 * every tried edit streams into the panel, and the user's file changes only when the user accepts
 * hunks of the final diff (a WorkspaceEdit with exactly the accepted hunks, then save). A repair
 * accepted whole is recorded in the dataset by the server (coe/accept).
 */
export class RepairController implements vscode.Disposable {
  readonly panel: ReviewPanel;
  /** The code of the last accepted repair per document URI: its green save is not a hand fix. */
  readonly acceptedText = new Map<string, string>();
  /** Cancel-to-stop times (ms) of the repairs cancelled in this session, for tests and the log. */
  readonly cancelTimes: number[] = [];
  /** Read-only virtual documents (proposed code, the dataset table). */
  readonly proposed = new ProposedDocuments();
  private current: CurrentRepair | undefined;
  private counter = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.panel = new ReviewPanel(extensionUri, {
      accept: () => this.accept(),
      hunk: (index, accept) => this.decideHunk(index, accept),
      discard: () => this.discard(),
      cancel: () => this.cancel(),
      openDiff: () => this.openDiff(),
    });
  }

  /** coe.repairFile: repairs the given document (a Uri, a URI string from the quick fix) or the active editor's. */
  repairFile(target?: vscode.Uri | string): Promise<RepairResult | undefined> {
    return this.run(target);
  }

  /** coe.repairFunction: repairs only the function around the cursor (or the given 0-based line). */
  repairFunction(target?: vscode.Uri | string, line?: number): Promise<RepairResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    return this.run(target, line ?? editor?.selection.active.line ?? 0);
  }

  private async run(target: vscode.Uri | string | undefined, line?: number): Promise<RepairResult | undefined> {
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
    const scope = line !== undefined ? `the function at line ${line + 1}` : undefined;
    this.panel.post({
      type: "start",
      file: basename(uri.fsPath),
      mode: settings.mode,
      token,
      ...(scope ? { scope } : {}),
    });
    const sub = this.client.onNotification(StepNotification, (p) => {
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
      ...(line !== undefined ? { line } : {}),
    };
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Chain-of-Edits: repairing ${basename(uri.fsPath)}` },
        () => this.client.sendRequest(RepairRequest, params),
      );
      current.result = result;
      current.hunks = new RepairHunks(result.trace.initialCode, result.trace.finalCode, basename(uri.fsPath));
      this.panel.post({ type: "result", result, hunks: current.hunks.views() });
      const where = result.scope ? ` (${result.scope.name}, lines ${result.scope.from}-${result.scope.to})` : "";
      this.output.appendLine(
        `repair of ${uri.fsPath}${where}: ${result.trace.solved ? "solved" : "not solved"} in ${result.trace.steps.length} step(s), ${result.ms} ms`,
      );
      return result;
    } catch (err) {
      const message = (err as Error).message;
      if (current.cancelAt !== undefined) {
        const ms = Math.round(performance.now() - current.cancelAt);
        this.cancelTimes.push(ms);
        this.output.appendLine(`repair cancelled: stopped ${ms} ms after Cancel`);
        this.panel.post({ type: "cancelled", ms });
      } else {
        this.panel.post({ type: "error", message });
        if (!/cancel/i.test(message)) void vscode.window.showErrorMessage(`Chain-of-Edits: ${message}`);
      }
      return undefined;
    } finally {
      current.running = false;
      sub.dispose();
    }
  }

  /** coe.acceptRepair / the panel's Accept All: every hunk. */
  async accept(): Promise<boolean> {
    const hunks = this.current?.hunks;
    if (!hunks) {
      void vscode.window.showInformationMessage("Chain-of-Edits: no finished repair to accept.");
      return false;
    }
    hunks.acceptAll();
    return this.write();
  }

  /** One hunk accepted or rejected; once every hunk is decided, the file gets the accepted ones. */
  async decideHunk(index: number, accept: boolean): Promise<boolean> {
    const hunks = this.current?.hunks;
    if (!hunks) {
      this.output.appendLine(`hunk ${index}: no finished repair to decide on`);
      return false;
    }
    hunks.decide(index, accept);
    this.output.appendLine(`hunk ${index + 1} ${accept ? "accepted" : "rejected"}`);
    this.panel.post({ type: "hunks", decisions: [...hunks.decisions] });
    return hunks.decided ? this.write() : false;
  }

  /** Writes the original text with the accepted hunks; records the repair when all were accepted. */
  private async write(): Promise<boolean> {
    const current = this.current;
    const result = current?.result;
    const hunks = current?.hunks;
    if (!current || !result || !hunks) return false;
    this.panel.post({ type: "hunks", decisions: [...hunks.decisions] });
    const text = hunks.text();
    const doc = await vscode.workspace.openTextDocument(current.uri);
    if (doc.getText() !== current.text) {
      const pick = await vscode.window.showWarningMessage(
        `${basename(current.uri.fsPath)} changed since the repair started. Replace it with the repair anyway?`,
        "Replace",
        "Keep Mine",
      );
      if (pick !== "Replace") return false;
    }
    this.current = undefined;
    if (text === current.text) {
      this.panel.post({ type: "discarded" });
      return true;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage("Chain-of-Edits: the edit could not be applied.");
      return false;
    }
    this.acceptedText.set(doc.uri.toString(), text);
    // Accept before saving: the server then knows the green save that follows is not a hand fix.
    let recorded: AcceptResult = { recorded: false, reason: "only some hunks were accepted: not recorded" };
    if (hunks.all)
      try {
        recorded = await this.client.sendRequest(AcceptRequest, { repairId: result.repairId });
      } catch (err) {
        this.output.appendLine(`coe/accept failed: ${(err as Error).message}`);
      }
    await doc.save();
    const detail = recorded.recorded ? `Recorded in ${recorded.path ?? "the dataset"}.` : (recorded.reason ?? "");
    this.panel.post({ type: "accepted", recorded: recorded.recorded, detail });
    return true;
  }

  discard(): void {
    if (this.current?.running) this.cancel();
    this.current = undefined;
    this.panel.post({ type: "discarded" });
  }

  /** Stops the running repair (the server aborts the search, the model and the verifier). */
  cancel(): void {
    if (!this.current?.running) return;
    this.current.cancelAt = performance.now();
    void this.client.sendNotification(CancelNotification, { token: this.current.token });
  }

  /** "Open in Diff Editor": the file against the proposed code (a read-only virtual document). */
  async openDiff(): Promise<void> {
    const current = this.current;
    if (!current?.result || !current.hunks) return;
    const name = basename(current.uri.fsPath);
    const right = this.proposed.set(`${name} (proposed)`, current.result.trace.finalCode);
    await vscode.commands.executeCommand("vscode.diff", current.uri, right, `${name} ↔ Chain-of-Edits proposal`);
  }

  /** "Show Repair Trace": replays a past repair from the dataset in the panel. */
  async showTrace(id: string): Promise<void> {
    const { entry, trace } = await this.client.sendRequest(DatasetRecordRequest, { id });
    if (this.current?.running) this.cancel();
    this.current = undefined;
    this.panel.show(false);
    this.panel.post({ type: "replay", entry, trace });
  }

  showReview(): void {
    this.panel.show(false);
  }

  dispose(): void {
    this.cancel();
    this.panel.dispose();
    this.proposed.dispose();
  }
}
