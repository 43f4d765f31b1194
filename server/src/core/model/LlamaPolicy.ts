/**
 * The Policy (core/model/Policy.ts) backed by node-llama-cpp: a GGUF model on the CPU, one llama.cpp
 * context per openSessions() call with one sequence per rollout, and GBNF grammars compiled once per
 * grammar text. Only the server loads models (DESIGN §5).
 *
 * Hot swap after training: `policy = await policy.reload({ modelPath })` (loads the new model, then
 * disposes the old policy), or load a new one and dispose the old one yourself. Policies share one
 * reference-counted llama.cpp binding (sharedLlama.ts), so a swap costs only the model load, and the
 * weights of one GGUF (sharedModel.ts), so a swap of LoRA adapters on the same model costs a context.
 */
import type { Llama, LlamaContext, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import { basename } from "node:path";
import {
  emptyScoreStats,
  type CommandScore,
  type EpisodeContext,
  type Policy,
  type ScoreCommandsOptions,
  type ScoreStats,
} from "./Policy.js";
import { LlamaScorer } from "./LlamaScorer.js";
import type { PromptStyle } from "../tool/formatEpisode.js";
import { chatWrapperFor, hasChatTemplate, type TokenizeEpisodeOptions } from "./tokenizeEpisode.js";
import { LlamaSession, type LlamaSessionHost } from "./LlamaSession.js";
import { checkModelFile } from "./checkModelFile.js";
import { ModelLoadError } from "./modelErrors.js";
import { acquireLlama, type LlamaLease } from "./sharedLlama.js";
import { acquireModel, type ModelLease } from "./sharedModel.js";

export interface LlamaPolicyOptions {
  modelPath: string;
  /** "auto" (default): "chat" when the GGUF has a chat template, else "coe". */
  style?: PromptStyle | "auto";
  /** Tokens per sequence. Default: min(4096, the model's training context). */
  contextSize?: number;
  /** llama.cpp threads. Default 1 (steadier on a small shared machine, DESIGN §7). */
  threads?: number;
  /** Sequences of the context created up front (the first openSessions(n <= this) reuses it). Default 1. */
  sequences?: number;
  /** LoRA adapter GGUFs applied to every context. */
  loraAdapters?: { filePath: string; scale?: number }[];
  /** Seed of session i is seed + i (default 0), so runs are reproducible unless next() gets its own seed. */
  seed?: number;
  /** Use this Llama instance (not disposed by the policy) instead of the shared one. */
  llama?: Llama;
  signal?: AbortSignal;
}

export class LlamaPolicy implements Policy {
  readonly name: string;
  readonly tokenizeOptions: TokenizeEpisodeOptions;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  /** Contexts with the sessions still open on each. */
  private readonly contexts = new Map<LlamaContext, Set<LlamaSession>>();
  private sessionCounter = 0;
  private disposed = false;
  /** The sequence scoreCommands evaluates on (opened on first use, kept: sibling states share prefixes). */
  private scorer: Promise<LlamaScorer> | undefined;
  private readonly scoreTotals: ScoreStats = emptyScoreStats();

  private constructor(
    readonly llama: Llama,
    private readonly lease: LlamaLease | undefined,
    private readonly modelLease: ModelLease,
    readonly model: LlamaModel,
    readonly style: PromptStyle,
    readonly contextSize: number,
    private readonly options: LlamaPolicyOptions,
  ) {
    this.name = basename(options.modelPath);
    this.tokenizeOptions = { model, style, chatWrapper: style === "chat" ? chatWrapperFor(model) : undefined };
  }

  /** True when this policy's weights were already loaded for another policy (e.g. an adapter swap). */
  get sharedWeights(): boolean {
    return this.modelLease.shared;
  }

  static async load(options: LlamaPolicyOptions): Promise<LlamaPolicy> {
    const { modelPath, signal } = options;
    await checkModelFile(modelPath, signal);
    const lease = options.llama ? undefined : await acquireLlama();
    const llama = options.llama ?? lease!.llama;
    let modelLease: ModelLease | undefined;
    try {
      modelLease = await acquireModel(llama, modelPath, signal);
      const model = modelLease.model;
      const style =
        options.style === undefined || options.style === "auto"
          ? hasChatTemplate(model)
            ? "chat"
            : "coe"
          : options.style;
      const train = model.trainContextSize > 0 ? model.trainContextSize : 4096;
      const contextSize = options.contextSize ?? Math.min(4096, train);
      const policy = new LlamaPolicy(llama, lease, modelLease, model, style, contextSize, options);
      // Create the first context now, so a bad LoRA or an impossible size fails at load time.
      await policy.createContext(Math.max(1, options.sequences ?? 1));
      return policy;
    } catch (err) {
      await modelLease?.release().catch(() => undefined);
      await lease?.release().catch(() => undefined);
      if (err instanceof ModelLoadError || signal?.aborted) throw err;
      throw new ModelLoadError(`llama.cpp could not load ${modelPath}: ${(err as Error).message}`, modelPath, {
        cause: err,
      });
    }
  }

  /** Compiles a GBNF grammar once per distinct text. */
  grammar(text: string): Promise<LlamaGrammar> {
    let g = this.grammars.get(text);
    if (!g) {
      g = this.llama.createGrammar({ grammar: text });
      g.catch(() => this.grammars.delete(text));
      if (this.grammars.size >= 256) this.grammars.delete(this.grammars.keys().next().value!);
      this.grammars.set(text, g);
    }
    return g;
  }

  /** n sequences of one context: reuses an idle context that has room for all n, else creates one. */
  async openSessions(n: number): Promise<LlamaSession[]> {
    this.ensureLive();
    if (!Number.isInteger(n) || n < 1) throw new Error(`openSessions needs a positive integer, got ${n}`);
    let context = [...this.contexts.keys()].find((c) => c.sequencesLeft >= n);
    if (!context) context = await this.createContext(n);
    const open = this.contexts.get(context)!;
    const sessions: LlamaSession[] = [];
    const host: LlamaSessionHost = {
      model: this.model,
      tokenizeOptions: this.tokenizeOptions,
      grammar: (text) => this.grammar(text),
      release: (s) => this.release(context, s),
    };
    for (let i = 0; i < n; i++) {
      const seed = (this.options.seed ?? 0) + this.sessionCounter++;
      const session = new LlamaSession(host, context.getSequence(), seed);
      open.add(session);
      sessions.push(session);
    }
    return sessions;
  }

  /** Batched scoring (Policy.scoreCommands, LlamaScorer): the prefix once, then each candidate's tokens. */
  async scoreCommands(
    context: EpisodeContext,
    commands: readonly string[],
    options?: ScoreCommandsOptions,
  ): Promise<CommandScore[]> {
    this.ensureLive();
    if (!this.scorer) {
      this.scorer = this.openSessions(1).then(
        ([s]) =>
          new LlamaScorer({
            sequence: s!.llamaSequence,
            tokenizeOptions: this.tokenizeOptions,
            stats: this.scoreTotals,
          }),
      );
      this.scorer.catch(() => (this.scorer = undefined));
    }
    return (await this.scorer).score(context, commands, options);
  }

  /** Totals of scoreCommands over this policy's life. */
  get scoreStats(): ScoreStats {
    return { ...this.scoreTotals };
  }

  private async createContext(sequences: number): Promise<LlamaContext> {
    const adapters = this.options.loraAdapters;
    const context = await this.model.createContext({
      sequences,
      contextSize: this.contextSize,
      threads: this.options.threads ?? 1,
      lora: adapters && adapters.length > 0 ? { adapters } : undefined,
      createSignal: this.options.signal,
      failedCreationRemedy: false,
    });
    this.contexts.set(context, new Set());
    return context;
  }

  /** A session is done: free its sequence; drop the context when it is idle and not the only one. */
  private release(context: LlamaContext, session: LlamaSession): void {
    const open = this.contexts.get(context);
    if (!open) return;
    open.delete(session);
    void session.llamaSequence.dispose().catch(() => undefined);
    if (open.size === 0 && this.contexts.size > 1) {
      this.contexts.delete(context);
      void context.dispose().catch(() => undefined);
    }
  }

  private ensureLive(): void {
    if (this.disposed) throw new Error(`the policy for ${this.name} was disposed`);
  }

  /** Disposes sessions, contexts, the model and (when owned) the Llama instance. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const [context, open] of this.contexts) {
      for (const s of [...open]) s.dispose();
      await context.dispose().catch(() => undefined);
    }
    this.contexts.clear();
    this.grammars.clear();
    await this.modelLease.release();
    await this.lease?.release();
  }

  /**
   * Hot swap: loads a policy for `changes` (e.g. a new modelPath or LoRA adapters) with this one's other
   * options, then disposes this one (its sessions end). On failure this policy stays as it was.
   */
  async reload(changes: Partial<LlamaPolicyOptions>): Promise<LlamaPolicy> {
    this.ensureLive();
    const next = await LlamaPolicy.load({ ...this.options, signal: undefined, ...changes });
    await this.dispose();
    return next;
  }
}
