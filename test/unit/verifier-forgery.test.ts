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

/** Parametrized, looped and `pytest.raises` tests (judged case by case by the worker). */
const PARAMETRIZED: TestSource = {
  kind: "pytest",
  file: "test_add.py",
  content:
    "import pytest\nfrom solution import add\n\n" +
    '@pytest.mark.parametrize("a,b,want", [(2, 2, 4), (1, 2, 3), (0, 5, 5)])\n' +
    "def test_add(a, b, want):\n    assert add(a, b) == want\n\n" +
    '@pytest.mark.parametrize(("a", "b"), [(2, 2), (3, 1), (1, 4)])\n' +
    "def test_commutes(a, b):\n    got = add(a, b)\n    assert got == add(b, a) and got == a + b\n",
};
const LOOPED: TestSource = {
  kind: "pytest",
  file: "test_add.py",
  content:
    "from solution import add\n\ndef test_add():\n" +
    "    for a, b, want in [(2, 2, 4), (1, 2, 3)]:\n        assert add(a, b) == want\n",
};
const RAISES: TestSource = {
  kind: "pytest",
  file: "test_add.py",
  content:
    "import pytest\nfrom solution import add\n\ndef test_add():\n    assert add(2, 2) == 4\n\n" +
    "def test_bad_type():\n    with pytest.raises(TypeError):\n        add(1, 'x')\n",
};
/** Right on the first case of PARAMETRIZED's test_add (2 + 2 == 2 * 2), wrong on the others. */
const TIMES = "def add(a, b):\n    return a * b\n";

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
  {
    name: "parametrized tests, with the harness patched to say pass",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n" +
      WRONG,
    tests: PARAMETRIZED,
  },
  {
    name: "parametrized tests, with an __eq__ that always says True",
    code: "class Yes:\n    def __eq__(self, other):\n        return True\n\ndef add(a, b):\n    return Yes()\n",
    tests: PARAMETRIZED,
  },
  {
    name: "parametrized tests, with pytest's own call of the test replaced by one that does nothing",
    code: "import _pytest.python as P\nP.pytest_pyfunc_call = lambda pyfuncitem: True\n" + WRONG,
    tests: PARAMETRIZED,
  },
  {
    name: "parametrized tests, with pytest's parametrize patched to keep only the first case",
    code:
      "import _pytest.python as P\n_orig = P.Metafunc.parametrize\n" +
      "def _first(self, argnames, argvalues, *a, **k):\n    return _orig(self, argnames, list(argvalues)[:1], *a, **k)\n" +
      "P.Metafunc.parametrize = _first\n" +
      TIMES,
    tests: PARAMETRIZED,
  },
  {
    name: "parametrized tests, with pytest's parametrize patched to repeat the first case",
    code:
      "import _pytest.python as P\n_orig = P.Metafunc.parametrize\n" +
      "def _first(self, argnames, argvalues, *a, **k):\n    v = list(argvalues)\n" +
      "    return _orig(self, argnames, v[:1] * len(v), *a, **k)\n" +
      "P.Metafunc.parametrize = _first\n" +
      TIMES,
    tests: PARAMETRIZED,
  },
  {
    name: "a loop over literal cases, with the harness patched to say pass",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n" +
      WRONG,
    tests: LOOPED,
  },
  {
    name: "a loop over literal cases, with an __eq__ that always says True",
    code: "class Yes:\n    def __eq__(self, other):\n        return True\n\ndef add(a, b):\n    return Yes()\n",
    tests: LOOPED,
  },
  {
    name: "pytest.raises, with the harness patched to say pass (judged values left alone)",
    code:
      "import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n" +
      "R.result = lambda self, i, t: _orig(self, i, t if t.get('status') == 'judge' else dict(t, status='pass'))\n" +
      "def add(a, b):\n    return 4\n",
    tests: RAISES,
  },
  {
    name: "pytest.raises, with pytest.raises patched to accept anything",
    code:
      "import pytest, contextlib\npytest.raises = lambda *a, **k: contextlib.suppress(BaseException)\n" +
      "def add(a, b):\n    return 4 if a == 2 else 0\n",
    tests: RAISES,
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
    for (const tests of [PARAMETRIZED, LOOPED, RAISES]) {
      const v = await run(right, tests);
      assert.equal(isSolved(v), true, JSON.stringify(v));
    }
    const doctested = await run(DOCTESTED_WRONG.replace("a - b", "a + b"), { kind: "auto" });
    assert.equal(isSolved(doctested), true, JSON.stringify(doctested));
  });

  void it("controls: parameters that are lists, tuples, strings and None; single names; stacked decorators", async () => {
    const code =
      "def shout(x):\n    if x is None:\n        return 'none'\n    if isinstance(x, str):\n        return x.upper()\n" +
      "    return list(reversed(x))\n";
    const tests: TestSource = {
      kind: "pytest",
      file: "test_shout.py",
      content:
        "import pytest\nfrom solution import shout\n\n" +
        '@pytest.mark.parametrize("x,want", [(None, "none"), ("ab", "AB"), ([1, 2], [2, 1]), ((3, 4), [4, 3])])\n' +
        "def test_shout(x, want):\n    assert shout(x) == want\n\n" +
        '@pytest.mark.parametrize("s", ["", "a-b", "x y"])\n' +
        "def test_str(s):\n    assert shout(s) == s.upper()\n\n" +
        '@pytest.mark.parametrize("a", [[1], [2, 3]])\n@pytest.mark.parametrize("b", [(4,), ()])\n' +
        "def test_stacked(a, b):\n    assert shout(a + list(b)) == sorted(a + list(b), reverse=True)\n\n" +
        "def test_loop():\n    for x, want in [('q', 'Q'), ([5, 6], [6, 5])]:\n        assert shout(x) == want\n\n" +
        "def test_raises():\n    with pytest.raises(TypeError):\n        shout(3)\n",
    };
    const v = await run(code, tests);
    assert.equal(isSolved(v), true, JSON.stringify(v));
    assert.equal(v.total, 4 + 3 + 4 + 2, JSON.stringify(v));
    // Wrong on one case only: exactly that case fails.
    const off = await run(code.replace("return x.upper()", "return x.upper() if x != 'ab' else 'ab'"), tests);
    assert.deepEqual(
      off.tests.filter((t) => t.status !== "pass").map((t) => t.name),
      ["test_shout[ab-AB]"],
    );
  });

  void it("a failing judged assert keeps its got value and its line", async () => {
    const v = await run(WRONG + "\nassert add(1, 2) == 3\n", { kind: "auto" });
    assert.deepEqual(
      v.tests.map((t) => [t.status, t.got, t.line]),
      [["fail", "-1", 4]],
    );
  });
});
