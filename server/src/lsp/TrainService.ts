import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from "vscode-languageserver/node.js";
import {
  TrainProgressNotification,
  type TrainParams,
  type TrainProgressParams,
  type TrainResult,
} from "../protocol.js";
import type { AbortScopes } from "./AbortScopes.js";
import { loadEsm } from "./loadEsm.js";
import type { ServerEngine } from "./ServerEngine.js";

export interface TrainServiceOptions {
  connection: Connection;
  engine: ServerEngine;
  scopes: AbortScopes;
  log?: (line: string) => void;
}

/**
 * coe/train {kind: "sft"}: "train on my fixes". Runs core/train/trainSft (synthetic MBPP demos plus the
 * user's dataset, then the PyTorch trainer as a child process) in the background of the server,
 * streams its events as coe/trainProgress, and hot-swaps the new model in when it is done.
 * One training at a time; cancellation (LSP or coe/cancel) stops the trainer child.
 */
export class TrainService {
  private running = false;

  constructor(private readonly options: TrainServiceOptions) {}

  async train(params: TrainParams, lspToken?: CancellationToken): Promise<TrainResult> {
    if (params.kind !== "sft")
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown training kind ${String(params.kind)}`);
    if (this.running) throw new ResponseError(ErrorCodes.InvalidRequest, "a training is already running");
    const { engine, connection } = this.options;
    const mbppPath = findMbpp();
    if (!mbppPath)
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        "MBPP not found: set COE_MBPP to mbpp.jsonl (the synthetic demos come from it)",
      );
    const token = params.token ?? `train-${Date.now()}`;
    const scope = this.options.scopes.open(token, lspToken);
    const endBusy = engine.begin("training");
    this.running = true;
    try {
      const { trainSft } = await loadEsm();
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const out = join(engine.storageDir, "models", `coe-sft-${stamp}.gguf`);
      const init = engine.modelPath();
      const final = await trainSft({
        workDir: join(engine.storageDir, "train", stamp),
        out,
        verifier: engine.verifierInstance(),
        mbppPath,
        ...(init && existsSync(init) ? { init } : {}),
        steps: params.steps ?? 300,
        dataset: engine.dataset(),
        threads: 1,
        signal: scope.signal,
        onEvent: (event) =>
          void connection.sendNotification(TrainProgressNotification, { token, event } satisfies TrainProgressParams),
      });
      let reloaded = false;
      if (params.reload !== false) {
        await engine.reloadModel(out);
        reloaded = true;
      }
      this.options.log?.(`trained ${out}${reloaded ? " and loaded it" : ""}`);
      const loss = Number(final.loss);
      return { out, reloaded, ...(Number.isFinite(loss) ? { loss } : {}) };
    } catch (err) {
      if (scope.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, "training cancelled");
      throw err;
    } finally {
      this.running = false;
      scope.close();
      endBusy();
    }
  }
}

/** mbpp.jsonl: $COE_MBPP, else shared/data/mbpp beside the checkout the server runs from. */
export function findMbpp(): string | undefined {
  if (process.env.COE_MBPP) return existsSync(process.env.COE_MBPP) ? process.env.COE_MBPP : undefined;
  const candidates: string[] = [];
  let dir = typeof __dirname === "string" ? __dirname : process.cwd();
  for (let i = 0; i < 5; i++) {
    candidates.push(
      join(dir, "shared", "data", "mbpp", "mbpp.jsonl"),
      join(dir, "..", "shared", "data", "mbpp", "mbpp.jsonl"),
    );
    dir = dirname(dir);
  }
  return candidates.find((p) => existsSync(p));
}
