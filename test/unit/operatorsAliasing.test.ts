/**
 * Operator families added for bugs of the training bugs (suites/train-bugs.jsonl) that no one-edit
 * candidate fixed: a tuple sort key in the wrong direction, one object where several were meant
 * (aliasing), and methods that work from the wrong end (wrong-method). Fixtures: code, command, code.
 */
import { describe, it } from "node:test";
import { checkAbsent, checkFixture } from "./operatorFixtures.js";

describe("sort key operators", () => {
  it("negates one component of a tuple key", () =>
    checkFixture({
      family: "sort-key",
      before: "def by_count(values, counts):\n    return sorted(values, key=lambda v: (counts[v], v))\n",
      command: "REPW 2 >>>counts[v] >>>-counts[v]",
      after: "def by_count(values, counts):\n    return sorted(values, key=lambda v: (-counts[v], v))\n",
    }));
  it("drops reverse=True and negates the component meant descending", () =>
    checkFixture({
      family: "sort-key",
      before: "def oldest(rs):\n    return sorted(rs, key=lambda r: (r[1], r[0]), reverse=True)\n",
      command: "REPL 2 >>>    return sorted(rs, key=lambda r: (-r[1], r[0]))",
      after: "def oldest(rs):\n    return sorted(rs, key=lambda r: (-r[1], r[0]))\n",
    }));
  it("un-negates a negated component, and wraps an expression", () => {
    checkFixture({
      family: "sort-key",
      before: "def f(xs):\n    xs.sort(key=lambda p: (-p[0], p[1] + p[2]))\n",
      command: "REPW 2 >>>-p[0] >>>p[0]",
      after: "def f(xs):\n    xs.sort(key=lambda p: (p[0], p[1] + p[2]))\n",
    });
    checkFixture({
      family: "sort-key",
      before: "def f(xs):\n    xs.sort(key=lambda p: (-p[0], p[1] + p[2]))\n",
      command: "REPW 2 >>>p[1] + p[2] >>>-(p[1] + p[2])",
      after: "def f(xs):\n    xs.sort(key=lambda p: (-p[0], -(p[1] + p[2])))\n",
    });
  });
  it("leaves a key that is not a tuple alone", () =>
    checkAbsent("sort-key", "def f(xs):\n    return sorted(xs, key=lambda x: x[1])\n", "REPW 2 >>>x[1] >>>-x[1]"));
  it("negates whole a component whose minus covers its first operand only", () => {
    const before = "def f(xs, a, b):\n    xs.sort(key=lambda p: (-a - b, p[1]))\n";
    checkAbsent("sort-key", before, "REPW 2 >>>-a - b >>>a - b");
    checkFixture({
      family: "sort-key",
      before,
      command: "REPW 2 >>>-a - b >>>-(-a - b)",
      after: "def f(xs, a, b):\n    xs.sort(key=lambda p: (-(-a - b), p[1]))\n",
    });
  });
  it("drops the reverse=True of the key's own call only", () =>
    checkAbsent(
      "sort-key",
      "def f(xs):\n    return sorted(xs, key=lambda p: (p[0], p[1]))[:3] + sorted(xs, reverse=True)\n",
      "REPL 2 >>>    return sorted(xs, key=lambda p: (-p[0], p[1]))[:3] + sorted(xs)",
    ));
});

describe("aliasing operators", () => {
  it("builds each row of a grid on its own", () => {
    checkFixture({
      family: "aliasing",
      before: "def identity(n):\n    m = [[0] * n] * n\n    return m\n",
      command: "REPL 2 >>>    m = [[0] * n for _ in range(n)]",
      after: "def identity(n):\n    m = [[0] * n for _ in range(n)]\n    return m\n",
    });
    checkFixture({
      family: "aliasing",
      before: "def buckets(k):\n    out = [[]] * (k + 1)\n    return out\n",
      command: "REPL 2 >>>    out = [[] for _ in range(k + 1)]",
      after: "def buckets(k):\n    out = [[] for _ in range(k + 1)]\n    return out\n",
    });
  });
  it("copies or sorts a parameter bound to a new name", () => {
    checkFixture({
      family: "aliasing",
      before: "def restock(stock, item):\n    result = stock\n    result[item] = 0\n    return result\n",
      command: "REPL 2 >>>    result = stock.copy()",
      after: "def restock(stock, item):\n    result = stock.copy()\n    result[item] = 0\n    return result\n",
    });
    checkFixture({
      family: "aliasing",
      before: "def pairs(nums):\n    a = nums\n    return a[0]\n",
      command: "REPL 2 >>>    a = sorted(nums)",
      after: "def pairs(nums):\n    a = sorted(nums)\n    return a[0]\n",
    });
  });
  it("rebuilds only a list display repeated by a whole count, in the code", () => {
    const code = "def f(n, m, xs, d):\n    g = x\n    return g\n";
    const cases: Array<[string, string]> = [
      ["h = [[0] ** m] * n", "h = [[0] * * m for _ in range(n)]"], // a power, not a repetition
      ['s = "[[]] * n"', 's = "[[] for _ in range(n)]"'], // in a string
      ["e = [[]] * xs[0]", "e = [[] for _ in range(xs)][0]"], // the count is xs[0]
      ["e = [[]] * n ** 2", "e = [[] for _ in range(n)] ** 2"], // the count is n ** 2
      ["w = [[0] * m, 1] * n", "w = [[0] * m, 1 for _ in range(n)]"], // a row of two items
      ["v = d[[]] * n", "v = d[[] for _ in range(n)]"], // a subscript
    ];
    for (const [line, wrong] of cases) checkAbsent("aliasing", code.replace("g = x", line), `REPL 2 >>>    ${wrong}`);
    checkFixture({
      family: "aliasing",
      before: 'def f(n):\n    s = "[[]] * n"; return [[]] * n\n',
      command: 'REPL 2 >>>    s = "[[]] * n"; return [[] for _ in range(n)]',
      after: 'def f(n):\n    s = "[[]] * n"; return [[] for _ in range(n)]\n',
    });
  });
  it("leaves a local bound to a new name, and a flat list, alone", () => {
    checkAbsent("aliasing", "def f(xs):\n    y = 3\n    a = y\n    return a\n", "REPL 3 >>>    a = y.copy()");
    checkAbsent("aliasing", "def f(n):\n    return [0] * n\n", "REPL 2 >>>    return [0 for _ in range(n)]");
    checkAbsent(
      "aliasing",
      "class A:\n    def f(self):\n        me = self\n        return me\n",
      "REPL 3 >>>        me = self.copy()",
    );
  });
});

