import { existsSync } from "node:fs";
import os from "node:os";
import { basename, join, resolve } from "node:path";
import { DatasetStore } from "../core/dataset/index.js";
import type { Policy } from "../core/model/Policy.js";
import type { ModelChoice } from "../core/models/index.js";
import { clean, configuredChoice, configuredStyle, fileKey, locateDefaultModel } from "./engineSupport.js";
import { PythonVerifier } from "../core/python/PythonVerifier.js";
import type { Verifier } from "../core/python/Verifier.js";
import { DEFAULT_SETTINGS, type CoeSettings, type ModelInfo } from "../protocol.js";
import { loadEsm } from "./loadEsm.js";

export interface ServerEngineOptions {
  settings?: Partial<CoeSettings>;
  /** The extension's globalStorage folder (dataset and trained models default to it). */
  storageDir?: string;
  /** Called whenever info() may have changed (status bar). */
  onInfoChanged?: (info: ModelInfo) => void;
  log?: (line: string) => void;
}

/** coe.model that turns the model off (hybrid then searches with mutations only). */
export const NO_MODEL = "none";

/** A model for one repair; call release() when the repair ends. */
export interface PolicyLease {
  policy: Policy;
  release: () => void;
}

/** No model for this repair, and why (for the user: a step message or an error). */
export interface NoPolicy {
  policy?: undefined;
  reason: string;
}

/** A loaded policy and how many repairs are using it right now. */
interface LoadedPolicy {
  policy: Policy;
  path: string;
  /** Path, adapters and prompt style: a change of any of them is another load. */
  key: string;
  adapters: string[];
  users: number;
  retired: boolean;
}

/**
 * Owns the server's long-lived resources: the PythonVerifier (recreated when coe.python changes),
 * the model (loaded lazily on the first repair that needs it, loaded once, hot-swapped by
 * reloadModel, disposed at shutdown) and the dataset location. A swapped-out model is disposed when
 * the last repair using it ends, so a reload never pulls a model from under a running repair.
 */
export class ServerEngine {
  settings: CoeSettings;
  readonly storageDir: string;
  private verifier: PythonVerifier | undefined;
  private current: LoadedPolicy | undefined;
  private loading: Promise<LoadedPolicy> | undefined;
  private state: ModelInfo["state"] = "idle";
  private busy = 0;
  private disposed = false;
  /** coe.model as the client last sent it (a hot swap may have replaced settings.model since). */
  private clientModel: string;
  /** The bundled default model, or why it cannot be located. */
  private readonly defaultModel: { path: string } | { error: string };
  /** LoRA adapters of the model chosen with coe/selectModel (cleared when coe.model changes). */
  private adapters: ModelChoice["adapters"] = [];
  /** The bundled default model failed to load: why, for this file version (not retried until it changes). */
  private defaultProblem: { key: string; reason: string } | undefined;

