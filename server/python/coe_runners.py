"""Test runners that execute inside the sandboxed child (stdlib only; pytest only if installed).

Every runner reports through a coe_support.Reporter: first a plan (the test names), then a
start/result pair per test, and returns a dict for the final "done" event
({"kind": "ok"|"notests", "detail"?, "coverage"?}).
"""

import ast
import os
import sys
import time
import types

import coe_doctest
from coe_judge import compile_opaque, defined_names, encode
from coe_support import (GotRecorder, LineTracer, TestTimeout, clip, deadline, describe,
                         rewrite_asserts, run_one, statement_name)


class Context:
    """What every runner needs: the request, the code file and the per-test time budget."""

    def __init__(self, req, code_path, reporter):
        self.req = req
        self.code_path = code_path
        self.source = req["code"]
        self.modname = os.path.splitext(os.path.basename(code_path))[0]
        self.reporter = reporter
        self.tracer = LineTracer(code_path, bool(req.get("coverage")))
        self.recorder = GotRecorder()
        self.coverage = {}
        total = req.get("timeoutMs", 5000) / 1000.0
        self.soft_end = time.monotonic() + total - 0.15  # leave the worker time to report
        self.test_s = req.get("testTimeoutMs", 0) / 1000.0

    def budget(self, n_tests):
        """Seconds one test may take: the request's value, else a fair share of the total."""
        left = max(0.05, self.soft_end - time.monotonic())
        share = self.test_s or max(0.25, left / (n_tests + 1))
        return min(share, left)

    def new_module(self, name=None):
        module = types.ModuleType(name or self.modname)
        module.__file__ = self.code_path
        module.__builtins__ = __builtins__
        sys.modules[module.__name__] = module
        return module

    def run_tests(self, names, bodies):
        """Runs bodies[i] as the test names[i], reporting each."""
        self.reporter.plan(names)
        for i, (name, body) in enumerate(zip(names, bodies)):
            self.reporter.start(i)
            if isinstance(body, dict):  # a precomputed result (e.g. the import failed)
                outcome, lines = dict(body), []
            else:
                outcome, lines = run_one(body, self.budget(len(names) - i), self.tracer,
                                         self.recorder, self.code_path)
                if hasattr(body, "report") and outcome.get("status") == "pass":
                    outcome = dict(body.report(), status="judge")  # the worker decides (coe_judge)
            self.reporter.result(i, dict(outcome, name=name))
            if self.tracer.enabled:
                self.coverage.setdefault(name, [])
                self.coverage[name] = sorted(set(self.coverage[name]) | set(lines))

    def done(self, kind="ok", detail=None):
        out = {"kind": kind}
        if detail:
            out["detail"] = detail
        if self.tracer.enabled and kind == "ok":
            out["coverage"] = self.coverage
        return out


def _import_code(ctx, module, tree=None):
    """Executes the code in `module`; returns None or an error outcome for every test."""
    if isinstance(tree, types.CodeType):
        code = tree
    else:
        code = compile(tree if tree is not None else ctx.source, ctx.code_path, "exec")
    try:
        with deadline(ctx.budget(1)):
            exec(code, module.__dict__)
        return None
    except TestTimeout:
        return {"status": "timeout", "message": "Timeout: importing the code took too long"}
    except BaseException as exc:
        outcome = describe(exc, ctx.code_path)
        outcome["message"] = clip("while importing the code: " + outcome["message"])
        return dict(outcome, status="error")


def run_snippets(ctx, snippets):
    """MBPP format: exec the code, then each snippet in the same namespace."""
    names = [statement_name(s, ast.parse(s).body[0]) if _parses(s) else s.strip() for s in snippets]
    shadowed = defined_names(ctx.source)
    module = ctx.new_module()
    ctx.reporter.plan(names)
    failure = _import_code(ctx, module)
    bodies = []
    for snippet in snippets:
        if failure:
            bodies.append(failure)
            continue
        try:
            tree = ast.parse(snippet)
            if len(tree.body) == 1 and isinstance(tree.body[0], ast.Assert):
                bodies.append(_Values(module, tree.body[0], "<test>", shadowed))
                continue
            code = compile(rewrite_asserts(tree), "<test>", "exec")
        except SyntaxError as exc:
            bodies.append({"status": "error", "message": clip("SyntaxError in the test: %s" % exc)})
            continue
        bodies.append(lambda code=code: exec(code, module.__dict__))
    ctx.run_tests(names, bodies)
    return ctx.done()


