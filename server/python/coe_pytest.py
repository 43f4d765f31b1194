"""The pytest runner (inside the sandboxed child): pytest.main in-process with a small plugin that
collects per-test outcomes. Without pytest, falls back to calling the file's test_* functions
directly, and, when there are none, to the doctests / asserts in the code.
"""

import ast
import inspect
import os
import sys
import types

from coe_judge import encode
from coe_runners import _import_code, run_auto
from coe_support import TestTimeout, clip, deadline, describe, rewrite_asserts
from coe_testfn import judged_functions


class JudgedTest:
    """One case of a test function the worker judges (coe_testfn.TestFunction), in the child.

    Built from the request's test text, not from the file on disk: binds the case's parameters (its
    own literals), runs the assignments, evaluates each assert's opaque parts and each pytest.raises
    call, and keeps what they gave (serialized values; the raised exception's classes); it never says pass."""

    def __init__(self, fn, case, namespace, filename):
        self.fn, self.case, self.namespace, self.filename = fn, case, namespace, filename
        self.values = None

    def __call__(self):
        ns, values = dict(self.namespace), []  # the test's locals live in a copy of its module's globals
        for kind, stmt in self.fn.steps(self.case):
            if kind == "bind":
                ns.update(stmt)
            elif kind == "assert":
                values.append([encode(eval(code, ns)) for code in self.fn.opaque(stmt, self.filename)])  # noqa: S307
            elif kind == "raises":
                values.append(raised(self.fn.code(stmt, self.filename), ns))
            else:
                exec(self.fn.code(stmt, self.filename), ns)  # noqa: S102 - sandboxed
        self.values = values

    def report(self):
        return {"vals": self.values, "case": list(self.case)}


def raised(code, ns):
    """{"raised": [[module, name] of each class of the exception's type], "msg"} or {"raised": None}."""
    try:
        eval(code, ns)  # noqa: S307 - sandboxed
    except TestTimeout:
        raise
    except BaseException as exc:
        try:
            msg = str(exc)
        except Exception:
            msg = ""
        return {"raised": [[str(c.__module__), str(c.__name__)] for c in type(exc).__mro__], "msg": msg}
    return {"raised": None}


def judged_bodies(ctx):
    """name -> coe_testfn.TestFunction of the request's judged test functions."""
    return judged_functions((ctx.req.get("tests") or {}).get("content") or "", ctx.source)


def judged_case(judged, item, taken):
    """(TestFunction, case) of a collected pytest item the worker judges, else (None, None).
    taken: {function name: the cases already run}, so that equal rows are each run once."""
    name = item.nodeid.split("::", 1)[-1]
    fn = judged.get(name) or (judged.get(getattr(item, "originalname", None)) if "[" in name else None)
    if fn is None or not fn.parametrized:
        return fn, (() if fn is not None else None)
    callspec = getattr(item, "callspec", None)
    case = fn.case_of(callspec.params, taken.setdefault(fn.name, set())) if callspec is not None else None
    if case is None:
        return None, None
    taken[fn.name].add(case)
    return fn, case


def import_pytest(warm=False):
    """pytest, or None when it is absent (COE_WORKER_NO_PYTEST=1 pretends it is absent)."""
    if os.environ.get("COE_WORKER_NO_PYTEST") == "1":
        return None
    try:
        import pytest  # noqa: F401
    except ImportError:
        return None
    if warm:  # import what pytest.main would import lazily, so forked children start warm
        import importlib

        try:
            from _pytest.config import default_plugins

            for name in list(default_plugins) + ["pdb", "faulthandler"]:
                importlib.import_module(name if name in ("pdb", "faulthandler") else "_pytest." + name)
        except Exception:
            pass
    return pytest


