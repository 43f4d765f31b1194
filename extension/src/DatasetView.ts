import { basename } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  DatasetDeleteRequest,
  DatasetListRequest,
  type DatasetEntry,
  type DatasetListResult,
} from "../../server/src/protocol.js";
import type { RepairController } from "./RepairController.js";

const SOURCE_LABEL: Record<DatasetEntry["source"], string> = {
  accepted: "accepted",
  "user-fix": "hand fix",
  search: "search",
  synthetic: "synthetic",
};

/** One record as a line: date, file, source, size. */
export function describeEntry(e: DatasetEntry): string {
  const size = e.bytes < 1024 ? `${e.bytes} B` : `${(e.bytes / 1024).toFixed(1)} KiB`;
  return `${e.time.slice(0, 16).replace("T", " ")}  ${basename(e.file)}  ${SOURCE_LABEL[e.source]}  ${size}`;
}

/** The dataset as a readable Markdown table (the virtual document of "Open Repair Dataset"). */
export function datasetMarkdown(list: DatasetListResult): string {
  const rows = list.entries.map(
    (e) =>
      `| ${e.time.slice(0, 19).replace("T", " ")} | ${basename(e.file)} | ${SOURCE_LABEL[e.source]} | ${e.solved ? "yes" : "no"} | ${e.steps} | ${e.linesChanged} | ${e.bytes} | ${e.id} |`,
  );
  return [
    `# Chain-of-Edits repair dataset`,
    ``,
    `${list.path}: ${list.entries.length} record(s)${list.skipped ? `, ${list.skipped} unreadable line(s) skipped` : ""}`,
    ``,
    `| date | file | source | solved | steps | lines changed | bytes | id |`,
    `|---|---|---|---|---|---|---|---|`,
    ...rows,
    ``,
  ].join("\n");
}

interface EntryItem extends vscode.QuickPickItem {
  entry: DatasetEntry;
}

const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("trash"), tooltip: "Delete this record" };

/**
 * "Show Repair Trace" and "Open Repair Dataset": a quick pick of the local dataset (newest first);
 * picking a record replays its steps in the review panel, the trash button deletes it (after a
 * confirmation; the server rewrites the file atomically under its lock). "Open Repair Dataset" also
 * opens the whole dataset as a Markdown table beside it.
 */
export class DatasetView {
  constructor(
    private readonly client: LanguageClient,
    private readonly repairs: RepairController,
  ) {}

  async showTrace(id?: string): Promise<void> {
    if (id) return this.repairs.showTrace(id);
    await this.pick("Pick a past repair to replay its steps");
  }

  async open(): Promise<void> {
    const list = await this.client.sendRequest(DatasetListRequest);
    // A read-only virtual document (no unsaved buffer to close).
    const uri = this.repairs.proposed.set("repair-dataset.md", datasetMarkdown(list));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
    await this.pick("Repair dataset: pick a record to replay it, or delete it with the trash button", list);
  }

  /** coe.deleteRecord (also the trash button): deletes one record by id, after confirming unless `confirm` is false. */
  async delete(id: string, confirm = true): Promise<boolean> {
    if (confirm) {
      const yes = await vscode.window.showWarningMessage(`Delete dataset record ${id}?`, { modal: true }, "Delete");
      if (yes !== "Delete") return false;
    }
    const r = await this.client.sendRequest(DatasetDeleteRequest, { ids: [id] });
    void vscode.window.showInformationMessage(`Chain-of-Edits: record deleted; ${r.remaining} left.`);
    return r.removed.includes(id);
  }

  private async pick(placeholder: string, given?: DatasetListResult): Promise<void> {
    const list = given ?? (await this.client.sendRequest(DatasetListRequest));
    if (list.entries.length === 0) {
      void vscode.window.showInformationMessage(`Chain-of-Edits: the dataset is empty (${list.path}).`);
      return;
    }
    const qp = vscode.window.createQuickPick<EntryItem>();
    qp.placeholder = placeholder;
    qp.matchOnDescription = true;
    const items = (entries: DatasetEntry[]): EntryItem[] =>
      entries.map((entry) => ({
        label: describeEntry(entry),
        description: `${entry.solved ? "solved" : "not solved"}, ${entry.steps} step(s), ${entry.model}`,
        entry,
        buttons: [DELETE],
      }));
    qp.items = items(list.entries);
    await new Promise<void>((resolve) => {
      qp.onDidTriggerItemButton(async (e) => {
        if (await this.delete(e.item.entry.id)) qp.items = qp.items.filter((i) => i !== e.item);
      });
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0];
        qp.hide();
        if (item) void this.repairs.showTrace(item.entry.id);
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve();
      });
      qp.show();
    });
  }
}
