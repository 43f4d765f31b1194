"""Pass/fail of assert tests decided OUTSIDE the process that runs the code under test (issue #9.5).

The sandboxed child runs the user's code, so anything it says about a test can be faked by that
code: a patched builtin, an `__eq__` that always says True, a line jumped over with sys.settrace, a
fake result written to the result pipe. So for assert tests (MBPP snippets and asserts in the file)
the child never says "pass". It evaluates only the *opaque* parts of each assert -- the
subexpressions that may run the user's code (calls of their functions, their names) -- and sends
their values in a plain serialized form (None, bool, int, float, str, bytes, list, tuple, set,
frozenset, dict of exactly those types; anything else cannot be judged and fails). The worker
process, which never runs user code, rebuilds the values and evaluates the *transparent* rest of the
assert itself: comparisons, boolean operators, arithmetic, literals, and calls of a few pure builtins
(sorted, set, len, math.isclose, ...) unless the code redefines them.

Both sides call split_assert() on the same text (the worker has the request too), so the child
cannot change what is being checked. What remains forgeable is documented in docs/verifier.md.
"""

import ast
import builtins
import copy
import math

SAFE_CALLS = frozenset(["abs", "all", "any", "bool", "dict", "float", "frozenset", "int", "len",
                        "list", "max", "min", "round", "set", "sorted", "str", "sum", "tuple"])
SAFE_MATH = frozenset(["isclose", "sqrt", "floor", "ceil", "fabs", "inf", "pi", "e", "nan"])
MAX_NODES = 200_000
VALUES = "__coe_v__"
CONSTS = "__coe_c__"  # a test's parameters and loop variables, bound by the worker itself (coe_testfn)


class Unjudgeable(Exception):
    """A value that has no plain serialized form (a user class, a function, a generator...)."""


def defined_names(code):
    """Names the code binds (a user `def sorted` makes `sorted(...)` opaque)."""
    try:
        return set(defined_names_of(ast.parse(code)))
    except (SyntaxError, ValueError):
        return set()


def defined_names_of(node):
    """Names a node binds anywhere inside it: defs, classes, assignment targets, imports (a plain
    `import math` keeps math.isclose transparent), globals."""
    for n in ast.walk(node):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield n.name
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            yield n.id
        elif isinstance(n, ast.alias) and not (n.name == "math" and n.asname is None):
            yield (n.asname or n.name).split(".")[0]
        elif isinstance(n, ast.Global):
            yield from n.names


def compile_opaque(assert_node, shadowed, filename, consts=frozenset()):
    """The child's side of split_assert: each opaque part compiled, to be evaluated in the test's namespace."""
    opaque = split_assert(assert_node, shadowed, consts)[1]
    return [compile(ast.Expression(body=o), filename, "eval") for o in opaque]


class _Splitter(ast.NodeTransformer):
    """Replaces every opaque subexpression by __coe_v__[k]; collects them in source order.

    A name in `consts` (a test's parameter) stays transparent: __coe_c__['name'], the worker's value."""

    def __init__(self, shadowed, consts):
        self.shadowed = shadowed
        self.consts = consts
        self.opaque = []

    def _hole(self, node):
        if isinstance(node, ast.GeneratorExp):  # set(x for x in ...): send the items, not a generator
            node = ast.copy_location(ast.ListComp(elt=node.elt, generators=node.generators), node)
        self.opaque.append(node)
        k = len(self.opaque) - 1
        return ast.copy_location(ast.Subscript(value=ast.Name(id=VALUES, ctx=ast.Load()),
                                               slice=ast.Constant(value=k), ctx=ast.Load()), node)

    def _safe_call(self, node):
        f = node.func
        if isinstance(f, ast.Name):
            return f.id in SAFE_CALLS and f.id not in self.shadowed
        return (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "math"
                and f.attr in SAFE_MATH and "math" not in self.shadowed)

    def visit(self, node):
        if isinstance(node, ast.Constant):
            return node
        if isinstance(node, ast.Name) and node.id in self.consts and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Subscript(value=ast.Name(id=CONSTS, ctx=ast.Load()),
                                                   slice=ast.Constant(value=node.id), ctx=ast.Load()), node)
        if isinstance(node, (ast.Compare, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.List, ast.Tuple,
                             ast.Set, ast.Dict, ast.keyword)):
            return self.generic_visit(node)
        if isinstance(node, (ast.cmpop, ast.boolop, ast.operator, ast.unaryop, ast.expr_context)):
            return node
        if isinstance(node, ast.Call) and self._safe_call(node) and not any(
                isinstance(a, ast.Starred) for a in node.args):
            node.args = [self.visit(a) for a in node.args]
            node.keywords = [self.visit(k) for k in node.keywords]
            return node
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "math"
                and node.attr in SAFE_MATH and "math" not in self.shadowed):
            return node
        return self._hole(node)


def split_assert(assert_node, shadowed, consts=frozenset()):
    """(template expression AST with holes, [opaque expression ASTs]) for one assert statement."""
    test = copy.deepcopy(assert_node.test)  # a private copy, locations kept
    splitter = _Splitter(shadowed, consts)
    template = splitter.visit(test)
    return ast.fix_missing_locations(ast.Expression(body=template)), splitter.opaque


