"""The pytest test functions the worker judges itself (docs/verifier.md), as both sides read them.

Both the child and the worker read them from the request's test text, never from the file on disk
(which the code under test could rewrite). A judged function is a top-level `def test*` whose body
holds asserts and otherwise only

- assignments;
- `for` loops over a literal sequence (or `range` of literal ints) holding the same, no `else`;
- `with pytest.raises(E):` (E a builtin exception class, or a tuple of them; `match=` a literal
  string) around one expression statement (a call),

and whose arguments, if any, are exactly the names of its `@pytest.mark.parametrize` decorators,
every one of whose value lists is a literal. steps(case) is one case with its loops unrolled, the same
on both sides: the child runs the assignments and the calls and sends each assert's opaque values
(coe_judge.split_assert) and what each `pytest.raises` call raised; the worker judges them. A
parameter or loop variable the test does not assign to is a constant of the asserts' templates: the
worker binds the value of its own literal (unless that value is mutable and the name is handed to the
code under test, which may change it). Any other function stays the child's word.
"""

import ast
import builtins
import copy
import itertools
import re

from coe_judge import compile_opaque, defined_names, defined_names_of, split_assert

MAX_CASES = 10_000  # per function
MAX_STEPS = 100_000  # per case, loops unrolled
SIMPLE = (ast.Assert, ast.Assign, ast.AnnAssign, ast.AugAssign)
FORBIDDEN = (ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal)


class NotJudged(Exception):
    """The function holds something the worker cannot judge: it stays the child's word."""


