"""Turns the events a test child streamed (coe_support.Reporter) into a Verdict (types.ts).

The child sends {"plan": [names]}, then {"start": i} / {"result": i, "test": {...}} per test,
{"extra": test} for results outside the plan (pytest collection errors), and finally
{"done": {"kind", "detail"?, "coverage"?}} -- or {"syntax": {...}} when the code does not compile.
When the child dies or runs out of time midway, the tests it did not finish are still listed.
"""

import builtins
import json
import os
import re
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


CHILD_SAYS = ("vals", "case", "status", "got", "want", "message", "exc")  # what only the judge may set


def judged(test, spec):
    """The judge's result for one test from what the child sent, by the kind of spec: an assert
    ({template, line?}: coe_judge.assert_specs), a doctest example ({doctest}) or one case of a pytest
    function ({function}: coe_judge.pytest_specs)."""
    status = test.get("status")
    if status in ("error", "timeout") or (status == "fail" and "function" in spec):
        return {k: v for k, v in test.items() if k not in ("vals", "case")}  # the child can always make a test fail
    out = {k: v for k, v in test.items() if k not in CHILD_SAYS}
    if "doctest" in spec:
        return _judged_example(out, test, spec["doctest"])
    if "function" in spec:
        return _judged_function(out, test, spec["function"])
    if status != "judge" or not isinstance(test.get("vals"), list):
        return dict(out, status="fail", message="no values came back for this assert (not judged)")
    failure = _judge_assert(spec["template"], test["vals"])
    if failure is None:
        return dict(out, status="pass")
    if spec.get("line") and failure["message"] == "AssertionError":
        failure["line"] = spec["line"]
    return dict(out, status="fail", **failure)


def _judge_assert(template, values, consts=None):
    """None when the assert holds on the values, else its failure's fields (got/want when known)."""
    try:
        ok, got, want = coe_judge.judge(template, values, consts)
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


def case_of(test, fn):
    """The case (a tuple of parametrize indices) the child says this result is, if it is one of fn's."""
    case = test.get("case", [])
    if isinstance(case, list) and all(type(k) is int for k in case) and tuple(case) in fn.cases:
        return tuple(case)
    return None


def _judged_function(out, test, fn):
    """The worker's result for one case of a judged pytest function (coe_testfn): it walks the case's
    steps itself, binding the parameters and loop variables to its own literals, and judges every
    assert and every pytest.raises on what the child sent for it."""
    vals, case = test.get("vals"), case_of(test, fn)
    if test.get("status") != "judge" or not isinstance(vals, list) or case is None:
        return dict(out, status="fail", message="no values came back for this test's asserts (not judged)")
    env, i = {}, 0
    for kind, stmt in fn.steps(case):
        if kind == "bind":
            env.update(stmt)
        elif kind in ("assert", "raises"):
            sent = vals[i] if i < len(vals) else None
            i += 1
            if kind == "raises":
                failure = _raises_failure(sent, *fn.raises[id(stmt)])
            else:
                consts = {n: v for n, v in env.items() if n in fn.consts}
                failure = _judge_assert(fn.template(stmt), sent if isinstance(sent, list) else [], consts)
                if failure is not None and failure["message"] == "AssertionError":
                    failure["message"] = clip("AssertionError: " + fn.text(stmt))
            if failure is not None:
                return dict(out, status="fail", **failure)
    if i != len(vals):
        return dict(out, status="fail", message="the values sent for this test do not match its asserts")
    return dict(out, status="pass")


def _raises_failure(sent, names, match):
    """None when what the child sent says the call raised one of the builtin classes `names` (and its
    message matches), else the failure's fields. The builtin classes of the exception's type must be
    exactly one builtin class's own MRO: a claim to be several builtin exceptions at once is refused."""
    want = "<class '%s'>" % names[0] if len(names) == 1 else "(%s)" % ", ".join(names)
    chain = sent.get("raised", ()) if isinstance(sent, dict) else ()
    if chain is None:
        return {"message": "Failed: DID NOT RAISE %s" % want}
    if not isinstance(chain, list) or not all(isinstance(c, list) and len(c) == 2 for c in chain):
        return {"message": "what the call raised was not sent (not judged)"}
    own = [str(n) for m, n in chain if m == "builtins"]
    top = getattr(builtins, own[0], None) if own else None
    if not (isinstance(top, type) and issubclass(top, BaseException)
            and own == [c.__name__ for c in top.__mro__ if c.__module__ == "builtins"]):
        return {"message": "the classes sent for the exception this call raised cannot be judged"}
    if not set(names) & set(own):
        return {"message": clip("%s: raised instead of %s" % (chain[0][1], want))}
    msg = str(sent.get("msg", ""))[:100_000]
    if match is not None and re.search(match, msg) is None:
        return {"message": clip("Regex pattern did not match.\n Regex: %r\n Input: %r" % (match, msg))}
    return None


def _function_spec(named, name):
    """The judged function a planned test is (a case `name[...]` of a parametrized one), or None."""
    spec = (named or {}).get(name)
    if spec is None and "[" in name:
        spec = (named or {}).get(name.split("[", 1)[0])
        if spec is not None and not spec["function"].parametrized:
            spec = None
    return spec


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
    tests, seen = [], {}  # seen: judged function -> the cases judged
    for i, name in enumerate(events.plan):
        test = events.results.get(i)
        spec = specs[i] if specs is not None and i < len(specs) else None
        fspec = _function_spec(named, name) if test is not None else None
        if fspec is not None:
            fn, case = fspec["function"], case_of(test, fspec["function"])
            test, cases = judged(test, fspec), seen.setdefault(fn.name, set())
            if case is not None and case in cases:
                test = dict(test, status="fail", message="this case of %s was reported twice" % fn.name)
            cases.add(case)
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
    left_out = sorted(n for n, s in (named or {}).items() if set(s["function"].cases) - seen.get(n, set()))
    if left_out and kind == "ok" and all(t["status"] == "pass" for t in tests):  # a judged test never run
        kind, detail = "crash", "the test plan leaves out %s" % ", ".join(left_out)
        tests.extend({"name": n, "status": "error", "message": "not run (or not every case of it)"} for n in left_out)
    if kind == "ok" and not tests:
        kind, detail = "notests", detail or "no tests were collected"
    verdict = {"kind": kind, "passed": sum(t["status"] == "pass" for t in tests),
               "total": len(tests), "tests": tests}
    if detail:
        verdict["detail"] = detail
    if kind == "ok" and "coverage" in done:
        verdict["coverage"] = done["coverage"]
    return verdict
