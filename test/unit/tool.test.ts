import { test } from "node:test";
import assert from "node:assert/strict";
import { renderState, formatEpisode, formatChat, renderFeedback } from "../../server/src/core/tool/index.js";
import type { Verdict } from "../../server/src/core/types.js";

const failing: Verdict = {
  kind: "ok",
  passed: 0,
  total: 2,
  ms: 1,
  tests: [
    { name: "add(1, 2) == 3", status: "fail", message: "AssertionError", got: "-1" },
    { name: "add(0, 0) == 0", status: "pass" },
  ],
};

test("renders DESIGN §2 byte for byte", () => {
  const state = renderState(["def add(a, b):", "    return a - b"], failing);
  assert.equal(state, "L 1 def add(a, b):\nL 2     return a - b\n***\n0/2 tests pass\nFAIL add(1, 2) == 3: got -1");
});

test("syntax errors, errors with lines, timeouts and command errors", () => {
  assert.equal(
    renderFeedback({
      kind: "syntax",
      passed: 0,
      total: 0,
      tests: [],
      syntax: { line: 3, message: "invalid syntax" },
      ms: 0,
    }),
    "SyntaxError line 3: invalid syntax",
  );
  const v: Verdict = {
    kind: "ok",
    passed: 1,
    total: 3,
    ms: 0,
    tests: [
      { name: "f(1) == 2", status: "error", message: "NameError: name 'x' is not defined", line: 2 },
      { name: "f(2) == 3", status: "timeout" },
      { name: "f(3) == 4", status: "pass" },
    ],
  };
  assert.equal(
    renderFeedback(v, { commandError: "line 9 is out of range 1-2" }),
    "BAD COMMAND: line 9 is out of range 1-2\n1/3 tests pass\nERROR f(1) == 2: NameError: name 'x' is not defined (line 2)\nTIMEOUT f(2) == 3",
  );
});

test("feedback is truncated to its token budget at line boundaries", () => {
  const tests = Array.from({ length: 50 }, (_, i) => ({
    name: `f(${i}) == ${i}`,
    status: "fail" as const,
    got: "None",
  }));
  const text = renderFeedback({ kind: "ok", passed: 0, total: 50, tests, ms: 0 }, { feedbackTokens: 20 });
  assert.ok(text.length <= 20 * 4 + 20, text);
  assert.match(text, /\.\.\. \d+ more$/);
  assert.ok(text.startsWith("0/50 tests pass\nFAIL f(0) == 0: got None"));
});

test("an empty listing still renders a state", () => {
  assert.equal(renderState([], { kind: "notests", passed: 0, total: 0, tests: [], ms: 0 }), "***\nno tests");
});

test("episode segments alternate prompt, command, state and mark only commands", () => {
  const segs = formatEpisode(
    { description: "Add.", tests: "assert add(1, 2) == 3" },
    ["S0", "S1"],
    ["REPL 2 >>>x", "EXIT"],
  );
  assert.deepEqual(
    segs.map((s) => s.kind),
    ["prompt", "command", "state", "command"],
  );
  assert.equal(segs[0]!.text, "### Task\nAdd.\n### Tests\nassert add(1, 2) == 3\n### State\nS0\n### Command\n");
  assert.equal(segs[1]!.text, "REPL 2 >>>x\n");
  assert.equal(segs[2]!.text, "### State\nS1\n### Command\n");
  const chat = formatChat({ tests: "t" }, ["S0", "S1"], ["EXIT"]);
  assert.deepEqual(
    chat.map((m) => m.role),
    ["system", "user", "assistant", "user"],
  );
});
