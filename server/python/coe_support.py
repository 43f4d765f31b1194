"""Shared helpers of the test runners that run inside the sandboxed child (stdlib only).

- Reporter: streams events to the worker over a pipe, one JSON line each, so results survive a
  crash of the child halfway through (the worker then still knows which tests ran).
- deadline(): a per-test timer (SIGALRM) that raises TestTimeout inside the running test.
- GotRecorder + rewrite_asserts(): `assert f(x) == y` is rewritten to
  `assert __coe_got__(f(x)) == y`, so the left operand is evaluated once and its repr is known
  when the assert fails.
- LineTracer: per-test line coverage of the code file (sys.settrace).
- describe(): exception -> {message, line} with the line taken from the deepest traceback frame
  that lies in the code file.
"""

import ast
import builtins
import json
import os
import signal
import sys

MAX_TEXT = 300


class TestTimeout(BaseException):
    """Raised inside a test when its time is up (BaseException: `except Exception` can't eat it)."""


def clip(text, limit=MAX_TEXT):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Reporter:
    def __init__(self, fd):
        self.fd = fd

    def send(self, event):
        data = (json.dumps(event) + "\n").encode("utf-8", "replace")
        while data:
            data = data[os.write(self.fd, data):]

    def plan(self, names):
        self.send({"plan": list(names)})

    def start(self, index):
        self.send({"start": index})

    def result(self, index, test):
        self.send({"result": index, "test": test})


class deadline:
    """`with deadline(seconds):` raises TestTimeout in the body when the time runs out."""

    armed = False

    def __init__(self, seconds):
        self.seconds = max(0.001, seconds)

    @staticmethod
    def _fire(_signum, _frame):
        if deadline.armed:
            deadline.armed = False
            raise TestTimeout()

    def __enter__(self):
        signal.signal(signal.SIGALRM, deadline._fire)
        deadline.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *_exc):
        deadline.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        return False


class GotRecorder:
    """Remembers the last value passed through __coe_got__ (installed as a builtin)."""

    unset = object()

    def __init__(self):
        self.value = GotRecorder.unset
        builtins.__coe_got__ = self.record

    def record(self, value):
        self.value = value
        return value

    def reset(self):
        self.value = GotRecorder.unset

    def take(self):
        """repr of the recorded value, or None (bools from `assert pred(x)` say nothing)."""
        value, self.value = self.value, GotRecorder.unset
        if value is GotRecorder.unset or isinstance(value, bool):
            return None
        try:
            return clip(repr(value))
        except BaseException:  # a hostile __repr__
            return None


class _AssertRewriter(ast.NodeTransformer):
    def visit_Assert(self, node):
        test = node.test
        wrap = lambda expr: ast.Call(  # noqa: E731
            func=ast.Name(id="__coe_got__", ctx=ast.Load()), args=[expr], keywords=[])
        if isinstance(test, ast.Compare):
            test.left = wrap(test.left)
        elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test.operand = wrap(test.operand)
        else:
            node.test = wrap(test)
        return node


def rewrite_asserts(tree):
    tree = _AssertRewriter().visit(tree)
    return ast.fix_missing_locations(tree)


def statement_name(source, node):
    """A test's display name: the statement's source without the leading 'assert '."""
    text = ast.get_source_segment(source, node) or ""
    text = " ".join(line.strip() for line in text.splitlines())
    return text[7:] if text.startswith("assert ") else text


def describe(exc, code_path):
    """{message, line?} for an exception; line = deepest traceback frame in the code file."""
    name = type(exc).__name__
    text = str(exc) if not isinstance(exc, TestTimeout) else ""
    info = {"message": clip(name + ": " + text.splitlines()[0] if text.strip() else name)}
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == code_path:
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None and isinstance(exc, SyntaxError) and exc.filename == code_path:
        line = exc.lineno
    if line is not None:
        info["line"] = line
    return info


class LineTracer:
    """Collects the lines of `code_path` executed between start() and stop()."""

    def __init__(self, code_path, enabled):
        self.code_path = code_path
        self.enabled = enabled
        self.lines = set()

    def _local(self, frame, event, _arg):
        if event == "line":
            self.lines.add(frame.f_lineno)
        return self._local

    def _global(self, frame, _event, _arg):
        if frame.f_code.co_filename == self.code_path:
            return self._local
        return None

    def start(self):
        self.lines = set()
        if self.enabled:
            sys.settrace(self._global)

    def stop(self):
        if self.enabled:
            sys.settrace(None)
        return sorted(self.lines)


def run_one(body, seconds, tracer, recorder, code_path):
    """Runs body() as one test: returns (test-result fields, covered lines)."""
    recorder.reset()
    tracer.start()
    try:
        with deadline(seconds):
            body()
        outcome = {"status": "pass"}
    except TestTimeout:
        outcome = {"status": "timeout", "message": "Timeout: the test ran longer than %.2f s" % seconds}
    except AssertionError as exc:
        outcome = dict(describe(exc, code_path), status="fail")
        got = recorder.take()
        if got is not None:
            outcome["got"] = got
    except BaseException as exc:  # SystemExit, KeyboardInterrupt, MemoryError... all are results
        outcome = dict(describe(exc, code_path), status="error")
    finally:
        lines = tracer.stop()
    return outcome, lines
