"""More tests for MBPP train programs, from their own reference solutions (test amplification).

MBPP gives three asserts per task. With the `--hidden 0.5` split a bug injected into a train program
is seen through ONE visible test, which it fails: the initial state never passes some tests and
fails others, so per-test coverage (Ochiai) says nothing and the learned ranker never learns how much
fault localisation is worth. Real bugs have 3-5 visible tests, most states pass some of them.

This module perturbs the literal arguments of each `assert f(args) == expected` (one argument at a
time: ints +-1/+-2, a dropped or repeated element, a reversed sequence...), runs the task's reference
solution on the new arguments in a child process (rlimits, a wall limit per task and an alarm per
call), and keeps the calls whose result is a plain value that round-trips through repr: the new test
is `assert f(new_args) == repr(result)`. Only for training data; `coe ranker inject --amplify N`
calls it for the train split only (the split guard is on the TypeScript side, loadMbpp).

    python3 -m coe_trainer.amplify_tests IN.jsonl OUT.jsonl [--per-task 6] [--seed 1]

IN/OUT lines: {"task_id", "code", "test_setup_code", "test_list"}; OUT has the extra tests appended.
Progress: "PROGRESS {json}" lines on stdout, like the other trainer jobs.
"""

import argparse
import ast
import json
import random
import subprocess
import sys

RUNNER = r"""
import ast, json, resource, signal, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
req = json.loads(sys.stdin.read())
ns = {"__name__": "__amplify__"}
exec(compile(req["code"] + "\n" + req["setup"], "<reference>", "exec"), ns)
def alarm(*_):
    raise TimeoutError()
signal.signal(signal.SIGALRM, alarm)
out = []
for call in req["calls"]:
    try:
        signal.alarm(1)
        value = eval(call, ns)
        signal.alarm(0)
        text = repr(value)
        out.append(text if len(text) < 400 and ast.literal_eval(text) == value else None)
    except BaseException:
        signal.alarm(0)
        out.append(None)
sys.stdout.write(json.dumps(out))
"""


def literal_call(test):
    """(function name, [argument values]) of `assert f(literals...) == ...`, else None."""
    try:
        node = ast.parse(test.strip()).body
    except (SyntaxError, ValueError):
        return None
    if len(node) != 1 or not isinstance(node[0], ast.Assert):
        return None
    cmp = node[0].test
    if not (isinstance(cmp, ast.Compare) and len(cmp.ops) == 1 and isinstance(cmp.ops[0], ast.Eq)):
        return None
    call = cmp.left
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and not call.keywords):
        return None
    try:
        return call.func.id, [ast.literal_eval(a) for a in call.args]
    except (ValueError, SyntaxError, TypeError):
        return None


def variants(value):
    """Nearby values of the same type: the inputs a second or third test of the task might use."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        out = [value + 1, value + 2, value - 1, value * 2, value + 3]
        return [v for v in out if value < 0 or v >= 0]
    if isinstance(value, float):
        return [value + 0.5, value * 2, value - 1.0]
    if isinstance(value, str):
        if not value:
            return ["a"]
        return [value[1:], value[:-1], value[::-1], value + value[0], value[0] + value]
    if isinstance(value, (list, tuple)):
        kind = type(value)
        items = list(value)
        if not items:
            return []
        out = [items[1:], items[:-1], items[::-1], items + [items[0]], [items[-1]] + items]
        for i, item in enumerate(items):
            if isinstance(item, int) and not isinstance(item, bool):
                out.append(items[:i] + [item + 1] + items[i + 1:])
                break
        return [kind(v) for v in out]
    if isinstance(value, dict) and value:
        keys = list(value)
        return [{k: value[k] for k in keys[1:]}, {k: value[k] for k in keys[:-1]}]
    if isinstance(value, (set, frozenset)) and value:
        items = sorted(value, key=repr)
        return [type(value)(items[1:])]
    return []


def candidate_calls(tests, rng, limit):
    """New call texts `f(args)` near the tests' own, one argument changed at a time, deduplicated."""
    seen, calls = set(), []
    for test in tests:
        parsed = literal_call(test)
        if parsed is None:
            continue
        name, args = parsed
        seen.add(repr((name, args)))
        for i, arg in enumerate(args):
            for v in variants(arg):
                new = args[:i] + [v] + args[i + 1:]
                key = repr((name, new))
                if key not in seen:
                    seen.add(key)
                    calls.append("%s(%s)" % (name, ", ".join(repr(a) for a in new)))
    rng.shuffle(calls)
    return calls[: limit * 3]


def run_reference(task, calls):
    """The reference solution's repr result per call (None: raised, timed out, or not a plain value)."""
    req = {"code": task["code"], "setup": task.get("test_setup_code") or "", "calls": calls}
    try:
        done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(req), capture_output=True,
                              text=True, timeout=30)
        results = json.loads(done.stdout) if done.returncode == 0 else []
    except (subprocess.TimeoutExpired, ValueError):
        results = []
    return results if len(results) == len(calls) else [None] * len(calls)


def amplify(task, per_task, rng):
    """The task's tests plus up to per_task new ones whose expected value the reference computed."""
    tests = list(task["test_list"])
    calls = candidate_calls(tests, rng, per_task)
    if not calls:
        return tests
    added = 0
    for call, result in zip(calls, run_reference(task, calls)):
        if result is None or added >= per_task:
            continue
        tests.append("assert %s == %s" % (call, result))
        added += 1
    return tests


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--per-task", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with open(args.input, encoding="utf-8") as f:
        tasks = [json.loads(line) for line in f if line.strip()]
    with open(args.output, "w", encoding="utf-8") as out:
        for i, task in enumerate(tasks):
            rng = random.Random("%d-%s" % (args.seed, task["task_id"]))
            task = dict(task, test_list=amplify(task, args.per_task, rng))
            out.write(json.dumps(task) + "\n")
            print("PROGRESS " + json.dumps({"step": i + 1, "steps": len(tasks)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
