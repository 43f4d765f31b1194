import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { parseCommand } from "../dsl/index.js";
import { loadVocab } from "../model/loadVocab.js";
import { tokenizeEpisode, type TokenizeEpisodeOptions } from "../model/tokenizeEpisode.js";
import type { RankRecord } from "../search/RankRecord.js";
import type { PromptStyle } from "../tool/formatEpisode.js";

export interface WriteRankTokenizedOptions {
  /** The GGUF whose tokenizer the model trains with (its vocabulary is loaded, not its weights). */
  modelPath: string;
  style?: PromptStyle;
  records: Iterable<RankRecord>;
  out: string;
  /** Records whose prefix plus longest candidate exceed this many tokens are skipped. */
  maxTokens?: number;
  /** Why a record (or one of its losers) was left out. */
  onSkip?: (reason: string) => void;
}

export interface WriteRankTokenizedResult {
  written: number;
  skipped: number;
  /** Candidates written (winners + losers). */
  candidates: number;
}

/**
 * The trainer's rank examples (trainer/coe_trainer/data.py load_rank_examples): one JSON line
 * {"prefix", "winner", "losers"} per record. The prefix is tokenizeEpisode(context), the ids the model has
 * in its KV cache when it writes the next command; a candidate's ids are the command segment that
 * tokenizeEpisode produces when the context is extended by that command, so both come from the one
 * tokenizer and formatter, exactly as inference and the search's scorer see them. Malformed commands are
 * dropped (a malformed winner drops the record); duplicates of the winner among the losers are dropped.
 */
export async function writeRankTokenized(options: WriteRankTokenizedOptions): Promise<WriteRankTokenizedResult> {
  const vocab = await loadVocab(options.modelPath);
  const tok: TokenizeEpisodeOptions = { model: vocab.model, style: options.style ?? "coe" };
  const skip = options.onSkip ?? (() => {});
  const tmp = `${options.out}.tmp`;
  const stream = createWriteStream(tmp);
  const result: WriteRankTokenizedResult = { written: 0, skipped: 0, candidates: 0 };
  try {
    for (const r of options.records) {
      const prefix = tokenizeEpisode(r.context, tok).ids;
      const commandIds = (command: string): number[] | string => {
        try {
          parseCommand(command);
        } catch {
          return `malformed command ${JSON.stringify(command.slice(0, 40))}`;
        }
        const { states, commands, header } = r.context;
        const ext = tokenizeEpisode({ header, states: [...states, ""], commands: [...commands, command] }, tok);
        const seg = ext.segments.find((s) => s.kind === "command" && s.start === prefix.length);
        if (!seg || ext.ids.slice(0, prefix.length).some((id, i) => id !== prefix[i]))
          return "the context does not tokenize the same with a command after it";
        return ext.ids.slice(seg.start, seg.end);
      };
      const winner = commandIds(r.winner);
      if (typeof winner === "string") {
        skip(`winner: ${winner}`);
        result.skipped++;
        continue;
      }
      const losers: number[][] = [];
      for (const l of new Set(r.losers)) {
        if (l === r.winner) continue;
        const ids = commandIds(l);
        if (typeof ids === "string") skip(`loser: ${ids}`);
        else losers.push(ids);
      }
      const longest = Math.max(winner.length, ...losers.map((l) => l.length));
      if (losers.length === 0 || (options.maxTokens && prefix.length + longest > options.maxTokens)) {
        skip(losers.length === 0 ? "no losers" : `longer than ${options.maxTokens} tokens`);
        result.skipped++;
        continue;
      }
      const line = JSON.stringify({ prefix, winner, losers }) + "\n";
      if (!stream.write(line)) await new Promise<void>((res) => stream.once("drain", () => res()));
      result.written++;
      result.candidates += 1 + losers.length;
    }
  } finally {
    await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
    await vocab.dispose();
  }
  await rename(tmp, options.out);
  return result;
}
