"""Test amplification (coe_trainer.amplify_tests): new asserts whose expected values come from the
reference solution, for inputs near the task's own."""
import ast
import json

from coe_trainer import amplify_tests as amp

TASK = {
    "task_id": 700,
    "code": "def add_one(xs):\n    return [x + 1 for x in xs]\n",
    "test_setup_code": "",
    "test_list": ["assert add_one([1, 2]) == [2, 3]", "assert add_one([5]) == [6]"],
}


def run_asserts(code, tests):
    ns = {}
    exec(code, ns)
    for t in tests:
        exec(t, ns)  # raises AssertionError when a test is wrong


def test_new_tests_hold_for_the_reference_and_fail_a_buggy_version():
    import random

    tests = amp.amplify(TASK, 4, random.Random(1))
    assert tests[:2] == TASK["test_list"], "the originals stay first (splitHidden keeps them visible)"
    assert 3 <= len(tests) <= 6
    run_asserts(TASK["code"], tests)
    buggy = "def add_one(xs):\n    return [x + 1 for x in xs[1:]]\n"
    failed = 0
    for t in tests:
        try:
            run_asserts(buggy, [t])
        except AssertionError:
            failed += 1
    assert 0 < failed < len(tests), "a bug now passes some tests and fails others"


def test_same_seed_same_tests_and_calls_are_literal():
    import random

    a = amp.amplify(TASK, 4, random.Random(7))
    b = amp.amplify(TASK, 4, random.Random(7))
    assert a == b
    for t in a[2:]:
        call = ast.parse(t).body[0].test.left
        assert call.func.id == "add_one"
        [ast.literal_eval(x) for x in call.args]


def test_a_reference_that_raises_hangs_or_returns_objects_adds_nothing():
    import random

    for code in (
        "def add_one(xs):\n    raise ValueError(xs)\n",
        "def add_one(xs):\n    while True: pass\n",
        "def add_one(xs):\n    return object()\n",
    ):
        task = dict(TASK, code=code)
        assert amp.amplify(task, 3, random.Random(1)) == TASK["test_list"]


def test_tests_that_are_not_literal_calls_are_kept_and_not_amplified():
    import random

    task = dict(TASK, test_list=["assert set(add_one([1])) == {2}", "x = 1"])
    assert amp.amplify(task, 3, random.Random(1)) == task["test_list"]


def test_main_writes_one_line_per_task_with_progress(tmp_path, capsys):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps(TASK) + "\n" + json.dumps(dict(TASK, task_id=701)) + "\n")
    assert amp.main([str(src), str(dst), "--per-task", "2"]) == 0
    lines = [json.loads(x) for x in dst.read_text().splitlines()]
    assert [t["task_id"] for t in lines] == [700, 701]
    assert all(len(t["test_list"]) == 4 for t in lines)
    assert capsys.readouterr().out.count("PROGRESS ") == 2
