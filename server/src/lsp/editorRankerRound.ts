import { basename, join } from "node:path";
import type { DatasetStore } from "../core/dataset/index.js";
import { modelPaths } from "../core/models/index.js";
import {
  rankerInUse,
  rankerRound,
  samplesFor,
  userRankerDir,
  type RankerRoundResult,
} from "../core/rank/rankerRound.js";
import { lineageLog, modelLineage, readModelParents, type ModelLineage } from "../core/rounds/modelLineage.js";
import { searchSamples } from "../core/solve/RepairMode.js";
import type { PolicyLease, ServerEngine } from "./ServerEngine.js";

/** The lineage log of the models "Train on My Fixes" trains (<storage>/models/coe-sft-<time>.gguf). */
export const trainedModelsLog = (storageDir: string): string => lineageLog(join(storageDir, "models"));

export interface EditorModelLineageOptions {
  /** The model of choice (ServerEngine.modelPath; "" when none). */
  model: string;
  storageDir: string;
  /** Where the rounds folder is read (modelPaths; default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The models the model of choice was trained from: the editor's and the CLI's rounds (RoundStore in
 * modelPaths().roundsDir: an sft or rl round's `base`) and the models "Train on My Fixes" trained
 * (trainedModelsLog), chained; undefined without a model.
 */
export function editorModelLineage(o: EditorModelLineageOptions): ModelLineage | undefined {
  if (!o.model) return undefined;
  const parents = readModelParents({ roundsDir: modelPaths(o.env).roundsDir, logs: [trainedModelsLog(o.storageDir)] });
  return modelLineage(o.model, parents);
}

export interface RoundPolicyOptions {
  engine: Pick<ServerEngine, "modelPath" | "acquirePolicy">;
  /** The model the ranker in use is stamped for (its file's `samples.model`), when any. */
  stamp: string | undefined;
  /** The lineage of the model of choice (editorModelLineage): a model trained from the stamped one is lent too. */
  lineage?: ModelLineage;
  signal: AbortSignal;
  log?: (line: string) => void;
}

/**
 * The policy the repairs use (ServerEngine.acquirePolicy, released by the caller), for the ranker round
 * to sample, when the ranker in use is stamped for the model of choice or for a model it was trained
 * from by rounds (`lineage`); undefined without a stamp, for another model (nothing is loaded for it),
 * or when it does not load: the round then collects without samples. A cancelled load throws.
 */
export async function roundPolicy(o: RoundPolicyOptions): Promise<PolicyLease | undefined> {
  const path = o.engine.modelPath();
  if (!path || !samplesFor(o.stamp, basename(path), o.lineage)) return undefined;
  try {
    const got = await o.engine.acquirePolicy(o.signal);
    return got.policy ? got : undefined;
  } catch (err) {
    if (o.signal.aborted) throw err;
    o.log?.(`ranker round without the model's samples: ${(err as Error).message}`);
    return undefined;
  }
}

export interface EditorRankerRoundOptions {
  engine: Pick<ServerEngine, "storageDir" | "modelPath" | "acquirePolicy" | "verifierInstance" | "settings"> & {
    dataset(): Pick<DatasetStore, "read" | "dispose">;
  };
  /** Where the rounds folder is read (modelPaths; default process.env). */
  env?: NodeJS.ProcessEnv;
  signal: AbortSignal;
  log?: (line: string) => void;
}

/**
 * The ranker round of "Train on My Fixes" (core/rank/rankerRound) on the dataset's repairs, from the
 * ranker in use (<storage>/ranker, else the bundled one), with the samples of the model of choice when
 * the ranker is stamped for it or for a model it was trained from (then the fit is stamped for it).
 * Undefined when there is no ranker in use (the hand-set score has nothing to refine).
 */
export async function editorRankerRound(o: EditorRankerRoundOptions): Promise<RankerRoundResult | undefined> {
  const { engine } = o;
  const store = engine.dataset();
  let lease: PolicyLease | undefined;
  try {
    const { records } = await store.read();
    const dir = userRankerDir(engine.storageDir);
    const current = rankerInUse(dir);
    if (!current) return undefined;
    const lineage = editorModelLineage({
      model: engine.modelPath(),
      storageDir: engine.storageDir,
      ...(o.env ? { env: o.env } : {}),
    });
    const base = { signal: o.signal, ...(o.log ? { log: o.log } : {}), ...(lineage ? { lineage } : {}) };
    lease = await roundPolicy({ engine, stamp: current.file.samples?.model, ...base });
    return await rankerRound({
      records,
      verifier: engine.verifierInstance(),
      dir,
      current,
      // The model's samples as a repair's search draws them (coe.rollouts), when the ranker is stamped for it.
      ...(lease ? { policy: lease.policy, samples: searchSamples(engine.settings.rollouts) } : {}),
      ...base,
    });
  } finally {
    lease?.release();
    await store.dispose();
  }
}
