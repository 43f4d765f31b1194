import { spawn, type ChildProcess } from "node:child_process";

/** What the worker says when it starts (first line of its output). */
export interface WorkerInfo {
  pid: number;
  python: string;
  executable: string;
  /** "nobody" when test children drop root privileges, else null. */
  sandboxUser: string | null;
}

/** One line the worker answers to a request. */
export interface WorkerReply {
  id: number;
  verdict?: unknown;
  cancelled?: boolean;
  error?: string;
}

export interface WorkerProcessOptions {
  pythonPath: string;
  workerPath: string;
  /** Extra arguments for coe_worker.py, e.g. ["--once"]. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

interface Waiter {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

/**
 * One coe_worker.py process, talked to over stdio pipes (JSON lines; DESIGN §5: no ports).
 * Requests are matched to replies by id. When the process dies, every open request is rejected
 * and `onExit` fires, so the pool can replace it.
 */
export class WorkerProcess {
  readonly ready: Promise<WorkerInfo>;
  onExit?: (error: Error) => void;
  private readonly child: ChildProcess;
  private readonly waiters = new Map<number, Waiter>();
  private buffer = "";
  private stderrTail = "";
  private nextId = 1;
  private exited: Error | undefined;

  constructor(private readonly options: WorkerProcessOptions) {
    let markReady!: (info: WorkerInfo) => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise<WorkerInfo>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined); // observed through request() as well
    this.child = spawn(options.pythonPath, [options.workerPath, ...(options.args ?? [])], {
      stdio: ["pipe", "pipe", "pipe"],
      env: options.env ?? process.env,
    });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => this.onData(chunk, markReady));
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    this.child.stdin!.on("error", () => undefined); // EPIPE after a crash: reported via exit
    this.child.on("error", (error: NodeJS.ErrnoException) => {
      const message =
        error.code === "ENOENT"
          ? `Python not found: "${options.pythonPath}". Install Python 3.8+ or set COE_PYTHON / the pythonPath option.`
          : `could not start the Python worker (${options.pythonPath}): ${error.message}`;
      this.fail(new Error(message), failReady);
    });
    this.child.on("exit", (code, signal) => {
      const why = signal ? `signal ${signal}` : `status ${code}`;
      const tail = this.stderrTail.trim() ? `\n${this.stderrTail.trim()}` : "";
      this.fail(new Error(`the Python worker exited (${why})${tail}`), failReady);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /** Sends one request (the id is assigned here) and resolves with the worker's reply. */
  request(message: Record<string, unknown>): { id: number; reply: Promise<WorkerReply> } {
    const id = this.nextId++;
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      if (this.exited) return reject(this.exited);
      this.waiters.set(id, { resolve, reject });
      this.child.stdin!.write(JSON.stringify({ ...message, id }) + "\n");
    });
    return { id, reply };
  }

  /** Asks the worker to kill the child running request `id` (it replies {cancelled: true}). */
  cancel(id: number): void {
    if (!this.exited) this.child.stdin!.write(JSON.stringify({ cancel: id }) + "\n");
  }

  /** Closes stdin (the worker kills its child and exits), then SIGKILLs after `graceMs`. */
  async dispose(graceMs = 1000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }

  /** Kills the process now (used when it stops answering). */
  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }

  private onData(chunk: string, markReady: (info: WorkerInfo) => void): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not ours; the protocol fd carries only JSON
      }
      if (message.ready === true) {
        markReady(message as unknown as WorkerInfo);
        continue;
      }
      const id = typeof message.id === "number" ? message.id : undefined;
      const waiter = id === undefined ? undefined : this.waiters.get(id);
      if (waiter && id !== undefined) {
        this.waiters.delete(id);
        waiter.resolve(message as unknown as WorkerReply);
      }
    }
  }

  private fail(error: Error, failReady: (error: Error) => void): void {
    if (this.exited) return;
    this.exited = error;
    failReady(error);
    for (const waiter of this.waiters.values()) waiter.reject(error);
    this.waiters.clear();
    this.onExit?.(error);
  }
}
