/**
 * Learning to rank end to end on a tiny generated GGUF (real llama.cpp tokenizer, real Python sandbox,
 * real PyTorch trainer): rank records are tokenized by the one tokenizer exactly as SFT and inference see
 * the command, and `coe train sft --dataset DIR` trains with the rank loss when the dataset has them
 * (progress reports it), without it at --rank-weight 0, and stops cleanly when cancelled.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatasetStore } from "../../server/src/core/dataset/DatasetStore.js";
import { splitLines } from "../../server/src/core/dsl/index.js";
import { loadVocab } from "../../server/src/core/model/loadVocab.js";
import { tokenizeFinishedEpisode } from "../../server/src/core/model/tokenizeEpisode.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import type { RankRecord } from "../../server/src/core/search/RankRecord.js";
import { renderState } from "../../server/src/core/tool/index.js";
import { trainSft, type TrainEvent } from "../../server/src/core/train/trainSft.js";
import { writeRankTokenized } from "../../server/src/core/train/writeRankTokenized.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const BEFORE = "def area(w, h):\n    return w + h\n";
const AFTER = "def area(w, h):\n    return w * h\n";
const tests = { kind: "snippets" as const, snippets: ["assert area(2, 3) == 6", "assert area(4, 5) == 20"] };
const header = { tests: "assert area(2, 3) == 6\nassert area(4, 5) == 20" };
const WINNER = "REPW 2 >>>+ >>>*";
const LOSERS = ["REPW 2 >>>+ >>>-", "DELL 2", "REPL 2 >>>    return w", "not a command", WINNER];

test(
  "learning to rank: tokenized rank data, coe train sft with and without it, cancellation",
  { timeout: 600_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-train-rank-"));
    const init = await makeTestModel({ dim: 64, layers: 2, heads: 4, ffn: 128, ctx: 512 });
    const verifier = new PythonVerifier({ concurrency: 1 });
    try {
      const initial = await verifier.verify({ code: BEFORE, tests });
      assert.equal(initial.passed, 0);
      const state = renderState(splitLines(BEFORE), initial);
      const rank: RankRecord = { context: { header, states: [state], commands: [] }, winner: WINNER, losers: LOSERS };

      // 1. Tokenized with the one tokenizer: prefix + winner is exactly the start of the SFT sequence.
      const skips: string[] = [];
      const out = join(dir, "rank.jsonl");
      const r = await writeRankTokenized({ modelPath: init, records: [rank], out, onSkip: (s) => skips.push(s) });
      assert.deepEqual(r, { written: 1, skipped: 0, candidates: 4 });
      assert.deepEqual(skips, ['loser: malformed command "not a command"']);
      const line = JSON.parse(readFileSync(out, "utf8")) as { prefix: number[]; winner: number[]; losers: number[][] };
      assert.equal(line.losers.length, 3, "the malformed loser and the winner's duplicate are dropped");
      const vocab = await loadVocab(init);
      try {
        const states = [state, renderState(splitLines(AFTER), await verifier.verify({ code: AFTER, tests }))];
        const sft = tokenizeFinishedEpisode(
          { header, states, commands: [WINNER, "EXIT"] },
          { model: vocab.model, style: "coe" },
        );
        assert.deepEqual(sft.ids.slice(0, line.prefix.length + line.winner.length), [...line.prefix, ...line.winner]);
        assert.ok(
          line.winner.every((_, i) => sft.mask[line.prefix.length + i] === 1),
          "the winner is the trained command",
        );
        assert.equal(vocab.model.detokenize(line.losers[1]! as never), "DELL 2\n");
      } finally {
        await vocab.dispose();
      }

      // 2. coe train sft --dataset DIR (variants 0: the dataset alone) with a search record carrying rank data.
      const data = join(dir, "data");
      const store = new DatasetStore({ dir: data });
      await store.append({
        source: "search",
        file: "area.py",
        before: BEFORE,
        after: AFTER,
        tests,
        trace: null,
        model: "none",
        outcome: { solved: true, passed: 2, total: 2 },
        rank: [rank, rank],
      });
      const run = async (name: string, rankWeight?: number, signal?: AbortSignal) => {
        const events: TrainEvent[] = [];
        const final = await trainSft({
          workDir: join(dir, `work-${name}`),
          out: join(dir, `${name}.gguf`),
          verifier,
          mbppPath: "",
          init,
          steps: 12,
          variantsPerTask: 0,
          dataset: store,
          requireDataset: true,
          batchTokens: 1024,
          lr: 3e-3,
          ...(rankWeight !== undefined ? { rankWeight } : {}),
          signal,
          onEvent: (e) => events.push(e),
        });
        return { final, events };
      };
      const ranked = await run("ranked");
      const phase = ranked.events.find((e) => e.type === "phase" && e.phase === "rank");
      assert.ok(phase && phase.type === "phase", "a rank phase is reported");
      assert.match(phase.detail ?? "", /^2 of 2 rank records \(8 candidate commands\), weight 1$/);
      const steps = ranked.events.flatMap((e) =>
        e.type === "trainer" && e.progress.event === "step" ? [e.progress] : [],
      );
      assert.ok(
        steps.length > 0 && steps.every((p) => typeof p.rank_loss === "number" && typeof p.rank_acc === "number"),
      );
      const curve = steps.map((p) => Number(p.rank_loss));
      console.log(
        `rank_loss ${curve.map((x) => x.toFixed(3)).join(" ")}; next-token loss ${Number(ranked.final.loss).toFixed(3)}`,
      );
      assert.ok(curve.at(-1)! < curve[0]!, `the rank loss falls: ${curve.join(", ")}`);
      assert.ok(existsSync(join(dir, "ranked.gguf")));

      const plain = await run("plain", 0);
      assert.equal(
        plain.events.some((e) => e.type === "phase" && e.phase === "rank"),
        false,
      );
      assert.ok(plain.events.every((e) => e.type !== "trainer" || e.progress.rank_loss === undefined));

      // 3. Cancellation as any training: the trainer stops and keeps a checkpoint.
      const ac = new AbortController();
      const cancelled = run("cancelled", 1, ac.signal);
      const timer = setInterval(() => {
        if (existsSync(join(dir, "work-cancelled", "rank.jsonl"))) ac.abort();
      }, 20);
      await assert.rejects(cancelled, /cancelled/);
      clearInterval(timer);
      assert.equal(existsSync(join(dir, "cancelled.gguf")), false);
    } finally {
      await verifier.dispose();
    }
  },
);