describe("methods that work from the wrong end", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "rpartition -> partition",
      'def name(part):\n    n, _, v = part.rpartition("=")\n    return n\n',
      "REPW 2 >>>rpartition >>>partition",
      'def name(part):\n    n, _, v = part.partition("=")\n    return n\n',
    ],
    [
      "split -> rsplit",
      'def ext(stem):\n    return stem.split(".", 1)[1]\n',
      "REPW 2 >>>split >>>rsplit",
      'def ext(stem):\n    return stem.rsplit(".", 1)[1]\n',
    ],
    [
      "rjust -> ljust",
      'def cents(frac):\n    return int(frac.rjust(2, "0"))\n',
      "REPW 2 >>>rjust >>>ljust",
      'def cents(frac):\n    return int(frac.ljust(2, "0"))\n',
    ],
    [
      "pop -> popleft",
      "def first(queue):\n    return queue.pop()\n",
      "REPW 2 >>>pop >>>popleft",
      "def first(queue):\n    return queue.popleft()\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "wrong-method", before, command, after }));
});

describe("a call missing around a value", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "reversed before a join",
      'def to_binary(n):\n    bits = []\n    while n:\n        bits.append(str(n % 2))\n        n //= 2\n    return "".join(bits)\n',
      "REPW 6 >>>bits >>>reversed(bits)",
      'def to_binary(n):\n    bits = []\n    while n:\n        bits.append(str(n % 2))\n        n //= 2\n    return "".join(reversed(bits))\n',
    ],
    [
      "sorted before a join, around one call",
      'def key(word):\n    return "".join(word.lower())\n',
      "REPW 2 >>>word.lower() >>>sorted(word.lower())",
      'def key(word):\n    return "".join(sorted(word.lower()))\n',
    ],
    [
      "text iterated case-blind",
      'def vowels(text):\n    n = 0\n    for ch in text:\n        n += ch in "aeiou"\n    return n\n',
      "REPW 3 >>>text >>>text.lower()",
      'def vowels(text):\n    n = 0\n    for ch in text.lower():\n        n += ch in "aeiou"\n    return n\n',
    ],
    [
      "a set of text case-blind",
      "def letters(text):\n    seen = set(text)\n    return seen\n",
      "REPW 2 >>>text >>>text.lower()",
      "def letters(text):\n    seen = set(text.lower())\n    return seen\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "wrap-call", before, command, after }));
  it("not a number, nor an argument that is an expression", () => {
    checkAbsent(
      "wrap-call",
      "def f(xs):\n    total = 0\n    seen = set(total)\n    return seen\n",
      "REPW 3 >>>total >>>total.lower()",
    );
    checkAbsent("wrap-call", 'def f(a, b):\n    return "".join(a + b)\n', "REPW 2 >>>a + b >>>reversed(a + b)");
  });
  it("a path or module join is not a join of strings", () => {
    const paths = "import os\ndef f(root, name):\n    return os.path.join(root)\n";
    checkAbsent("wrap-call", paths, "REPW 3 >>>root >>>reversed(root)");
    checkAbsent("wrap-call", "def f(obj, xs):\n    return obj.bytes(xs)\n", "REPW 2 >>>xs >>>reversed(xs)");
    checkFixture({
      family: "wrap-call",
      before: "def f(sep, xs):\n    return sep.join(xs)\n",
      command: "REPW 2 >>>xs >>>reversed(xs)",
      after: "def f(sep, xs):\n    return sep.join(reversed(xs))\n",
    });
  });
});
