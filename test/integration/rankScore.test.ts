/**
 * Batched scoring (Policy.scoreCommands, LlamaScorer) against real node-llama-cpp on generated GGUFs:
 * the scores equal a one-at-a-time computation (each candidate in a fresh sequence: prefix and
 * candidate evaluated together, log-probs read per position), and the state's prefix is evaluated once
 * per call however many candidates there are.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Token } from "node-llama-cpp";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { tokenizeCommandTurn, tokenizeEpisode } from "../../server/src/core/model/tokenizeEpisode.js";
import type { EpisodeContext } from "../../server/src/core/model/Policy.js";
import { renderState } from "../../server/src/core/tool/renderState.js";
import type { Verdict } from "../../server/src/core/types.js";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";

const CODE = ["def add(a, b):", "    total = a - b", "    return total"];
const VERDICT: Verdict = {
  kind: "ok",
  passed: 0,
  total: 1,
  ms: 1,
  tests: [{ name: "add(1, 2) == 3", status: "fail", got: "-1" }],
};
const CONTEXT: EpisodeContext = {
  header: { tests: "assert add(1, 2) == 3" },
  states: [renderState(CODE, VERDICT)],
  commands: [],
};
// Shared leading tokens ("REPL 2 >>>", "REPW 2 >>>") on purpose: the scorer shares their evaluation.
const COMMANDS = [
  "REPW 2 >>>- >>>+",
  "REPL 2 >>>    total = a + b",
  "REPL 2 >>>    total = b - a",
  "REPW 2 >>>a - b >>>a + b",
  "DELL 3",
  "ADDL 3 >>>    total += 2 * b",
  "REPL 3 >>>    return a + b",
  "EXIT",
];
/** Tolerance on a command's total log-likelihood (float32 logits; batch shapes differ). */
const TOLERANCE = 1e-3;

/** The reference: a fresh sequence, prefix + candidate evaluated together, log p of each candidate token. */
async function scoreAlone(policy: LlamaPolicy, context: EpisodeContext, command: string): Promise<number> {
  const [session] = await policy.openSessions(1);
  try {
    const prefix = tokenizeEpisode(context, policy.tokenizeOptions).ids as Token[];
    const seg = tokenizeCommandTurn(context, command, policy.tokenizeOptions) as Token[];
    const all = [...prefix, ...seg];
    const want = { generateNext: { probabilities: true, options: { temperature: 0 } } } as const;
    const out = await session!.llamaSequence.controlledEvaluate(
      all.map((t, i) => (i >= prefix.length - 1 && i < all.length - 1 ? [t, want] : t)),
    );
    let logprob = 0;
    seg.forEach((t, j) => (logprob += Math.log(out[prefix.length - 1 + j]!.next.probabilities!.get(t)!)));
    return logprob;
  } finally {
    session!.dispose();
  }
}

for (const style of ["coe", "chat"] as const) {
  describe(`scoreCommands (${style} style)`, () => {
    let policy: LlamaPolicy;
    before(async () => {
      const modelPath = await makeTestModel(style === "chat" ? { chatTemplate: CHATML_TEMPLATE } : {});
      policy = await LlamaPolicy.load({ modelPath, contextSize: 2048, sequences: 2 });
      assert.equal(policy.style, style);
    });
    after(async () => {
      await policy?.dispose();
    });

    test("batched scores equal one-at-a-time scores in fresh sequences", async () => {
      const batched = await policy.scoreCommands(CONTEXT, COMMANDS);
      assert.equal(batched.length, COMMANDS.length);
      for (const [i, command] of COMMANDS.entries()) {
        const alone = await scoreAlone(policy, CONTEXT, command);
        const got = batched[i]!;
        assert.ok(Number.isFinite(got.logprob) && got.logprob < 0, `${command}: ${got.logprob}`);
        assert.equal(got.tokens, tokenizeCommandTurn(CONTEXT, command, policy.tokenizeOptions).length);
        assert.ok(
          Math.abs(got.logprob - alone) <= TOLERANCE,
          `${command}: batched ${got.logprob} vs alone ${alone} (tolerance ${TOLERANCE})`,
        );
      }
      // Another order of the same candidates gives the same scores (erasing restores the cache exactly).
      const reversed = await policy.scoreCommands(CONTEXT, [...COMMANDS].reverse());
      reversed.reverse().forEach((s, i) => assert.ok(Math.abs(s.logprob - batched[i]!.logprob) <= TOLERANCE));
    });

    test("the shared prefix is evaluated once per call; a child state evaluates only its new tokens", async () => {
      const prefix = tokenizeEpisode(CONTEXT, policy.tokenizeOptions).ids.length;
      const before = policy.scoreStats;
      await policy.scoreCommands(CONTEXT, COMMANDS);
      const after1 = policy.scoreStats;
      assert.equal(after1.calls - before.calls, 1);
      assert.equal(after1.prefixEvaluations - before.prefixEvaluations, 1, "one prefix evaluation for 8 candidates");
      assert.ok(after1.prefixTokens - before.prefixTokens <= prefix, "the prefix is never evaluated twice");
      const segTokens = COMMANDS.map((c) => tokenizeCommandTurn(CONTEXT, c, policy.tokenizeOptions).length - 1);
      const spent = after1.candidateTokens - before.candidateTokens;
      assert.ok(spent < segTokens.reduce((a, b) => a + b, 0), `shared leading tokens evaluated once (${spent})`);
      assert.equal(after1.candidates - before.candidates, COMMANDS.length);

      // A child state: the header and the first state stay cached; only the new turn is evaluated.
      const lines = ["def add(a, b):", "    total = a + b", "    return total"];
      const child: EpisodeContext = {
        header: CONTEXT.header,
        states: [...CONTEXT.states, renderState(lines, { ...VERDICT, passed: 1, tests: [] })],
        commands: ["REPW 2 >>>- >>>+"],
      };
      const childPrefix = tokenizeEpisode(child, policy.tokenizeOptions).ids.length;
      await policy.scoreCommands(child, ["DELL 3", "EXIT"]);
      const after2 = policy.scoreStats;
      assert.equal(after2.prefixEvaluations - after1.prefixEvaluations, 1);
      assert.ok(after2.prefixTokens - after1.prefixTokens < childPrefix - prefix + 8, "KV reuse across states");
    });

    test("an aborted signal stops scoring with an error, and the scorer stays usable", async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(policy.scoreCommands(CONTEXT, COMMANDS, { signal: controller.signal }));
      const again = await policy.scoreCommands(CONTEXT, ["DELL 3"]);
      assert.ok(Number.isFinite(again[0]!.logprob));
    });
  });
}
