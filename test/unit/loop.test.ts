import { test } from "node:test";
import assert from "node:assert/strict";
import { repair, runEpisode, PENALTY_MALFORMED, type EpisodeOptions } from "../../server/src/core/loop/index.js";
import { ScriptedPolicy } from "../helpers/ScriptedPolicy.js";
import type { Verifier, VerifyRequest } from "../../server/src/core/python/Verifier.js";
import type { Verdict } from "../../server/src/core/types.js";

/** A verifier stand-in for loop logic only: a test passes when its expected line is in the code. */
class LineVerifier implements Verifier {
  readonly concurrency = 1;
  calls = 0;
  constructor(private readonly wanted: string[]) {}
  async verify(req: VerifyRequest): Promise<Verdict> {
    this.calls++;
    const tests = this.wanted.map((w) => ({
      name: `has ${w.trim()}`,
      status: req.code.split("\n").includes(w) ? ("pass" as const) : ("fail" as const),
    }));
    return { kind: "ok", passed: tests.filter((t) => t.status === "pass").length, total: tests.length, tests, ms: 0 };
  }
  async dispose(): Promise<void> {}
}

const BUGGY = "def add(a, b):\n    return a - b\n";
const tests = { kind: "snippets" as const, snippets: ["assert add(1, 2) == 3"] };

/** One episode on BUGGY in which the model issues `commands` in order; the verifier's first call judges BUGGY. */
async function scriptedEpisode(
  verifier: LineVerifier,
  commands: string[],
  options: Partial<EpisodeOptions> = {},
): ReturnType<typeof runEpisode> {
  const [session] = await new ScriptedPolicy([commands]).openSessions(1);
  const initial = await verifier.verify({ code: BUGGY, tests });
  return runEpisode({ session: session!, verifier, code: BUGGY, tests, header: { tests: "t" }, initial, ...options });
}

test("an episode applies commands, re-verifies, rewards the first solve and stops", async () => {
  const verifier = new LineVerifier(["    return a + b"]);
  const trace = await scriptedEpisode(verifier, ["REPW 2 >>>- >>>+", "EXIT"], { stopWhenSolved: false });
  assert.equal(trace.solved, true);
  assert.equal(trace.stop, "exit");
  assert.deepEqual(
    trace.steps.map((s) => s.command),
    ["REPW 2 >>>- >>>+", "EXIT"],
  );
  assert.equal(trace.steps[0]!.reward, 1);
  assert.equal(trace.finalCode, "def add(a, b):\n    return a + b\n");
  assert.match(trace.steps[0]!.diff, /^-    return a - b$/m);
  assert.match(trace.steps[0]!.diff, /^\+    return a \+ b$/m);
  assert.equal(trace.reward, 1);
});

test("bad commands are reported in the state, malformed ones are penalised, nothing crashes", async () => {
  const verifier = new LineVerifier(["    return a + b"]);
  const trace = await scriptedEpisode(verifier, ["REPW 2 >>>* >>>+", "DELL 9", "NOPE", "REPL 2 >>>    return a + b"]);
  assert.equal(trace.steps[0]!.error, '"*" is not on line 2');
  assert.equal(trace.steps[1]!.error, "line 9 is out of range 1-2");
  assert.match(trace.steps[2]!.error!, /malformed/);
  assert.equal(trace.steps[2]!.reward, PENALTY_MALFORMED);
  assert.equal(trace.solved, true);
  assert.equal(trace.stop, "solved");
  assert.equal(verifier.calls, 2, "commands that cannot be applied are not re-verified");
});

test("solving without EXIT is penalised when the model must exit (RL rollouts)", async () => {
  const verifier = new LineVerifier(["    return a + b"]);
  const rl = { stopWhenSolved: false, maxTurns: 2 };
  const trace = await scriptedEpisode(verifier, ["REPL 2 >>>    return a + b", "REPL 2 >>>    return b"], rl);
  assert.equal(trace.solved, false, "the second edit broke it again");
  const t2 = await scriptedEpisode(verifier, ["REPL 2 >>>    return a + b", "ADDL 3 >>>"], rl);
  assert.equal(t2.solved, true);
  assert.equal(t2.stop, "solved-no-exit");
  assert.equal(t2.reward, 0.5);
});

test("repair runs N rollouts and returns the best by tests passed", async () => {
  const verifier = new LineVerifier(["    return a + b"]);
  const policy = new ScriptedPolicy([["DELL 1", "EXIT"], ["REPL 2 >>>    return a + b"], ["EXIT"]]);
  const events: string[] = [];
  const result = await repair({
    code: BUGGY,
    tests,
    policy,
    verifier,
    rollouts: 3,
    onProgress: (e) => events.push(e.type),
  });
  assert.equal(result.traces.length, 3);
  assert.equal(result.best.solved, true);
  assert.equal(result.best.rollout, 1);
  assert.equal(events[0], "start");
  assert.equal(events.filter((e) => e === "rollout-end").length, 3);
  JSON.parse(JSON.stringify(result.best)); // traces are plain JSON
});

test("an aborted repair stops before the next turn", async () => {
  const verifier = new LineVerifier(["never"]);
  const ac = new AbortController();
  const policy = new ScriptedPolicy([["ADDL 1 >>>#", "ADDL 1 >>>#", "ADDL 1 >>>#"]]);
  const result = await repair({
    code: BUGGY,
    tests,
    policy,
    verifier,
    signal: ac.signal,
    onProgress: (e) => {
      if (e.type === "step") ac.abort();
    },
  });
  assert.equal(result.best.steps.length, 1);
  assert.equal(result.best.stop, "aborted");
});
