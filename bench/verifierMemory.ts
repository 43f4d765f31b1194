/**
 * Memory of the warm Python verifier (DESIGN §4): the pool's resident memory (the sum of the worker
 * processes' VmRSS from /proc; the forked test children are not counted, they exit after each run)
 * idle after warm-up vs. idle after 200 verifications of MBPP programs (task_id >= 511, never the
 * evaluation split). Target: growth < 10% (no leak in the long-lived workers).
 * Then a memory bomb (a test that keeps allocating 16 MiB strings, each touched) must be stopped by
 * the sandbox's address-space limit (default 1024 MiB): its verdict names MemoryError (or an
 * out-of-memory crash) and the pool's RSS stays where it was (< 5% change), because only the
 * forked child grew.
 *
 * Run alone: node --import tsx bench/verifierMemory.ts
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resources } from "../server/src/core/resources.js";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import type { VerifyRequest } from "../server/src/core/python/Verifier.js";
import type { Verdict } from "../server/src/core/types.js";

type Row = Record<string, number | string>;

/** MBPP, all carried splits (data/mbpp/, or $COE_MBPP), found by core/resources.ts. */
const mbppText = (): string =>
  resources
    .mbppFiles(["test", "train-validation"])
    .map((f) => readFileSync(f, "utf8"))
    .join("");
const VERIFICATIONS = 200;
const WORKERS = 2;

const BOMB: VerifyRequest = {
  code: [
    "def grow():",
    "    chunks = []",
    "    while True:",
    '        chunks.append(b"x" * (16 << 20))',
    "    return len(chunks)",
    "",
  ].join("\n"),
  tests: { kind: "snippets", snippets: ["assert grow() > 0"] },
  timeoutMs: 20_000,
};

/** Resident memory of one process in MiB (VmRSS of /proc/<pid>/status; Linux only). */
export function procRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line (a kernel thread, or not Linux?)`);
  return Number(match[1]) / 1024;
}

/** The real interpreter behind `python3` (a pyenv shim would add its own start-up to every fresh run). */
export function realPython(): string {
  return execFileSync(process.env.COE_PYTHON ?? "python3", ["-c", "import sys; print(sys.executable)"], {
    encoding: "utf8",
  }).trim();
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface MbppTask {
  task_id: number;
  code: string;
  test_list: string[];
  test_setup_code?: string;
}

function loadRequests(count: number): VerifyRequest[] {
  return mbppText()
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as MbppTask)
    .filter((task) => task.task_id >= 511)
    .slice(0, count)
    .map((task) => ({
      code: (task.test_setup_code ? task.test_setup_code + "\n" : "") + task.code.replace(/\r\n/g, "\n"),
      tests: { kind: "snippets", snippets: task.test_list },
      timeoutMs: 10_000,
    }));
}

/** Sum of the workers' RSS after a short idle pause (the worker prepares its next child meanwhile). */
async function poolRss(verifier: PythonVerifier): Promise<number> {
  await sleep(500);
  const pids = verifier.workerPids();
  if (pids.length === 0) throw new Error("the verifier has no live worker");
  return pids.reduce((sum, pid) => sum + procRssMiB(pid), 0);
}

/** Runs `requests` in waves of `WORKERS` at once (every worker stays busy); returns how many passed. */
async function verifyAll(verifier: PythonVerifier, requests: VerifyRequest[]): Promise<number> {
  let passed = 0;
  for (let i = 0; i < requests.length; i += WORKERS) {
    const verdicts = await Promise.all(requests.slice(i, i + WORKERS).map((r) => verifier.verify(r)));
    passed += verdicts.filter((v) => v.kind === "ok" && v.total > 0 && v.passed === v.total).length;
  }
  return passed;
}

/** One line saying what the verdict reports (kind, first test's status and message). */
function describe(verdict: Verdict): string {
  const test = verdict.tests[0];
  const what = test ? `${test.status}: ${test.message ?? ""}` : (verdict.detail ?? "");
  return `${verdict.kind}, ${what.replace(/\s+/g, " ").trim().slice(0, 60)}`;
}

const pct = (before: number, after: number): number => ((after - before) / before) * 100;
const mib = (n: number): number => Math.round(n * 10) / 10;

export async function benchVerifierMemory(): Promise<Row> {
  const tasks = loadRequests(30);
  const requests = Array.from({ length: VERIFICATIONS }, (_, i) => tasks[i % tasks.length]!);
  const verifier = new PythonVerifier({ concurrency: WORKERS, pythonPath: realPython() });
  try {
    await verifyAll(verifier, tasks.slice(0, 2 * WORKERS)); // start every worker, lazy imports done
    const idle = await poolRss(verifier);
    const started = performance.now();
    const passed = await verifyAll(verifier, requests);
    const seconds = (performance.now() - started) / 1000;
    const after = await poolRss(verifier);
    const growth = pct(idle, after);

    const bombStarted = performance.now();
    const bomb = await verifier.verify(BOMB);
    const bombMs = performance.now() - bombStarted;
    const afterBomb = await poolRss(verifier);
    const bombChange = pct(after, afterBomb);
    const capped = /MemoryError|out of memory/i.test(JSON.stringify(bomb)) && bomb.passed === 0;
    return {
      "workers (pool size)": verifier.workerPids().length,
      "pool RSS idle after warm-up (MiB)": mib(idle),
      [`pool RSS idle after ${VERIFICATIONS} verifications (MiB)`]: mib(after),
      "  verifications that passed all tests": `${passed}/${VERIFICATIONS} in ${seconds.toFixed(1)} s`,
      "pool RSS growth (%)": growth,
      "target: growth < 10% (no leak)": growth < 10 ? "met" : "not met",
      "memory bomb verdict (limit 1024 MiB)": describe(bomb),
      "memory bomb wall time (ms)": Math.round(bombMs),
      "pool RSS after the bomb (MiB)": mib(afterBomb),
      "pool RSS change from the bomb (%)": bombChange,
      "target: bomb capped, pool RSS change < 5%": capped && Math.abs(bombChange) < 5 ? "met" : "not met",
    };
  } finally {
    await verifier.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const [k, v] of Object.entries(await benchVerifierMemory()))
    console.log(`${k.padEnd(52)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
