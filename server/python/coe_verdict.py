"""Turns the events a test child streamed (coe_support.Reporter) into a Verdict (types.ts).

The child sends {"plan": [names]}, then {"start": i} / {"result": i, "test": {...}} per test,
{"extra": test} for results outside the plan (pytest collection errors), and finally
{"done": {"kind", "detail"?, "coverage"?}} -- or {"syntax": {...}} when the code does not compile.
When the child dies or runs out of time midway, the tests it did not finish are still listed.
"""

import json
import os
import signal


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

    def feed(self, data):
        self.buf += data
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if "plan" in event:
                self.plan = event["plan"]
            elif "start" in event:
                self.running = event["start"]
            elif "result" in event:
                self.results[event["result"]] = event["test"]
                self.running = None
            elif "extra" in event:
                self.extra.append(event["extra"])
            elif "done" in event:
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


def build(events, end, status, timeout_s):
    """end: "done" (the child reported), "timeout" (wall limit) or "crash" (died without reporting)."""
    done = events.done or {}
    if events.syntax:
        return {"kind": "syntax", "passed": 0, "total": 0, "tests": [], "syntax": events.syntax}
    if end == "timeout":
        kind, detail = "timeout", "the run hit its wall-clock limit of %d ms" % round(timeout_s * 1000)
    elif end == "crash" or done.get("kind") == "crash":
        kind, detail = "crash", done.get("detail") or describe_exit(status)
    else:
        kind, detail = done.get("kind", "ok"), done.get("detail")
    tests = []
    for i, name in enumerate(events.plan):
        test = events.results.get(i)
        if test is None:
            if i == events.running:
                status_ = "timeout" if kind == "timeout" else "error"
                test = {"name": name, "status": status_, "message": detail}
            else:
                test = {"name": name, "status": "error", "message": "not run: " + (detail or "stopped")}
        if test.get("status") != "skip":
            tests.append(test)
    tests.extend(events.extra)
    if kind == "ok" and not tests:
        kind, detail = "notests", detail or "no tests were collected"
    verdict = {"kind": kind, "passed": sum(t["status"] == "pass" for t in tests),
               "total": len(tests), "tests": tests}
    if detail:
        verdict["detail"] = detail
    if kind == "ok" and "coverage" in done:
        verdict["coverage"] = done["coverage"]
    return verdict
