"""pytest files: plain test functions are judged by the worker (coe_judge.judged_functions)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import coe_judge  # noqa: E402
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
    ("def test_a():\n    with pytest.raises(TypeError):\n        add(1)\n    assert True\n", False),
    ("def test_a():\n    for i in range(3):\n        assert add(i, 0) == i\n", False),
    ("def test_a(tmp_path):\n    assert add(1, 2) == 3\n", False),  # a fixture
    ("@pytest.mark.slow\ndef test_a():\n    assert add(1, 2) == 3\n", False),
    ("def helper():\n    assert add(1, 2) == 3\n", False),  # not a test
    ("def test_a():\n    assert add(1, 2) == 3\ntest_a = None\n", False),  # rebound: pytest does not collect it
    ("def test_a():\n    assert add(1, 2) == 3\ndef test_a():\n    add(1, 2)\n", False),  # the later def counts
]


@pytest.mark.parametrize("content,judged", SELECTION)
def test_which_functions_the_worker_judges(content, judged):
    assert ("test_a" in coe_judge.judged_functions(content)) == judged


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
               "def test_raises():\n    with pytest.raises(TypeError):\n        add(1)\n")
    honest = worker.verdict(code=RIGHT, tests=pytest_file(content))
    assert [t["status"] for t in honest["tests"]] == ["pass", "pass"], honest
    forged = worker.verdict(code=PATCH_REPORTER + SUB, tests=pytest_file(content))
    assert [(t["name"], t["status"]) for t in forged["tests"]] == [("test_judged", "fail"), ("test_raises", "pass")]


def test_without_pytest_the_direct_calls_are_judged_too():
    w = Worker(env=dict(os.environ, COE_WORKER_NO_PYTEST="1"))
    try:
        content = "from solution import add\ndef test_a():\n    assert add(1, 2) == 3\n"
        tests = {"kind": "pytest", "file": "test_add.py", "content": content}
        assert w.verdict(code=RIGHT, tests=tests)["passed"] == 1
        forged = w.verdict(code=PATCH_REPORTER + SUB, tests=tests)
        assert [t["status"] for t in forged["tests"]] == ["fail"], forged
    finally:
        w.close()
