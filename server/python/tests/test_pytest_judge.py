"""pytest files: plain, parametrized and looped test functions and pytest.raises are judged by the worker
(coe_testfn.judged_functions)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import coe_testfn  # noqa: E402
import coe_verdict  # noqa: E402
from test_worker import SUB, Worker  # noqa: E402

RIGHT = "def add(a, b):\n    return a + b\n"
PATCH_REPORTER = ("import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n"
                  "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n")


def pytest_file(content):
    return {"kind": "pytest", "file": "test_add.py", "content": "import pytest\nfrom solution import add\n" + content}


# (test function, judged by the worker?)
SELECTION = [
    ("def test_a():\n    assert add(1, 2) == 3\n", True),
    ('def test_a():\n    """Doc."""\n    x = add(1, 2)\n    x += 1\n    assert x == 4\n', True),
    ("def test_a():\n    x: int = add(1, 2)\n    assert x == 3\n", True),
    ("def test_a():\n    add(1, 2)\n", False),  # no assert: nothing to judge
    ("def test_a():\n    check(add(1, 2))\n    assert True\n", False),  # a helper may check something
    ("def test_a():\n    with pytest.raises(TypeError):\n        add(1)\n    assert True\n", True),
    ("def test_a():\n    with pytest.raises((TypeError, ValueError), match='x'):\n        add(1)\n", True),
    ("def test_a():\n    with pytest.raises(TypeError) as e:\n        add(1)\n", False),  # `as`: checks follow
    ("def test_a():\n    with pytest.raises(TypeError):\n        x = add(1)\n", False),  # not one expression
    ("def test_a():\n    with pytest.raises(TypeError):\n        add(1)\n        add(2)\n", False),
    ("def test_a():\n    with pytest.raises(KeyError, match=k):\n        {}['k']\n", False),  # match: a name
    ("def test_a():\n    with pytest.raises(MyError):\n        add(1)\n", False),  # not a builtin class
    ("def test_a():\n    with open('f') as f:\n        assert add(1, 2) == 3\n", False),
    ("def test_a():\n    for i in range(3):\n        assert add(i, 0) == i\n", True),
    ("def test_a():\n    for i, (j, k) in [(1, (2, 3)), (2, 'ab')]:\n        for m in 'xy':\n"
     "            assert add(i, j) == k\n", True),
    ("def test_a():\n    for i in {1, 2}:\n        assert add(i, 0) == i\n", False),  # a set: order
    ("def test_a():\n    for i in cases():\n        assert add(i, 0) == i\n", False),  # not a literal
    ("def test_a():\n    for i in [1, 2]:\n        assert add(i, 0) == i\n    else:\n        pass\n", False),
    ("def test_a():\n    for i in [1, 2]:\n        if i:\n            assert add(i, 0) == i\n", False),
    ("def test_a():\n    for i, j in [(1, 2), (3,)]:\n        assert add(i, 0) == j\n", False),  # no unpacking
    ("def test_a(tmp_path):\n    assert add(1, 2) == 3\n", False),  # a fixture
    ("@pytest.mark.slow\ndef test_a():\n    assert add(1, 2) == 3\n", False),
    ("@pytest.mark.parametrize('a,b', [(1, 2), [3, 4]])\ndef test_a(a, b):\n    assert add(a, b) > 0\n", True),
    ("@pytest.mark.parametrize(('a', 'b'), [(1, 2)], ids=['x'])\ndef test_a(b, a):\n    assert add(a, b) > 0\n", True),
    ("@pytest.mark.parametrize('a', [[1], None, 'x'])\n@pytest.mark.parametrize('b', [1])\n"
     "def test_a(a, b):\n    assert add(a, b)\n", True),
    ("@pytest.mark.parametrize('a,b', [(1, 2)])\ndef test_a(a, b, tmp_path):\n    assert add(a, b)\n", False),
    ("@pytest.mark.parametrize('a,b', [(1, 2, 3)])\ndef test_a(a, b):\n    assert add(a, b)\n", False),
    ("@pytest.mark.parametrize('a', [pytest.param(1)])\ndef test_a(a):\n    assert add(a, 1)\n", False),
    ("@pytest.mark.parametrize('a', CASES)\ndef test_a(a):\n    assert add(a, 1)\n", False),
    ("@pytest.mark.parametrize('a', [1], indirect=True)\ndef test_a(a):\n    assert add(a, 1)\n", False),
    ("@pytest.mark.parametrize('a', [])\ndef test_a(a):\n    assert add(a, 1)\n", False),
    ("def helper():\n    assert add(1, 2) == 3\n", False),  # not a test
    ("def test_a():\n    assert add(1, 2) == 3\ntest_a = None\n", False),  # rebound: pytest does not collect it
    ("def test_a():\n    assert add(1, 2) == 3\ndef test_a():\n    add(1, 2)\n", False),  # the later def counts
]


@pytest.mark.parametrize("content,judged", SELECTION)
def test_which_functions_the_worker_judges(content, judged):
    assert ("test_a" in coe_testfn.judged_functions(content)) == judged


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.close()


def test_a_right_add_passes_and_a_wrong_one_fails_with_got_and_want(worker):
    content = "def test_a():\n    x = add(1, 2)\n    assert x == 3\n    assert add(x, 1) == 4\n"
    assert worker.verdict(code=RIGHT, tests=pytest_file(content))["passed"] == 1
    (t,) = worker.verdict(code=SUB, tests=pytest_file(content))["tests"]
    assert (t["status"], t["got"], t["want"], t["message"]) == ("fail", "-1", "3", "AssertionError: assert x == 3")


def test_a_patched_reporter_cannot_pass_a_judged_test_and_the_childs_word_is_kept_for_the_rest(worker):
    content = ("def test_judged():\n    assert add(1, 2) == 3\n"
               "def test_raises():\n    with pytest.raises(TypeError):\n        add(1)\n"
               "def test_fixture(tmp_path):\n    assert add(1, 2) == 3\n")
    honest = worker.verdict(code=RIGHT, tests=pytest_file(content))
    assert [t["status"] for t in honest["tests"]] == ["pass", "pass", "pass"], honest
    forged = worker.verdict(code=PATCH_REPORTER + "def add(a, b=0):\n    return a - b\n", tests=pytest_file(content))
    assert [(t["name"], t["status"]) for t in forged["tests"]] == [
        ("test_judged", "fail"), ("test_raises", "fail"), ("test_fixture", "pass")]


def test_without_pytest_the_direct_calls_are_judged_too():
    w = Worker(env=dict(os.environ, COE_WORKER_NO_PYTEST="1"))
    try:
        content = ("from solution import add\ndef test_a():\n    assert add(1, 2) == 3\n"
                   "@pytest.mark.parametrize('a,b', [(1, 2), (2, 2)])\ndef test_b(a, b):\n    assert add(a, b) == a + b\n")
        tests = {"kind": "pytest", "file": "test_add.py", "content": "import pytest\n" + content}
        honest = w.verdict(code=RIGHT, tests=tests)
        assert [(t["name"], t["status"]) for t in honest["tests"]] == [
            ("test_a", "pass"), ("test_b[0]", "pass"), ("test_b[1]", "pass")], honest
        forged = w.verdict(code=PATCH_REPORTER + SUB, tests=tests)
        assert [t["status"] for t in forged["tests"]] == ["fail"] * 3, forged
    finally:
        w.close()


def test_parameters_are_constants_of_the_template_unless_assigned_or_mutable_and_handed_over():
    content = ("@pytest.mark.parametrize('a,b,want,xs', [(1, 2, 3, [1]), (2, 2, 4, [2])])\n"
               "def test_a(a, b, want, xs):\n    got = add(a, b)\n    assert got == want and xs\n"
               "    for c in [(1,), [2]]:\n        assert add(*c) and c\n    b = 0\n")
    fn = coe_testfn.judged_functions(content)["test_a"]
    # a, b: handed to add() (immutable, so still constants), but b is assigned; c: a list, handed to add
    assert fn.consts == frozenset(["a", "want", "xs"])
    assert fn.cases == [(0,), (1,)]
    assert [k for k, _s in fn.steps((1,))] == ["bind", "exec", "assert", "bind", "assert", "bind", "assert", "exec"]
    assert list(fn.steps((1,)))[0][1] == {"a": 2, "b": 2, "want": 4, "xs": [2]}


def test_the_childs_pytest_ids_map_to_the_cases_of_stacked_decorators(worker):
    content = ("@pytest.mark.parametrize('a', [1, 2])\n@pytest.mark.parametrize('b', [10, 20, 30])\n"
               "def test_a(a, b):\n    assert add(a, b) == a + b\n")
    v = worker.verdict(code=RIGHT, tests=pytest_file(content))
    assert (v["kind"], v["passed"], v["total"]) == ("ok", 6, 6), v
    wrong = worker.verdict(code="def add(a, b):\n    return a + b + (a == 2 and b == 30)\n", tests=pytest_file(content))
    assert [t["name"] for t in wrong["tests"] if t["status"] != "pass"] == ["test_a[30-2]"], wrong


def test_a_forged_parameter_cannot_change_the_expected_value(worker):
    # The code under test rewrites pytest's parameters, or the child's own binding of them: the
    # template's `want` is the worker's own literal, so a wrong add still fails.
    content = "@pytest.mark.parametrize('a,b,want', [(1, 2, 3)])\ndef test_a(a, b, want):\n    assert add(a, b) == want\n"
    pytest_params = ("import _pytest.python as P\n_orig = P.Metafunc.parametrize\n"
                     "def _p(self, names, values, *a, **k):\n    return _orig(self, names, [(1, 2, -1)], *a, **k)\n"
                     "P.Metafunc.parametrize = _p\n")
    (t,) = worker.verdict(code=pytest_params + SUB, tests=pytest_file(content))["tests"]
    assert t["status"] == "fail", t
    child_params = ("import sys\nT = sys.modules['coe_testfn'].TestFunction\n_steps = T.steps\n"
                    "def steps(self, case):\n    for kind, x in _steps(self, case):\n"
                    "        yield kind, (dict(x, want=-1) if kind == 'bind' else x)\nT.steps = steps\n")
    (t,) = worker.verdict(code=child_params + SUB, tests=pytest_file(content))["tests"]
    assert (t["status"], t["got"], t["want"]) == ("fail", "-1", "3"), t


def test_pytest_raises_is_judged_on_the_exceptions_classes(worker):
    content = ("def test_a():\n    with pytest.raises(LookupError, match='no k'):\n        get({}, 'k')\n")
    tests = {"kind": "pytest", "file": "test_get.py", "content": "import pytest\nfrom solution import get\n" + content}
    ok = worker.verdict(code="def get(d, k):\n    if k not in d:\n        raise KeyError('no ' + k)\n", tests=tests)
    assert ok["passed"] == 1, ok
    cases = {"    return None\n": "Failed: DID NOT RAISE <class 'LookupError'>",
             "    raise ValueError('no k')\n": "ValueError: raised instead of <class 'LookupError'>",
             "    raise KeyError('other')\n": "Regex pattern did not match.",
             "    class E(Exception):\n        pass\n    raise E('no k')\n": "E: raised instead"}
    for body, message in cases.items():
        (t,) = worker.verdict(code="def get(d, k):\n" + body, tests=tests)["tests"]
        assert t["status"] == "fail" and t["message"].startswith(message), (body, t)


def test_an_exception_claiming_every_builtin_class_is_refused():
    fn = coe_testfn.judged_functions("import pytest\ndef test_a():\n    with pytest.raises(TypeError):\n        f()\n")["test_a"]
    every = [["solution", "E"], ["builtins", "ValueError"], ["builtins", "TypeError"], ["builtins", "Exception"],
             ["builtins", "BaseException"], ["builtins", "object"]]
    honest = [["solution", "E"], ["builtins", "TypeError"], ["builtins", "Exception"], ["builtins", "BaseException"],
              ["builtins", "object"]]
    results = [coe_verdict.judged({"status": "judge", "vals": [{"raised": chain}], "case": []}, {"function": fn})
               for chain in (every, honest)]
    assert [r["status"] for r in results] == ["fail", "pass"], results


def _events(names, results):
    events = coe_verdict.Events()
    lines = [{"plan": names}]
    for i, test in enumerate(results):
        lines += [{"start": i}, {"result": i, "test": dict(test, name=names[i])}]
    events.feed("".join(coe_verdict.json.dumps(x) + "\n" for x in lines + [{"done": {"kind": "ok"}}]).encode())
    return events


def test_a_case_reported_twice_or_left_out_does_not_leave_the_run_solved():
    content = "@pytest.mark.parametrize('a', [1, 2])\ndef test_a(a):\n    assert add(a, 0) == a\n"
    named = {"test_a": {"function": coe_testfn.judged_functions(content)["test_a"]}}
    one = {"status": "judge", "vals": [[{"i": "1"}]], "case": [0]}
    two = {"status": "judge", "vals": [[{"i": "2"}]], "case": [1]}
    build = lambda names, results: coe_verdict.build(_events(names, results), "done", None, 5, None, False, named)
    assert build(["test_a[1]", "test_a[2]"], [one, two])["kind"] == "ok"
    assert build(["test_a[1]", "test_a[2]"], [one, two])["passed"] == 2
    twice = build(["test_a[1]", "test_a[1]"], [one, one])
    assert [t["status"] for t in twice["tests"]] == ["pass", "fail"], twice
    left_out = build(["test_a[1]"], [one])
    assert (left_out["kind"], left_out["passed"]) == ("crash", 1), left_out
    no_case = build(["test_a[1]", "test_a[2]"], [one, dict(two, case=[7])])
    assert [t["status"] for t in no_case["tests"]] == ["pass", "fail"], no_case
