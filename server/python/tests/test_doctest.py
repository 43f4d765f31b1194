"""Doctests judged by the worker (coe_doctest): doctest's semantics kept, the child's word not taken."""

import ast
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import coe_doctest  # noqa: E402
from test_worker import Worker  # noqa: E402

AUTO = {"kind": "auto"}


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.close()


def doc(body, *examples):
    """A function `f` with `body`, its docstring holding the (source, want) examples."""
    lines = []
    for source, want in examples:
        lines.append("    >>> " + source)
        lines.extend("    " + w for w in want.splitlines())
    return 'def f(x):\n    """\n' + "\n".join(lines) + '\n    """\n' + body + "\n"


# (code, expected outcome of each example): doctest's own rules, now applied by the worker.
CASES = [
    ("right value", doc("    return x + 1", ("f(1)", "2")), ["pass"]),
    ("wrong value", doc("    return x - 1", ("f(1)", "2")), ["fail"]),
    ("printed output", doc("    print(x, x)", ("f(3)", "3 3")), ["pass"]),
    ("None prints nothing", doc("    return None", ("f(3)", "")), ["pass"]),
    ("ellipsis on by default", doc("    return list(range(x))", ("f(9)", "[0, 1, ...]")), ["pass"]),
    ("an option directive", doc("    return [x] * 3", ("f(1)  # doctest: +NORMALIZE_WHITESPACE", "[1,\n 1, 1]")),
     ["pass"]),
    ("an expected exception", doc("    return 1 // x",
                                 ("f(0)", "Traceback (most recent call last):\n  ...\nZeroDivisionError: integer division or modulo by zero")),
     ["pass"]),
    ("the wrong exception", doc("    raise ValueError('no')",
                               ("f(0)", "Traceback (most recent call last):\n  ...\nZeroDivisionError: x")), ["fail"]),
    ("an exception expected, none raised", doc("    return 1",
                                               ("f(0)", "Traceback (most recent call last):\n  ...\nValueError: x")),
     ["fail"]),
    ("an unexpected exception is an error", doc("    return 1 // x", ("f(0)", "1")), ["error"]),
    ("names bound by one example reach the next", doc("    return x * 2", ("y = f(2)", ""), ("y + 1", "5")),
     ["pass", "pass"]),
]


@pytest.mark.parametrize("name,code,outcomes", CASES, ids=[c[0] for c in CASES])
def test_doctest_semantics(worker, name, code, outcomes):
    v = worker.verdict(code=code, tests=AUTO)
    assert [t["status"] for t in v["tests"]] == outcomes, v


def test_a_failing_example_keeps_its_got_its_expected_text_and_its_line(worker):
    v = worker.verdict(code=doc("    return x - 1", ("f(1)", "2")), tests=AUTO)
    (t,) = v["tests"]
    assert (t["got"], t["message"], t["line"]) == ("0", "expected 2", 3)


def test_a_reporter_patched_to_say_pass_does_not_pass(worker):
    patch = ("import sys\nR = sys.modules['coe_support'].Reporter\n_orig = R.result\n"
             "R.result = lambda self, i, t: _orig(self, i, dict(t, status='pass'))\n")
    v = worker.verdict(code=patch + doc("    return x - 1", ("f(1)", "2")), tests=AUTO)
    assert v["passed"] == 0 and v["tests"][0]["status"] == "fail", v


def test_examples_are_those_doctest_finds_in_source_order():
    code = ('"""\n>>> 1 + 1\n2\n"""\nclass C:\n    """>>> C.m()\n    1\n    """\n    def m():\n'
            '        """>>> 2\n        2\n        """\n        def inner():\n            """>>> hidden()"""\n'
            'if True:\n    def g():\n        """>>> 3\n        3\n        """\n')
    found = [(e.name, e.line) for e in coe_doctest.examples(ast.parse(code))]
    assert found == [("1 + 1", 2), ("C.m()", 6), ("2", 10), ("3", 17)]
