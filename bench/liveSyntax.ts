/**
 * Live syntax errors (DESIGN §7): the time to locate a syntax error with tree-sitter, as the language
 * server does while the user types (server/src/lsp/LiveSyntax.ts over core/parse/locateSyntaxError.ts),
 * vs. Python's compile() reached (a) through a fresh `python3 -c "compile(...)"` process per check and
 * (b) through the warm verifier (its syntax verdict; 50 ms idle before each check, as between
 * keystrokes, lets the worker prepare its next child as in the repair loop).
 * Programs: MBPP task_id >= 511 (never the evaluation split), each broken by one typing slip (a
 * dropped ":" or ")", or an extra ")"), kept when Python rejects it.
 * Targets: tree-sitter p50 < 5 ms, and >= 10x faster than the warm verifier's syntax verdict.
 * Also reported: how often tree-sitter finds an error at all, and on the same line as Python.
 *
 * Run alone: node --import tsx bench/liveSyntax.ts
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resources } from "../server/src/core/resources.js";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { LiveSyntax } from "../server/src/lsp/LiveSyntax.js";
import { realPython, sleep } from "./verifierMemory.js";

type Row = Record<string, number | string>;

/** MBPP, all carried splits (data/mbpp/, or $COE_MBPP), found by core/resources.ts. */
const mbppText = (): string =>
  resources
    .mbppFiles(["test", "train-validation"])
    .map((f) => readFileSync(f, "utf8"))
    .join("");
const PROGRAMS = 60;
const TREE_SITTER_ROUNDS = 5;
const GAP_MS = 50;
const COMPILE = [
  "import sys",
  "try:",
  "    compile(sys.stdin.read(), 'solution.py', 'exec')",
  "    print(0)",
  "except SyntaxError as e:",
  "    print(e.lineno or 0)",
].join("\n");

interface Broken {
  code: string;
  tests: string[];
  /** The line Python's compile() blames (1-based). */
  pythonLine: number;
}

type Slip = (lines: string[], pick: number) => string[] | undefined;

/** Applies `edit` to the pick-th (modulo) line that `match` accepts. */
function onLine(lines: string[], pick: number, match: (l: string) => boolean, edit: (l: string) => string) {
  const at = lines.flatMap((l, i) => (match(l) ? [i] : []));
  if (at.length === 0) return undefined;
  const i = at[pick % at.length]!;
  return lines.map((l, j) => (j === i ? edit(l) : l));
}

const SLIPS: Slip[] = [
  (lines, pick) =>
    onLine(
      lines,
      pick,
      (l) => l.trimEnd().endsWith(":"),
      (l) => l.trimEnd().slice(0, -1),
    ),
  (lines, pick) =>
    onLine(
      lines,
      pick,
      (l) => l.includes(")"),
      (l) => l.slice(0, l.lastIndexOf(")")) + l.slice(l.lastIndexOf(")") + 1),
    ),
  (lines, pick) =>
    onLine(
      lines,
      pick,
      (l) => /^\s+(return |\w+ = )/.test(l),
      (l) => l.trimEnd() + ")",
    ),
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Python's verdict through a fresh process: the blamed line (0: it compiles) and the round trip in ms. */
function freshCompile(python: string, code: string): { line: number; ms: number } {
  const started = performance.now();
  const out = spawnSync(python, ["-c", COMPILE], { input: code, encoding: "utf8" });
  const ms = performance.now() - started;
  if (out.status !== 0) throw new Error(`${python} -c compile(...) failed: ${out.stderr || out.error?.message}`);
  return { line: Number(out.stdout.trim()), ms };
}

function loadBroken(python: string, freshMs: number[]): Broken[] {
  const tasks = mbppText()
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { task_id: number; code: string; test_list: string[] })
    .filter((task) => task.task_id >= 511);
  const broken: Broken[] = [];
  for (const [i, task] of tasks.entries()) {
    if (broken.length >= PROGRAMS) break;
    const lines = task.code.replace(/\r\n/g, "\n").split("\n");
    const slipped = [0, 1, 2].map((k) => SLIPS[(i + k) % SLIPS.length]!(lines, i)).find((l) => l !== undefined);
    if (!slipped) continue;
    const code = slipped.join("\n");
    const { line, ms } = freshCompile(python, code);
    if (line === 0) continue; // still valid Python (e.g. an extra ")" inside a string)
    freshMs.push(ms);
    broken.push({ code, tests: task.test_list, pythonLine: line });
  }
  return broken;
}

export async function benchLiveSyntax(): Promise<Row> {
  const python = realPython();
  const freshMs: number[] = [];
  const programs = loadBroken(python, freshMs);
  const syntax = new LiveSyntax({ log: (line) => process.stderr.write(line + "\n") });
  const verifier = new PythonVerifier({ concurrency: 1, pythonPath: python });
  try {
    const loadStarted = performance.now();
    if (!(await syntax.diagnostic(programs[0]!.code))) throw new Error("tree-sitter is unavailable or saw no error");
    const loadMs = performance.now() - loadStarted;
    const treeMs: number[] = [];
    let found = 0;
    let sameLine = 0;
    for (let round = 0; round < TREE_SITTER_ROUNDS; round++)
      for (const program of programs) {
        const started = performance.now();
        const diagnostic = await syntax.diagnostic(program.code);
        treeMs.push(performance.now() - started);
        if (round > 0) continue;
        if (diagnostic) found++;
        if (diagnostic && diagnostic.range.start.line + 1 === program.pythonLine) sameLine++;
      }

    const warmMs: number[] = [];
    let warmAgrees = 0;
    const request = (p: Broken) => ({ code: p.code, tests: { kind: "snippets" as const, snippets: p.tests } });
    await verifier.verify(request(programs[0]!)); // start-up is not a check
    for (const program of programs) {
      await sleep(GAP_MS);
      const started = performance.now();
      const verdict = await verifier.verify(request(program));
      warmMs.push(performance.now() - started);
      if (verdict.kind === "syntax" && verdict.syntax?.line === program.pythonLine) warmAgrees++;
    }

    const tree = percentile(treeMs, 50);
    const warm = percentile(warmMs, 50);
    const fresh = percentile(freshMs, 50);
    const n = programs.length;
    return {
      "programs with a syntax error (Python agrees)": n,
      "tree-sitter first call, loading wasm (ms)": loadMs,
      "tree-sitter locate p50 (ms)": tree,
      "tree-sitter locate p90 (ms)": percentile(treeMs, 90),
      "fresh python3 -c compile(...) p50 (ms)": fresh,
      "warm verifier syntax verdict p50 (ms)": warm,
      "speed-up p50: tree-sitter vs fresh python3": fresh / tree,
      "speed-up p50: tree-sitter vs warm verifier": warm / tree,
      "tree-sitter finds an error": `${found}/${n}`,
      "  on the line Python blames": `${sameLine}/${n}`,
      "  warm verifier: syntax verdict, same line": `${warmAgrees}/${n}`,
      "target: tree-sitter p50 < 5 ms": tree < 5 ? "met" : "not met",
      "target: >= 10x faster than the warm verifier": warm / tree >= 10 ? "met" : "not met",
    };
  } finally {
    syntax.dispose();
    await verifier.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const [k, v] of Object.entries(await benchLiveSyntax()))
    console.log(`${k.padEnd(52)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
