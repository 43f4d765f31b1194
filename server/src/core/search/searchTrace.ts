import { printCommand, splitLines } from "../dsl/index.js";
import { unifiedDiff } from "../loop/unifiedDiff.js";
import { tokenizePython } from "../parse/pyTokens.js";
import { analyzePython, functionAt } from "./pyAnalysis.js";
import type { SearchRepairOptions } from "./SearchRepairOptions.js";
import { isSolved, type Command, type TestSource, type Trace, type TraceStep, type Verdict } from "../types.js";

/** Whether the search's fix passes the tests held back from it (`hiddenTests`: `coe eval --hidden`); never
 *  counted in its budget. */
export async function passesHidden(
  options: Pick<SearchRepairOptions, "verifier" | "hiddenTests" | "timeoutMs" | "signal">,
  code: string,
  fileName: string,
): Promise<boolean> {
  if (!options.hiddenTests) return false;
  const hidden = await options.verifier
    .verify({ code, tests: options.hiddenTests, fileName, timeoutMs: options.timeoutMs, signal: options.signal })
    .catch(() => undefined);
  return hidden !== undefined && isSolved(hidden);
}

/** A verified node of the search tree (internal to the search; the trace is what leaves it). */
export interface SearchNode {
  code: string;
  verdict: Verdict;
  command?: Command;
  parent?: SearchNode;
  depth: number;
  /** Model tokens spent on the proposal that led here (0 for mutations). */
  tokens: number;
  /** Verification time of this node. */
  ms: number;
}

/** Root-to-node list of nodes. */
export function pathTo(node: SearchNode): SearchNode[] {
  const out: SearchNode[] = [];
  for (let n: SearchNode | undefined = node; n; n = n.parent) out.unshift(n);
  return out;
}

export interface BuildTraceOptions {
  node: SearchNode;
  file: string;
  model: string;
  stop: Trace["stop"];
  ms: number;
}

/**
 * The winning (or best) path as an ordinary Chain-of-Edits trace: one step per command with its
 * code, diff, test counts, reward (+1 where the tests first all pass) and tokens, ending in EXIT.
 */
export function buildTrace(options: BuildTraceOptions): Trace {
  const path = pathTo(options.node);
  const root = path[0]!;
  const steps: TraceStep[] = [];
  let solvedAt = isSolved(root.verdict) ? 0 : -1;
  for (let i = 1; i < path.length; i++) {
    const n = path[i]!;
    const solvedNow = solvedAt < 0 && isSolved(n.verdict);
    if (solvedNow) solvedAt = i;
    steps.push({
      command: printCommand(n.command!),
      code: n.code,
      diff: unifiedDiff(path[i - 1]!.code, n.code, options.file),
      passed: n.verdict.passed,
      total: n.verdict.total,
      verdict: n.verdict,
      reward: solvedNow ? 1 : 0,
      tokens: n.tokens,
      ms: Math.round(n.ms),
    });
  }
  const last = path[path.length - 1]!;
  steps.push({
    command: "EXIT",
    code: last.code,
    diff: "",
    passed: last.verdict.passed,
    total: last.verdict.total,
    reward: 0,
    tokens: 0,
    ms: 0,
  });
  const total = last.verdict.total;
  return {
    file: options.file,
    model: options.model,
    solved: isSolved(last.verdict),
    initialCode: root.code,
    initialPassed: root.verdict.passed,
    initialTotal: root.verdict.total,
    finalCode: last.code,
    steps,
    reward: steps.reduce((s, x) => s + x.reward, 0),
    partial: total > 0 ? last.verdict.passed / total : 0,
    tokens: steps.reduce((s, x) => s + x.tokens, 0),
    ms: Math.round(options.ms),
    stop: options.stop,
  };
}

/**
 * The functions the tests call, split into the one under repair (the function most tests call
 * first, unless `target` names it) and the helpers (every other function of the code they call,
 * e.g. to compute an expected value).
 */
export function testedFunctions(
  code: string,
  tests: TestSource,
  target?: string,
): { target?: string; helpers: Set<string> } {
  const defined = new Set(analyzePython(splitLines(code)).functions.map((f) => f.name));
  const units = tests.kind === "snippets" ? tests.snippets : tests.kind === "pytest" ? [tests.content] : [];
  const firstCalls = new Map<string, number>();
  // A helper is a function of the code that a test calls to compute the EXPECTED value: a call on the
  // right of an assert's top-level comparison (`assert f(x) == g(x)` makes g a helper). Functions the
  // tests merely exercise (several tested functions in one pytest file) are not helpers.
  const expected = new Set<string>();
  for (const unit of units) {
    let first: string | undefined;
    for (const line of unit.split("\n")) {
      const toks = tokenizePython(line).filter((t) => t.kind !== "comment" && t.kind !== "newline");
      const isAssert = toks[0]?.text === "assert";
      let depth = 0;
      let rightSide = false;
      toks.forEach((t, i) => {
        if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
        else if (t.text === ")" || t.text === "]" || t.text === "}") depth--;
        else if (isAssert && depth === 0 && ["==", "!=", "<", "<=", ">", ">=", "in", "is"].includes(t.text))
          rightSide = true;
        if (t.kind !== "name" || !defined.has(t.text) || toks[i + 1]?.text !== "(" || toks[i - 1]?.text === ".") return;
        first ??= t.text;
        if (rightSide) expected.add(t.text);
      });
    }
    if (first) firstCalls.set(first, (firstCalls.get(first) ?? 0) + 1);
  }
  const chosen = target ?? [...firstCalls.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { target: chosen, helpers: new Set([...expected].filter((f) => f !== chosen)) };
}

/** Flags for a path: 'edits-test-helper' when a step edits a helper function the tests call. */
export function pathFlags(node: SearchNode, tests: TestSource, target?: string): string[] {
  const path = pathTo(node);
  const { helpers } = testedFunctions(path[0]!.code, tests, target);
  if (helpers.size === 0) return [];
  for (let i = 1; i < path.length; i++) {
    const cmd = path[i]!.command!;
    if (cmd.op === "EXIT") continue;
    const analysis = analyzePython(splitLines(path[i - 1]!.code));
    const fn = functionAt(analysis, cmd.line) ?? (cmd.op === "ADDL" ? functionAt(analysis, cmd.line - 1) : undefined);
    if (fn && helpers.has(fn.name)) return ["edits-test-helper"];
  }
  return [];
}
