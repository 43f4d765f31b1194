/**
 * PythonVerifier with real python processes: test sources, result details, coverage, abort,
 * concurrency and recovery. Hostile code is in verifier-hostile.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import type { TestResult, Verdict } from "../../server/src/core/types.js";

const SUB = "def add(a, b):\n    return a - b\n";
const byName = (v: Verdict, name: string): TestResult => {
  const test = v.tests.find((t) => t.name === name);
  assert.ok(test, `no test named ${name} in ${JSON.stringify(v.tests)}`);
  return test;
};

void describe("PythonVerifier", () => {
  let verifier: PythonVerifier;
  before(() => {
    verifier = new PythonVerifier({ concurrency: 2 });
  });
  after(() => verifier.dispose());

  void it("runs MBPP snippets, with got values and names without 'assert '", async () => {
    const v = await verifier.verify({
      code: SUB,
      tests: {
        kind: "snippets",
        snippets: ["assert add(1, 2) == 3", "assert add(0, 0) == 0", "assert add(y, 1) == 1"],
      },
    });
    assert.equal(v.kind, "ok");
    assert.equal(v.passed, 1);
    assert.equal(v.total, 3);
    assert.deepEqual(byName(v, "add(1, 2) == 3"), {
      name: "add(1, 2) == 3",
      status: "fail",
      message: "AssertionError",
      got: "-1",
      want: "3",
    });
    assert.equal(byName(v, "add(0, 0) == 0").status, "pass");
    const err = byName(v, "add(y, 1) == 1");
    assert.equal(err.status, "error");
    assert.match(err.message ?? "", /NameError: name 'y' is not defined/);
  });

  void it("maps an exception to the deepest line inside the code", async () => {
    const code = "def f(x):\n    return g(x)\n\ndef g(x):\n    return 1 / x\n";
    const v = await verifier.verify({ code, tests: { kind: "snippets", snippets: ["assert f(0) == 1"] } });
    assert.equal(v.tests[0]?.status, "error");
    assert.match(v.tests[0]?.message ?? "", /ZeroDivisionError/);
    assert.equal(v.tests[0]?.line, 5);
  });

  void it("reports a syntax error with its line", async () => {
    const v = await verifier.verify({
      code: "def f(x):\n    return x\nif x\n    pass\n",
      tests: { kind: "snippets", snippets: ["assert f(1) == 1"] },
    });
    assert.equal(v.kind, "syntax");
    assert.equal(v.syntax?.line, 3);
    assert.match(v.syntax?.message ?? "", /SyntaxError/);
    assert.equal(v.total, 0);
  });

  void it("runs a pytest file: per-test results, got, and the failing line in the code", async () => {
    const code = "def add(a, b):\n    return a - b\n\ndef inv(x):\n    return 1 / x\n";
    const content = [
      "from solution import add, inv",
      "def test_add():\n    assert add(1, 2) == 3",
      "def test_zero():\n    assert add(0, 0) == 0",
      "def test_inv():\n    assert inv(0) == 1",
    ].join("\n");
    const v = await verifier.verify({ code, tests: { kind: "pytest", file: "tests/test_solution.py", content } });
    assert.equal(v.kind, "ok");
    assert.deepEqual(
      v.tests.map((t) => [t.name, t.status]),
      [
        ["test_add", "fail"],
        ["test_zero", "pass"],
        ["test_inv", "error"],
      ],
    );
    assert.equal(byName(v, "test_add").got, "-1");
    assert.equal(byName(v, "test_inv").line, 5);
    assert.match(byName(v, "test_inv").message ?? "", /ZeroDivisionError/);
  });

  void it("runs doctests, one test per example", async () => {
    const code =
      'def add(a, b):\n    """\n    >>> add(1, 2)\n    3\n    >>> add(2, 2)\n    0\n    """\n    return a - b\n';
    const v = await verifier.verify({ code, tests: { kind: "auto" } });
    assert.equal(v.kind, "ok");
    assert.deepEqual(
      v.tests.map((t) => [t.name, t.status]),
      [
        ["add(1, 2)", "fail"],
        ["add(2, 2)", "pass"],
      ],
    );
    assert.equal(byName(v, "add(1, 2)").got, "-1");
    assert.equal(byName(v, "add(1, 2)").line, 3);
  });

  void it("runs asserts in the file, including a __main__ block", async () => {
    const code = SUB + "\nassert add(1, 2) == 3\nif __name__ == '__main__':\n    y = add(2, 2)\n    assert y == 0\n";
    const v = await verifier.verify({ code, tests: { kind: "auto" } });
    assert.deepEqual(
      v.tests.map((t) => [t.name, t.status]),
      [
        ["add(1, 2) == 3", "fail"],
        ["y == 0", "pass"],
      ],
    );
    assert.equal(byName(v, "add(1, 2) == 3").line, 4);
    assert.equal(byName(v, "add(1, 2) == 3").got, "-1");
  });

  void it("says notests when the file has nothing to run", async () => {
    const v = await verifier.verify({ code: SUB, tests: { kind: "auto" } });
    assert.equal(v.kind, "notests");
    assert.equal(v.total, 0);
  });

  void it("returns per-test line coverage when asked", async () => {
    const code = "def f(x):\n    if x > 0:\n        return 1\n    return 0\n";
    const v = await verifier.verify({
      code,
      coverage: true,
      tests: { kind: "snippets", snippets: ["assert f(1) == 1", "assert f(-1) == 0"] },
    });
    assert.deepEqual(v.coverage, { "f(1) == 1": [2, 3], "f(-1) == 0": [2, 4] });
  });

  void it("gives a timeout status to one hanging snippet and still runs the rest", async () => {
    const code = "def f(x):\n    while x:\n        pass\n    return 0\n";
    const v = await verifier.verify({
      code,
      timeoutMs: 3000,
      tests: { kind: "snippets", snippets: ["assert f(1) == 0", "assert f(0) == 0"] },
    });
    assert.equal(v.kind, "ok");
    assert.deepEqual(
      v.tests.map((t) => t.status),
      ["timeout", "pass"],
    );
  });

  void it("finishes N requests sent in parallel", async () => {
    const verdicts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        verifier.verify({ code: `x = ${i}\n`, tests: { kind: "snippets", snippets: [`assert x == ${i}`] } }),
      ),
    );
    assert.deepEqual(
      verdicts.map((v) => v.passed),
      [1, 1, 1, 1, 1, 1],
    );
    assert.ok(verifier.workerPids().length <= 2);
  });

  void it("aborts a running evaluation and stays usable", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = verifier.verify({
      code: "import time\ntime.sleep(30)\n",
      timeoutMs: 20_000,
      signal: controller.signal,
      tests: { kind: "snippets", snippets: ["assert True"] },
    });
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(pending, (e: Error) => e.name === "AbortError");
    assert.ok(performance.now() - started < 5000);
    const v = await verifier.verify({ code: "x = 1\n", tests: { kind: "snippets", snippets: ["assert x == 1"] } });
    assert.equal(v.passed, 1);
  });

  void it("replaces a worker that died", async () => {
    const one = new PythonVerifier({ concurrency: 1 });
    try {
      await one.verify({ code: "x = 1\n", tests: { kind: "snippets", snippets: ["assert x == 1"] } });
      const [pid] = one.workerPids();
      assert.ok(pid);
      // Killed in the middle of a request: that request is a crash, the next one works.
      const running = one.verify({
        code: "import time\ntime.sleep(10)\n",
        timeoutMs: 15_000,
        tests: { kind: "snippets", snippets: ["assert True"] },
      });
      setTimeout(() => process.kill(pid, "SIGKILL"), 300);
      const crashed = await running;
      assert.equal(crashed.kind, "crash");
      assert.match(crashed.detail ?? "", /worker died/);
      const v = await one.verify({ code: "x = 2\n", tests: { kind: "snippets", snippets: ["assert x == 2"] } });
      assert.equal(v.passed, 1);
      assert.notEqual(one.workerPids()[0], pid);
    } finally {
      await one.dispose();
    }
  });

  void it("falls back without pytest and says so", async () => {
    const noPytest = new PythonVerifier({ concurrency: 1, env: { ...process.env, COE_WORKER_NO_PYTEST: "1" } });
    try {
      const content =
        "from solution import add\ndef test_add():\n    assert add(1, 2) == 3\ndef test_zero():\n    assert add(0, 0) == 0\n";
      const v = await noPytest.verify({ code: SUB, tests: { kind: "pytest", file: "test_solution.py", content } });
      assert.equal(v.kind, "ok");
      assert.match(v.detail ?? "", /pytest is not installed for .*; falling back to/);
      assert.deepEqual(
        v.tests.map((t) => [t.name, t.status, t.got]),
        [
          ["test_add", "fail", "-1"],
          ["test_zero", "pass", undefined],
        ],
      );
    } finally {
      await noPytest.dispose();
    }
  });

  void it("rejects with a clear message when python is missing", async () => {
    const missing = new PythonVerifier({ pythonPath: "/nonexistent/python3", concurrency: 1 });
    await assert.rejects(missing.verify({ code: "x = 1", tests: { kind: "auto" } }), /Python not found/);
    await missing.dispose();
  });
});
