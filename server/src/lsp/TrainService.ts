import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from "vscode-languageserver/node.js";
import {
  TrainProgressNotification,
  type TrainEvent,
  type TrainParams,
  type TrainProgressParams,
  type TrainResult,
} from "../protocol.js";
import { resources } from "../core/resources.js";
import { recordModelParent } from "../core/rounds/modelLineage.js";
import type { AbortScopes } from "./AbortScopes.js";
import { loadEsm } from "./loadEsm.js";
import { editorRankerRound, trainedModelsLog } from "./editorRankerRound.js";
import { trainKind, trainLoraOnFixes } from "./trainLoraOnFixes.js";
import type { ServerEngine } from "./ServerEngine.js";

export interface TrainServiceOptions {
  connection: Connection;
  engine: ServerEngine;
  scopes: AbortScopes;
  log?: (line: string) => void;
  /** Where COE_TRAIN_STEPS / COE_TRAIN_VARIANTS and the rounds folder (modelPaths) are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** One round on the user's fixes: a short fine-tune with a low learning rate. */
export interface TrainRound {
  steps: number;
  /** Synthetic variants per replayed MBPP program; 0: the dataset alone. */
  variants: number;
  lr: number;
}

export const TRAIN_DEFAULTS: TrainRound = { steps: 100, variants: 1, lr: 3e-4 };
/** MBPP programs corrupted for the replay (a seeded sample): enough that the model does not forget. */
export const REPLAY_PROGRAMS = 64;

/**
 * The round's settings: the request's fields, else COE_TRAIN_STEPS / COE_TRAIN_VARIANTS (a tiny budget for
 * tests), else TRAIN_DEFAULTS. Out-of-range values are an InvalidParams error.
 */
export function trainRound(params: TrainParams, env: NodeJS.ProcessEnv = process.env): TrainRound {
  const pick = (name: keyof TrainRound, envVar: string | undefined, min: number, max: number, int: boolean): number => {
    const given = params[name] ?? (envVar !== undefined && envVar !== "" ? Number(envVar) : undefined);
    const v = given ?? TRAIN_DEFAULTS[name];
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v)))
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `${name} must be ${int ? "an integer" : "a number"} in [${min}, ${max}], got ${String(given)}`,
      );
    return v;
  };
  return {
    steps: pick("steps", env.COE_TRAIN_STEPS, 1, 1_000_000, true),
    variants: pick("variants", env.COE_TRAIN_VARIANTS, 0, 100, true),
    lr: pick("lr", undefined, 1e-8, 1, false),
  };
}

/**
 * coe/train: "train on my fixes". For a pretrained model (trainKind: a chat template, ...) a LoRA round
 * on its frozen base (trainLoraOnFixes); for the user's own coe model (kind "sft") a full SFT: fine-tunes the current model (its GGUF is the init, so
 * the tokenizer and architecture are kept) on the user's dataset plus a small replay of synthetic MBPP
 * demos, through core/train/trainSft (the PyTorch trainer as a child process), in the background of
 * the server. Streams its events as coe/trainProgress, writes the new model to
 * <storage>/models/coe-sft-<time>.gguf (the old one stays; its parent goes to lineage.jsonl beside it) and
 * hot-swaps it in.
 * One training at a time; cancellation (LSP or coe/cancel) stops the trainer child.
 */
export class TrainService {
  private running = false;
  private rankerRunning = false;

  constructor(private readonly options: TrainServiceOptions) {}

  /** The model round, then a ranker round on the same repairs (rankerRound); the ranker round's failure
   *  never fails the training. */
  async train(params: TrainParams, lspToken?: CancellationToken): Promise<TrainResult> {
    if (this.rankerRunning) throw new ResponseError(ErrorCodes.InvalidRequest, "a training is already running");
    // One token for both rounds: coe/cancel and the progress notifications name it.
    const token = params.token ?? `train-${Date.now()}`;
    const result = await this.trainModel(params, token, lspToken);
    if (params.ranker === false) return result;
    this.rankerRunning = true;
    const scope = this.options.scopes.open(token, lspToken);
    const log = (line: string): void => {
      this.options.log?.(line);
      this.progress(token, { type: "phase", phase: "ranker", detail: line });
    };
    try {
      const r = await editorRankerRound({
        engine: this.options.engine,
        ...(this.options.env ? { env: this.options.env } : {}),
        signal: scope.signal,
        log,
      });
      if (!r) return result;
      this.options.log?.(`ranker round: ${r.promoted ? "promoted" : "not promoted"} (${r.reason})`);
      return { ...result, ranker: r };
    } catch (err) {
      // Cancelled after the model round: the new model stays (it is trained and loaded); the ranker in use stays.
      const reason = scope.signal.aborted ? "cancelled" : `failed: ${(err as Error).message}`;
      this.options.log?.(`ranker round ${reason}`);
      return { ...result, ranker: { promoted: false, reason } };
    } finally {
      this.rankerRunning = false;
      scope.close();
    }
  }

  /** One coe/trainProgress event of the training `token` names. */
  private progress(token: string, event: TrainEvent): void {
    void this.options.connection.sendNotification(TrainProgressNotification, {
      token,
      event,
    } satisfies TrainProgressParams);
  }

