import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { recordFromTrace } from "../core/dataset/recordFromTrace.js";
import { basename } from "node:path";
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from "vscode-languageserver/node.js";
import { isSolved, type TestSource, type Trace } from "../core/types.js";
import type { RankRecord } from "../core/search/RankRecord.js";
import { userRanker } from "../core/rank/rankerRound.js";
import { isRepairMode, REPAIR_MODES, solveRepair } from "../core/solve/index.js";
import {
  StepNotification,
  type AcceptParams,
  type AcceptResult,
  type RecordUserFixParams,
  type RecordUserFixResult,
  type RepairParams,
  type RepairResult,
  type RepairScope,
  type StepParams,
} from "../protocol.js";
import type { AbortScopes } from "./AbortScopes.js";
import { findTests } from "./findTests.js";
import type { LiveSyntax } from "./LiveSyntax.js";
import type { PolicyLease, ServerEngine } from "./ServerEngine.js";
import { uriToPath, type TestDiagnostics } from "./TestDiagnostics.js";

export interface RepairServiceOptions {
  connection: Connection;
  /** tree-sitter: the function around a line ("Repair Function at Cursor"). */
  syntax: LiveSyntax;
  /** Called after each recorded accepted repair (background rounds count them). */
  onAccepted?: () => void;
  engine: ServerEngine;
  scopes: AbortScopes;
  diagnostics: TestDiagnostics;
  openText: (path: string) => string | undefined;
  log?: (line: string) => void;
}

/** A finished repair, kept until accepted (or pushed out by newer ones). */
interface DoneRepair {
  uri: string;
  path: string;
  code: string;
  tests: TestSource;
  trace: Trace;
  model: string;
  /** The search's rank records (learning to rank), recorded with the repair when it is accepted. */
  rank?: RankRecord[];
}

const KEEP_REPAIRS = 32;

/**
 * coe/repair, coe/accept and coe/recordUserFix. A repair runs the engine on the editor's text (never
 * on the file: the user's file changes only when the client applies an accepted result), streams
 * every engine ProgressEvent as coe/step, and is cancelled by LSP cancellation or coe/cancel.
 */
export class RepairService {
  private readonly done = new Map<string, DoneRepair>();

  constructor(private readonly options: RepairServiceOptions) {}