def judged_functions(test_source, code=""):
    """{name: TestFunction} of the pytest file's tests that the worker judges itself."""
    try:
        tree = ast.parse(test_source)
    except (SyntaxError, ValueError):
        return {}
    shadowed = defined_names(code) | set(defined_names_of(tree))
    out = {}
    for node in tree.body:
        defines = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for name in [node.name] if defines else defined_names_of(node):  # a later binding replaces a test
            out.pop(name, None)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            try:
                out[node.name] = TestFunction(node, shadowed, test_source)
            except (NotJudged, ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                pass
    return out


def function_statements(node):
    """The statements of a function, its docstring left out."""
    return node.body[1:] if ast.get_docstring(node, clean=False) is not None else node.body


class TestFunction:
    """One judged test function: its cases (the product of its parametrize lists) and their steps."""

    __test__ = False  # not a pytest class

    def __init__(self, node, shadowed, source):
        self.name, self.node, self.source = node.name, node, source
        a = node.args
        if a.posonlyargs or a.kwonlyargs or a.vararg or a.kwarg or a.defaults:
            raise NotJudged("arguments pytest does not parametrize")
        self.decorators = [_parametrize(d) for d in node.decorator_list]  # [(names, [row tuple...])]
        params = [n for names, _rows in self.decorators for n in names]
        if sorted(params) != sorted(x.arg for x in a.args) or len(set(params)) != len(params):
            raise NotJudged("arguments that are not parameters (fixtures)")
        self.cases = list(itertools.islice(itertools.product(*(range(len(r)) for _n, r in self.decorators)),
                                           MAX_CASES + 1))
        if not self.cases or len(self.cases) > MAX_CASES:
            raise NotJudged("no cases, or too many")
        if any(isinstance(n, FORBIDDEN) for n in ast.walk(node)):
            raise NotJudged("a generator, a coroutine or a global")
        self.shadowed = frozenset(shadowed | set(params))
        self.loops, self.raises = {}, {}
        body = function_statements(node)
        if (self._read(body) * len(self.cases) > MAX_STEPS * 10
                or not any(isinstance(n, (ast.Assert, ast.With)) for n in ast.walk(node))):
            raise NotJudged("nothing to judge, or too much")
        self.consts = self._consts(body)
        self._compiled = {}

    parametrized = property(lambda self: bool(self.decorators))

    def case_of(self, params, taken=()):
        """The first case not in `taken` whose literals are pytest's parameters (callspec.params: name ->
        value; pytest's callspec.indices does not number the rows of stacked decorators), or None."""
        fits = [[k for k, row in enumerate(rows) if all(n in params and _key(params[n]) == _key(v)
                                                        for n, v in zip(names, row))]
                for names, rows in self.decorators]
        return next((c for c in itertools.product(*fits) if c not in taken), None)

    def steps(self, case):
        """("bind", {name: value}) | ("exec", stmt) | ("assert", stmt) | ("raises", with stmt) of one case,
        in the order the test runs them; every bound value a fresh copy of the literal."""
        bound = {}
        for (names, rows), k in zip(self.decorators, case):
            bound.update(zip(names, rows[k]))
        yield "bind", copy.deepcopy(bound)
        yield from self._walk(function_statements(self.node))

    def _walk(self, stmts):
        for s in stmts:
            if isinstance(s, ast.For):
                for bound in self.loops[id(s)]:
                    yield "bind", copy.deepcopy(bound)
                    yield from self._walk(s.body)
            elif isinstance(s, ast.With):
                yield "raises", s
            else:
                yield ("assert" if isinstance(s, ast.Assert) else "exec"), s

    def template(self, stmt):
        """The worker's side of an assert: its template, the parameters in it constants."""
        return self._cached(("t", stmt), lambda: split_assert(stmt, self.shadowed, self.consts)[0])

    def opaque(self, stmt, filename):
        """The child's side of an assert: its opaque parts, compiled."""
        return self._cached(("o", stmt), lambda: compile_opaque(stmt, self.shadowed, filename, self.consts))

    def code(self, stmt, filename):
        """The child's side of an assignment (exec) or of a pytest.raises call (eval)."""
        if isinstance(stmt, ast.With):
            return self._cached(("c", stmt), lambda: compile(ast.Expression(body=stmt.body[0].value), filename, "eval"))
        return self._cached(("c", stmt), lambda: compile(ast.Module(body=[stmt], type_ignores=[]), filename, "exec"))

    def text(self, stmt):
        return " ".join((ast.get_source_segment(self.source, stmt) or type(stmt).__name__).split())

    def _cached(self, key, make):
        key = (key[0], id(key[1]))
        if key not in self._compiled:
            self._compiled[key] = make()
        return self._compiled[key]

    def _read(self, stmts):
        """Checks the statements, records each loop's bindings and each pytest.raises; returns the step count."""
        count = 0
        for s in stmts:
            if isinstance(s, SIMPLE):
                count += 1
            elif isinstance(s, ast.For) and not s.orelse:
                values = _literal_sequence(s.iter, self.shadowed)
                self.loops[id(s)] = [_unpack(s.target, v) for v in values]
                count += 1 + len(values) * (1 + self._read(s.body))
            elif isinstance(s, ast.With):
                self.raises[id(s)] = _raises(s, self.shadowed)
                count += 1
            else:
                raise NotJudged("a statement that may hide a check: %s" % type(s).__name__)
            if count > MAX_STEPS:
                raise NotJudged("too many steps")
        return count

    def _consts(self, body):
        """The names that are constants of the templates: parameters and loop variables the test does not
        otherwise assign; a mutable one only if it is never handed to the code under test."""
        targets = {id(n) for s in ast.walk(self.node) if isinstance(s, ast.For) for n in ast.walk(s.target)}
        assigned = {n.id for s in body for n in ast.walk(s)
                    if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and id(n) not in targets}
        values = {}
        for names, rows in self.decorators:
            for row in rows:
                for n, v in zip(names, row):
                    values.setdefault(n, []).append(v)
        for bindings in self.loops.values():
            for bound in bindings:
                for n, v in bound.items():
                    values.setdefault(n, []).append(v)
        consts = {n for n in values if n not in assigned}
        handed = set()
        for s in (n for b in body for n in ast.walk(b)):
            if isinstance(s, ast.Assert):
                handed |= {n.id for o in split_assert(s, self.shadowed, frozenset(consts))[1]
                           for n in ast.walk(o) if isinstance(n, ast.Name)}
            elif isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.With)):
                handed |= {n.id for n in ast.walk(s) if isinstance(n, ast.Name)}
        return frozenset(n for n in consts if n not in handed or all(_frozen(v) for v in values[n]))


def _key(v):
    """A value's identity as a literal: 1, 1.0 and True differ; a set's order does not matter."""
    t = type(v)
    if t in (list, tuple):
        return t.__name__, tuple(_key(x) for x in v)
    if t in (set, frozenset, dict):
        items = v.items() if t is dict else ((x, None) for x in v)
        return t.__name__, tuple(sorted((_key(x), _key(y)) for x, y in items))
    return t.__name__, repr(v)


