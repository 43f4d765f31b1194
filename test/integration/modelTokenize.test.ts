/**
 * tokenizeEpisode with real tokenizers: the "coe" style (our BPE, cross-checked against the trainer's
 * Python tokenizer) and the "chat" style (a GGUF with a ChatML tokenizer.chat_template rendered by
 * node-llama-cpp's chat wrapper), plus the runtime's KV cache holding exactly these ids.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import {
  tokenizeEpisode,
  tokenizeFinishedEpisode,
  type TokenizedEpisode,
} from "../../server/src/core/model/tokenizeEpisode.js";
import { formatEpisode } from "../../server/src/core/tool/formatEpisode.js";
import { commandGrammar, parseCommand } from "../../server/src/core/dsl/index.js";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";

const header = { description: "Write a function to add two numbers.", tests: "assert add(1, 2) == 3" };
const S0 = "L 1 def add(a, b):\nL 2     return a - b\n***\n0/1 tests pass\nFAIL add(1, 2) == 3: got -1";
const S1 = "L 1 def add(a, b):\nL 2     return a + b\n***\n1/1 tests pass";
const open2 = { header, states: [S0, S1], commands: ["REPW 2 >>>- >>>+"] };
const finished = { header, states: [S0, S1], commands: ["REPW 2 >>>- >>>+", "EXIT"] };

/** Segments tile the ids and the mask is 1 exactly on command segments. */
function assertWellFormed(t: TokenizedEpisode): void {
  assert.equal(t.ids.length, t.mask.length);
  let at = 0;
  for (const s of t.segments) {
    assert.equal(s.start, at);
    assert.ok(s.end > s.start);
    for (let i = s.start; i < s.end; i++) assert.equal(t.mask[i], s.kind === "command" ? 1 : 0);
    at = s.end;
  }
  assert.equal(at, t.ids.length);
}

describe("coe style", () => {
  let policy: LlamaPolicy;
  before(async () => {
    policy = await LlamaPolicy.load({ modelPath: await makeTestModel({}), style: "auto" });
  });
  after(() => policy?.dispose());

  test("a GGUF without a chat template resolves to the coe style", () => assert.equal(policy.style, "coe"));

  test("segment by segment: ids decode to the formatter's text, each segment to its own text", () => {
    const t = tokenizeFinishedEpisode(finished, policy.tokenizeOptions);
    assertWellFormed(t);
    const segs = formatEpisode(header, finished.states, finished.commands);
    assert.deepEqual(
      t.segments.map((s) => s.kind),
      segs.map((s) => s.kind),
    );
    t.segments.forEach((s, i) =>
      assert.equal(policy.model.detokenize(t.ids.slice(s.start, s.end) as never), segs[i]!.text),
    );
    assert.equal(policy.model.detokenize(t.ids.slice(t.segments.at(-1)!.start) as never), "EXIT\n");
  });

  test("appending a turn never changes earlier ids (what KV reuse relies on)", () => {
    const a = tokenizeEpisode({ header, states: [S0], commands: [] }, policy.tokenizeOptions);
    const b = tokenizeEpisode(open2, policy.tokenizeOptions);
    const c = tokenizeFinishedEpisode(finished, policy.tokenizeOptions);
    assert.deepEqual(b.ids.slice(0, a.ids.length), a.ids);
    assert.deepEqual(c.ids.slice(0, b.ids.length), b.ids);
  });

  test("llama.cpp's ids equal the trainer's Python tokenizer, segment by segment", () => {
    const t = tokenizeFinishedEpisode(finished, policy.tokenizeOptions);
    const texts = formatEpisode(header, finished.states, finished.commands).map((s) => s.text);
    const py =
      "import json,sys\nfrom coe_trainer.tokenizer import BPETokenizer\nt=BPETokenizer.load()\nprint(json.dumps([t.encode(s) for s in json.load(sys.stdin)]))";
    const trainer = join(import.meta.dirname, "../../trainer");
    const out = execFileSync("/usr/bin/python3", ["-c", py], {
      input: JSON.stringify(texts),
      cwd: trainer,
      env: { ...process.env, PYTHONPATH: trainer },
    });
    assert.deepEqual(JSON.parse(out.toString()).flat(), t.ids);
  });

  test("shape errors are explicit", () => {
    assert.throws(() => tokenizeEpisode(finished, policy.tokenizeOptions), /one more state/);
    assert.throws(() => tokenizeFinishedEpisode(open2, policy.tokenizeOptions), /as many commands/);
    assert.throws(
      () => tokenizeFinishedEpisode({ ...finished, commands: ["EXIT", "DELL 1"] }, policy.tokenizeOptions),
      /ends with EXIT/,
    );
  });
});

describe("chat style (ChatML chat template)", () => {
  let policy: LlamaPolicy;
  before(async () => {
    policy = await LlamaPolicy.load({ modelPath: await makeTestModel({ chatTemplate: CHATML_TEMPLATE }) });
  });
  after(() => policy?.dispose());

  test("auto picks chat; messages render through the template, commands are the masked segments", () => {
    assert.equal(policy.style, "chat");
    const t = tokenizeFinishedEpisode(finished, policy.tokenizeOptions);
    assertWellFormed(t);
    const text = (s: { start: number; end: number }) =>
      policy.model.detokenize(t.ids.slice(s.start, s.end) as never, true);
    assert.deepEqual(
      t.segments.map((s) => s.kind),
      ["prompt", "command", "state", "command"],
    );
    const [prompt, cmd1, st, cmd2] = t.segments.map(text);
    assert.match(
      prompt!,
      /<\|im_start\|>system\nYou repair Python code[\s\S]*<\|im_start\|>user\n### Task\n[\s\S]*<\|im_end\|>\n<\|im_start\|>assistant\n$/,
    );
    assert.equal(cmd1, "REPW 2 >>>- >>>+");
    assert.match(
      st!,
      /^<\|im_end\|>\n<\|im_start\|>user\n### State\nL 1 def add[\s\S]*1\/1 tests pass<\|im_end\|>\n<\|im_start\|>assistant\n$/,
    );
    assert.equal(cmd2, "EXIT");
  });

  test("generation under the grammar; the KV cache holds exactly the chat ids", async () => {
    const [session] = await policy.openSessions(1);
    const ctx = { header, states: [S0], commands: [] as string[] };
    for (let turn = 0; turn < 3; turn++) {
      const g = await session!.next(ctx, {
        maxTokens: 256,
        grammar: commandGrammar({ lineCount: 2, maxTextChars: 30 }),
        seed: turn,
      });
      parseCommand(g.text);
      ctx.commands.push(g.text);
      ctx.states.push(turn % 2 ? S0 : S1);
    }
    await session!.prefill(ctx);
    const ids = tokenizeEpisode(ctx, policy.tokenizeOptions).ids;
    assert.deepEqual(session!.cachedTokens, ids);
    assert.ok(session!.stats.promptTokensEvaluated <= 1.1 * ids.length);
    session!.dispose();
  });
});
