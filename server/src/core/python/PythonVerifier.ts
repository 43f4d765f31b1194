import os from "node:os";
import type { Verdict } from "../types.js";
import type { Verifier, VerifyRequest } from "./Verifier.js";
import { WorkerProcess } from "./WorkerProcess.js";
import { resources } from "../resources.js";
import { crashVerdict, toVerdict } from "./toVerdict.js";

export interface PythonVerifierOptions {
  /** The user's Python (pytest comes from it). Default $COE_PYTHON, else "python3". */
  pythonPath?: string;
  /** coe_worker.py; default: found by core/resources.ts ($COE_WORKER_PATH, else the package's own). */
  workerPath?: string;
  /** Warm workers kept; default os.availableParallelism(). */
  concurrency?: number;
  /** "warm" (default): long-lived workers fork per request. "fresh": a new python per request
   *  (the benchmark's baseline only). */
  mode?: "warm" | "fresh";
  /** Environment of the worker processes (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Address-space limit of a test child in MiB (default 1024). */
  memoryMb?: number;
  /** Per-test time limit; default: a fair share of the request's timeout. */
  testTimeoutMs?: number;
  /** Let pytest load entry-point plugins (slow: 0.1-2 s per run). Default false. */
  pytestPlugins?: boolean;
  /** Let the tested code start processes (default false: forks are refused and limited). */
  allowSubprocess?: boolean;
}

interface Job {
  request: VerifyRequest;
  resolve: (verdict: Verdict) => void;
  reject: (error: Error) => void;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error("verification aborted");
  error.name = "AbortError";
  return error;
}

/**
 * The Verifier of DESIGN §4: a pool of warm coe_worker.py processes, each forking one sandboxed
 * child per evaluation. Requests queue until a worker is free; a worker that dies is replaced
 * on the next request; dispose() stops them all.
 */
export class PythonVerifier implements Verifier {
  readonly concurrency: number;
  private readonly pythonPath: string;
  private readonly workerPath: string;
  private readonly idle: WorkerProcess[] = [];
  private readonly all = new Set<WorkerProcess>();
  private readonly queue: Job[] = [];
  private running = 0;
  private disposed = false;

  constructor(private readonly options: PythonVerifierOptions = {}) {
    this.pythonPath = options.pythonPath ?? process.env.COE_PYTHON ?? "python3";
    this.workerPath = resources.workerScript(options.workerPath);
    this.concurrency = Math.max(1, options.concurrency ?? os.availableParallelism());
  }

  verify(request: VerifyRequest): Promise<Verdict> {
    if (this.disposed) return Promise.reject(new Error("the verifier was disposed"));
    if (request.signal?.aborted) return Promise.reject(abortError(request.signal));
    return new Promise<Verdict>((resolve, reject) => {
      // The queued-abort listener must go when the job settles, or a long-lived signal collects one per request.
      const onAbort = (): void => {
        const at = this.queue.indexOf(job);
        if (at >= 0) {
          this.queue.splice(at, 1);
          reject(abortError(request.signal!));
        }
      };
      const settle = (): void => request.signal?.removeEventListener("abort", onAbort);
      const job: Job = {
        request,
        resolve: (v) => {
          settle();
          resolve(v);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
      this.queue.push(job);
      request.signal?.addEventListener("abort", onAbort, { once: true });
      this.pump();
    });
  }

  /** pids of the live worker processes (diagnostics and tests). */
  workerPids(): number[] {
    return [...this.all].map((w) => w.pid).filter((p): p is number => p !== undefined);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the verifier was disposed"));
    await Promise.all([...this.all].map((w) => w.dispose()));
    this.all.clear();
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < this.concurrency) {
      const job = this.queue.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private takeWorker(): WorkerProcess {
    while (this.idle.length > 0) {
      const worker = this.idle.pop()!;
      if (worker.alive) return worker;
    }
    const fresh = this.options.mode === "fresh";
    const worker = new WorkerProcess({
      pythonPath: this.pythonPath,
      workerPath: this.workerPath,
      args: fresh ? ["--once"] : [],
      env: this.options.env,
    });
    this.all.add(worker);
    worker.onExit = () => this.all.delete(worker);
    return worker;
  }

  private async run(job: Job): Promise<void> {
    const { request } = job;
    const worker = this.takeWorker();
    const timeoutMs = request.timeoutMs ?? 5000;
    let started = performance.now();
    try {
      const info = await worker.ready; // rejects with a clear message when python is missing
      const [major = 0, minor = 0] = info.python.split(".").map(Number);
      if (major < 3 || (major === 3 && minor < 8)) {
        worker.kill();
        throw new Error(`${info.executable} is Python ${info.python}; the verifier needs Python 3.8 or newer`);
      }
      started = performance.now();
      const { id, reply } = worker.request({
        code: request.code,
        fileName: request.fileName ?? "solution.py",
        tests: request.tests,
        timeoutMs,
        coverage: request.coverage ?? false,
        memoryMb: this.options.memoryMb,
        testTimeoutMs: this.options.testTimeoutMs,
        pytestPlugins: this.options.pytestPlugins,
        allowSubprocess: this.options.allowSubprocess,
      });
      const onAbort = (): void => worker.cancel(id);
      request.signal?.addEventListener("abort", onAbort, { once: true });
      // The worker enforces the timeout itself; this guards against a hung worker.
      const watchdog = setTimeout(() => worker.kill(), timeoutMs + 10_000);
      try {
        const answer = await reply;
        const ms = Math.round((performance.now() - started) * 100) / 100;
        if (answer.cancelled || request.signal?.aborted) job.reject(abortError(request.signal!));
        else if (answer.error !== undefined) job.resolve(crashVerdict(answer.error, ms));
        else job.resolve(toVerdict(answer.verdict, ms));
      } finally {
        clearTimeout(watchdog);
        request.signal?.removeEventListener("abort", onAbort);
      }
    } catch (error) {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      if (request.signal?.aborted) job.reject(abortError(request.signal));
      else if (
        !worker.alive &&
        (await worker.ready.then(
          () => true,
          () => false,
        ))
      )
        job.resolve(crashVerdict(`the Python worker died: ${(error as Error).message}`, ms));
      else job.reject(error as Error); // python missing / worker cannot start
    } finally {
      if (this.options.mode === "fresh" || this.disposed) void worker.dispose();
      else if (worker.alive) this.idle.push(worker);
    }
  }
}

/** A verifier that starts a new python per request: the benchmark's baseline, nothing else. */
export function createFreshProcessVerifier(options: PythonVerifierOptions = {}): PythonVerifier {
  return new PythonVerifier({ ...options, mode: "fresh" });
}
