import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { resources } from "../resources.js";

/** A progress line of the Python trainer ("PROGRESS {json}" on its stdout). */
export interface TrainerProgress {
  step?: number;
  steps?: number;
  loss?: number;
  tokens_per_s?: number;
  eta_s?: number;
  [key: string]: unknown;
}

export interface RunTrainerOptions {
  /** Module of trainer/coe_trainer to run, e.g. "sft" or "grpo". */
  module: string;
  args: string[];
  /** Python with torch (default: COE_TRAIN_PYTHON, else /usr/bin/python3 where Debian's torch lives). */
  python?: string;
  signal?: AbortSignal;
  onProgress?: (p: TrainerProgress) => void;
  /** Lines the trainer prints on stderr (human progress, warnings). */
  onLog?: (line: string) => void;
}

/**
 * Runs one trainer job as a child process over stdio pipes (no ports). Resolves with the last
 * progress record when it exits 0; rejects with the trainer's last error lines otherwise. Abort
 * sends SIGINT (the trainer checkpoints and exits), then SIGKILL after 10 s.
 */
export function runTrainer(options: RunTrainerOptions): Promise<TrainerProgress> {
  const python = options.python ?? process.env.COE_TRAIN_PYTHON ?? "/usr/bin/python3";
  const cwd = resources.trainerDir();
  const tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
  const env = {
    ...process.env,
    PYTHONPATH: cwd,
    PYTHONUNBUFFERED: "1",
    ...(existsSync(tcmalloc) ? { LD_PRELOAD: tcmalloc } : {}),
  };
  if (options.signal?.aborted) return Promise.reject(new Error("training cancelled before the trainer started"));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      python,
      [
        "-m",
        `coe_trainer.${options.module}`,
        ...options.args.map((a) => (a.startsWith("/") || !a.includes("/") ? a : resolve(a))),
      ],
      {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let last: TrainerProgress = {};
    const tail: string[] = [];
    const lines = (stream: NodeJS.ReadableStream, onLine: (l: string) => void): void => {
      let buf = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf("\n")) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    };
    lines(child.stdout, (l) => {
      if (!l.startsWith("PROGRESS ")) return;
      try {
        last = JSON.parse(l.slice(9)) as TrainerProgress;
        options.onProgress?.(last);
      } catch {
        /* a partial line is not progress */
      }
    });
    lines(child.stderr, (l) => {
      tail.push(l);
      if (tail.length > 20) tail.shift();
      options.onLog?.(l);
    });
    let killer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      child.kill("SIGINT");
      killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (err) => reject(new Error(`cannot start the trainer with ${python}: ${err.message}`)));
    child.on("close", (code, sig) => {
      if (killer) clearTimeout(killer);
      options.signal?.removeEventListener("abort", onAbort);
      if (code === 0) resolvePromise(last);
      else if (options.signal?.aborted)
        reject(new Error("training cancelled (a checkpoint was kept: resume with --resume)"));
      else reject(new Error(`trainer ${options.module} failed (${code ?? sig}):\n${tail.slice(-8).join("\n")}`));
    });
  });
}
