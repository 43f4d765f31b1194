/**
 * Hostile code against the real sandbox (DESIGN §4): every case must give a clear verdict within
 * its timeout (+ a margin for this shared machine), leave no process behind, and change nothing
 * outside its scratch copy.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import type { Verdict } from "../../server/src/core/types.js";

const MARGIN_MS = 6000; // generous: the machine is shared and noisy; a hang would take far longer

/** pids of every descendant of `root`, from /proc/<pid>/stat. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  for (const pid of parentOf.keys()) {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

function cwdOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return ""; // gone already
  }
}

void describe("PythonVerifier with hostile code", () => {
  let verifier: PythonVerifier;
  let canaryDir: string;
  let canary: string;
  before(async () => {
    verifier = new PythonVerifier({ concurrency: 1 });
    canaryDir = mkdtempSync(path.join(os.tmpdir(), "coe-canary-"));
    canary = path.join(canaryDir, "canary.txt");
    writeFileSync(canary, "untouched\n");
    // Start the worker before any timing is checked: a cold start on a loaded machine is not the hang under test.
    await verifier.verify({ code: "x = 1\n", tests: { kind: "snippets", snippets: ["assert x == 1"] } });
  });
  after(async () => {
    await verifier.dispose();
    rmSync(canaryDir, { recursive: true, force: true });
  });

  /** Runs `code` against `snippets`, checking time and leftovers; returns the verdict. */
  async function run(code: string, snippets: string[], timeoutMs = 2000): Promise<Verdict> {
    const started = performance.now();
    const v = await verifier.verify({ code, timeoutMs, tests: { kind: "snippets", snippets } });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < timeoutMs + MARGIN_MS, `took ${Math.round(elapsed)} ms`);
    // The worker SIGKILLs the child's group before it replies and sweeps/reaps right after. Its
    // standby child (forked ahead for the next request, sitting in a fresh scratch dir) may
    // exist; anything else, e.g. a process still in the deleted scratch dir, is a leftover.
    const leftovers = (): number[] => {
      const all = verifier.workerPids().flatMap((pid) => descendants(pid));
      return all.length > 1 ? all : all.filter((pid) => cwdOf(pid).endsWith("(deleted)"));
    };
    let left = leftovers();
    for (let waited = 0; left.length > 0 && waited < 2000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = leftovers();
    }
    assert.deepEqual(left, [], "processes left behind");
    return v;
  }

  void it("while True: pass -> the test times out", async () => {
    const v = await run("def f():\n    while True:\n        pass\n", ["assert f() == 1"]);
    assert.equal(v.tests[0]?.status, "timeout");
  });

  void it("a loop that ignores the per-test alarm -> the whole run times out", async () => {
    const code = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass\n";
    const v = await run(code, ["assert True"]);
    assert.equal(v.kind, "timeout");
    assert.match(v.detail ?? "", /wall-clock limit/);
  });

  void it("a memory bomb -> MemoryError", async () => {
    const code =
      "def f():\n    blocks = []\n    while True:\n        blocks.append(bytes(100 * 1024 * 1024))  # calloc: hits the limit without touching pages\n";
    const v = await run(code, ["assert f()"], 20000); // slack for a loaded machine: the point is MemoryError
    assert.equal(v.tests[0]?.status, "error");
    assert.match(v.tests[0]?.message ?? "", /MemoryError/);
  });

  void it("a fork bomb through os.fork -> refused, nothing left", async () => {
    const code = "import os\ndef f():\n    n = 0\n    while n < 1000:\n        n += 1\n        os.fork()\n";
    const v = await run(code, ["assert f() is None"]);
    assert.match(v.tests[0]?.message ?? "", /PermissionError/);
  });

  void it("a fork bomb through libc (bypassing the guard) -> killed, nothing left", async () => {
    const code =
      "import ctypes, time\nlibc = ctypes.CDLL(None)\nfor _ in range(10000):\n    libc.fork()\ntime.sleep(30)\n";
    const v = await run(code, ["assert True"]);
    assert.notEqual(v.tests[0]?.status, "pass");
  });

  void it("a descendant that leaves the process group is still killed", async () => {
    const code =
      "import ctypes, os, time\nlibc = ctypes.CDLL(None)\nif libc.fork() == 0:\n    os.setsid()\n    time.sleep(60)\n";
    const v = await run(code, ["assert True"]);
    assert.equal(v.kind, "ok");
  });

  void it("os._exit(3) -> crash with the exit status", async () => {
    const v = await run("import os\ndef f():\n    os._exit(3)\n", ["assert f() == 1", "assert True"]);
    assert.equal(v.kind, "crash");
    assert.match(v.detail ?? "", /status 3/);
    assert.equal(v.total, 2);
    assert.equal(v.passed, 0);
  });

  void it("sys.exit(0) at import -> every test errors with SystemExit", async () => {
    const v = await run("import sys\nsys.exit(0)\n", ["assert True", "assert 1 == 1"]);
    assert.equal(v.kind, "ok");
    assert.deepEqual(
      v.tests.map((t) => t.status),
      ["error", "error"],
    );
    assert.match(v.tests[0]?.message ?? "", /SystemExit/);
  });

  void it("50 MB of output -> bounded, a clear error", async () => {
    const v = await run("def f():\n    print('x' * 50_000_000)\n    return 1\n", ["assert f() == 1"], 4000);
    assert.equal(v.tests[0]?.status, "error");
    assert.match(v.tests[0]?.message ?? "", /File too large/);
  });

  void it("reading stdin gets EOF", async () => {
    const v = await run("def f():\n    return input()\n", ["assert f() == 'x'"]);
    assert.match(v.tests[0]?.message ?? "", /EOFError/);
  });

  void it(
    "cannot change files outside its scratch copy (running as root)",
    { skip: process.getuid?.() !== 0 },
    async () => {
      const code = [
        "import os",
        `CANARY = ${JSON.stringify(canary)}`,
        "def rm():\n    os.remove(CANARY)",
        "def write():\n    open(CANARY, 'w').write('owned')",
        "def create():\n    open(os.path.join(os.path.dirname(CANARY), 'new.txt'), 'w').write('x')",
        "def local():\n    open('mine.txt', 'w').write('x')\n    return open('mine.txt').read()",
      ].join("\n");
      const v = await run(code, [
        "assert rm() is None",
        "assert write() is None",
        "assert create() is None",
        "assert local() == 'x'",
      ]);
      assert.deepEqual(
        v.tests.map((t) => t.status),
        ["error", "error", "error", "pass"],
      );
      for (const t of v.tests.slice(0, 3)) assert.match(t.message ?? "", /PermissionError/);
      assert.equal(readFileSync(canary, "utf8"), "untouched\n");
      assert.deepEqual(readdirSync(canaryDir), ["canary.txt"]);
    },
  );
});
