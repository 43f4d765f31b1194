import * as vscode from "vscode";

/**
 * Read-only virtual documents (scheme coe-proposed) holding the code a repair proposes, for
 * "Open in Diff Editor" (vscode.diff of the file against the proposal) and the dataset view.
 */
export class ProposedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = "coe-proposed";
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(ProposedDocuments.scheme, this);
  }

  /** Stores `text` under a name (e.g. "buggy_stats.py (proposed)") and returns its URI. */
  set(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ProposedDocuments.scheme, path: `/${name}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
