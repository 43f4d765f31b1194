import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { recordToEpisode } from "../core/dataset/exportSft.js";
import { describeModel, modelPaths, updateModelConfig, type ModelChoice } from "../core/models/index.js";
import { RoundStore, runLoraRound, type ScoreTask } from "../core/rounds/index.js";
import { runTrainer } from "../core/train/runTrainer.js";
import type { TrainEvent } from "../core/train/trainSft.js";
import type { TrainParams, TrainResult } from "../protocol.js";
import { evaluateRound, roundMode, roundTasks } from "./evaluateRound.js";
import { loadEsm } from "./loadEsm.js";
import type { ServerEngine } from "./ServerEngine.js";

/** Architectures the full-SFT trainer reads (trainer/coe_trainer/config.py SUPPORTED_ARCHS). */
const SFT_ARCHS = ["llama", "qwen2"];
/** Above this many parameters a full fine-tune on the user's machine is out of reach: LoRA instead. */
const SFT_MAX_PARAMETERS = 200e6;

/**
 * The training a coe/train request runs: its kind, else (auto) a LoRA round for a pretrained model the
 * project did not train (a chat template, an architecture the SFT trainer cannot read, more than
 * SFT_MAX_PARAMETERS, or a LoRA round already in use), else the full SFT of the user's own coe model.
 */
export async function trainKind(params: TrainParams, choice: ModelChoice): Promise<"sft" | "lora"> {
  const kind = params.kind ?? "auto";
  if (kind !== "auto" && kind !== "sft" && kind !== "lora")
    throw new ResponseError(ErrorCodes.InvalidParams, `unknown training kind ${String(kind)} (auto, sft or lora)`);
  if (kind === "lora" && (!choice.model || !existsSync(choice.model)))
    throw new ResponseError(
      ErrorCodes.InvalidRequest,
      choice.model
        ? `the model in use ${choice.model} does not exist`
        : "a LoRA round trains an adapter on the model in use, and no model is selected: select one (Chain-of-Edits: Select Model) or set coe.model",
    );
  if (kind !== "auto") return kind;
  if (!choice.model || !existsSync(choice.model)) return "sft"; // TrainService explains the missing model
  if (choice.adapters?.length) return "lora";
  const info = await describeModel(choice.model).catch(() => undefined);
  if (!info) return "sft";
  return info.chatTemplate || !SFT_ARCHS.includes(info.architecture) || info.parameters > SFT_MAX_PARAMETERS
    ? "lora"
    : "sft";
}

export interface TrainLoraOnFixesOptions {
  engine: ServerEngine;
  steps: number;
  lr?: number;
  /** Loads the promoted round (default true). */
  reload: boolean;
  signal: AbortSignal;
  onEvent: (event: TrainEvent) => void;
  /** COE_ROUND_EVAL_TASKS / COE_ROUND_EVAL_BUDGET: validation tasks and test runs per task. */
  evalTasks: number;
  evalBudget: number;
}

/**
 * "Train on My Fixes" for a pretrained model: one LoRA round (core/rounds/runLoraRound, as `coe train
 * lora`) on the frozen base of the model in use, with the user's solved fixes; scored against the model
 * in use (in the user's search, ranked or hybrid: what its proposals add, evaluateRound) on mbpp-val-repair when MBPP is there, else on the
 * fixes themselves, and on the held-back fixes; promoted (config and hot swap) only when it does not lose.
 */
