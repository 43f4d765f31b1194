import { rmSync } from "node:fs";
import { basename, join } from "node:path";
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from "vscode-languageserver/node.js";
import type { RepairRecord } from "../core/dataset/index.js";
import type { Policy } from "../core/model/Policy.js";
import { snapshotDataset } from "../core/rounds/index.js";
import {
  RoundProgressNotification,
  type RoundEval,
  type RoundInfo,
  type RoundKind,
  type RoundProgressParams,
  type RoundsInfo,
  type RunRoundParams,
} from "../protocol.js";
import type { AbortScopes } from "./AbortScopes.js";
import { EditorRounds } from "./EditorRounds.js";
import { evaluateRound, loses, roundMode, roundTasks, type RoundTask } from "./evaluateRound.js";
import { loadEsm } from "./loadEsm.js";
import { migrateRoundBook } from "./migrateRoundBook.js";
import type { ServerEngine } from "./ServerEngine.js";
import { trainEditorRound } from "./trainEditorRound.js";

export interface RoundServiceOptions {
  connection: Connection;
  engine: ServerEngine;
  scopes: AbortScopes;
  log?: (line: string) => void;
  /** COE_IDLE_MS (idle time before an automatic round), COE_TRAIN_STEPS / COE_TRAIN_VARIANTS,
   *  COE_ROUND_EVAL_TASKS, COE_ROUND_EVAL_BUDGET, COE_RL_TASKS, COE_RL_TEMPERATURE, and the rounds
   *  folder and config of modelPaths (COE_ROUNDS_DIR, COE_CONFIG, ...) (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Every 4th fix (by time) is held back from training and judges the round instead. */
const HOLD_BACK_EVERY = 4;

/**
 * Background training rounds. After coe.autoTrainAfter new accepted fixes, once the editor has been
 * idle (no edit, no repair) for a while, a round fine-tunes the current model at low priority (the
 * trainer runs under nice 19 with one thread) on the user's fixes minus a held-back quarter, then
 * evaluates candidate and current model on the validation suite (mbpp-val-repair, when MBPP is
 * present) and on the held-back fixes, and swaps the candidate in only if it solves at least as
 * many on each. The rounds are kept in the round store the CLI and the LoRA rounds use (EditorRounds:
 * modelPaths().roundsDir, round-NNNN/ with the model, eval.json, decision.json; one promotion stack),
 * so `coe model list` / `coe model rollback` see them; coe/rollback undoes the last promotion. Only
 * finished rounds are recorded; the work folder (<storage>/rounds/<time>) is removed after each.
 */
export class RoundService {
  private readonly rounds: EditorRounds;
  private running: RoundProgressParams | undefined;
  private lastActivity = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private pending = 0;
  private disposed = false;

  constructor(private readonly options: RoundServiceOptions) {
    this.rounds = new EditorRounds(this.env);
    // The rounds of older versions (<storage>/rounds/rounds.json) join the store once.
    migrateRoundBook({
      file: join(options.engine.storageDir, "rounds", "rounds.json"),
      store: this.rounds.store,
      datasetFile: this.datasetFile(),
      ...(options.log ? { log: options.log } : {}),
    });
  }

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private num(name: string, fallback: number): number {
    const v = Number(this.env[name]);
    return this.env[name] !== undefined && this.env[name] !== "" && Number.isFinite(v) ? v : fallback;
  }

  /** The user typed or a repair ran: the editor is not idle. */
  noteActivity(): void {
    this.lastActivity = Date.now();
  }

  /** An accepted fix was recorded (or settings changed): count and maybe schedule a round. */
  async onAccepted(): Promise<void> {
    this.pending = await this.newFixes();
    this.schedule();
  }

  async info(): Promise<RoundsInfo> {
    this.pending = await this.newFixes();
    return {
      rounds: this.rounds.list(),
      current: this.rounds.current(),
      pendingFixes: Math.max(0, this.pending),
      autoTrainAfter: this.options.engine.settings.autoTrainAfter,
      ...(this.running ? { running: this.running } : {}),
    };
  }

  /** coe/rollback: undoes the last promotion; the model in use before that round is loaded again. */
  async rollback(): Promise<RoundsInfo> {
    if (this.running) throw new ResponseError(ErrorCodes.InvalidRequest, "a round is running; wait or cancel it");
    let undone;
    try {
      undone = this.rounds.rollback();
    } catch (err) {
      throw new ResponseError(ErrorCodes.InvalidRequest, (err as Error).message);
    }
    await this.options.engine.useChoice(undone.restored);
    this.options.log?.(`rolled back ${undone.from}: ${undone.restored.model} is in use`);
    return this.info();
  }

