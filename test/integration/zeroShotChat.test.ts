/**
 * Zero-shot Chain-of-Edits with an instruct-style model: a generated GGUF with a ChatML chat template
 * runs a whole repair through the real runtime (node-llama-cpp, the real Python sandbox). The chat
 * wrapper must render the system prompt with its worked example, and every grammar-constrained
 * output must parse as one command.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { repair } from "../../server/src/core/loop/index.js";
import { parseCommand } from "../../server/src/core/dsl/parseCommand.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { SYSTEM_PROMPT } from "../../server/src/core/tool/index.js";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";

const CODE = "def add(a, b):\n    return a - b\n";
const TESTS = ["assert add(1, 2) == 3", "assert add(0, 0) == 0"];

let policy: LlamaPolicy;
let verifier: PythonVerifier;
before(async () => {
  policy = await LlamaPolicy.load({
    modelPath: await makeTestModel({ chatTemplate: CHATML_TEMPLATE, type: "q8_0" }),
    sequences: 2,
  });
  verifier = new PythonVerifier({ concurrency: 1 });
});
after(async () => {
  await policy?.dispose();
  await verifier?.dispose();
});

test("the system prompt explains the DSL with a worked example: state, command, next state", () => {
  assert.match(SYSTEM_PROMPT, /DELL n[\s\S]*ADDL n[\s\S]*REPL n[\s\S]*REPW n[\s\S]*EXIT/);
  assert.match(
    SYSTEM_PROMPT,
    /The state:\nL 1 def add\(a, b\):\nL 2 {5}return a - b\n\*\*\*\n0\/1 tests pass\nFAIL add\(1, 2\) == 3: got -1\nYour command:\nREPW 2 >>>- >>>\+\nThe next state:\nL 1 def add\(a, b\):\nL 2 {5}return a \+ b\n\*\*\*\n1\/1 tests pass\nYour command:\nEXIT/,
  );
});

test("a zero-shot chat-style repair through the real runtime: the template renders the example, every command parses", async () => {
  assert.equal(policy.style, "chat", "a GGUF with a chat template picks the chat style");
  const result = await repair({
    code: CODE,
    tests: { kind: "snippets", snippets: TESTS },
    policy,
    verifier,
    rollouts: 2,
    maxTurns: 3,
    seed: 7,
    temperature: 0.8,
  });
  assert.equal(result.traces.length, 2);
  let steps = 0;
  for (const trace of result.traces)
    for (const step of trace.steps) {
      steps++;
      assert.doesNotThrow(() => parseCommand(step.command), `grammar output must parse: ${step.command}`);
      assert.ok(!/malformed|no complete command/i.test(step.error ?? ""), step.error);
    }
  assert.ok(steps >= 2, `the model issued commands (${steps})`);

  // What the model saw: the ChatML rendering of the system prompt (with the example) and the first state.
  const [session] = await policy.openSessions(1);
  await session!.prefill({ header: { tests: TESTS.join("\n") }, states: [renderFirst()], commands: [] });
  const text = policy.model.detokenize(session!.cachedTokens as never, true);
  session!.dispose();
  assert.match(text, /^(<\|endoftext\|>)?<\|im_start\|>system\nYou repair Python code/, "BOS, then the system turn");
  assert.ok(text.includes("Your command:\nREPW 2 >>>- >>>+\nThe next state:"), "the worked example is in the prompt");
  assert.match(text, /<\|im_end\|>\n<\|im_start\|>user\n### Tests\nassert add[\s\S]*### State\nL 1 def add/);
  assert.ok(text.endsWith("<|im_start|>assistant\n"), "the prompt ends with the assistant cue");
});

function renderFirst(): string {
  return "L 1 def add(a, b):\nL 2     return a - b\n***\n0/2 tests pass";
}
