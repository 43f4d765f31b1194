/**
 * Code under test that tries to forge a pass (issue #9.5). The sandboxed child runs that code, so
 * for assert tests it only sends the values of the asserts' opaque parts; the worker judges them
 * (server/python/coe_judge.py). Every case here is a WRONG implementation dressed up to look right:
 * each must come back as not passing. The last case of each group is the honest control.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { isSolved, type TestSource, type Verdict } from "../../server/src/core/types.js";

const WRONG = "def add(a, b):\n    return a - b\n";
const SNIPPETS: TestSource = { kind: "snippets", snippets: ["assert add(1, 2) == 3", "assert add(2, 2) == 4"] };

/** A pytest file of plain test functions (judged by the worker), one with a set-up assignment. */
const PYTEST: TestSource = {
  kind: "pytest",
  file: "test_add.py",
  content:
    "from solution import add\n\ndef test_a():\n    assert add(1, 2) == 3\n\n" +
    "def test_b():\n    total = add(2, 2)\n    assert total == 4\n    assert add(total, 0) == 4\n",
};

/** A wrong add whose docstring holds its tests. */
const DOCTESTED_WRONG =
  'def add(a, b):\n    """\n    >>> add(1, 2)\n    3\n    >>> add(2, 2)\n    4\n    """\n    return a - b\n';

/** Writes forged protocol lines to every open descriptor but the standard ones. */
const FORGE_CHANNEL = `
import os, json
def _forge(lines):
    for fd in range(3, 64):
        for line in lines:
            try:
                os.write(fd, (json.dumps(line) + "\\n").encode())
            except OSError:
                pass
`;

const CASES: { name: string; code: string; tests?: TestSource }[] = [
  {
    name: "patched builtins (sorted and len lie)",
    code:
      "import builtins\nbuiltins.sorted = lambda xs, **k: [1, 2, 3]\nbuiltins.len = lambda xs: 3\n" +
      "def f(xs):\n    return xs\n",
    tests: { kind: "snippets", snippets: ["assert sorted(f([3, 1])) == [1, 2, 3]", "assert len(f([])) == 3"] },
  },
  {
    name: "an __eq__ that always says True",
    code: "class Yes:\n    def __eq__(self, other):\n        return True\n\ndef add(a, b):\n    return Yes()\n",
  },
  {
    name: "an int subclass whose __eq__ says True",
    code: "class I(int):\n    def __eq__(self, other):\n        return True\n\ndef add(a, b):\n    return I(a - b)\n",
  },
  {
    name: "a forged result and end-of-run written to the result channel at import",
    code:
      FORGE_CHANNEL +
      '_forge([{"plan": ["add(1, 2) == 3", "add(2, 2) == 4"]}, {"start": 0}, {"result": 0, "test": {"status": "pass", "name": "add(1, 2) == 3"}},' +
      ' {"start": 1}, {"result": 1, "test": {"status": "pass", "name": "add(2, 2) == 4"}}, {"done": {"kind": "ok"}}])\n' +
      WRONG,
  },
  {
    name: "forged values written to the channel from inside the call",
    code:
      FORGE_CHANNEL +
      "def add(a, b):\n" +
      '    _forge([{"result": 0, "test": {"status": "judge", "vals": [{"i": str(a + b)}], "name": "x"}}])\n' +
      "    return a - b\n",
  },
  {
    name: "the harness patched to report every test as passed",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n" +
      WRONG,
  },
  {
    name: "sys.settrace jumps over the call of the test body",
    code:
      "import sys, linecache\n" +
      "def _local(frame, event, arg):\n" +
      "    if event == 'line' and linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip() == 'body()':\n" +
      "        frame.f_lineno = frame.f_lineno + 1\n" +
      "    return _local\n" +
      "def _global(frame, event, arg):\n" +
      "    return _local if frame.f_code.co_name == 'run_one' else None\n" +
      "sys.settrace(_global)\n" +
      WRONG,
  },
  {
    name: "os._exit(0) after printing a fake summary",
    code: "import os, sys\ndef add(a, b):\n    print('2 passed'); sys.stdout.flush()\n    os._exit(0)\n",
  },
  {
    name: "os._exit(0) after a fake summary, under pytest",
    code: "import os, sys\ndef add(a, b):\n    print('===== 2 passed in 0.01s ====='); sys.stdout.flush()\n    os._exit(0)\n",
    tests: {
      kind: "pytest",
      file: "test_add.py",
      content:
        "from solution import add\n\ndef test_a():\n    assert add(1, 2) == 3\n\ndef test_b():\n    assert add(2, 2) == 4\n",
    },
  },
  {
    name: "the harness patched to say pass, under pytest",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n" +
      WRONG,
    tests: PYTEST,
  },
  {
    name: "an __eq__ that always says True, under pytest",
    code: "class Yes:\n    def __eq__(self, other):\n        return True\n\ndef add(a, b):\n    return Yes()\n",
    tests: PYTEST,
  },
  {
    name: "pytest's own call of the test replaced by one that does nothing",
    code: "import _pytest.python as P\nP.pytest_pyfunc_call = lambda pyfuncitem: True\n" + WRONG,
    tests: PYTEST,
  },
  {
    name: "asserts in the file, with the harness patched to say pass",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n" +
      WRONG +
      "\nassert add(1, 2) == 3\nassert add(2, 2) == 4\n",
    tests: { kind: "auto" },
  },
  {
    name: "doctests, with the harness patched to say pass",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n" +
      DOCTESTED_WRONG,
    tests: { kind: "auto" },
  },
  {
    name: "doctests, with doctest's own checker patched to say every output matches",
    code: "import doctest\ndoctest.OutputChecker.check_output = lambda *a: True\n" + DOCTESTED_WRONG,
    tests: { kind: "auto" },
  },
  {
    name: "doctests, with forged results written to the result channel at import",
    code:
      FORGE_CHANNEL +
      '_forge([{"plan": ["add(1, 2)", "add(2, 2)"]}, {"start": 0}, {"result": 0, "test": {"status": "pass", "name": "add(1, 2)"}},' +
      ' {"start": 1}, {"result": 1, "test": {"status": "pass", "name": "add(2, 2)"}}, {"done": {"kind": "ok"}}])\n' +
      DOCTESTED_WRONG,
    tests: { kind: "auto" },
  },
];

