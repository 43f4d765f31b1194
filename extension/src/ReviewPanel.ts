import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { HostToWebview, WebviewToHost } from "./reviewMessages.js";

/** What the panel's buttons do; the panel itself only shows and forwards. */
export interface ReviewPanelHandlers {
  accept(): unknown;
  hunk(index: number, accept: boolean): unknown;
  discard(): void;
  cancel(): void;
  openDiff(): unknown;
}

/** Tried edits kept for a reload of the webview (the live list shows the latest ones). */
const KEEP_TRIED = 200;

/**
 * The review panel: a webview (media/review.js, media/review.css) that shows every step of a repair
 * as a coloured diff with its test results (live while the search runs: every tried edit), the final
 * diff as hunks to accept or reject one by one, Accept All / Discard / Cancel / Open in Diff Editor. The host keeps the messages
 * of the current repair and replays them whenever the webview (re)loads, so hiding and showing the
 * panel loses nothing without retainContextWhenHidden. Content Security Policy: no network, scripts
 * only with this load's nonce, resources only from media/.
 */
export class ReviewPanel implements vscode.Disposable {
  static readonly viewType = "coe.review";
  private panel: vscode.WebviewPanel | undefined;
  private history: HostToWebview[] = [];
  private readonly media: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly handlers: ReviewPanelHandlers,
  ) {
    this.media = vscode.Uri.joinPath(extensionUri, "media");
  }

  /** Opens the panel beside the editor, or reveals it. */
  show(preserveFocus = true): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      ReviewPanel.viewType,
      "Chain-of-Edits Review",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, localResourceRoots: [this.media] },
    );
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.receive(m));
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
  }

  /** Sends a message to the webview; "start" and "replay" begin a new history. The history keeps the
   *  last KEEP_TRIED search events (each is one tried edit) and only the latest hunk decisions. */
  post(message: HostToWebview): void {
    if (message.type === "start" || message.type === "replay") this.history = [];
    if (message.type === "hunks") this.history = this.history.filter((m) => m.type !== "hunks");
    if (message.type === "search") {
      const searches = this.history.filter((m) => m.type === "search");
      if (searches.length >= KEEP_TRIED) this.history.splice(this.history.indexOf(searches[0]!), 1);
    }
    this.history.push(message);
    void this.panel?.webview.postMessage(message);
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
  }

  private receive(message: WebviewToHost): void {
    switch (message.type) {
      case "ready":
        for (const m of this.history) void this.panel?.webview.postMessage(m);
        break;
      case "accept":
        this.guard(this.handlers.accept());
        break;
      case "hunk":
        this.guard(this.handlers.hunk(message.index, message.accept));
        break;
      case "openDiff":
        this.guard(this.handlers.openDiff());
        break;
      case "discard":
        this.handlers.discard();
        break;
      case "cancel":
        this.handlers.cancel();
        break;
    }
  }

  /** A handler's failure is shown, never swallowed. */
  private guard(result: unknown): void {
    Promise.resolve(result).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.post({ type: "error", message });
      void vscode.window.showErrorMessage(`Chain-of-Edits: ${message}`);
    });
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString("base64");
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.media, "review.js"));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.media, "review.css"));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join("; ");
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>Chain-of-Edits Review</title>
</head>
<body>
  <header>
    <h1 id="title">Chain-of-Edits</h1>
    <div id="status" role="status" aria-live="polite">No repair yet. Run "Chain-of-Edits: Repair File".</div>
    <div class="buttons">
      <button id="accept" disabled>Accept All</button>
      <button id="discard" class="secondary" disabled>Discard</button>
      <button id="diff" class="secondary" disabled>Open in Diff Editor</button>
      <button id="cancel" class="secondary" hidden>Cancel</button>
    </div>
  </header>
  <section id="flags"></section>
  <section id="hunks-box" hidden><h2>Final diff: accept or reject each hunk</h2><ol id="hunks"></ol></section>
  <h2 id="steps-title">Steps</h2>
  <ol id="steps"></ol>
  <details id="tried-box"><summary id="tried-title">Tried edits (live)</summary><ol id="tried"></ol></details>
  <details id="log-box"><summary>Progress log</summary><pre id="log"></pre></details>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}