  /** coe/runRound: a round now (the automatic trigger calls it too). */
  async run(params: RunRoundParams, lspToken?: CancellationToken): Promise<RoundInfo> {
    const kind: RoundKind = params?.kind;
    if (kind !== "sft" && kind !== "rl")
      throw new ResponseError(ErrorCodes.InvalidParams, `kind must be "sft" or "rl", got ${String(kind)}`);
    if (this.running) throw new ResponseError(ErrorCodes.InvalidRequest, "a round is already running");
    if (kind === "rl" && !this.rounds.hasPromotedSft())
      throw new ResponseError(ErrorCodes.InvalidRequest, "an RL round starts from a promoted SFT round: none yet");
    const { engine } = this.options;
    const init = engine.info().path;
    const previous = engine.choice();
    if (!init)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'a round fine-tunes the current model: coe.model is "none"');
    const token = params.token ?? `round-${Date.now()}`;
    const scope = this.options.scopes.open(token, lspToken);
    const accepted = await this.acceptedCount();
    const snapshot = await snapshotDataset(this.datasetFile());
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const workDir = join(engine.storageDir, "rounds", stamp);
    const out = join(workDir, `coe-${kind}-round-${stamp}.gguf`);
    const progress = (phase: RoundProgressParams["phase"], detail: string, round?: RoundInfo): void => {
      this.running = { token, kind, phase, detail, ...(round ? { round } : {}) };
      void this.options.connection.sendNotification(RoundProgressNotification, this.running);
    };
    const endBusy = engine.begin("training");
    let policy: Policy | undefined;
    try {
      const { train, held } = await this.splitFixes();
      progress("training", `${kind} round from ${basename(init)}: ${train.length} fix(es), ${held.length} held back`);
      const settings = await trainEditorRound({
        kind,
        engine,
        env: this.env,
        num: (name, fallback) => this.num(name, fallback),
        init,
        out,
        workDir,
        train,
        signal: scope.signal,
      });
      progress("evaluating", "candidate and current model on the validation suite and the held-back fixes");
      const tasks = await roundTasks({
        held: held.length > 0 ? held : train.slice(-1),
        limit: this.evalTasks(),
        cacheDir: join(engine.storageDir, "suites"),
        signal: scope.signal,
        log: this.options.log,
      });
      const { LlamaPolicy } = await loadEsm();
      policy = await LlamaPolicy.load({ modelPath: out, sequences: 1, threads: 1, signal: scope.signal });
      const candidate = await this.evaluate(tasks, policy, scope.signal);
      const lease = await engine.acquirePolicy(scope.signal);
      let current: RoundEval[];
      try {
        current = await this.evaluate(tasks, lease.policy, scope.signal);
      } finally {
        if (lease.policy) lease.release();
      }
      await policy.dispose();
      policy = undefined;
      const round = await this.rounds.record({
        kind,
        init,
        previous,
        trained: out,
        data: {
          ...snapshot,
          records: train.length + held.length,
          heldOut: held.map((r) => r.id),
          heldOutFraction: 1 / HOLD_BACK_EVERY,
          seed: 0, // not drawn: every HOLD_BACK_EVERY-th fix by time is held back
        },
        acceptedFixes: accepted,
        settings: { ...settings, evalTasks: this.evalTasks(), evalBudget: this.budget() },
        evals: { candidate, current },
        lost: loses(candidate, current),
        note: held.length > 0 ? "" : " (no held-back fixes yet: judged on the newest fix)",
        load: (choice) => engine.useChoice(choice),
      });
      progress("done", round.verdict, round);
      this.options.log?.(`round ${round.id}: ${round.verdict}`);
      return round;
    } catch (err) {
      const cancelled = scope.signal.aborted;
      progress("failed", cancelled ? "cancelled" : (err as Error).message);
      if (cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, "round cancelled");
      throw err;
    } finally {
      await policy?.dispose();
      this.running = undefined;
      scope.close();
      endBusy();
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Starts a round once enough fixes came in and the editor has been idle for COE_IDLE_MS (default 60 s). */
  private schedule(): void {
    const n = this.options.engine.settings.autoTrainAfter;
    if (this.disposed || this.timer || this.running || n <= 0 || this.pending < n) return;
    const idleMs = this.num("COE_IDLE_MS", 60_000);
    const wait = Math.max(200, this.lastActivity + idleMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const idle = Date.now() - this.lastActivity >= idleMs && this.options.engine.info().state === "idle";
      if (!idle) return this.schedule();
      this.run({ kind: "sft" }).catch((err: unknown) => this.options.log?.(`background round: ${String(err)}`));
    }, wait);
    void this.options.connection.sendNotification(RoundProgressNotification, {
      token: "auto",
      kind: "sft",
      phase: "waiting",
      detail: `${this.pending} new fix(es): a round starts when the editor is idle`,
    });
  }

  private async fixes(): Promise<RepairRecord[]> {
    const store = this.options.engine.dataset();
    try {
      const { records } = await store.read();
      return records.filter((r) => (r.source === "accepted" || r.source === "user-fix") && r.outcome.solved);
    } finally {
      await store.dispose();
    }
  }

  private async acceptedCount(): Promise<number> {
    return (await this.fixes()).filter((r) => r.source === "accepted").length;
  }

  /** Accepted fixes since the last round on this dataset (its round.json records the count then). */
  private async newFixes(): Promise<number> {
    return (await this.acceptedCount()) - this.rounds.acceptedAtLastRound(this.datasetFile());
  }

  private datasetFile(): string {
    return join(this.options.engine.datasetDir(), "repairs.jsonl");
  }

  private evalTasks(): number {
    return this.num("COE_ROUND_EVAL_TASKS", 20);
  }

  private budget(): number {
    return this.num("COE_ROUND_EVAL_BUDGET", 30);
  }

  private async splitFixes(): Promise<{ train: RepairRecord[]; held: RepairRecord[] }> {
    const all = (await this.fixes()).sort((a, b) => a.time.localeCompare(b.time));
    const held = all.filter((_, i) => i % HOLD_BACK_EVERY === HOLD_BACK_EVERY - 1);
    return { train: all.filter((r) => !held.includes(r)), held };
  }

  private async evaluate(
    suites: Map<string, RoundTask[]>,
    policy: Policy | undefined,
    signal: AbortSignal,
  ): Promise<RoundEval[]> {
    const out: RoundEval[] = [];
    const judged = roundMode(this.options.engine.settings.mode, this.options.engine.storageDir);
    for (const [suite, tasks] of suites)
      out.push(
        await evaluateRound({
          suite,
          tasks,
          policy,
          verifier: this.options.engine.verifierInstance(),
          budget: this.budget(),
          ...judged,
          signal,
        }),
      );
    return out;
  }
}
