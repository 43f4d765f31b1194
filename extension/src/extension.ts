/**
 * The VS Code extension: a thin client of the Chain-of-Edits language server (dist/server.cjs).
 * It starts the server, registers the commands table, shows the status bar item and the review
 * panel, and offers to record fixes the user makes by hand. All the work happens in the server.
 */
import { basename } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  ModelInfoNotification,
  ModelInfoRequest,
  RecordUserFixRequest,
  TestResultsNotification,
  type TestResultsParams,
} from "../../server/src/protocol.js";
import { commandTable, registerCommands } from "./commands.js";
import { DatasetView } from "./DatasetView.js";
import { RepairController } from "./RepairController.js";
import { RoundStatus } from "./RoundStatus.js";
import { startClient } from "./startClient.js";
import { StatusBar } from "./StatusBar.js";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Chain-of-Edits");
  const status = new StatusBar();
  context.subscriptions.push(output, status);
  try {
    client = await startClient(context, output);
  } catch (err) {
    status.error((err as Error).message);
    void vscode.window.showErrorMessage(`Chain-of-Edits: the language server did not start: ${(err as Error).message}`);
    return;
  }
  const repairs = new RepairController(context.extensionUri, client, output);
  const dataset = new DatasetView(client, repairs);
  const rounds = new RoundStatus(client, output);
  context.subscriptions.push(
    repairs,
    rounds,
    ...registerCommands(commandTable({ client, repairs, dataset, rounds, output })),
  );
  context.subscriptions.push(client.onNotification(ModelInfoNotification, (info) => status.update(info)));
  context.subscriptions.push(client.onNotification(TestResultsNotification, (p) => void offerUserFix(p, repairs)));
  status.update(await client.sendRequest(ModelInfoRequest));
}

/** A save turned the tests green by hand: offer to record the fix for "Train on My Fixes". */
async function offerUserFix(p: TestResultsParams, repairs: RepairController): Promise<void> {
  if (!p.fixedFrom || !client) return;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri);
  if (!doc || repairs.acceptedText.get(p.uri) === doc.getText()) return;
  const after = doc.getText();
  const pick = await vscode.window.showInformationMessage(
    `The tests of ${basename(doc.uri.fsPath)} pass now (${p.passed}/${p.total}). Record your fix so "Train on My Fixes" learns from it?`,
    "Record Fix",
    "Not Now",
  );
  if (pick !== "Record Fix") return;
  const r = await client.sendRequest(RecordUserFixRequest, {
    uri: p.uri,
    before: p.fixedFrom,
    after,
  });
  void vscode.window.showInformationMessage(
    r.recorded
      ? `Chain-of-Edits: fix recorded in ${r.path ?? "the dataset"}.`
      : `Chain-of-Edits: not recorded: ${r.reason ?? ""}`,
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