  private async trainModel(params: TrainParams, token: string, lspToken?: CancellationToken): Promise<TrainResult> {
    if (this.running) throw new ResponseError(ErrorCodes.InvalidRequest, "a training is already running");
    const { engine } = this.options;
    const kind = await trainKind(params, engine.choice());
    if (this.running) throw new ResponseError(ErrorCodes.InvalidRequest, "a training is already running");
    const round = trainRound(params, this.options.env);
    if (kind === "lora") return this.trainLora(params, round, token, lspToken);
    const init = engine.info().path;
    if (!init || !existsSync(init))
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        init
          ? `the current model ${init} does not exist`
          : 'Train on My Fixes fine-tunes the current model, and coe.model is "none": set it to a GGUF (or leave it empty for the bundled default)',
      );
    if (round.variants > 0)
      try {
        resources.mbppFiles(["train-validation"]); // the replayed synthetic demos come from it
      } catch (err) {
        throw new ResponseError(ErrorCodes.InvalidRequest, `${(err as Error).message}; or train with variants 0`);
      }
    const scope = this.options.scopes.open(token, lspToken);
    const endBusy = engine.begin("training");
    this.running = true;
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const workDir = join(engine.storageDir, "train", stamp);
    const dataset = engine.dataset();
    let failed = false;
    try {
      const { trainSft } = await loadEsm();
      const out = join(engine.storageDir, "models", `coe-sft-${stamp}.gguf`);
      this.options.log?.(
        `training from ${init}: ${round.steps} steps, lr ${round.lr}, ${round.variants} variant(s) per replayed program` +
          " (rank records of accepted searches train the ranker too)",
      );
      const final = await trainSft({
        workDir,
        out,
        verifier: engine.verifierInstance(),
        init,
        steps: round.steps,
        variantsPerTask: round.variants,
        demoTasks: REPLAY_PROGRAMS,
        // Learning to rank: the rank records of the user's accepted searches add the pairwise rank loss
        // (trainSft's DEFAULT_RANK_WEIGHT; the "rank" phase event says how many were used).
        dataset,
        requireDataset: true,
        lr: round.lr,
        threads: Math.max(1, Math.floor(os.availableParallelism() / 2)),
        signal: scope.signal,
        onEvent: (event) => this.progress(token, event),
      });
      if (scope.signal.aborted) throw new Error("training cancelled");
      if (!existsSync(out)) throw new Error(`the trainer finished without writing ${out}`);
      // Its parent, for the ranker's sample stamp to follow (editorModelLineage), loaded or not; without
      // the record the new model is as unrelated to the stamped one as a user's own GGUF.
      try {
        recordModelParent(trainedModelsLog(engine.storageDir), { model: out, parent: init, kind: "sft" });
      } catch (err) {
        this.options.log?.(`the parent of ${out} was not recorded: ${(err as Error).message}`);
      }
      let reloaded = false;
      if (params.reload !== false) {
        await engine.reloadModel(out);
        reloaded = true;
      }
      this.options.log?.(`trained ${out}${reloaded ? " and loaded it" : ""}`);
      const loss = Number(final.loss);
      return { kind: "sft", out, reloaded, ...(Number.isFinite(loss) ? { loss } : {}) };
    } catch (err) {
      if (scope.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, "training cancelled");
      const message = (err as Error).message;
      if (message.startsWith("nothing to train on")) throw new ResponseError(ErrorCodes.InvalidRequest, message);
      failed = true;
      this.options.log?.(`training failed (work folder kept: ${workDir}): ${message}`);
      throw err;
    } finally {
      this.running = false;
      scope.close();
      endBusy();
      await dataset.dispose();
      // Tokenized data and checkpoints are only worth keeping to diagnose a failure.
      if (!failed) rmSync(workDir, { recursive: true, force: true });
    }
  }

  /** A LoRA round on the model in use (trainLoraOnFixes), with the same progress, cancellation and lock. */
  private async trainLora(
    params: TrainParams,
    round: TrainRound,
    token: string,
    lspToken?: CancellationToken,
  ): Promise<TrainResult> {
    const { engine } = this.options;
    const scope = this.options.scopes.open(token, lspToken);
    const endBusy = engine.begin("training");
    this.running = true;
    const env = this.options.env ?? process.env;
    const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
    try {
      this.options.log?.(`LoRA round on ${engine.choice().model}: ${round.steps} steps`);
      const r = await trainLoraOnFixes({
        engine,
        steps: round.steps,
        ...(params.lr !== undefined ? { lr: round.lr } : {}),
        reload: params.reload !== false,
        signal: scope.signal,
        evalTasks: num(env.COE_ROUND_EVAL_TASKS, 20),
        evalBudget: num(env.COE_ROUND_EVAL_BUDGET, 30),
        onEvent: (event) => this.progress(token, event),
      });
      this.options.log?.(`${r.round}: ${r.promoted ? "promoted" : "not promoted"}: ${r.reason}`);
      return r;
    } catch (err) {
      if (scope.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, "training cancelled");
      this.options.log?.(`LoRA round failed: ${(err as Error).message}`);
      throw err;
    } finally {
      this.running = false;
      scope.close();
      endBusy();
    }
  }
}
