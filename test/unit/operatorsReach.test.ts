/**
 * Operator families added for bugs the search never reached on real-bugs-tune (each family's
 * fixtures are small versions of those bugs): wrong literals (sign, a variable meant), loop shape
 * (`if` meant `while`, the last group never flushed) and a missing `reverse=True`.
 */
import { describe, it } from "node:test";
import { checkAbsent, checkFixture } from "./operatorFixtures.js";

describe("literal operators", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "wrong sign of a number",
      "def f(events, end):\n    events.append((end, 1))\n",
      "REPW 2 >>>1 >>>-1",
      "def f(events, end):\n    events.append((end, -1))\n",
    ],
    ["a sign too many", "def f(x):\n    return x * -1\n", "REPW 2 >>>-1 >>>1", "def f(x):\n    return x * 1\n"],
    [
      "a variable meant, not 0 (max subarray)",
      "def best(values):\n    current = 0\n    for v in values:\n        current = max(0, current + v)\n    return current\n",
      "REPW 4 >>>0 >>>v",
      "def best(values):\n    current = 0\n    for v in values:\n        current = max(v, current + v)\n    return current\n",
    ],
    [
      "a variable meant, not 2 (square, not double)",
      "def power(base, exp, mod):\n    while exp:\n        base = base * 2 % mod\n        exp //= 2\n    return base\n",
      "REPW 3 >>>2 >>>base",
      "def power(base, exp, mod):\n    while exp:\n        base = base * base % mod\n        exp //= 2\n    return base\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "literal", before, command, after }));

  it("never makes a subtraction of a negative number or puts a list where a number is", () => {
    checkAbsent("literal", "def f(x):\n    return x - 1\n", "REPW 2 >>>1 >>>-1");
    checkAbsent("literal", "def f(xs):\n    out = []\n    return len(xs) + 1\n", "REPW 3 >>>1 >>>out");
  });
});

describe("control-flow operators", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "if meant while inside a loop (next greater element)",
      "def f(values):\n    stack = []\n    for i, v in enumerate(values):\n        if stack and values[stack[-1]] < v:\n            stack.pop()\n        stack.append(i)\n    return stack\n",
      "REPL 4 >>>        while stack and values[stack[-1]] < v:",
      "def f(values):\n    stack = []\n    for i, v in enumerate(values):\n        while stack and values[stack[-1]] < v:\n            stack.pop()\n        stack.append(i)\n    return stack\n",
    ],
    [
      "the last group flushed after the loop (run-length encoding)",
      'def rle(s):\n    out = []\n    current, count = s[0], 0\n    for ch in s:\n        if ch == current:\n            count += 1\n        else:\n            out.append(f"{current}{count}")\n            current, count = ch, 1\n    return "".join(out)\n',
      'ADDL 10 >>>    out.append(f"{current}{count}")',
      'def rle(s):\n    out = []\n    current, count = s[0], 0\n    for ch in s:\n        if ch == current:\n            count += 1\n        else:\n            out.append(f"{current}{count}")\n            current, count = ch, 1\n    out.append(f"{current}{count}")\n    return "".join(out)\n',
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "control-flow", before, command, after }));

  it("never turns an if outside a loop into a while, nor flushes a name bound only in the loop", () => {
    checkAbsent("control-flow", "def f(x):\n    if x:\n        x -= 1\n    return x\n", "REPL 2 >>>    while x:");
    checkAbsent(
      "control-flow",
      "def f(xs):\n    for x in xs:\n        acc = []\n        acc.append(x)\n    return xs\n",
      "ADDL 5 >>>    acc.append(x)",
    );
  });
});

describe("reverse=True added", () => {
  it("to sorted() with arguments and to list.sort()", () => {
    checkFixture({
      family: "wrong-method",
      before: "def top(scores):\n    return sorted(scores.items(), key=lambda kv: kv[1])\n",
      command: "REPW 2 >>>]) >>>], reverse=True)",
      after: "def top(scores):\n    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)\n",
    });
    checkFixture({
      family: "wrong-method",
      before: "def top(xs):\n    xs.sort()\n    return xs\n",
      command: "REPW 2 >>>) >>>reverse=True)",
      after: "def top(xs):\n    xs.sort(reverse=True)\n    return xs\n",
    });
  });
  it("never twice", () => {
    checkAbsent(
      "wrong-method",
      "def f(xs):\n    return sorted(xs, reverse=False)\n",
      "REPW 2 >>>False) >>>False, reverse=True)",
    );
  });
});