  constructor(private readonly options: ServerEngineOptions = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...clean(options.settings) };
    this.storageDir = options.storageDir ?? join(os.homedir(), ".coe");
    this.clientModel = this.settings.model;
    this.defaultModel = locateDefaultModel();
  }

  /**
   * New settings: a changed Python restarts the verifier; a changed model path loads on next use. The
   * client resends the whole section on any change, so an unchanged coe.model does not undo a hot swap.
   */
  update(settings: Partial<CoeSettings>): void {
    const incoming = clean(settings);
    if (incoming.model !== undefined) {
      if (incoming.model === this.clientModel) delete incoming.model;
      else {
        this.clientModel = incoming.model;
        this.adapters = [];
      }
    }
    const next = { ...this.settings, ...incoming };
    if (next.python !== this.settings.python && this.verifier) {
      void this.verifier.dispose();
      this.verifier = undefined;
    }
    this.settings = next;
    this.changed();
  }

  verifierInstance(): Verifier {
    if (this.disposed) throw new Error("the language server is shutting down");
    this.verifier ??= new PythonVerifier({
      ...(this.settings.python ? { pythonPath: this.settings.python } : {}),
      concurrency: Math.min(2, os.availableParallelism()),
    });
    return this.verifier;
  }

  /** The model path of choice() ("" when there is none). */
  modelPath(): string {
    return this.choice().model;
  }

  /** The model (+ adapters) in use: coe.model or coe/selectModel, else `coe model use`, else the bundled one. */
  choice(): ModelChoice {
    const model = this.settings.model.trim();
    if (model.toLowerCase() === NO_MODEL) return { model: "" };
    if (model) return { model: resolve(model), adapters: this.adapters ?? [] };
    const configured = configuredChoice(this.options.log);
    if (configured) return configured.model === NO_MODEL ? { model: "" } : configured;
    return { model: "path" in this.defaultModel ? this.defaultModel.path : "" };
  }

  /** True when neither coe.model nor `coe model use` names a model, i.e. the bundled default is meant. */
  usesDefaultModel(): boolean {
    return this.settings.model.trim() === "" && !configuredChoice(this.options.log);
  }

  /** Hot swap to a model list entry (coe/selectModel): loads it, then the old model is retired. */
  async useChoice(choice: ModelChoice): Promise<ModelInfo> {
    if (choice.model === NO_MODEL) {
      if (this.current) this.retire(this.current);
      this.current = undefined;
      this.settings = { ...this.settings, model: NO_MODEL };
    } else {
      await this.load(choice.model, undefined, choice.adapters ?? []);
      this.settings = { ...this.settings, model: choice.model };
      this.adapters = choice.adapters ?? [];
    }
    this.changed();
    return this.info();
  }

  /**
   * The policy for one repair, loading it on first use; call the returned release() when the repair
   * ends. No policy (with the reason) when coe.model is "none" or the bundled default model is missing
   * or does not load: the caller falls back to mutations. A coe.model the user names that does not
   * load is an error (thrown), as is a cancelled load.
   */
  async acquirePolicy(signal?: AbortSignal): Promise<PolicyLease | NoPolicy> {
    const choice = this.choice();
    const path = choice.model;
    if (!path) {
      if (!this.usesDefaultModel()) return { reason: `no model (coe.model is "${NO_MODEL}")` };
      return { reason: "error" in this.defaultModel ? this.defaultModel.error : "no default model" };
    }
    if (!this.current || this.current.key !== this.keyOf(path, choice.adapters ?? [])) {
      if (this.usesDefaultModel()) {
        const problem = await this.loadDefault(path, signal);
        if (problem) return { reason: problem };
      } else await this.load(path, signal, choice.adapters ?? []);
    }
    const held = this.current!;
    held.users++;
    return { policy: held.policy, release: () => this.releasePolicy(held) };
  }

  /** Hot swap: loads `path`, makes it current and retires the old model (no restart). */
  async reloadModel(path: string): Promise<ModelInfo> {
    const full = resolve(path);
    if (!existsSync(full)) throw new Error(`no such model: ${full}`);
    await this.load(full);
    this.settings = { ...this.settings, model: full };
    this.adapters = [];
    this.changed();
    return this.info();
  }

  datasetDir(): string {
    return this.settings.datasetDir ? resolve(this.settings.datasetDir) : join(this.storageDir, "dataset");
  }

  dataset(): DatasetStore {
    return new DatasetStore({ dir: this.datasetDir() });
  }

  /** Marks the server busy with a repair or training for the status bar; returns the undo. */
  begin(state: "repairing" | "training"): () => void {
    this.busy++;
    this.state = state;
    this.changed();
    return () => {
      if (--this.busy === 0) this.state = "idle";
      this.changed();
    };
  }

  info(): ModelInfo {
    const path = this.current?.path ?? this.modelPath();
    const problem =
      !this.current && this.usesDefaultModel()
        ? "error" in this.defaultModel
          ? this.defaultModel.error
          : this.defaultProblem?.reason
        : undefined;
    return {
      path,
      name: path ? basename(path) : "no model",
      ...(problem ? { problem } : {}),
      loaded: this.current !== undefined,
      ...(this.current?.adapters.length ? { adapters: this.current.adapters } : {}),
      ...(this.current ? { style: this.current.policy.style } : {}),
      state: this.loading ? "loading" : this.state,
      mode: this.settings.mode,
      datasetPath: join(this.datasetDir(), "repairs.jsonl"),
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const policy = this.current?.policy;
    this.current = undefined;
    await Promise.allSettled([policy?.dispose(), this.verifier?.dispose()]);
    this.verifier = undefined;
  }

  /** Loads the bundled default model; a missing or broken one is a reason (logged once), never a throw. */
  private async loadDefault(path: string, signal?: AbortSignal): Promise<string | undefined> {
    const key = fileKey(path);
    if (this.defaultProblem?.key === key) return this.defaultProblem.reason;
    let reason: string;
    if (key === "") reason = `the bundled default model ${path} is missing`;
    else
      try {
        await this.load(path, signal);
        this.defaultProblem = undefined;
        return undefined;
      } catch (err) {
        if (signal?.aborted) throw err;
        reason = `the bundled default model ${path} could not be loaded (${(err as Error).message})`;
      }
    reason += `; set coe.model to a GGUF file, or to "${NO_MODEL}" for no model`;
    this.defaultProblem = { key, reason };
    this.options.log?.(reason);
    this.changed();
    return reason;
  }

  /** The prompt style: coe.promptStyle, else the config's (coe model use --style), else auto. */
  private style(): CoeSettings["promptStyle"] {
    return this.settings.promptStyle !== "auto" ? this.settings.promptStyle : configuredStyle();
  }

  private keyOf(path: string, adapters: NonNullable<ModelChoice["adapters"]>): string {
    return JSON.stringify([path, adapters.map((a) => [a.filePath, a.scale ?? 1]), this.style()]);
  }

  private load(path: string, signal?: AbortSignal, adapters: ModelChoice["adapters"] = []): Promise<LoadedPolicy> {
    const key = this.keyOf(path, adapters);
    if (this.loading) return this.loading.then((p) => (p.key === key ? p : this.load(path, signal, adapters)));
    const started = performance.now();
    this.loading = (async () => {
      const { LlamaPolicy } = await loadEsm();
      const policy = await LlamaPolicy.load({
        modelPath: path,
        sequences: Math.max(1, this.settings.rollouts),
        threads: 1,
        style: this.style(),
        ...(adapters.length ? { loraAdapters: adapters } : {}),
        signal,
      });
      const old = this.current;
      this.current = { policy, path, key, adapters: adapters.map((a) => a.filePath), users: 0, retired: false };
      if (old) this.retire(old);
      this.options.log?.(`loaded model ${path} in ${Math.round(performance.now() - started)} ms`);
      return this.current;
    })();
    this.changed();
    return this.loading.finally(() => {
      this.loading = undefined;
      this.changed();
    });
  }

  private retire(held: LoadedPolicy): void {
    held.retired = true;
    if (held.users === 0) void held.policy.dispose();
  }

  private releasePolicy(held: LoadedPolicy): void {
    held.users--;
    if (held.retired && held.users === 0) void held.policy.dispose();
  }

  private changed(): void {
    this.options.onInfoChanged?.(this.info());
  }
}
