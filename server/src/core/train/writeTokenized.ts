import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { loadVocab } from "../model/loadVocab.js";
import { tokenizeFinishedEpisode, tokenizeEpisode } from "../model/tokenizeEpisode.js";
import type { PromptStyle } from "../tool/formatEpisode.js";
import type { EpisodeHeader } from "../tool/formatEpisode.js";

/** An episode to train on: finished (last command EXIT, one state per command) or open (one more state). */
export interface TrainingEpisode {
  header: EpisodeHeader;
  states: readonly string[];
  commands: readonly string[];
  /** RL only: the reward of each command (same length as commands). */
  turnRewards?: number[];
  /** RL only: rollouts of one task share a group. */
  group?: string;
}

export interface WriteTokenizedOptions {
  /** The GGUF whose tokenizer the model trains with (its vocabulary is loaded, not its weights). */
  modelPath: string;
  style?: PromptStyle;
  episodes: Iterable<TrainingEpisode>;
  out: string;
  /** Episodes longer than this many tokens are skipped (they would not fit the context). */
  maxTokens?: number;
}

/**
 * Tokenizes episodes with the model's own tokenizer through tokenizeEpisode (the same function
 * inference uses) and writes the trainer's input: one JSON line per episode with ids and a loss mask
 * (1 on the model's commands), plus turn spans and rewards for RL. Written to a temp file, then renamed.
 */
export async function writeTokenized(
  options: WriteTokenizedOptions,
): Promise<{ written: number; skipped: number; tokens: number }> {
  const vocab = await loadVocab(options.modelPath);
  const tmp = `${options.out}.tmp`;
  const stream = createWriteStream(tmp);
  let written = 0;
  let skipped = 0;
  let tokens = 0;
  try {
    for (const ep of options.episodes) {
      const finished =
        ep.commands.length > 0 &&
        ep.commands[ep.commands.length - 1] === "EXIT" &&
        ep.states.length === ep.commands.length;
      const tok = finished
        ? tokenizeFinishedEpisode(ep, { model: vocab.model, style: options.style ?? "coe" })
        : tokenizeEpisode(ep, { model: vocab.model, style: options.style ?? "coe" });
      if (options.maxTokens && tok.ids.length > options.maxTokens) {
        skipped++;
        continue;
      }
      const record: Record<string, unknown> = { ids: tok.ids, mask: tok.mask };
      if (ep.turnRewards) {
        record.turn_spans = tok.segments.filter((s) => s.kind === "command").map((s) => [s.start, s.end]);
        record.turn_rewards = ep.turnRewards;
        record.group = ep.group ?? "0";
      }
      if (!stream.write(JSON.stringify(record) + "\n")) await new Promise<void>((r) => stream.once("drain", () => r()));
      written++;
      tokens += tok.ids.length;
    }
  } finally {
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await vocab.dispose();
  }
  await rename(tmp, options.out);
  return { written, skipped, tokens };
}
