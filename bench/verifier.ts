/**
 * Verifier step latency: the warm forked worker against a fresh `python3` per step, on 30
 * MBPP-sized functions (task_id >= 511: never the evaluation split) with their test_list as
 * snippets. Target: p50 < 15 ms warm and a warm/fresh speed-up >= 4x.
 *
 * Run alone: node --import tsx bench/verifier.ts
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resources } from "../server/src/core/resources.js";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PythonVerifier, createFreshProcessVerifier } from "../server/src/core/python/PythonVerifier.js";
import type { Verifier, VerifyRequest } from "../server/src/core/python/Verifier.js";

/** MBPP, all carried splits (data/mbpp/, or $COE_MBPP), found by core/resources.ts. */
const mbppText = (): string =>
  resources
    .mbppFiles(["test", "train-validation"])
    .map((f) => readFileSync(f, "utf8"))
    .join("");

/** Idle time before each measured step: the model's turn in the real loop. */
const GAP_MS = 50;

interface MbppTask {
  task_id: number;
  code: string;
  test_list: string[];
  test_setup_code?: string;
}

function loadTasks(count: number): VerifyRequest[] {
  const tasks = mbppText()
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as MbppTask)
    .filter((task) => task.task_id >= 511)
    .slice(0, count);
  return tasks.map((task) => ({
    code: (task.test_setup_code ? task.test_setup_code + "\n" : "") + task.code.replace(/\r\n/g, "\n"),
    tests: { kind: "snippets", snippets: task.test_list },
    timeoutMs: 10_000,
  }));
}

/** CPU ms used so far by a process and its reaped children (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    // fields 14-17 of stat (utime, stime, cutime, cstime) are f[11..14] here, in clock ticks
    return ((f[11]! + f[12]! + f[13]! + f[14]!) * 1000) / 100;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[at]! * 100) / 100;
}

/**
 * Verifies every request in turn (one at a time: step latency, not throughput). `gapMs` of idle
 * time before each step stands for the model generating the next command, as in the repair loop;
 * the warm worker uses it to fork and prepare the next sandboxed child. It is not counted.
 */
async function timeSteps(
  verifier: Verifier,
  requests: VerifyRequest[],
  rounds: number,
  gapMs = 0,
): Promise<{ ms: number[]; passed: number }> {
  const ms: number[] = [];
  let passed = 0;
  await verifier.verify(requests[0]!); // start-up is not a step
  for (let round = 0; round < rounds; round++) {
    for (const request of requests) {
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      const started = performance.now();
      const verdict = await verifier.verify(request);
      ms.push(performance.now() - started);
      if (round === 0 && verdict.passed === verdict.total && verdict.total > 0) passed++;
    }
  }
  return { ms: ms.sort((a, b) => a - b), passed };
}

export async function benchVerifier(): Promise<Record<string, number | string>> {
  const requests = loadTasks(30);
  // The real interpreter, not a launcher shim (pyenv's costs ~0.3 s and would flatter the ratio).
  const pythonPath = execFileSync(process.env.COE_PYTHON ?? "python3", ["-c", "import sys; print(sys.executable)"], {
    encoding: "utf8",
  }).trim();
  const warm = new PythonVerifier({ concurrency: 1, pythonPath });
  const fresh = createFreshProcessVerifier({ concurrency: 1, pythonPath });
  try {
    await warm.verify(requests[0]!);
    const [pid] = warm.workerPids();
    const cpuBefore = pid ? cpuMs(pid) : 0;
    const w = await timeSteps(warm, requests, 2, GAP_MS);
    // Load-independent: CPU per step of the worker and its test children (the wall-clock
    // numbers on a shared, overloaded 2-vCPU box are mostly scheduling delay).
    const warmCpu = pid ? (cpuMs(pid) - cpuBefore) / (w.ms.length + 1) : 0;
    const b2b = await timeSteps(warm, requests, 1, 0); // no model time between steps
    const f = await timeSteps(fresh, requests, 1, GAP_MS);
    const warmP50 = percentile(w.ms, 50);
    const freshP50 = percentile(f.ms, 50);
    return {
      tasks: requests.length,
      tasksAllPassing: w.passed,
      warmP50Ms: warmP50,
      warmP90Ms: percentile(w.ms, 90),
      warmCpuMsPerStep: Math.round(warmCpu * 100) / 100,
      warmBackToBackP50Ms: percentile(b2b.ms, 50),
      freshP50Ms: freshP50,
      freshP90Ms: percentile(f.ms, 90),
      speedupP50: Math.round((freshP50 / warmP50) * 100) / 100,
      gapMs: GAP_MS,
      python: pythonPath,
    };
  } finally {
    await Promise.all([warm.dispose(), fresh.dispose()]);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchVerifier();
  for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(16)} ${value}`);
}
