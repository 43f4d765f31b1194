import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  RollbackRequest,
  RoundProgressNotification,
  RoundsRequest,
  RunRoundRequest,
  type RoundInfo,
  type RoundKind,
  type RoundProgressParams,
  type RoundsInfo,
} from "../../server/src/protocol.js";

const ICON: Record<RoundProgressParams["phase"], string> = {
  waiting: "$(clock)",
  training: "$(sync~spin)",
  evaluating: "$(beaker)",
  done: "$(check)",
  failed: "$(warning)",
};

/**
 * Background training rounds in the status bar: waiting for an idle editor, training, evaluating,
 * and the result (promoted or not, with the evaluation); "Roll Back Model" and "Run RL Round".
 */
export class RoundStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("coe.rounds", vscode.StatusBarAlignment.Right, 99);
  private readonly sub: vscode.Disposable;
  /** The last progress event (for tests and the tooltip). */
  last: RoundProgressParams | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.item.name = "Chain-of-Edits rounds";
    this.item.command = "coe.showRounds";
    this.sub = client.onNotification(RoundProgressNotification, (p) => this.show(p));
  }

  show(p: RoundProgressParams): void {
    this.last = p;
    const what =
      p.phase === "done" && p.round
        ? p.round.promoted
          ? `round ${p.round.id} in use`
          : `round ${p.round.id} kept out`
        : `round ${p.phase}`;
    this.item.text = `${ICON[p.phase]} CoE ${what}`;
    this.item.tooltip = `${p.kind.toUpperCase()} round: ${p.detail}${p.round ? `\n${evalLine(p.round)}` : ""}`;
    this.item.show();
    this.output.appendLine(`round (${p.kind}) ${p.phase}: ${p.detail}`);
  }

  /** coe.showRounds: the rounds so far in a quick pick (id, verdict, evaluation). */
  async showRounds(): Promise<RoundsInfo> {
    const info = await this.client.sendRequest(RoundsRequest);
    const items: vscode.QuickPickItem[] = info.rounds.map((r) => ({
      label: `${r.id === info.current ? "$(check) " : ""}${r.id} (${r.kind})`,
      description: r.verdict,
      detail: evalLine(r),
    }));
    void vscode.window.showQuickPick(
      items.length
        ? items
        : [{ label: `no rounds yet: ${info.pendingFixes}/${info.autoTrainAfter} accepted fixes`, description: "" }],
      { placeHolder: "Chain-of-Edits training rounds (newest first)" },
    );
    return info;
  }

  /** coe.rollbackModel. */
  async rollback(): Promise<RoundsInfo | undefined> {
    try {
      const info = await this.client.sendRequest(RollbackRequest);
      const text = info.current ? `round ${info.current}` : "the base model";
      this.item.text = `$(history) CoE ${text} in use`;
      void vscode.window.showInformationMessage(`Chain-of-Edits: rolled back; ${text} is in use.`);
      return info;
    } catch (err) {
      void vscode.window.showErrorMessage(`Chain-of-Edits: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** coe.runRound / coe.runRlRound: a round now, in the background. */
  async run(kind: RoundKind): Promise<RoundInfo | undefined> {
    try {
      return await this.client.sendRequest(RunRoundRequest, { kind });
    } catch (err) {
      void vscode.window.showErrorMessage(`Chain-of-Edits ${kind} round: ${(err as Error).message}`);
      return undefined;
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}

function evalLine(r: RoundInfo): string {
  return r.evals.candidate
    .map((c) => {
      const o = r.evals.current.find((x) => x.suite === c.suite);
      return `${c.suite}: ${c.solved}/${c.tasks} (current ${o?.solved ?? "?"}/${o?.tasks ?? "?"})`;
    })
    .join("; ");
}
