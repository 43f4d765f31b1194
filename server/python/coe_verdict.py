"""Turns the events a test child streamed (coe_support.Reporter) into a Verdict (types.ts).

The child sends {"plan": [names]}, then {"start": i} / {"result": i, "test": {...}} per test,
{"extra": test} for results outside the plan (pytest collection errors), and finally
{"done": {"kind", "detail"?, "coverage"?}} -- or {"syntax": {...}} when the code does not compile.
When the child dies or runs out of time midway, the tests it did not finish are still listed.
"""

import json
import os
import signal

import coe_doctest
import coe_judge
from coe_support import clip


class Events:
    def __init__(self):
        self.buf = b""
        self.plan = []
        self.results = {}
        self.running = None
        self.extra = []
        self.done = None
        self.syntax = None
        self.internal = None
        # Set when the stream breaks the protocol (a second plan, a result twice, an unknown index):
        # only code that writes to the channel itself does that, so the run cannot pass.
        self.tampered = None

    def feed(self, data):
        self.buf += data
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if not isinstance(event, dict):
                self.tampered = "a line that is not an event"
            elif "plan" in event:
                if self.plan and (event["plan"] != self.plan or self.results):
                    self.tampered = "a second test plan"
                self.plan = event["plan"]
            elif "start" in event:
                self.running = event["start"]
            elif "result" in event:
                if event["result"] in self.results or event["result"] != self.running:
                    self.tampered = "a result for test %r out of turn" % (event["result"],)
                self.results[event["result"]] = event["test"]
                self.running = None
            elif "extra" in event:
                self.extra.append(event["extra"])
            elif "done" in event:
                if self.done is not None:
                    self.tampered = "a second end of run"
                self.done = event["done"]
            elif "syntax" in event:
                self.syntax = event["syntax"]
                self.done = {"kind": "syntax"}
            elif "internal" in event:
                self.internal = event["internal"]
                self.done = {"kind": "crash", "detail": "internal error in the test child:\n" + self.internal}


def syntax_problem(exc, code):
    """{line, message} for a SyntaxError (or the ValueError compile() raises on NUL bytes)."""
    if isinstance(exc, SyntaxError):
        line, message = exc.lineno or 1, "%s: %s" % (type(exc).__name__, exc.msg)
    else:
        line, message = 1, "SyntaxError: %s" % exc
    n_lines = max(1, len(code.splitlines()))
    return {"line": max(1, min(int(line), n_lines + 1)), "message": message}


def describe_exit(status):
    if status is None:
        return "the test process died"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        hint = {"SIGXCPU": " (CPU time limit)", "SIGKILL": " (out of memory?)",
                "SIGSEGV": " (segmentation fault)"}.get(name, "")
        return "the test process was killed by %s%s" % (name, hint)
    return "the test process exited with status %d before reporting (os._exit?)" % os.WEXITSTATUS(status)


CHILD_SAYS = ("vals", "status", "got", "want", "message", "exc")  # what only the judge may set


def judged(test, spec):
    """The judge's result for one test from what the child sent, by the kind of spec: an assert
    ({template, line?}: coe_judge.assert_specs), a doctest example ({doctest}) or a pytest function
    ({asserts, sources}: coe_judge.pytest_specs)."""
    status = test.get("status")
    if status in ("error", "timeout") or (status == "fail" and "asserts" in spec):
        return test  # the child can always make a test fail; only a pass needs the judge
    out = {k: v for k, v in test.items() if k not in CHILD_SAYS}
    if "doctest" in spec:
        return _judged_example(out, test, spec["doctest"])
    if "asserts" in spec:
        return _judged_function(out, test, spec)
    if status != "judge" or not isinstance(test.get("vals"), list):
        return dict(out, status="fail", message="no values came back for this assert (not judged)")
    failure = _judge_assert(spec["template"], test["vals"])
    if failure is None:
        return dict(out, status="pass")
    if spec.get("line") and failure["message"] == "AssertionError":
        failure["line"] = spec["line"]
    return dict(out, status="fail", **failure)


