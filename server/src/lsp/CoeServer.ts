import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node.js";
import {
  AcceptRequest,
  CancelNotification,
  ListModelsRequest,
  SelectModelRequest,
  type SelectModelParams,
  ModelInfoNotification,
  ModelInfoRequest,
  RecordUserFixRequest,
  ReloadModelRequest,
  RepairRequest,
  TrainRequest,
  type AcceptParams,
  type CancelParams,
  type CoeInitOptions,
  type CoeSettings,
  type RecordUserFixParams,
  type ReloadModelParams,
  type RepairParams,
  type TrainParams,
} from "../protocol.js";
import { AbortScopes } from "./AbortScopes.js";
import { codeActions } from "./codeActions.js";
import { isTestFile, moduleOfTestFile } from "./findTests.js";
import { LiveSyntax } from "./LiveSyntax.js";
import { ModelSelection } from "./ModelSelection.js";
import { RepairService } from "./RepairService.js";
import { ServerEngine } from "./ServerEngine.js";
import { TestDiagnostics, uriToPath } from "./TestDiagnostics.js";
import { TrainService } from "./TrainService.js";

/**
 * The Chain-of-Edits language server: wires an LSP connection (stdio or IPC, never a port) to the
 * engine. Syntax errors as the user types (tree-sitter), failing tests on save, quick fixes, and the
 * custom requests of protocol.ts; the engine's resources (verifier, model) live in ServerEngine and
 * are disposed on shutdown.
 */
export class CoeServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly scopes = new AbortScopes();
  private engine: ServerEngine | undefined;
  private diagnostics: TestDiagnostics | undefined;
  private repairs: RepairService | undefined;
  private trainer: TrainService | undefined;
  private syntax: LiveSyntax | undefined;
  private models: ModelSelection | undefined;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onDidChangeConfiguration((p) => {
      const s = (p.settings as { coe?: Partial<CoeSettings> } | undefined)?.coe;
      if (s) this.engine?.update(s);
    });
    this.documents.onDidOpen((e) => this.onSaveOrOpen(e.document.uri, e.document.getText()));
    this.documents.onDidSave((e) => this.onSaveOrOpen(e.document.uri, e.document.getText()));
    this.documents.onDidChangeContent((e) => void this.onEdit(e.document));
    this.documents.onDidClose((e) => this.diagnostics?.clear(e.document.uri));
    c.onCodeAction((p) => codeActions(p));
    c.onRequest(RepairRequest, (p: RepairParams, token) => this.ready().repairs.repair(p, token));
    c.onRequest(AcceptRequest, (p: AcceptParams) => this.ready().repairs.accept(p));
    c.onRequest(RecordUserFixRequest, (p: RecordUserFixParams) => this.ready().repairs.recordUserFix(p));
    c.onRequest(TrainRequest, (p: TrainParams, token) => this.ready().trainer.train(p, token));
    c.onRequest(ModelInfoRequest, () => this.ready().engine.info());
    c.onRequest(ReloadModelRequest, (p: ReloadModelParams) => this.ready().engine.reloadModel(p.path));
    c.onRequest(ListModelsRequest, () => this.selection().list());
    c.onRequest(SelectModelRequest, (p: SelectModelParams) => this.selection().select(p));
    c.onNotification(CancelNotification, (p: CancelParams) => this.scopes.cancel(p.token));
    c.onShutdown(() => this.dispose());
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const init = (params.initializationOptions ?? {}) as CoeInitOptions;
    const log = (line: string): void => this.connection.console.log(line);
    const engine = new ServerEngine({
      settings: init.settings,
      ...(init.storageDir ? { storageDir: init.storageDir } : {}),
      onInfoChanged: (info) => void this.connection.sendNotification(ModelInfoNotification, info),
      log,
    });
    const openText = (path: string): string | undefined =>
      this.documents
        .all()
        .find((d) => uriToPath(d.uri) === path)
        ?.getText();
    const diagnostics = new TestDiagnostics({ connection: this.connection, engine, openText, log });
    this.engine = engine;
    this.diagnostics = diagnostics;
    this.repairs = new RepairService({
      connection: this.connection,
      engine,
      scopes: this.scopes,
      diagnostics,
      openText,
      log,
    });
    this.trainer = new TrainService({ connection: this.connection, engine, scopes: this.scopes, log });
    this.models = new ModelSelection({ engine, log });
    this.syntax = new LiveSyntax({ log });
    this.syntax.warm();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ["quickfix"] },
      },
      serverInfo: { name: "chain-of-edits", version: "0.1.0" },
    };
  }

  /** Runs the tests of a saved (or opened) Python file; a saved test file re-checks its module. */
  private onSaveOrOpen(uri: string, text: string): void {
    const { diagnostics } = this.ready();
    const path = uriToPath(uri);
    if (!path?.endsWith(".py")) return;
    if (isTestFile(path)) {
      const module = moduleOfTestFile(path);
      if (!module) return;
      const moduleUri =
        this.documents.all().find((d) => uriToPath(d.uri) === module)?.uri ?? pathToFileURL(module).href;
      const moduleText = this.documents.get(moduleUri)?.getText() ?? readFileSync(module, "utf8");
      void diagnostics.check(moduleUri, moduleText);
      return;
    }
    void diagnostics.check(uri, text);
  }

  /** Any edit (or open) of a Python file: tree-sitter's syntax error of the new text, no Python run. */
  private async onEdit(document: TextDocument): Promise<void> {
    const { uri, version } = document;
    if (!this.syntax || !this.diagnostics || !uriToPath(uri)?.endsWith(".py")) return;
    const text = document.getText();
    const diagnostic = await this.syntax.diagnostic(text);
    // A newer edit (or a close) came while tree-sitter loaded: that one decides.
    if (this.documents.get(uri)?.version !== version) return;
    this.diagnostics.setSyntax(uri, text, diagnostic);
  }

  private ready(): {
    engine: ServerEngine;
    diagnostics: TestDiagnostics;
    repairs: RepairService;
    trainer: TrainService;
  } {
    if (!this.engine || !this.diagnostics || !this.repairs || !this.trainer)
      throw new Error("the server is not initialized");
    return { engine: this.engine, diagnostics: this.diagnostics, repairs: this.repairs, trainer: this.trainer };
  }

  private selection(): ModelSelection {
    if (!this.models) throw new Error("the server is not initialized");
    return this.models;
  }

  async dispose(): Promise<void> {
    this.scopes.cancelAll();
    this.diagnostics?.dispose();
    this.syntax?.dispose();
    await this.engine?.dispose();
  }
}
