import type { PromptStyle } from "../../server/src/core/tool/index.js";
import type {
  EpisodeContext,
  GenerateOptions,
  Generation,
  Policy,
  PolicySession,
  SessionStats,
} from "../../server/src/core/model/Policy.js";

/**
 * A stand-in model that replays scripted commands (one list per rollout). For unit tests of the
 * loop and for the search's tests only: it is never the only test of a feature.
 */
export class ScriptedPolicy implements Policy {
  readonly style: PromptStyle = "coe";
  readonly name: string;
  private readonly scripts: string[][];

  constructor(scripts: string[][], name = "scripted") {
    this.scripts = scripts;
    this.name = name;
  }

  async openSessions(n: number): Promise<PolicySession[]> {
    return Array.from({ length: n }, (_, i) => new ScriptedSession(this.scripts[i % this.scripts.length] ?? []));
  }

  async dispose(): Promise<void> {}
}

class ScriptedSession implements PolicySession {
  readonly stats: SessionStats = { promptTokensEvaluated: 0, generatedTokens: 0, contextTokens: 0 };
  private turn = 0;
  constructor(private readonly script: string[]) {}

  async next(context: EpisodeContext, options: GenerateOptions = {}): Promise<Generation> {
    if (options.signal?.aborted) throw new Error("aborted");
    const text = this.script[this.turn++] ?? "EXIT";
    const prompt = context.states.join("").length + context.commands.join("").length;
    const promptTokens = Math.max(0, Math.ceil(prompt / 4) - this.stats.contextTokens);
    this.stats.promptTokensEvaluated += promptTokens;
    this.stats.generatedTokens += Math.ceil(text.length / 4);
    this.stats.contextTokens = Math.ceil(prompt / 4) + Math.ceil(text.length / 4);
    return { text, tokens: Math.ceil(text.length / 4), logprob: 0, promptTokens };
  }

  dispose(): void {}
}
