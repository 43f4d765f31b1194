import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { appendLineSync } from "../dataset/appendLine.js";
import { RoundStore } from "./RoundStore.js";

/**
 * Which model a trained model was made from (docs/ranking.md, "In the editor"): a ranker's sample
 * weights are stamped for one model (RankerFile.samples), and a model trained from that one by rounds
 * inherits them. Two records say so: the round store (an editor round's round.json: `base` is the model
 * it trained from, its artifact the new model) and the log "Train on My Fixes" keeps beside the models
 * it trains (lineage.jsonl: one line per model, written when its GGUF is). A model neither records (a
 * user's own GGUF, the bundled one) has no parent. Paths are compared resolved; names are file names,
 * as a policy (LlamaPolicy.name) and a ranker's stamp name a model.
 */
export interface ModelParent {
  /** The trained model (a GGUF path). */
  model: string;
  /** The model it was trained from. */
  parent: string;
}

/** A model (its file name) and the models it was trained from through rounds, parent first. */
export interface ModelLineage {
  model: string;
  ancestors: string[];
}

/** The lineage log of the models trained into `modelsDir` (Train on My Fixes: <storage>/models). */
export const lineageLog = (modelsDir: string): string => join(modelsDir, "lineage.jsonl");

/** Appends one trained model and its parent to a lineage log (only ever grows; never onto a torn line). */
export function recordModelParent(log: string, entry: ModelParent & { kind: string }): void {
  mkdirSync(dirname(log), { recursive: true });
  const line = { model: resolve(entry.model), parent: resolve(entry.parent), kind: entry.kind };
  appendLineSync(log, JSON.stringify({ time: new Date().toISOString(), ...line }));
}

export interface ModelParentsOptions {
  /** The round store's folder (modelPaths().roundsDir), when any. */
  roundsDir?: string;
  /** Lineage logs (lineageLog); a missing file or a torn line is skipped. */
  logs?: readonly string[];
}

/**
 * Every recorded (model, parent) pair: the round store's sft and rl rounds (a LoRA round's model in use
 * is its base with an adapter, which keeps the base's name: nothing to inherit), then the logs. A round
 * store that cannot be listed at all (a torn promoted.json) gives none: the logs still count, and the
 * ranker round goes on.
 */
export function readModelParents(o: ModelParentsOptions): ModelParent[] {
  const out: ModelParent[] = [];
  if (o.roundsDir && existsSync(o.roundsDir)) {
    const store = new RoundStore(o.roundsDir);
    try {
      for (const { record } of store.list())
        if (record.kind !== "lora" && record.base)
          out.push({ model: resolve(store.artifactPath(record)), parent: resolve(record.base) });
    } catch {
      // list() already leaves out a round folder without a readable round.json; this is a torn
      // promoted.json, and list() reads it before any round: nothing of this store was added
    }
  }
  for (const log of o.logs ?? []) {
    if (!existsSync(log)) continue;
    for (const line of readFileSync(log, "utf8").split("\n")) {
      try {
        const e = JSON.parse(line) as Partial<ModelParent>;
        if (typeof e.model === "string" && typeof e.parent === "string")
          out.push({ model: resolve(e.model), parent: resolve(e.parent) });
      } catch {
        // a torn line (an interrupted append) says nothing
      }
    }
  }
  return out;
}

/** `model`'s lineage: its parent, the parent's parent, ... as far as the records go (a cycle stops it). */
export function modelLineage(model: string, parents: readonly ModelParent[]): ModelLineage {
  const parentOf = new Map(parents.map((p) => [p.model, p.parent]));
  const seen = new Set([resolve(model)]);
  const ancestors: string[] = [];
  for (let at = parentOf.get(resolve(model)); at !== undefined && !seen.has(at); at = parentOf.get(at)) {
    seen.add(at);
    ancestors.push(basename(at));
  }
  return { model: basename(model), ancestors };
}

/** Whether `model` (a file name) was trained, through rounds, from the model named `stamp`. */
export const madeFrom = (lineage: ModelLineage | undefined, model: string, stamp: string): boolean =>
  lineage !== undefined && lineage.model === model && lineage.ancestors.includes(stamp);
