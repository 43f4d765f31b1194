"""Checks an evaluation suite (JSON Lines) whose tasks carry their fixed source (stdlib only).

For every task it runs, each in a fresh child process, the way the coe worker runs suite
snippets: exec the code once in a new namespace, then exec each test snippet in that same
namespace, in order; a snippet passes when it raises nothing (each gets a 2 s signal.alarm).

  * the buggy "code" must fail at least one visible test (the first "nVisible" tests; all
    of them when the task does not say);
  * the "fixed" source must pass all of them, visible and hidden;
  * with several corruptions, each one alone (the others fixed) must fail some visible test;
  * the changed hunks between the two must be "nCorruptions" corruptions (a corruption may span
    several lines; neighbouring one-line corruptions are told apart), and "kinds" must have one
    entry per corruption;
  * ids are unique; in an "rb-NNN-name" (or "tb-") suite they are numbered 1..N in order; a task's "split"
    (when given) is the seeded hash of its id (split_of, as core/eval/suitePolicy.ts); no two tasks
    share a fixed source.

    python3 suites/check_suite.py suites/real-bugs.jsonl [-v]

Exits 1 when any task breaks a rule, printing one line per problem.
"""
import difflib
import json
import multiprocessing
import re
import signal
import sys

SNIPPET_TIMEOUT_S = 2
REQUIRED = ("id", "code", "tests", "fixed")
SPLIT_SEED, TUNE_FRACTION = 20251127, 0.4
MAX_TESTS = 16


def split_of(task_id, seed=SPLIT_SEED):
    """The tune / report split of a task id: FNV-1a of "seed:id", then fmix32 (as suitePolicy.ts)."""
    h = 0x811C9DC5
    for byte in f"{seed}:{task_id}".encode("utf8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
    h = (h ^ (h >> 16)) & 0xFFFFFFFF
    return "tune" if h / 2**32 < TUNE_FRACTION else "report"


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


def merge_moves(hunks, a, b):
    """A line moved past its neighbours (two swapped statements) shows as a delete and an insert of
    the same line; that is one corruption, so the two hunks become one."""
    out = []
    for h in hunks:
        if out:
            i1, i2, j1, j2 = out[-1]
            k1, k2, l1, l2 = h
            moved_down = j1 == j2 and k1 == k2 and a[i1:i2] == b[l1:l2]
            moved_up = i1 == i2 and l1 == l2 and b[j1:j2] == a[k1:k2]
            if moved_down or moved_up:
                out[-1] = (i1, k2, j1, l2)
                continue
        out.append(h)
    return out


def corruption_pieces(buggy, fixed, n):
    """The changed hunks from fixed to buggy, as n corruptions when they can be read that way.

    A hunk separated from the others by unchanged lines is one corruption (it may span lines).
    When there are fewer hunks than n, hunks that replace k lines by k lines are split into k
    one-line changes, so two neighbouring one-line corruptions are still judged one by one.
    Returns (pieces, fixed lines, buggy lines) with pieces as (i1, i2, j1, j2), or None.
    """
    a, b = fixed.splitlines(keepends=True), buggy.splitlines(keepends=True)
    hunks = [op[1:] for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    hunks = merge_moves(hunks, a, b)
    if n is None or len(hunks) == n:
        return hunks, a, b
    pieces = []
    for i1, i2, j1, j2 in hunks:
        if i2 - i1 == j2 - j1 > 1:
            pieces.extend((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        else:
            pieces.append((i1, i2, j1, j2))
    return (pieces, a, b) if len(pieces) == n else None


def check_task(task):
    """Returns (problems, buggy results on the visible tests) for one task."""
    problems = []
    for key in REQUIRED:
        if key not in task:
            return [f"missing field {key!r}"], []
    if not task["code"].endswith("\n") or not task["fixed"].endswith("\n"):
        problems.append("code and fixed must end with a newline")
    tests = task["tests"]
    n_visible = task.get("nVisible", len(tests))
    if not 1 <= len(tests) <= MAX_TESTS:
        problems.append(f"{len(tests)} tests (expected 1-{MAX_TESTS})")
    if not 1 <= n_visible <= len(tests):
        problems.append(f"nVisible {n_visible} outside 1-{len(tests)}")
    visible = tests[:n_visible]
    if "split" in task and task["split"] != split_of(task["id"]):
        problems.append(f"split {task['split']!r} but the id hashes to {split_of(task['id'])!r}")
    n = task.get("nCorruptions")
    found = corruption_pieces(task["code"], task["fixed"], n)
    if found is None:
        problems.append(f"nCorruptions is {n} but the diff does not split into {n} corruptions")
    elif n is not None and len(task.get("kinds", [])) != n:
        problems.append(f"{len(task.get('kinds', []))} kinds for {n} corruptions")
    buggy = run_tests(task["code"], visible)
    if all(ok for ok, _ in buggy):
        problems.append("the buggy code passes every visible test")
    if found is not None and len(found[0]) > 1:
        # Each corruption must matter on its own: with only it left in, some visible test fails.
        pieces, a, b = found
        for k, (i1, i2, j1, j2) in enumerate(pieces):
            version = "".join(a[:i1] + b[j1:j2] + a[i2:])
            if all(ok for ok, _ in run_tests(version, visible)):
                problems.append(f"with only corruption {k + 1} of {len(pieces)} left in, every visible test passes")
    fixed = run_tests(task["fixed"], tests)
    for i, (ok, message) in enumerate(fixed):
        if not ok:
            problems.append(f"the fixed code fails test {i}{' (hidden)' if i >= n_visible else ''}: {message}")
    return problems, buggy


def suite_problems(tasks):
    """Problems of the suite as a whole: duplicate ids, numbering, duplicate fixed sources."""
    problems = []
    ids = [t.get("id") for t in tasks]
    for dup in sorted({i for i in ids if ids.count(i) > 1}, key=str):
        problems.append(f"duplicate id {dup}")
    numbers = [re.match(r"(?:rb|tb)-(\d{3})-[a-z0-9-]+$", str(i)) for i in ids]
    if all(numbers):
        for k, m in enumerate(numbers, start=1):
            if int(m.group(1)) != k:
                problems.append(f"{ids[k - 1]} is task {k}: ids are numbered by position and never move")
                break
    fixed = [t.get("fixed") for t in tasks]
    for k, src in enumerate(fixed):
        if src is not None and fixed.index(src) != k:
            problems.append(f"{ids[k]} has the same fixed source as {ids[fixed.index(src)]}")
    return problems


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
    for task in tasks:
        problems, buggy = check_task(task)
        failing = sum(1 for ok, _ in buggy if not ok)
        if problems:
            bad += 1
            for p in problems:
                print(f"FAIL {task.get('id')}: {p}")
        elif verbose:
            first = next((m for ok, m in buggy if not ok), "")
            print(f"ok   {task['id']}: buggy fails {failing}/{len(buggy)} visible ({first})")
    whole = suite_problems(tasks)
    for p in whole:
        print(f"FAIL suite: {p}")
    print(f"{len(tasks) - bad}/{len(tasks)} tasks ok")
    return 1 if bad or whole else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
