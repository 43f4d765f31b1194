import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatasetStore, type RepairRecord } from "../core/dataset/index.js";
import type { RoundKind } from "../protocol.js";
import { roundMbpp } from "./evaluateRound.js";
import { loadEsm } from "./loadEsm.js";
import type { ServerEngine } from "./ServerEngine.js";
import { trainRound } from "./TrainService.js";

export interface TrainEditorRoundOptions {
  kind: RoundKind;
  engine: ServerEngine;
  /** COE_TRAIN_STEPS / COE_TRAIN_VARIANTS (trainRound). */
  env: NodeJS.ProcessEnv;
  /** A numeric knob of the environment (COE_RL_TASKS, COE_RL_TEMPERATURE), or its default. */
  num: (name: string, fallback: number) => number;
  /** The model it starts from, and where the trained GGUF goes. */
  init: string;
  out: string;
  /** Scratch folder of the round (the caller removes it). */
  workDir: string;
  /** The fixes an SFT round trains on (the held-back ones are not among them). */
  train: RepairRecord[];
  signal: AbortSignal;
}

/**
 * The training step of an editor round, at the lowest priority (nice 19, one thread): SFT on the
 * user's fixes (plus MBPP replay when MBPP is there), or one GRPO round on MBPP rollouts from the
 * current model. Returns the settings it trained with (recorded in the round's round.json).
 */
export async function trainEditorRound(o: TrainEditorRoundOptions): Promise<Record<string, unknown>> {
  const { engine } = o;
  mkdirSync(o.workDir, { recursive: true });
  const esm = await loadEsm();
  const mbpp = roundMbpp();
  if (o.kind === "rl") {
    if (!mbpp) throw new Error("an RL round needs MBPP (set COE_MBPP)");
    const rl = { tasks: o.num("COE_RL_TASKS", 8), groupSize: 4, temperature: o.num("COE_RL_TEMPERATURE", 1) };
    const reports = await esm.trainRl({
      model: o.init,
      out: o.out,
      workDir: o.workDir,
      verifier: engine.verifierInstance(),
      mbppPath: mbpp,
      rounds: 1,
      tasksPerRound: rl.tasks,
      groupSize: rl.groupSize,
      temperature: rl.temperature,
      threads: 1,
      nice: 19,
      signal: o.signal,
    });
    // Without a group whose rollouts differ in reward, GRPO has nothing to learn from and the
    // "new" model is the old one: say so rather than judge and promote an unchanged model.
    const nothing = esm.rlLearnedNothing(reports);
    if (nothing) {
      rmSync(o.out, { force: true });
      throw new Error(`the RL round learned nothing: ${nothing} (COE_RL_TASKS, COE_RL_TEMPERATURE)`);
    }
    return rl;
  }
  const dataDir = join(o.workDir, "data");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, "repairs.jsonl"), o.train.map((r) => JSON.stringify(r) + "\n").join(""), "utf8");
  const round = trainRound({ kind: "sft" }, o.env);
  const variants = mbpp ? round.variants : 0;
  await esm.trainSft({
    workDir: o.workDir,
    out: o.out,
    verifier: engine.verifierInstance(),
    mbppPath: mbpp ?? "",
    init: o.init,
    steps: round.steps,
    variantsPerTask: variants,
    demoTasks: 64,
    dataset: new DatasetStore({ dir: dataDir }),
    requireDataset: true,
    lr: round.lr,
    threads: 1,
    nice: 19,
    signal: o.signal,
  });
  return { steps: round.steps, variants, lr: round.lr };
}
