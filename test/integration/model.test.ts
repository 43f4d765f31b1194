/**
 * The model runtime against real node-llama-cpp and a real (random-weight) GGUF made by the trainer's
 * writer: constrained decoding, KV reuse, parallel sequences and seeds, abort, dispose, load errors.
 * Random weights emit nonsense, which is the point for the grammar: only the grammar makes it valid.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { ContextOverflowError, ModelLoadError } from "../../server/src/core/model/modelErrors.js";
import { tokenizeEpisode } from "../../server/src/core/model/tokenizeEpisode.js";
import type { EpisodeContext } from "../../server/src/core/model/Policy.js";
import { applyCommand, commandGrammar, parseCommand } from "../../server/src/core/dsl/index.js";
import { renderState } from "../../server/src/core/tool/renderState.js";
import type { Verdict } from "../../server/src/core/types.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const CODE = [
  "def max_sub_array_sum(a, size):",
  "    max_so_far = 0",
  "    max_ending_here = 0",
  "    for i in range(0, size):",
  "        max_ending_here = max_ending_here + a[i]",
  "        if max_ending_here < 0:",
  "            max_ending_here = 1",
  "        elif max_so_far < max_ending_here:",
  "            max_so_far = max_ending_here",
  "    return max_so_far",
];
const TESTS =
  "assert max_sub_array_sum([-2, -3, 4, -1, -2, 1, 5, -3], 8) == 7\nassert max_sub_array_sum([1, 2], 2) == 3";
const VERDICT: Verdict = {
  kind: "ok",
  passed: 1,
  total: 2,
  ms: 1,
  tests: [{ name: "max_sub_array_sum([-2, -3, 4, -1, -2, 1, 5, -3], 8) == 7", status: "fail", got: "8" }],
};

function state(lines: readonly string[]): string {
  return renderState(lines, VERDICT);
}

function assertValidFor(text: string, lineCount: number): void {
  const cmd = parseCommand(text);
  if (cmd.op === "EXIT") return;
  const max = cmd.op === "ADDL" ? lineCount + 1 : lineCount;
  assert.ok(cmd.line >= 1 && cmd.line <= max, `${text} names line ${cmd.line} of ${lineCount}`);
}

let modelPath: string;
let policy: LlamaPolicy;

before(async () => {
  modelPath = await makeTestModel({});
  policy = await LlamaPolicy.load({ modelPath, contextSize: 2048 });
});
after(async () => {
  await policy?.dispose();
});

describe("constrained decoding", () => {
  for (const lines of [[], CODE.slice(0, 2), CODE]) {
    test(`only valid commands with existing line numbers (${lines.length} lines)`, async () => {
      const [session] = await policy.openSessions(1);
      const ctx: EpisodeContext = { header: { tests: TESTS }, states: [state(lines)], commands: [] };
      const grammar = commandGrammar({ lineCount: lines.length, maxTextChars: 40 });
      const ops = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const g = await session!.next(ctx, { maxTokens: 256, grammar, temperature: 1.2, seed: 1000 + i });
        assert.equal(g.error, undefined, `sample ${i}: ${g.text}`);
        assert.ok(!g.text.includes("\n"));
        assertValidFor(g.text, lines.length);
        ops.add(g.text.split(" ")[0]!);
        assert.ok(g.tokens > 0 && g.tokens <= 96);
        assert.ok(Number.isFinite(g.logprob) && g.logprob <= 0);
      }
      if (lines.length === 0)
        assert.deepEqual(
          [...ops].filter((o) => o !== "ADDL" && o !== "EXIT"),
          [],
        );
      session!.dispose();
    });
  }
});

test("given the listing, every REPW the grammar admits applies: its <old> is on the line it names", async () => {
  const [session] = await policy.openSessions(1);
  const ctx: EpisodeContext = { header: { tests: TESTS }, states: [state(CODE)], commands: [] };
  // REPW only, so that every sample tests the <old> rule; the same without the listing is the control.
  const onlyRepw = (g: string): string => g.replace(/^cmd ::= .*$/m, "cmd ::= repw");
  const sample = async (grammar: string): Promise<boolean[]> => {
    const applied: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const g = await session!.next(ctx, {
        maxTokens: 96,
        grammar: onlyRepw(grammar),
        temperature: 1.2,
        seed: 2000 + i,
      });
      const cmd = parseCommand(g.text);
      assert.equal(cmd.op, "REPW", g.text);
      applied.push(applyCommand(CODE, cmd).ok);
    }
    return applied;
  };
  const onLine = await sample(commandGrammar({ lineCount: CODE.length, maxTextChars: 40, listing: CODE }));
  assert.deepEqual(onLine, Array(12).fill(true) as boolean[]);
  const any = await sample(commandGrammar({ lineCount: CODE.length, maxTextChars: 40 }));
  assert.ok(any.includes(false), "without the listing some <old> is not on its line");
  session!.dispose();
});

test("logprob: false still yields valid commands, with a NaN logprob", async () => {
  const [session] = await policy.openSessions(1);
  const ctx: EpisodeContext = { header: { tests: TESTS }, states: [state(CODE)], commands: [] };
  for (let i = 0; i < 5; i++) {
    const g = await session!.next(ctx, {
      maxTokens: 256,
      grammar: commandGrammar({ lineCount: CODE.length, maxTextChars: 40 }),
      seed: i,
      logprob: false,
    });
    assertValidFor(g.text, CODE.length);
    assert.ok(Number.isNaN(g.logprob));
  }
  session!.dispose();
});

describe("KV reuse", () => {
  test("a 5-turn episode evaluates each prompt token about once; the cache equals tokenizeEpisode", async () => {
    const [session] = await policy.openSessions(1);
    let lines = CODE.slice();
    const ctx = {
      header: { description: "Write a function to find the largest sum of a contiguous subarray.", tests: TESTS },
      states: [state(lines)],
      commands: [] as string[],
    };
    for (let turn = 0; turn < 5; turn++) {
      const g = await session!.next(ctx, {
        maxTokens: 256,
        grammar: commandGrammar({ lineCount: lines.length, maxTextChars: 40 }),
        seed: 7,
        temperature: 0.8,
      });
      const ids = tokenizeEpisode(ctx, policy.tokenizeOptions).ids;
      // Before sampling, the cache held exactly the episode's ids; sampling appended the command's tokens (all but the last).
      assert.deepEqual(session!.cachedTokens.slice(0, ids.length), ids);
      assert.deepEqual(session!.cachedTokens.slice(ids.length), g.tokenIds.slice(0, -1));
      if (turn > 0)
        assert.ok(g.promptTokens < ids.length / 2, `turn ${turn} re-evaluated ${g.promptTokens} of ${ids.length}`);
      const cmd = parseCommand(g.text);
      const applied = cmd.op === "EXIT" ? { lines } : applyCommand(lines, cmd);
      lines = applied.lines;
      ctx.commands.push(g.text);
      ctx.states.push(state(lines));
    }
    const finalIds = tokenizeEpisode(ctx, policy.tokenizeOptions).ids;
    await session!.prefill(ctx);
    assert.deepEqual(session!.cachedTokens, finalIds);
    const ratio = session!.stats.promptTokensEvaluated / finalIds.length;
    // Sampled tokens that match the canonical tokenization stay cached, so the ratio can dip below 1.
    assert.ok(ratio <= 1.1, `prompt tokens evaluated / final context = ${ratio.toFixed(3)}`);
    assert.ok(session!.stats.promptTokensEvaluated + session!.stats.generatedTokens >= finalIds.length);
    assert.equal(session!.stats.contextTokens, finalIds.length);
    session!.dispose();
  });

  test("a context that cannot hold the episode throws ContextOverflowError", async () => {
    const small = await LlamaPolicy.load({ modelPath, contextSize: 256 });
    try {
      const [session] = await small.openSessions(1);
      const big = Array.from({ length: 60 }, (_, i) => `    x${i} = ${i} * ${i}`);
      const ctx = { header: { tests: TESTS }, states: [state(big)], commands: [] };
      await assert.rejects(session!.next(ctx, { grammar: commandGrammar({ lineCount: 60 }) }), ContextOverflowError);
    } finally {
      await small.dispose();
    }
  });
});

describe("sequences, seeds, abort, dispose", () => {
  const ctx: EpisodeContext = { header: { tests: TESTS }, states: [state(CODE)], commands: [] };
  const grammar = commandGrammar({ lineCount: CODE.length, maxTextChars: 40 });

  test("parallel sequences sample with their own seeds; the same seed reproduces", async () => {
    const sessions = await policy.openSessions(4);
    const gens = await Promise.all(
      sessions.map((s, i) => s.next(ctx, { maxTokens: 256, grammar, temperature: 1, seed: i + 1 })),
    );
    for (const g of gens) assertValidFor(g.text, CODE.length);
    assert.ok(new Set(gens.map((g) => g.text)).size >= 3, `outputs: ${gens.map((g) => g.text).join(" | ")}`);
    const [again] = await policy.openSessions(1);
    const a = await again!.next(ctx, { maxTokens: 256, grammar, temperature: 1, seed: 3 });
    const b = await again!.next(ctx, { maxTokens: 256, grammar, temperature: 1, seed: 3 });
    assert.equal(a.text, b.text);
    assert.equal(a.text, gens[2]!.text);
    for (const s of [...sessions, again!]) s.dispose();
  });

  test("an AbortSignal stops generation promptly and the session stays usable", async () => {
    const [session] = await policy.openSessions(1);
    const endless = "root ::= [a-z] root\n"; // never completes: only the signal (or maxTokens) can stop it
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(session!.next(ctx, { grammar: endless, maxTokens: 1500, signal: ac.signal }), {
      name: "AbortError",
    });
    assert.ok(Date.now() - t0 < 1000, `abort took ${Date.now() - t0} ms`);
    assert.ok(session!.stats.generatedTokens < 1500);
    await assert.rejects(session!.next(ctx, { maxTokens: 256, grammar, signal: AbortSignal.abort() }), {
      name: "AbortError",
    });
    const g = await session!.next(ctx, { maxTokens: 256, grammar, seed: 1 });
    assertValidFor(g.text, CODE.length);
    session!.dispose();
    session!.dispose();
    await assert.rejects(session!.next(ctx, { maxTokens: 256, grammar }), /disposed/);
  });

  /** A copy of the test model under its own name: its weights are not shared with `policy` (sharedModel.ts). */
  const ownCopy = (): string => {
    const file = join(mkdtempSync(join(tmpdir(), "coe-model-copy-")), "own.gguf");
    copyFileSync(modelPath, file);
    return file;
  };

  test("dispose frees everything, twice is safe, and a disposed policy refuses work", async () => {
    const p = await LlamaPolicy.load({ modelPath: ownCopy() });
    assert.equal(p.sharedWeights, false);
    const sessions = await p.openSessions(2);
    await sessions[0]!.next(ctx, { maxTokens: 256, grammar, seed: 1 });
    await p.dispose();
    await p.dispose();
    assert.equal(p.model.disposed, true);
    await assert.rejects(p.openSessions(1), /disposed/);
    await assert.rejects(sessions[1]!.next(ctx, { maxTokens: 256, grammar }), /disposed/);
  });

  test("reload swaps the model and disposes the old policy", async () => {
    const p = await LlamaPolicy.load({ modelPath: ownCopy() });
    const other = await makeTestModel({ seed: 1 });
    const q = await p.reload({ modelPath: other });
    assert.equal(p.model.disposed, true);
    const [s] = await q.openSessions(1);
    assertValidFor((await s!.next(ctx, { maxTokens: 256, grammar, seed: 2 })).text, CODE.length);
    await q.dispose();
  });
});