def encode(value):
    """The plain serialized form of a value (exact builtin types only), or raise Unjudgeable."""
    budget = [MAX_NODES]

    def enc(v, depth):
        budget[0] -= 1
        if budget[0] < 0 or depth > 60:
            raise Unjudgeable("the value is too large or too deep to judge")
        t = type(v)
        if v is None:
            return None
        if t is bool:
            return {"b": bool(v)}
        if t is int:
            return {"i": int.__repr__(v)}
        if t is float:
            return {"f": float.__repr__(v)}
        if t is str:
            return {"s": str.__str__(v)}
        if t is bytes:
            return {"y": bytes.hex(v)}
        if t is list or t is tuple:
            return {t.__name__[0]: [enc(x, depth + 1) for x in (list.__iter__(v) if t is list else tuple.__iter__(v))]}
        if t is set or t is frozenset:
            return {"S" if t is set else "F": [enc(x, depth + 1) for x in (set.__iter__(v) if t is set else frozenset.__iter__(v))]}
        if t is dict:
            return {"d": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in dict.items(v)]}
        raise Unjudgeable("a value of type %s cannot be judged outside the test process" % t.__name__)

    return enc(value, 0)


def decode(data):
    if data is None:
        return None
    if not isinstance(data, dict) or len(data) != 1:
        raise ValueError("malformed value")
    (tag, v), = data.items()
    if tag == "b":
        return bool(v)
    if tag == "i":
        return int(v)
    if tag == "f":
        return float(v)
    if tag == "s":
        return str(v)
    if tag == "y":
        return bytes.fromhex(v)
    if tag == "l":
        return [decode(x) for x in v]
    if tag == "t":
        return tuple(decode(x) for x in v)
    if tag == "S":
        return set(decode(x) for x in v)
    if tag == "F":
        return frozenset(decode(x) for x in v)
    if tag == "d":
        return {decode(k): decode(x) for k, x in v}
    raise ValueError("unknown value tag %r" % tag)


_JUDGE_BUILTINS = {name: getattr(builtins, name) for name in SAFE_CALLS}


def _repr_of(node, env):
    """repr of a transparent subexpression's value (None for a bool, or when it raises)."""
    try:
        value = eval(compile(ast.Expression(body=node), "<judge>", "eval"), env)  # noqa: S307
    except Exception:
        return None
    return None if isinstance(value, bool) else repr(value)


def judge(template, encoded_values, consts=None):
    """(passed, got, want): evaluates the template on the decoded values in THIS (the worker's) process.

    consts: the values of the test's parameters (the worker's own literals, coe_testfn).
    For a failing `left == right`, got is repr(left) and want is repr(right) (what the test expected)."""
    values = [decode(v) for v in encoded_values]
    env = {"__builtins__": _JUDGE_BUILTINS, "math": math, VALUES: values, CONSTS: copy.deepcopy(consts or {})}
    code = compile(template, "<judge>", "eval")
    try:
        ok = bool(eval(code, env))  # noqa: S307 - the template comes from the tests, the values are data
    except Exception as exc:  # e.g. comparing a list with an int by <
        return False, "%s: %s" % (type(exc).__name__, exc), None
    got = want = None
    body = template.body
    if not ok and isinstance(body, ast.Compare) and values:
        got = _repr_of(body.left, env)
        if got is not None and len(body.ops) == 1 and isinstance(body.ops[0], ast.Eq):
            want = _repr_of(body.comparators[0], env)
    elif not ok and isinstance(body, ast.UnaryOp) and values and not isinstance(values[0], bool):
        got = repr(values[0])
    return ok, got, want


def assert_specs(req):
    """(specs, strict): per planned test, the judge's spec {template, line?} or None (a test the child's word decides).

    Mirrors the child's choice of runner: snippets -> one spec per single-assert snippet; auto tests
    -> its doctest examples, else the file's asserts (coe_runners.run_auto); pytest tests -> None.
    """
    tests = req.get("tests") or {"kind": "auto"}
    code = req.get("code") or ""
    shadowed = defined_names(code)
    kind = tests.get("kind")
    if kind == "snippets":
        specs = []
        for snippet in tests.get("snippets") or []:
            try:
                body = ast.parse(snippet).body
            except (SyntaxError, ValueError):
                body = []
            specs.append(_spec(body[0], shadowed, None) if len(body) == 1 and isinstance(body[0], ast.Assert) else None)
        return specs, True
    if kind in (None, "auto", "pytest"):  # pytest: only when the child falls back to the file's asserts
        from coe_doctest import examples  # the child's own choice (coe_runners.run_auto), same code
        from coe_runners import assert_statements
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            return None, True
        items = examples(tree)
        if items:
            return [{"doctest": item} for item in items], kind != "pytest"
        specs = [_spec(n, shadowed, n.lineno) for n in assert_statements(tree) if isinstance(n, ast.Assert)]
        return specs, kind != "pytest"
    return None, True


def pytest_specs(req):
    """{test name: {"function": coe_testfn.TestFunction}} for a pytest request's judged tests."""
    from coe_testfn import judged_functions

    tests = req.get("tests") or {}
    return {name: {"function": fn} for name, fn in judged_functions(tests.get("content") or "", req.get("code") or "").items()}


def _spec(node, shadowed, line):
    template, _opaque = split_assert(node, shadowed)
    return {"template": template, "line": line}