def make_collector(pytest, ctx):
    """pytest plugin: one result per collected test, in collection order, streamed to the worker."""

    judged = judged_bodies(ctx)

    class Collector:
        def __init__(self):
            self.names, self.index, self.outcomes, self.values, self.taken = [], {}, {}, {}, {}

        def pytest_collection_finish(self, session):
            self.names = [item.nodeid.split("::", 1)[-1] for item in session.items]
            self.index = {item.nodeid: i for i, item in enumerate(session.items)}
            ctx.reporter.plan(self.names)

        def pytest_collectreport(self, report):
            if report.failed:
                text = str(report.longrepr)
                errors = [l[1:].strip() for l in text.splitlines() if l.startswith("E ")]
                message = errors[-1] if errors else (text.strip().splitlines() or ["?"])[-1]
                ctx.reporter.send({"extra": {"name": report.nodeid or "collection", "status": "error",
                                             "message": clip("collection failed: " + message)}})

        def pytest_assertrepr_compare(self, config, op, left, right):
            ctx.recorder.record(left)  # the `got` of a failing `assert left == right`
            return None

        def pytest_runtest_logstart(self, nodeid, location):
            if nodeid in self.index:
                ctx.reporter.start(self.index[nodeid])

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_call(self, item):
            ctx.recorder.reset()
            left = max(1, len(self.names) - self.index.get(item.nodeid, 0))
            ctx.tracer.start()
            try:
                with deadline(ctx.budget(left)):
                    yield
            finally:
                lines = ctx.tracer.stop()
                if ctx.tracer.enabled:
                    ctx.coverage[item.nodeid.split("::", 1)[-1]] = lines

        @pytest.hookimpl(tryfirst=True)
        def pytest_pyfunc_call(self, pyfuncitem):
            fn, case = judged_case(judged, pyfuncitem, self.taken)
            if fn is None:
                return None  # pytest calls the test itself; its outcome is the child's word
            body = JudgedTest(fn, case, pyfuncitem.obj.__globals__, str(pyfuncitem.path))
            body()
            self.values[pyfuncitem.nodeid] = body.report()
            return True

        def pytest_runtest_makereport(self, item, call):
            # Keep what only the call info knows: the exception object (for the line mapping).
            if call.excinfo is not None and call.when + item.nodeid not in self.outcomes:
                exc = call.excinfo.value
                if isinstance(exc, TestTimeout):
                    outcome = {"status": "timeout", "message": "Timeout: the test ran too long"}
                else:
                    status = "fail" if isinstance(exc, AssertionError) and call.when == "call" else "error"
                    outcome = dict(describe(exc, ctx.code_path), status=status)
                    got = ctx.recorder.take() if status == "fail" else None
                    if got is not None:
                        outcome["got"] = got
                self.outcomes[call.when + item.nodeid] = outcome

        def pytest_runtest_logreport(self, report):
            key, final = report.nodeid, self.outcomes.setdefault("final" + report.nodeid, {})
            if report.skipped and not final:
                final.update(status="skip")
            elif report.failed and final.get("status") in (None, "pass"):
                final.clear()
                final.update(self.outcomes.get(report.when + key) or {"status": "error"})
            elif report.passed and report.when == "call" and not final:
                if key in self.values:  # a judged test: its values, for the worker to judge
                    final.update(self.values[key], status="judge")
                else:
                    final.update(status="pass")
            if report.when == "teardown" and key in self.index:
                i = self.index[key]
                ctx.reporter.result(i, dict(final or {"status": "pass"}, name=self.names[i]))

    return Collector()


def run_pytest(ctx, test_path):
    pytest = import_pytest()
    if pytest is None:
        return run_without_pytest(ctx, test_path)
    # Import the code first ourselves: a failure there is reported with its line in the code.
    module = ctx.new_module()
    failure = _import_code(ctx, module)
    if failure is not None:
        sys.modules.pop(module.__name__, None)
        ctx.reporter.plan(["import " + ctx.modname])
        ctx.reporter.start(0)
        ctx.reporter.result(0, dict(failure, name="import " + ctx.modname))
        return ctx.done()
    scratch = os.path.dirname(test_path)
    with open(os.path.join(scratch, "pytest.ini"), "w") as f:
        f.write("[pytest]\n")
    collector = make_collector(pytest, ctx)
    # Entry-point plugins cost 0.1-2 s per run; off unless asked for (request.pytestPlugins).
    if not (ctx.req.get("pytestPlugins") or os.environ.get("COE_PYTEST_PLUGINS") == "1"):
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    args = [test_path, "-q", "-p", "no:cacheprovider", "--rootdir", scratch,
            "-c", os.path.join(scratch, "pytest.ini")]
    pytest.main(args, plugins=[collector])
    return ctx.done()


def run_without_pytest(ctx, test_path):
    """No pytest: run the test file's test_* functions that take no arguments, as pytest would."""
    detail = "pytest is not installed for %s; falling back to " % sys.executable
    with open(test_path) as f:
        test_source = f.read()
    module = ctx.new_module()
    failure = _import_code(ctx, module)
    if failure is None:
        tmod = types.ModuleType(os.path.splitext(os.path.basename(test_path))[0])
        tmod.__file__ = test_path
        tree = rewrite_asserts(ast.parse(test_source))
        failure = _import_code(ctx, tmod, compile(tree, test_path, "exec"))
        if failure is None:
            funcs = [(n, f) for n, f in vars(tmod).items()
                     if n.startswith("test") and inspect.isfunction(f) and f.__module__ == tmod.__name__]
            if funcs:
                judged = judged_bodies(ctx)
                names, bodies = [], []
                for n, f in funcs:
                    fn = judged.get(n)
                    for case in fn.cases if fn is not None else [None]:  # each case of a judged function
                        names.append(n + ("[%s]" % "-".join(map(str, case)) if case else ""))
                        bodies.append(JudgedTest(fn, case, vars(tmod), test_path) if fn is not None else
                                      f if not inspect.signature(f).parameters else
                                      {"status": "error", "message": "needs pytest fixtures: %s" % ", ".join(
                                          inspect.signature(f).parameters)})
                ctx.run_tests(names, bodies)
                return ctx.done(detail=detail + "calling the test_* functions of %s directly"
                                % os.path.basename(test_path))
    if failure is not None:
        ctx.run_tests(["import " + os.path.basename(test_path)], [failure])
        return ctx.done(detail=detail + "importing the test file, which failed")
    return run_auto(ctx, detail + "the doctests / asserts in the code")