def _judge_assert(template, values):
    """None when the assert holds on the values, else its failure's fields (got/want when known)."""
    try:
        ok, got, want = coe_judge.judge(template, values)
    except (ValueError, TypeError, OverflowError) as exc:
        return {"message": "the values sent for this assert are malformed: %s" % exc}
    if ok:
        return None
    failure = {"message": "AssertionError"}
    failure.update({k: clip(v) for k, v in (("got", got), ("want", want)) if v is not None})
    return failure


def _judged_example(out, test, item):
    """The worker's result for one doctest example from the output the child sent (coe_doctest)."""
    if test.get("status") != "judge":
        return dict(out, status="fail", message="no output came back for this example (not judged)", line=item.line)
    ok, got = coe_doctest.judge(item, test)
    return dict(out, status="pass") if ok else dict(out, status="fail", **coe_doctest.failure_fields(item, got))


def _judged_function(out, test, spec):
    """The worker's result for a judged pytest function: every assert's values must pass the judge."""
    vals = test.get("vals")
    if test.get("status") != "judge" or not isinstance(vals, list) or len(vals) != len(spec["asserts"]):
        return dict(out, status="fail", message="no values came back for this test's asserts (not judged)")
    for template, values, source in zip(spec["asserts"], vals, spec["sources"]):
        failure = _judge_assert(template, values if isinstance(values, list) else [])
        if failure is not None:
            if failure["message"] == "AssertionError":
                failure["message"] = clip("AssertionError: " + " ".join(source.split()))
            return dict(out, status="fail", **failure)
    return dict(out, status="pass")


def build(events, end, status, timeout_s, specs=None, strict=True, named=None):
    """end: "done" (the child reported), "timeout" (wall limit) or "crash" (died without reporting).
    specs: coe_judge.assert_specs(request): the tests whose pass the worker decides itself; strict:
    False for a pytest request, where the specs apply only if the child fell back to the file's asserts.
    named: coe_judge.pytest_specs(request): a pytest file's judged test functions, by test name."""
    done = events.done or {}
    if events.syntax:
        return {"kind": "syntax", "passed": 0, "total": 0, "tests": [], "syntax": events.syntax}
    if end == "timeout":
        kind, detail = "timeout", "the run hit its wall-clock limit of %d ms" % round(timeout_s * 1000)
    elif end == "crash" or done.get("kind") == "crash":
        kind, detail = "crash", done.get("detail") or describe_exit(status)
    else:
        kind, detail = done.get("kind", "ok"), done.get("detail")
    if events.tampered and not events.syntax:
        kind, detail = "crash", "the code under test wrote to the result channel (%s)" % events.tampered
    if strict and specs is not None and len(specs) != len(events.plan) and kind == "ok":
        kind, detail = "crash", "the test plan does not match the tests (%d vs %d)" % (len(events.plan), len(specs))
    tests = []
    for i, name in enumerate(events.plan):
        test = events.results.get(i)
        spec = specs[i] if specs is not None and i < len(specs) else None
        if test is not None and named and name in named:
            test = judged(test, named[name])
        elif test is not None and spec is not None and (strict or test.get("status") == "judge"):
            test = judged(test, spec)
        elif test is not None and test.get("status") == "judge":
            test = dict(test, status="fail", message="not judged")
        if test is not None and kind == "crash" and events.tampered and test.get("status") == "pass":
            test = dict(test, status="error", message=detail)
        if test is None:
            if i == events.running:
                status_ = "timeout" if kind == "timeout" else "error"
                test = {"name": name, "status": status_, "message": detail}
            else:
                test = {"name": name, "status": "error", "message": "not run: " + (detail or "stopped")}
        if test.get("status") != "skip":
            tests.append(test)
    tests.extend(events.extra)
    left_out = sorted(set(named or {}) - set(events.plan))
    if left_out and kind == "ok" and all(t["status"] == "pass" for t in tests):  # a judged test never run
        kind, detail = "crash", "the test plan leaves out %s" % ", ".join(left_out)
    if kind == "ok" and not tests:
        kind, detail = "notests", detail or "no tests were collected"
    verdict = {"kind": kind, "passed": sum(t["status"] == "pass" for t in tests),
               "total": len(tests), "tests": tests}
    if detail:
        verdict["detail"] = detail
    if kind == "ok" and "coverage" in done:
        verdict["coverage"] = done["coverage"]
    return verdict