describe("load errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-model-"));

  test("a missing file", async () => {
    await assert.rejects(
      LlamaPolicy.load({ modelPath: join(dir, "nope.gguf") }),
      (e: unknown) => e instanceof ModelLoadError && /not found/.test(e.message),
    );
  });
  test("a file that is not a GGUF", async () => {
    const p = join(dir, "model.gguf");
    writeFileSync(p, "<html>404 not found</html>".repeat(100));
    await assert.rejects(
      LlamaPolicy.load({ modelPath: p }),
      (e: unknown) => e instanceof ModelLoadError && /not a GGUF/.test(e.message),
    );
  });
  test("a truncated GGUF fails cleanly and the process lives on", async () => {
    const bytes = readFileSync(modelPath);
    for (const cut of [64, Math.floor(bytes.length / 2), bytes.length - 1000]) {
      const p = join(dir, `cut-${cut}.gguf`);
      writeFileSync(p, bytes.subarray(0, cut));
      await assert.rejects(LlamaPolicy.load({ modelPath: p }), ModelLoadError);
    }
    const [s] = await policy.openSessions(1); // the shared binding still works
    assert.ok(
      (
        await s!.next(
          { header: { tests: TESTS }, states: [state(CODE)], commands: [] },
          { maxTokens: 256, grammar: commandGrammar({ lineCount: 10 }), seed: 1 },
        )
      ).text.length > 0,
    );
    s!.dispose();
  });
});
