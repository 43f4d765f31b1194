import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RoundStore, type RoundInfo } from "../rounds/RoundStore.js";
import { describeModel, type ModelDescription } from "./describeModel.js";
import type { ModelChoice } from "./ModelConfig.js";
import type { ModelPaths } from "./modelPaths.js";

export type ModelSource = "bundled" | "pulled" | "round" | "file";

/** One row of `coe model list` and of the editor's "Select Model..." quick pick. */
export interface ModelEntry {
  /** Unique within a list: what `coe model use NAME` takes. */
  name: string;
  source: ModelSource;
  /** The GGUF file (for a LoRA round: the adapter). */
  path: string;
  /** From the GGUF header; absent when the header cannot be read (see error). */
  info?: ModelDescription;
  error?: string;
  /** What selecting this entry loads (a LoRA round: its base plus the adapter). */
  choice: ModelChoice;
  /** Rounds: the promoted round in use, and the decision line. */
  round?: { id: string; kind: string; current: boolean; decision?: string };
}

export interface ModelRegistryOptions {
  paths: ModelPaths;
  /** The bundled default model (models/coe-tiny.gguf of the package), when known. */
  bundled?: string;
}

/** The models on disk: the bundled one, pulled ones (the models folder) and trained rounds. */
export class ModelRegistry {
  constructor(private readonly options: ModelRegistryOptions) {}

  async list(): Promise<ModelEntry[]> {
    const rows: Omit<ModelEntry, "info" | "error">[] = [];
    const { bundled, paths } = this.options;
    if (bundled && existsSync(bundled))
      rows.push({ name: stem(bundled), source: "bundled", path: bundled, choice: { model: bundled } });
    for (const path of ggufFiles(paths.modelsDir))
      rows.push({ name: stem(path), source: "pulled", path, choice: { model: path } });
    const store = new RoundStore(paths.roundsDir);
    for (const r of store.list()) rows.push(roundRow(store, r));
    const taken = new Set<string>();
    const out: ModelEntry[] = [];
    for (const row of rows) {
      let name = row.name;
      for (let i = 2; taken.has(name); i++) name = `${row.name}-${i}`;
      taken.add(name);
      const entry: ModelEntry = { ...row, name, choice: { ...row.choice, name } };
      try {
        entry.info = await describeModel(row.path);
      } catch (err) {
        entry.error = (err as Error).message;
      }
      out.push(entry);
    }
    return out;
  }

  /**
   * What `coe model use X` / the editor's pick means: "none", a list name, or a path to a GGUF.
   * Unknown names and adapters without their base are Errors with one clear line.
   */
  async resolve(nameOrPath: string): Promise<ModelChoice> {
    const key = nameOrPath.trim();
    if (key.toLowerCase() === "none") return { model: "none", name: "none" };
    const entries = await this.list();
    const byName = entries.find((e) => e.name === key);
    const full = resolve(key);
    const entry = byName ?? entries.find((e) => e.path === full);
    if (entry) {
      if (entry.error) throw new Error(`${entry.name} cannot be used: ${entry.error}`);
      if (entry.info?.adapter && entry.source !== "round")
        throw new Error(`${entry.name} is a LoRA adapter: it needs its base model (train it with coe train lora to get a round)`);
      return entry.choice;
    }
    if (!/\.gguf$/i.test(key) || !existsSync(full))
      throw new Error(
        `unknown model '${key}': not a name in the model list (${entries.map((e) => e.name).join(", ") || "empty"}) nor a .gguf file`,
      );
    const info = await describeModel(full);
    if (info.adapter)
      throw new Error(`${key} is a LoRA adapter: it needs its base model (train it with coe train lora to get a round)`);
    return { model: full, name: info.name };
  }
}

function stem(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.gguf$/i, "");
}

/** *.gguf in the folder and one level below (downloads may sit in subfolders); partial downloads skipped. */
function ggufFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (/\.gguf$/i.test(f) && statSync(p).isFile()) out.push(p);
    else if (statSync(p).isDirectory())
      for (const g of readdirSync(p).sort()) if (/\.gguf$/i.test(g)) out.push(join(p, g));
  }
  return out;
}

function roundRow(store: RoundStore, r: RoundInfo): Omit<ModelEntry, "info" | "error"> {
  const path = store.artifactPath(r.record);
  const choice: ModelChoice =
    r.record.kind === "lora"
      ? { model: r.record.base, adapters: [{ filePath: path }], round: r.record.id }
      : { model: path, round: r.record.id };
  return {
    name: r.record.id,
    source: "round",
    path,
    choice,
    round: {
      id: r.record.id,
      kind: r.record.kind,
      current: r.current,
      ...(r.decision ? { decision: `${r.decision.promote ? "promoted" : "refused"}: ${r.decision.reason}` } : {}),
    },
  };
}