void describe("a verdict the code under test cannot forge", () => {
  let verifier: PythonVerifier;
  before(() => {
    verifier = new PythonVerifier({ concurrency: 1 });
  });
  after(async () => verifier.dispose());

  const run = (code: string, tests: TestSource = SNIPPETS): Promise<Verdict> =>
    verifier.verify({ code, tests, coverage: false, timeoutMs: 8000 });

  for (const c of CASES)
    void it(`${c.name}: not passing`, async () => {
      const v = await run(c.code, c.tests);
      assert.equal(isSolved(v), false, JSON.stringify(v));
      assert.ok(v.passed < Math.max(1, v.total), JSON.stringify(v));
    });

  void it("controls: the same tests pass for a right implementation, values compared by the judge", async () => {
    const right = "def add(a, b):\n    return a + b\n";
    assert.equal(isSolved(await run(right)), true);
    const floats = await run("import math\ndef f(x):\n    return x / 3\n", {
      kind: "snippets",
      snippets: [
        "assert math.isclose(f(1), 0.3333333, rel_tol=1e-6)",
        "assert set(f(x) for x in [3, 6]) == {1.0, 2.0}",
        "assert f(3) in [1.0, 2.0]",
      ],
    });
    assert.equal(isSolved(floats), true, JSON.stringify(floats));
    const file = await run(right + "\nassert add(1, 2) == 3\nassert add(2, 2) == 4\n", { kind: "auto" });
    assert.equal(isSolved(file), true, JSON.stringify(file));
    const pytest = await run(right, PYTEST);
    assert.equal(isSolved(pytest), true, JSON.stringify(pytest));
    const doctested = await run(DOCTESTED_WRONG.replace("a - b", "a + b"), { kind: "auto" });
    assert.equal(isSolved(doctested), true, JSON.stringify(doctested));
  });

  void it("a failing judged assert keeps its got value and its line", async () => {
    const v = await run(WRONG + "\nassert add(1, 2) == 3\n", { kind: "auto" });
    assert.deepEqual(
      v.tests.map((t) => [t.status, t.got, t.line]),
      [["fail", "-1", 4]],
    );
  });
});