export async function trainLoraOnFixes(o: TrainLoraOnFixesOptions): Promise<TrainResult> {
  const { engine, signal, onEvent } = o;
  const choice = engine.choice();
  const base = choice.model;
  const info = await describeModel(base);
  if (info.adapter) throw new ResponseError(ErrorCodes.InvalidRequest, `${base} is a LoRA adapter, not a model`);
  const store = engine.dataset();
  let records;
  try {
    records = (await store.read()).records.filter((r) => r.outcome.solved);
  } finally {
    await store.dispose();
  }
  if (records.length === 0)
    throw new ResponseError(ErrorCodes.InvalidRequest, `nothing to train on: ${store.path} has no solved repair`);
  const rounds = new RoundStore(modelPaths().roundsDir);
  const baseline: ModelChoice = choice.adapters?.length ? choice : { model: base, name: info.name };
  const phase = (p: string) => onEvent({ type: "phase", phase: p });
  const validation = await roundTasks({ held: [], limit: o.evalTasks, cacheDir: join(engine.storageDir, "suites") });
  const mbpp = validation.get("mbpp-val-repair");
  const { LlamaPolicy, writeTokenized } = await loadEsm();
  const verifier = engine.verifierInstance();
  const result = await runLoraRound({
    store: rounds,
    base,
    records,
    datasetFile: store.path,
    baseline,
    validation: mbpp
      ? { suite: "mbpp-val-repair", tasks: mbpp }
      : { suite: "your fixes", tasks: records.map((r) => ({ id: r.id, code: r.before, tests: r.tests })) },
    // Fewer than 5 fixes: none held back (a 20% share of them would leave little or nothing to train on).
    settings: {
      rank: 16,
      steps: o.steps,
      ...(o.lr ? { lr: o.lr } : {}),
      seed: 0,
      heldOutFraction: records.length < 5 ? 0 : 0.2,
    },
    toEpisode: (r) => recordToEpisode(r, { verifier }),
    train: async ({ episodes, workDir, adapterPath }) => {
      const data = join(workDir, "episodes.jsonl");
      mkdirSync(dirname(data), { recursive: true });
      const style = info.chatTemplate ? "chat" : "coe";
      const w = await writeTokenized({
        modelPath: base,
        style,
        episodes,
        out: data,
        maxTokens: info.contextLength || undefined,
      });
      onEvent({
        type: "phase",
        phase: "tokenized",
        detail: `${w.written} episodes, ${w.tokens} tokens, style ${style}`,
      });
      const args = ["--base", base, "--data", data, "--out", adapterPath, "--rank", "16", "--steps", String(o.steps)];
      if (o.lr) args.push("--lr", String(o.lr));
      const last = await runTrainer({
        module: "lora_train",
        args,
        signal,
        onProgress: (progress) => onEvent({ type: "trainer", progress }),
        onLog: (line) => onEvent({ type: "log", line }),
      });
      signal.throwIfAborted();
      if (!existsSync(adapterPath)) throw new Error(`the trainer finished without writing ${adapterPath}`);
      return typeof last.loss === "number" ? { loss: last.loss } : {};
    },
    solve: async (model: ModelChoice, tasks: ScoreTask[]) => {
      const judged = roundMode(engine.settings.mode, engine.storageDir);
      signal.throwIfAborted();
      const policy = await LlamaPolicy.load({
        modelPath: model.model,
        threads: 1,
        ...(model.adapters?.length ? { loraAdapters: model.adapters } : {}),
        signal,
      });
      try {
        const solved = new Set<string>();
        for (const t of tasks) {
          const r = await evaluateRound({
            suite: "",
            tasks: [t],
            policy,
            verifier,
            budget: o.evalBudget,
            ...judged,
            signal,
          });
          if (r.solved > 0) solved.add(t.id);
        }
        return solved;
      } finally {
        await policy.dispose();
      }
    },
    onPhase: phase,
  });
  const id = result.round.record.id;
  const adapter = rounds.artifactPath(result.round.record);
  phase(`${id}: ${result.decision.promote ? "promoted" : "not promoted"}: ${result.decision.reason}`);
  let reloaded = false;
  if (result.decision.promote) {
    const promoted: ModelChoice = { model: base, adapters: [{ filePath: adapter }], name: id, round: id };
    updateModelConfig(modelPaths().configPath, { choice: promoted });
    if (o.reload) {
      await engine.useChoice(promoted);
      reloaded = true;
    }
  }
  return {
    kind: "lora",
    out: adapter,
    reloaded,
    round: id,
    promoted: result.decision.promote,
    reason: result.decision.reason,
    ...(result.loss !== undefined ? { loss: result.loss } : {}),
  };
}
