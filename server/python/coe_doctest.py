"""Doctests judged OUTSIDE the process that runs the code under test (docs/verifier.md).

The sandboxed child runs each example of the file's docstrings and sends what it printed (and, for
an example that expects an exception, the exception's last line); it never says "pass". The worker,
which never runs user code, finds the same examples in the same source text (both sides call
examples() below), and compares the output with the example's expected output itself, with
doctest's own OutputChecker and option flags. So a patched reporter or a forged result cannot make
an example pass: only the right output can, and producing it without running right code means
reading the expected output from the tests, the same as hard-coding an answer.

Which docstrings: the module's, and those of the classes and functions at the top level and inside
classes (what doctest.DocTestFinder finds), in source order; not those of functions nested in
functions, whose names the examples could not reach anyway.
"""

import ast
import doctest
import io
import sys
import traceback

from coe_support import TestTimeout, clip

BASE_FLAGS = doctest.ELLIPSIS
MAX_OUTPUT = 100_000  # characters of output judged; a longer output fails (too long to judge)
_PARSER = doctest.DocTestParser()


class Example:
    """One doctest example: its doctest.Example, the docstring it belongs to, its line in the file."""

    def __init__(self, example, group, line):
        self.example, self.group, self.line = example, group, line
        self.name = example.source.strip()

    @property
    def flags(self):
        flags = BASE_FLAGS
        for flag, on in self.example.options.items():
            flags = flags | flag if on else flags & ~flag
        return flags


def _docstrings(body):
    """The docstring nodes (None where there is none) of the defs doctest's finder would reach."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield _doc_node(node)
            if isinstance(node, ast.ClassDef):
                yield from _docstrings(node.body)
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):  # defs under an `if`...
            for block in ("body", "orelse", "finalbody"):
                yield from _docstrings(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                yield from _docstrings(handler.body)


def _doc_node(node):
    """The docstring's Constant node (its line), or None."""
    return node.body[0].value if ast.get_docstring(node, clean=False) is not None else None


def examples(tree):
    """Every doctest example in the parsed file, in source order (the test plan, on both sides)."""
    docs = [d for d in [_doc_node(tree), *_docstrings(tree.body)] if d is not None]
    out = []
    for group, doc in enumerate(sorted(docs, key=lambda d: d.lineno)):
        if ">>>" not in doc.value:
            continue
        try:
            found = _PARSER.get_examples(doc.value)
        except ValueError:  # a malformed example (e.g. no space after >>>): doctest would refuse it too
            continue
        out.extend(Example(ex, group, doc.lineno + ex.lineno) for ex in found)
    return out


class RunExample:
    """The body of one example in the child: runs it, keeps its output; never decides the outcome."""

    def __init__(self, item, globs, filename):
        self.item, self.globs, self.filename = item, globs, filename
        self.got, self.exc = "", None

    def __call__(self):
        out, saved = io.StringIO(), (sys.stdout, sys.displayhook)
        sys.stdout, sys.displayhook = out, sys.__displayhook__
        try:
            exec(compile(self.item.example.source, self.filename, "single", dont_inherit=True),  # noqa: S102
                 self.globs)
        except TestTimeout:
            raise
        except BaseException as exc:
            if self.item.example.exc_msg is None:
                raise  # an unexpected exception: the child reports it as an error
            self.exc = traceback.format_exception_only(type(exc), exc)[-1]
        finally:
            sys.stdout, sys.displayhook = saved
            self.got = out.getvalue()

    def report(self):
        report = {"got": self.got[:MAX_OUTPUT + 1]}
        if self.exc is not None:
            report["exc"] = self.exc[:MAX_OUTPUT + 1]
        return report


def judge(item, test):
    """(passed, got) for the output the child sent, decided here (the worker), as doctest would."""
    got, exc = test.get("got"), test.get("exc")
    if not isinstance(got, str) or (exc is not None and not isinstance(exc, str)):
        return False, None
    if len(got) > MAX_OUTPUT or (exc and len(exc) > MAX_OUTPUT):
        return False, "(output too long to judge)"
    example, flags, check = item.example, item.flags, doctest.OutputChecker().check_output
    if exc is None:
        return check(example.want, got, flags), got
    if example.exc_msg is None:
        return False, got + exc
    if check(example.exc_msg, exc, flags):
        return True, got
    if flags & doctest.IGNORE_EXCEPTION_DETAIL:
        same = check(_strip_detail(example.exc_msg), _strip_detail(exc), flags)
        return same, got + exc
    return False, got + exc


def _strip_detail(msg):
    """'pkg.ValueError: text' -> 'ValueError' (doctest's IGNORE_EXCEPTION_DETAIL)."""
    head = msg.split(":", 1)[0].strip()
    return head.rsplit(".", 1)[-1]


def failure_fields(item, got):
    """What a failing example shows: what it printed, what was expected, its line."""
    out = {"message": clip("expected %s" % item.example.want.strip()), "line": item.line}
    if got is not None:
        out["got"] = clip(got.strip())
    return out