class _Values:
    """The body of one judged assert: evaluates its opaque parts, keeps their serialized values.

    The child reports these values, never a pass (coe_judge: the worker evaluates the assert)."""

    def __init__(self, module, node, filename, shadowed):
        self.codes = compile_opaque(node, shadowed, filename)
        self.namespace = module.__dict__
        self.values = None

    def __call__(self):
        values = []
        for code in self.codes:
            values.append(encode(eval(code, self.namespace)))  # noqa: S307 - runs the user's code, sandboxed
        self.values = values

    def report(self):
        return {"vals": self.values}


def _parses(text):
    try:
        return bool(ast.parse(text).body)
    except SyntaxError:
        return False


def _is_main_guard(node):
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left] + list(node.test.comparators)
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    consts = {getattr(p, "value", getattr(p, "s", None)) for p in parts if not isinstance(p, ast.Name)}
    return names == {"__name__"} and "__main__" in consts


def assert_statements(tree):
    """Top-level statements in order, the body of an `if __name__ == "__main__":` block that
    holds asserts flattened in place. Returns [] when there is no assert at all."""
    flat = []
    for node in tree.body:
        if _is_main_guard(node) and any(isinstance(n, ast.Assert) for n in node.body):
            flat.extend(node.body)
        else:
            flat.append(node)
    return flat if any(isinstance(n, ast.Assert) for n in flat) else []


def run_auto(ctx, detail=None):
    """Doctests in the code, else asserts in the file, else notests."""
    tree = ast.parse(ctx.source)
    items = coe_doctest.examples(tree)
    if items:
        return run_doctests(ctx, items, detail)
    statements = assert_statements(tree)
    if statements:
        return run_file_asserts(ctx, statements, detail)
    return ctx.done("notests", detail or "no tests found: no doctests and no asserts in the file")


def run_file_asserts(ctx, statements, detail):
    """Runs the file statement by statement; each assert is a test, the rest is set-up."""
    module = ctx.new_module()
    names, bodies, failure = [], [], None
    # Set-up statements run up front until the first assert; later ones run inside the next test.
    pending = []
    for node in statements:
        if not isinstance(node, ast.Assert):
            pending.append(node)
            continue
        names.append(statement_name(ctx.source, node))
        setup = ast.Module(body=pending, type_ignores=[])
        bodies.append((setup, node))
        pending = []
    ctx.reporter.plan(names)
    shadowed = defined_names(ctx.source)
    runnable = []
    for setup, node in bodies:
        if failure is None and setup.body:
            failure = _import_code(ctx, module, setup)
        if failure is not None:
            runnable.append(failure)
            continue
        runnable.append(_Values(module, node, ctx.code_path, shadowed))
    ctx.run_tests(names, runnable)
    return ctx.done(detail=detail)


def run_doctests(ctx, items, detail=None):
    """One test per doctest example (coe_doctest.examples); the worker judges each example's output."""
    module = ctx.new_module()
    failure = _import_code(ctx, module)
    if failure is not None:
        ctx.run_tests(["import " + ctx.modname], [failure])
        return ctx.done(detail=detail)
    bodies, globs, group = [], None, None
    for item in items:
        if item.group != group:  # the examples of one docstring share a copy of the module's globals
            group, globs = item.group, dict(module.__dict__)
        bodies.append(coe_doctest.RunExample(item, globs, ctx.code_path))
    ctx.run_tests([item.name for item in items], bodies)
    return ctx.done(detail=detail)
