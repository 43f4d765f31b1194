"""Checks an evaluation suite (JSON Lines) whose tasks carry their fixed source (stdlib only).

For every task it runs, each in a fresh child process, the way the coe worker runs suite
snippets: exec the code once in a new namespace, then exec each test snippet in that same
namespace, in order; a snippet passes when it raises nothing (each gets a 2 s signal.alarm).

  * the buggy "code" must fail at least one test;
  * the "fixed" source must pass all of them;
  * with several corruptions, each one alone (the others fixed) must fail some test;
  * the number of lines that differ between the two must equal "nCorruptions" (when given),
    and "kinds" must have one entry per corruption.

    python3 suites/check_suite.py suites/real-bugs.jsonl [-v]

Exits 1 when any task breaks a rule, printing one line per problem.
"""
import difflib
import json
import multiprocessing
import signal
import sys

SNIPPET_TIMEOUT_S = 2
REQUIRED = ("id", "code", "tests", "fixed")


class SnippetTimeout(Exception):
    pass


def _on_alarm(_signum, _frame):
    raise SnippetTimeout(f"took more than {SNIPPET_TIMEOUT_S} s")


def _run_in_child(code, tests, queue):
    """Child process body: returns a list of (passed, message) per test through queue."""
    sys.setrecursionlimit(3000)
    signal.signal(signal.SIGALRM, _on_alarm)
    namespace = {"__name__": "__main__"}
    results = []
    try:
        signal.alarm(SNIPPET_TIMEOUT_S)
        exec(compile(code, "<code>", "exec"), namespace)
        signal.alarm(0)
    except BaseException as exc:  # noqa: BLE001 - any failure while importing fails every test
        signal.alarm(0)
        queue.put([(False, f"import: {type(exc).__name__}: {exc}")] * len(tests))
        return
    for snippet in tests:
        try:
            signal.alarm(SNIPPET_TIMEOUT_S)
            exec(compile(snippet, "<test>", "exec"), namespace)
            signal.alarm(0)
            results.append((True, ""))
        except BaseException as exc:  # noqa: BLE001 - a test fails on anything it raises
            signal.alarm(0)
            results.append((False, f"{type(exc).__name__}: {str(exc)[:80]}"))
    queue.put(results)


def run_tests(code, tests):
    """Runs code + tests in a child process (so a crash or a hang cannot take the checker down)."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_run_in_child, args=(code, tests, queue))
    child.start()
    try:
        results = queue.get(timeout=SNIPPET_TIMEOUT_S * (len(tests) + 1) + 5)
    except Exception:  # noqa: BLE001 - queue.Empty: the child died or hung
        results = [(False, "the child process gave no result")] * len(tests)
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    return results


def changed_lines(a, b):
    """How many lines differ between two sources (a replaced block counts its longer side)."""
    n = 0
    matcher = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            n += max(i2 - i1, j2 - j1)
    return n


def single_bug_versions(buggy, fixed):
    """The fixed source with exactly one of the buggy hunks put back, one version per hunk."""
    a, b = fixed.splitlines(keepends=True), buggy.splitlines(keepends=True)
    hunks = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    # Adjacent changed lines come back as one block; a block that replaces n lines by n lines is
    # split into n one-line changes, so two neighbouring corruptions are still judged one by one.
    pieces = []
    for _tag, i1, i2, j1, j2 in hunks:
        if i2 - i1 == j2 - j1 > 1:
            pieces.extend((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        else:
            pieces.append((i1, i2, j1, j2))
    return ["".join(a[:i1] + b[j1:j2] + a[i2:]) for i1, i2, j1, j2 in pieces]


def check_task(task):
    """Returns (problems, buggy results) for one task."""
    problems = []
    for key in REQUIRED:
        if key not in task:
            return [f"missing field {key!r}"], []
    if not task["code"].endswith("\n") or not task["fixed"].endswith("\n"):
        problems.append("code and fixed must end with a newline")
    if not 1 <= len(task["tests"]) <= 8:
        problems.append(f"{len(task['tests'])} tests (expected 1-8)")
    n = task.get("nCorruptions")
    if n is not None:
        diff = changed_lines(task["code"], task["fixed"])
        if diff != n:
            problems.append(f"nCorruptions is {n} but {diff} lines differ")
        if len(task.get("kinds", [])) != n:
            problems.append(f"{len(task.get('kinds', []))} kinds for {n} corruptions")
    buggy = run_tests(task["code"], task["tests"])
    if all(ok for ok, _ in buggy):
        problems.append("the buggy code passes every test")
    versions = single_bug_versions(task["code"], task["fixed"])
    if len(versions) > 1:
        # Each corruption must matter on its own: with only it left in, some test fails.
        for k, version in enumerate(versions):
            if all(ok for ok, _ in run_tests(version, task["tests"])):
                problems.append(f"with only corruption {k + 1} of {len(versions)} left in, every test passes")
    fixed = run_tests(task["fixed"], task["tests"])
    for i, (ok, message) in enumerate(fixed):
        if not ok:
            problems.append(f"the fixed code fails test {i}: {message}")
    return problems, buggy


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    verbose = "-v" in argv[2:]
    tasks = []
    with open(argv[1], encoding="utf8") as f:
        for lineno, line in enumerate(f, start=1):
            if line.strip():
                try:
                    tasks.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    print(f"line {lineno}: not JSON ({exc})")
                    return 1
    bad = 0
    ids = set()
    for task in tasks:
        problems, buggy = check_task(task)
        if task.get("id") in ids:
            problems.append("duplicate id")
        ids.add(task.get("id"))
        failing = sum(1 for ok, _ in buggy if not ok)
        if problems:
            bad += 1
            for p in problems:
                print(f"FAIL {task.get('id')}: {p}")
        elif verbose:
            first = next((m for ok, m in buggy if not ok), "")
            print(f"ok   {task['id']}: buggy fails {failing}/{len(buggy)} ({first})")
    print(f"{len(tasks) - bad}/{len(tasks)} tasks ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
