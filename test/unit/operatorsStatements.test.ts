/**
 * Statement-level repair operators (recursion base cases and arguments, initial values, statements
 * copied from a sibling branch, missing or misplaced returns), one by one on before/after fixtures.
 */
import { describe, it } from "node:test";
import { checkAbsent, checkFixture } from "./operatorFixtures.js";

const FIB =
  "def fib(n, memo=None):\n    if memo is None:\n        memo = {}\n    if n == 0:\n        return n\n    return fib(n - 1, memo) + fib(n - 1, memo)\n";

describe("recursion operators", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "missing base case",
      'def fact(n):\n    """n!"""\n    return n * fact(n - 1)\n',
      "ADDL 3 >>>    if n <= 1: return 1",
      'def fact(n):\n    """n!"""\n    if n <= 1: return 1\n    return n * fact(n - 1)\n',
    ],
    ["wrong base condition", FIB, "REPW 4 >>>n == 0 >>>n < 2", FIB.replace("n == 0", "n < 2")],
    [
      "wrong base value",
      "def fact(n):\n    if n == 0:\n        return 0\n    return n * fact(n - 1)\n",
      "REPW 3 >>>0 >>>1",
      "def fact(n):\n    if n == 0:\n        return 1\n    return n * fact(n - 1)\n",
    ],
    [
      "recursion argument n - 1 -> n - 2",
      FIB,
      "REPL 6 >>>    return fib(n - 1, memo) + fib(n - 2, memo)",
      FIB.replace("+ fib(n - 1", "+ fib(n - 2"),
    ],
    [
      "recursion argument n -> n - 1",
      "def fact(n):\n    if n == 0:\n        return 1\n    return n * fact(n)\n",
      "REPW 4 >>>(n >>>(n - 1",
      "def fact(n):\n    if n == 0:\n        return 1\n    return n * fact(n - 1)\n",
    ],
    [
      "base case of a list recursion",
      "def msort(xs):\n    mid = len(xs) // 2\n    return merge(msort(xs[:mid]), msort(xs[mid:]))\n",
      "ADDL 2 >>>    if len(xs) <= 1: return xs",
      "def msort(xs):\n    if len(xs) <= 1: return xs\n    mid = len(xs) // 2\n    return merge(msort(xs[:mid]), msort(xs[mid:]))\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "recursion", before, command, after }));

  it("leaves non-recursive functions and non-numeric arguments alone", () => {
    checkAbsent("recursion", "def f(n):\n    return g(n - 1)\n", "ADDL 2 >>>    if n <= 1: return n");
    checkAbsent("recursion", FIB, "REPL 6 >>>    return fib(n - 1, memo - 1) + fib(n - 1, memo)");
  });
});

describe("initial value operators", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "0 -> None (chained)",
      "def second(xs):\n    first = second = 0\n    return second\n",
      "REPW 2 >>>0 >>>None",
      "def second(xs):\n    first = second = None\n    return second\n",
    ],
    [
      "max seed",
      "def biggest(xs):\n    best = 0\n    for x in xs:\n        best = max(best, x)\n    return best\n",
      "REPW 2 >>>0 >>>float('-inf')",
      "def biggest(xs):\n    best = float('-inf')\n    for x in xs:\n        best = max(best, x)\n    return best\n",
    ],
    [
      "min seed from the sequence",
      "def least(xs):\n    low = 0\n    for x in xs:\n        if x < low:\n            low = x\n    return low\n",
      "REPW 2 >>>0 >>>xs[0]",
      "def least(xs):\n    low = xs[0]\n    for x in xs:\n        if x < low:\n            low = x\n    return low\n",
    ],
    [
      "inf -> -inf",
      "def f(xs):\n    hi = float('inf')\n    return hi\n",
      "REPW 2 >>>float('inf') >>>float('-inf')",
      "def f(xs):\n    hi = float('-inf')\n    return hi\n",
    ],
    [
      "'' -> None",
      "def f(xs):\n    last = ''\n    return last\n",
      "REPW 2 >>>'' >>>None",
      "def f(xs):\n    last = None\n    return last\n",
    ],
    [
      "1 -> 0",
      "def f(xs):\n    total = 1\n    return total\n",
      "REPW 2 >>>1 >>>0",
      "def f(xs):\n    total = 0\n    return total\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "initial-value", before, command, after }));
});

describe("initial value, negative cases", () => {
  it("never seeds None for a list that is appended to or a counter that is incremented", () => {
    checkAbsent(
      "initial-value",
      "def f(xs):\n    out = []\n    out.append(1)\n    return out\n",
      "REPW 2 >>>[] >>>None",
    );
    checkAbsent("initial-value", "def f(xs):\n    n = 0\n    n += 1\n    return n\n", "REPW 2 >>>0 >>>None");
  });
});

describe("sibling branch operator", () => {
  const before =
    "def tally(xs):\n    best = count = 0\n    for x in xs:\n        if x > best:\n            best = x\n            count += 1\n        else:\n            best = best\n    return count\n";
  it("copies the if branch's last statement to the end of the else branch", () => {
    checkFixture({
      family: "sibling-branch",
      before,
      command: "ADDL 9 >>>            count += 1",
      after: before.replace("best = best\n", "best = best\n            count += 1\n"),
    });
  });
  it("copies between elif branches, never after a closing return", () => {
    const code =
      "def sign(x):\n    if x > 0:\n        log(x)\n        return 1\n    elif x < 0:\n        return -1\n    return 0\n";
    checkFixture({
      family: "sibling-branch",
      before: code,
      command: "ADDL 6 >>>        log(x)",
      after: code.replace("    elif x < 0:\n", "    elif x < 0:\n        log(x)\n"),
    });
    checkAbsent("sibling-branch", code, "ADDL 7 >>>        log(x)");
  });
});

describe("return placement operators", () => {
  it("returns a computed value that was dropped", () => {
    const code = "def norm(parts):\n    joined = '/'.join(parts)\n    '/' + joined\n";
    checkFixture({
      family: "return-placement",
      before: code,
      command: "REPL 3 >>>    return '/' + joined",
      after: code.replace("    '/'", "    return '/'"),
    });
    checkAbsent("return-placement", "def f(out, x):\n    out.append(x)\n", "REPL 2 >>>    return out.append(x)");
  });
  it("moves a loop's last return out of the loop", () => {
    const code =
      "def first_dup(xs):\n    seen = set()\n    for x in xs:\n        if x in seen:\n            return x\n        seen.add(x)\n        return None\n";
    checkFixture({
      family: "return-placement",
      before: code,
      command: "REPL 7 >>>    return None",
      after: code.replace("        return None", "    return None"),
    });
  });
  it("never dedents a return in front of an else", () => {
    const code = "def f(x):\n    if x:\n        y = 1\n        return y\n    else:\n        return 0\n";
    checkAbsent("return-placement", code, "REPL 4 >>>    return y");
  });
});