def _frozen(v):
    """A value the code under test cannot change in place."""
    if type(v) in (tuple, frozenset):
        return all(_frozen(x) for x in v)
    return v is None or type(v) in (bool, int, float, complex, str, bytes)


def _parametrize(dec):
    """(argnames, [tuple of values per case]) of `@pytest.mark.parametrize(names, literal values[, ids=...])`."""
    f = dec.func if isinstance(dec, ast.Call) else None
    if not (isinstance(f, ast.Attribute) and f.attr == "parametrize" and isinstance(f.value, ast.Attribute)
            and f.value.attr == "mark" and isinstance(f.value.value, ast.Name) and f.value.value.id == "pytest"):
        raise NotJudged("a decorator other than pytest.mark.parametrize")
    if len(dec.args) != 2 or any(k.arg != "ids" for k in dec.keywords):
        raise NotJudged("parametrize with other arguments (indirect, scope...)")
    names = ast.literal_eval(dec.args[0])
    names = [n.strip() for n in names.split(",") if n.strip()] if isinstance(names, str) else list(names)
    if not names or not all(isinstance(n, str) and n.isidentifier() for n in names):
        raise NotJudged("argument names")
    values = ast.literal_eval(dec.args[1])
    if type(values) not in (list, tuple):
        raise NotJudged("the values are not a list")
    rows = [(v,) if len(names) == 1 else tuple(v) for v in values]
    if len(names) > 1 and any(type(v) not in (list, tuple) or len(v) != len(names) for v in values):
        raise NotJudged("a case whose values do not match the names")
    return names, rows


def _literal_sequence(node, shadowed):
    """The items a `for` loop iterates: a literal list, tuple or string, or range() of literal ints."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
            and "range" not in shadowed and not node.keywords and 1 <= len(node.args) <= 3):
        args = [ast.literal_eval(a) for a in node.args]
        if not all(type(a) is int for a in args) or len(range(*args)) > MAX_STEPS:
            raise NotJudged("range")
        return list(range(*args))
    value = ast.literal_eval(node)
    if type(value) not in (list, tuple, str):  # a set's order could differ between processes
        raise NotJudged("a loop over something that is not a literal sequence")
    return list(value)


def _unpack(target, value):
    """{name: value} of a loop target (names, tuples of names) bound to one item."""
    if isinstance(target, ast.Name):
        return {target.id: value}
    if isinstance(target, (ast.Tuple, ast.List)) and type(value) in (list, tuple, str):
        if len(target.elts) != len(value):
            raise NotJudged("a loop item that does not unpack")
        out = {}
        for t, v in zip(target.elts, value):
            out.update(_unpack(t, v))
        return out
    raise NotJudged("a loop target that is not names")


def _raises(node, shadowed):
    """(exception class names, match or None) of `with pytest.raises(E[, match="..."]):` around one
    expression statement (a call, `d[k]`...)."""
    item = node.items[0] if len(node.items) == 1 else None
    call = item.context_expr if item is not None else None
    if (not isinstance(call, ast.Call) or item.optional_vars is not None or len(call.args) != 1
            or not (isinstance(call.func, ast.Attribute) and call.func.attr == "raises"
                    and isinstance(call.func.value, ast.Name) and call.func.value.id == "pytest")
            or len(node.body) != 1 or not isinstance(node.body[0], ast.Expr)):
        raise NotJudged("a with statement other than pytest.raises around one expression")
    match = None
    for k in call.keywords:
        if k.arg != "match" or not isinstance(k.value, ast.Constant) or not isinstance(k.value.value, str):
            raise NotJudged("pytest.raises with other arguments")
        match = k.value.value
        try:
            re.compile(match)
        except re.error as exc:
            raise NotJudged("match is not a regular expression") from exc
    arg = call.args[0]
    names = [e.id if isinstance(e, ast.Name) else None for e in (arg.elts if isinstance(arg, ast.Tuple) else [arg])]
    for n in names:
        cls = getattr(builtins, n, None) if n else None
        if n in shadowed or not (isinstance(cls, type) and issubclass(cls, BaseException)):
            raise NotJudged("an exception class that is not a builtin one")
    return tuple(names), match