  async repair(params: RepairParams, lspToken?: CancellationToken): Promise<RepairResult> {
    const { engine, connection } = this.options;
    const path = uriToPath(params.uri);
    if (!path) throw new ResponseError(ErrorCodes.InvalidParams, `not a file: ${params.uri}`);
    if (!path.endsWith(".py"))
      throw new ResponseError(ErrorCodes.InvalidParams, `${basename(path)} is not a Python file (.py)`);
    if (!existsSync(path) && this.options.openText(path) === undefined)
      throw new ResponseError(ErrorCodes.InvalidParams, `${path} does not exist (deleted or moved?)`);
    const fnScope = params.line !== undefined ? await this.scopeAt(path, params.text, params.line) : undefined;
    const testsPath = params.testsUri ? uriToPath(params.testsUri) : undefined;
    const found = findTests(path, params.text, { testsPath, read: this.options.openText });
    if (!found)
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `${basename(path)} has no tests: add test_${basename(path)} beside it, or doctests or asserts`,
      );
    // A function-scoped repair always searches (model rollouts have no line scope): mode model becomes
    // a search with model proposals only.
    const mode = params.mode ?? engine.settings.mode;
    if (!isRepairMode(mode))
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `mode must be ${REPAIR_MODES.join(", ")} (got ${String(mode)})`,
      );
    const rollouts = Math.max(1, Math.min(64, params.rollouts ?? engine.settings.rollouts));
    const token = params.token ?? randomUUID();
    const scope = this.options.scopes.open(token, lspToken);
    const endBusy = engine.begin("repairing");
    let held: PolicyLease | undefined;
    try {
      const got = mode === "mutate" ? undefined : await engine.acquirePolicy(scope.signal);
      held = got?.policy ? got : undefined;
      const noModel = got && !got.policy ? got.reason : undefined;
      if (mode === "model" && !held)
        throw new ResponseError(
          ErrorCodes.InvalidParams,
          `mode model needs a model: ${noModel ?? "none"}; set coe.model to a GGUF file (empty: the bundled default)`,
        );
      const send = (event: StepParams["event"]): void =>
        void connection.sendNotification(StepNotification, { token, event } satisfies StepParams);
      if (fnScope)
        send({ type: "message", text: `repairing ${fnScope.name} (lines ${fnScope.from}-${fnScope.to}) only` });
      if (noModel && mode !== "model") send({ type: "message", text: `searching with mutations only: ${noModel}` });
      // The ranked mode orders candidates by the bundled learned ranker (models/ranker.json) when there is one.
      // The user's own ranker (promoted by a ranker round of Train on My Fixes) before the bundled one.
      const { ranker, error: rankerError } = mode === "ranked" ? userRanker(engine.storageDir) : {};
      if (rankerError) send({ type: "message", text: `ranking with the hand-set score: ${rankerError}` });
      const {
        best: trace,
        initial,
        ms,
        flags,
        rankRecords: rank,
      } = await solveRepair({
        // Model rollouts have no line scope: a function-scoped repair searches with the model's proposals.
        mode: fnScope && mode === "model" ? "hybrid" : mode,
        code: params.text,
        tests: found.tests,
        verifier: engine.verifierInstance(),
        policy: held?.policy,
        rollouts,
        maxTurns: 10,
        budget: params.budget ?? engine.settings.budget,
        fileName: found.fileName,
        timeoutMs: 5000,
        signal: scope.signal,
        onProgress: send,
        ...(ranker ? { ranker } : {}),
        probe: engine.settings.probe,
        ...(fnScope ? { lines: { from: fnScope.from, to: fnScope.to } } : {}),
      });
      if (scope.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, "repair cancelled");
      const model = held?.policy.name ?? "mutate";
      const repairId = randomUUID();
      this.remember(repairId, { uri: params.uri, path, code: params.text, tests: found.tests, trace, model, rank });
      return {
        repairId,
        uri: params.uri,
        trace,
        initial,
        mode,
        model,
        flags,
        ms: Math.round(ms),
        ...(fnScope ? { scope: fnScope } : {}),
      };
    } catch (err) {
      if (scope.signal.aborted && !(err instanceof ResponseError))
        throw new ResponseError(LSPErrorCodes.RequestCancelled, "repair cancelled");
      throw err;
    } finally {
      held?.release();
      scope.close();
      endBusy();
    }
  }

  /** The function or method around a 0-based line, or a clear error. */
  private async scopeAt(path: string, text: string, line: number): Promise<RepairScope> {
    if (!Number.isInteger(line) || line < 0)
      throw new ResponseError(ErrorCodes.InvalidParams, `line must be a 0-based line number, got ${String(line)}`);
    const span = await this.options.syntax.functionAt(text, line + 1);
    if (!span)
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `line ${line + 1} of ${basename(path)} is not inside a function or method`,
      );
    return span;
  }

  /** Records an accepted repair in the dataset (source "accepted"). Only solved repairs are kept. */
  async accept(params: AcceptParams): Promise<AcceptResult> {
    const r = this.done.get(params.repairId);
    if (!r) return { recorded: false, reason: "unknown or expired repair id" };
    this.done.delete(params.repairId);
    this.options.diagnostics.forgetFailure(r.uri);
    if (!r.trace.solved) return { recorded: false, reason: "the repair does not pass the tests; not recorded" };
    const done = await this.append(
      recordFromTrace({
        source: "accepted",
        file: r.path,
        code: r.code,
        tests: r.tests,
        trace: r.trace,
        model: r.model,
        rank: r.rank,
      }),
    );
    if (done.recorded) this.options.onAccepted?.();
    return done;
  }

  /** Records a fix the user made by hand (source "user-fix"), after checking that `after` passes the tests. */
  async recordUserFix(params: RecordUserFixParams): Promise<RecordUserFixResult> {
    const path = uriToPath(params.uri);
    if (!path) throw new ResponseError(ErrorCodes.InvalidParams, `not a file: ${params.uri}`);
    const found = findTests(path, params.after, { read: this.options.openText });
    if (!found) return { recorded: false, reason: "the file has no tests" };
    if (params.before === params.after) return { recorded: false, reason: "nothing changed" };
    const verdict = await this.options.engine
      .verifierInstance()
      .verify({ code: params.after, tests: found.tests, fileName: found.fileName });
    if (!isSolved(verdict))
      return { recorded: false, reason: `the fixed code does not pass its tests (${verdict.passed}/${verdict.total})` };
    return this.append({
      source: "user-fix",
      file: path,
      before: params.before,
      after: params.after,
      tests: found.tests,
      trace: null,
      model: "user",
      outcome: { solved: true, passed: verdict.passed, total: verdict.total },
    });
  }

  private async append(record: Parameters<ReturnType<ServerEngine["dataset"]>["append"]>[0]): Promise<AcceptResult> {
    const store = this.options.engine.dataset();
    try {
      await store.append(record);
      this.options.log?.(`recorded a ${record.source} repair of ${record.file} in ${store.path}`);
      return { recorded: true, path: store.path };
    } finally {
      await store.dispose();
    }
  }

  private remember(id: string, r: DoneRepair): void {
    this.done.set(id, r);
    while (this.done.size > KEEP_REPAIRS) this.done.delete(this.done.keys().next().value!);
  }
}
