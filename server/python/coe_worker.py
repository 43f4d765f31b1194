"""The warm Python test worker (DESIGN §4). Stdlib only, Python 3.8+.

Protocol (stdio pipes, no ports): one JSON request per line on stdin, one JSON response per line on
a private duplicate of the original stdout (fd 1 itself is pointed at stderr at start-up, so nothing
that prints in this process can corrupt the protocol).

  -> {"id": 7, "code": "...", "fileName": "solution.py", "tests": {"kind": "snippets", ...},
      "timeoutMs": 5000, "testTimeoutMs"?: n, "coverage"?: bool, "memoryMb"?: 1024}
  -> {"cancel": 7}                       kill the child running request 7
  <- {"ready": true, "pid": ..., "python": "3.11.7", "executable": "/usr/bin/python3"}
  <- {"id": 7, "verdict": {...}}  |  {"id": 7, "cancelled": true}  |  {"id": 7, "error": "..."}

Each request runs in a forked child, sandboxed by coe_sandbox. To keep the fork, the sandbox
set-up and the clean-up off the critical path, the worker forks the NEXT child ahead of time: a
"standby" child enters the sandbox and blocks reading its request from a pipe. The parent
enforces the wall-clock limit, SIGKILLs the child's process group as soon as the result is in,
replies, and only then sweeps leftover descendants, reaps and deletes the scratch dir (before it
reads the next request). Per-test events stream back over a pipe (coe_support.Reporter) and
coe_verdict turns them into a Verdict. `--once` handles one request and exits: the
fresh-process baseline of the benchmark.
"""

import gc
import json
import os
import select
import shutil
import sys
import tempfile
import time
import traceback
from collections import deque

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Imported here, once, so every forked child starts with them loaded (the whole point of warmth).
import coe_procs  # noqa: E402
import coe_sandbox  # noqa: E402
import coe_judge  # noqa: E402
import coe_verdict  # noqa: E402
from coe_pytest import import_pytest, run_pytest  # noqa: E402
from coe_runners import Context, run_auto, run_snippets  # noqa: E402
from coe_support import Reporter  # noqa: E402
import ast, bisect, collections, functools, heapq, itertools, math, operator, re, string  # noqa: E401,E402,F401


class Worker:
    def __init__(self):
        self.resp_fd = os.dup(1)
        os.dup2(2, 1)
        self.inbuf = b""
        self.pending = deque()
        self.eof = False
        coe_sandbox.set_child_subreaper()
        self.base = self._make_base()
        self.drop = os.geteuid() == 0 and coe_sandbox.probe_drop(self.base)
        self.nproc_uid = coe_sandbox.NOBODY if self.drop else os.geteuid()
        self.nproc, self.nproc_at = 64, 0.0
        self.pytest_loaded = False
        self.standby = None   # (pid, request pipe, result pipe, scratch) of a child in waiting
        self.finished = None  # the child of the last request, cleaned up after the reply
        gc.freeze()  # keep the GC from touching (and so copying) the parent's pages in each child

    # ---- protocol -------------------------------------------------------------------------
    def send(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        while data:
            data = data[os.write(self.resp_fd, data):]

    def _read_stdin(self):
        chunk = os.read(0, 65536)
        if not chunk:
            self.eof = True
        self.inbuf += chunk
        while b"\n" in self.inbuf:
            line, self.inbuf = self.inbuf.split(b"\n", 1)
            if line.strip():
                try:
                    self.pending.append(json.loads(line))
                except ValueError as exc:
                    self.send({"error": "bad request line: %s" % exc})

    def serve(self, once=False):
        self.send({"ready": True, "pid": os.getpid(), "python": sys.version.split()[0],
                   "executable": sys.executable, "sandboxUser": "nobody" if self.drop else None})
        try:
            while True:
                if self.standby is None and not once:
                    self.standby = self._fork_standby()  # off the critical path of the next request
                while not self.pending and not self.eof:
                    self._read_stdin()
                if not self.pending:
                    return
                msg = self.pending.popleft()
                if "cancel" in msg:
                    continue  # nothing running by that id any more
                try:
                    self.send(self.handle(msg))
                except Exception as exc:  # a bug here must not take the worker down
                    self.send({"id": msg.get("id"), "error": "worker error: %r\n%s" % (exc, traceback.format_exc())})
                finally:
                    self._clean_up()
                if once:
                    return
        finally:
            if self.standby is not None:
                self.finished, self.standby = self.standby, None
                self._clean_up()
            shutil.rmtree(self.base, ignore_errors=True)

    # ---- one request ----------------------------------------------------------------------
    def handle(self, req):
        started = time.monotonic()
        timeout_s = float(req.get("timeoutMs") or 5000) / 1000.0
        tests = req.get("tests") or {"kind": "auto"}
        if tests.get("kind") == "pytest" and not self.pytest_loaded:
            import_pytest(warm=True)  # load once in the parent; the forked children inherit it
            self.pytest_loaded = True
            gc.freeze()
            if self.standby is not None:  # forked before pytest was loaded: replace it
                self.finished, self.standby = self.standby, None
                self._clean_up()
        child, self.standby = self.standby or self._fork_standby(), None
        self.finished = child
        pid, req_w, res_r, _scratch = child
        try:
            os.write(req_w, json.dumps(dict(req, nproc=self.nproc)).encode())
        except OSError:
            pass  # the standby died; reported below as a crash
        os.close(req_w)
        self.finished = (pid, None, res_r, _scratch)
        events = coe_verdict.Events()
        end, status = self._wait(req, pid, res_r, events, started + timeout_s)
        coe_procs.killpg(pid)  # at once; the full sweep and the reaping follow the reply (_clean_up)
        if end == "cancelled":
            return {"id": req.get("id"), "cancelled": True}
        try:
            specs, strict = coe_judge.assert_specs(req)
            named = coe_judge.pytest_specs(req) if (req.get("tests") or {}).get("kind") == "pytest" else None
        except Exception:  # a test the judge cannot parse: the child reports its own error for it
            specs, strict, named = None, True, None
        verdict = coe_verdict.build(events, end, status, timeout_s, specs, strict, named)
        verdict["ms"] = round((time.monotonic() - started) * 1000.0, 2)
        return {"id": req.get("id"), "verdict": verdict}

    def _fork_standby(self):
        """Forks a child that enters the sandbox now and waits for its request on a pipe."""
        if self.drop and time.monotonic() - self.nproc_at > 60:
            self.nproc = coe_sandbox.count_user_tasks(self.nproc_uid) + 64
            self.nproc_at = time.monotonic()
        scratch = tempfile.mkdtemp(dir=self.base)
        if self.drop:
            os.chown(scratch, coe_sandbox.NOBODY, coe_sandbox.NOBODY)
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # ---- the child: never returns
            try:
                os.close(req_w)
                os.close(res_r)
                self._child(scratch, req_r, res_w)
            finally:
                os._exit(0)
        os.close(req_r)
        os.close(res_w)
        return pid, req_w, res_r, scratch

    def _clean_up(self):
        """Kills what is left of the last child (group and strays), reaps, deletes its scratch."""
        if self.finished is None:
            return
        pid, req_w, res_r, scratch = self.finished
        self.finished = None
        coe_procs.kill_all(pid)
        for fd in (req_w, res_r):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        coe_procs.rmtree(scratch)

    def _child(self, scratch, req_r, res_w):
        reporter = Reporter(res_w)
        try:
            coe_sandbox.enter(scratch, (req_r, res_w), drop_privileges=self.drop)
            _rehearse()
            chunks = []
            while True:
                chunk = os.read(req_r, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
            os.close(req_r)
            if not chunks:
                return  # the worker is shutting down
            req = json.loads(b"".join(chunks))
            timeout_s = float(req.get("timeoutMs") or 5000) / 1000.0
            coe_sandbox.restrict(timeout_s, memory_mb=int(req.get("memoryMb") or 1024),
                                 nproc=int(req.get("nproc") or 64),
                                 allow_subprocess=bool(req.get("allowSubprocess")))
            tests = req.get("tests") or {"kind": "auto"}
            code_path, test_path = _write_files(scratch, req, tests)
            try:
                compile(req.get("code") or "", code_path, "exec")
            except (SyntaxError, ValueError) as exc:
                reporter.send({"syntax": coe_verdict.syntax_problem(exc, req.get("code") or "")})
                return
            ctx = Context(req, code_path, reporter)
            kind = tests.get("kind")
            if kind == "snippets":
                done = run_snippets(ctx, list(tests.get("snippets") or []))
            elif kind == "pytest":
                done = run_pytest(ctx, test_path)
            else:
                done = run_auto(ctx)
            reporter.send({"done": done})
        except BaseException:
            try:
                reporter.send({"internal": traceback.format_exc()[-2000:]})
            except BaseException:
                pass

    def _wait(self, req, pid, r, events, deadline):
        """Waits for the child's result, its death, a cancel, or the deadline."""
        pidfd = coe_procs.pidfd(pid)
        try:
            while True:
                if events.done:
                    return "done", None
                left = deadline - time.monotonic()
                if left <= 0:
                    return "timeout", None
                watch = [r, 0] if not self.eof else [r]
                if pidfd is not None:
                    watch.append(pidfd)
                ready, _, _ = select.select(watch, [], [], left if pidfd is not None else min(left, 0.005))
                if r in ready:
                    events.feed(os.read(r, 1 << 16))
                if 0 in ready:
                    self._read_stdin()
                    for msg in list(self.pending):
                        if msg.get("cancel") is not None and msg.get("cancel") == req.get("id"):
                            self.pending.remove(msg)
                            return "cancelled", None
                    if self.eof:
                        return "cancelled", None
                if (pidfd is not None and pidfd in ready) or (pidfd is None and not ready):
                    done_pid, status = os.waitpid(pid, os.WNOHANG)
                    if done_pid == pid:
                        coe_procs.drain(r, events)
                        return ("done" if events.done else "crash"), status
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _make_base(self):
        root = tempfile.gettempdir()
        for name in os.listdir(root):  # scratch of workers that were killed before cleaning up
            if name.startswith("coe-worker-"):
                owner = name.split("-")[2]
                if owner.isdigit() and not os.path.exists("/proc/" + owner):
                    shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        base = tempfile.mkdtemp(prefix="coe-worker-%d-" % os.getpid())
        os.chmod(base, 0o711)
        return base


REHEARSAL_CODE = "def _f(xs, k):\n    return sorted(x * k for x in xs)[:3]\n"
REHEARSAL_TESTS = ["assert _f([3, 1, 2], 2) == [2, 4, 6]", "assert _f([1], 1) == [2]",
                   "assert _f(None, 1) == 0"]


def _rehearse():
    """Runs a tiny test suite in the standby child while it waits for its request. Python's
    refcounting writes to every object it touches, so each page the real run would touch costs a
    copy-on-write fault after fork (expensive in VMs); rehearsing the same code paths takes those
    faults before the request arrives. Nothing of it stays visible: its module is removed."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        ctx = Context({"code": REHEARSAL_CODE, "timeoutMs": 5000}, "/_coe_rehearsal.py", Reporter(devnull))
        coe_verdict.Events().feed(json.dumps(run_snippets(ctx, REHEARSAL_TESTS)).encode() + b"\n")
    except BaseException:
        pass
    finally:
        os.close(devnull)
        sys.modules.pop("_coe_rehearsal", None)


def _write_files(scratch, req, tests):
    """Writes the code (and the pytest file) into the scratch dir; returns their paths."""
    name = os.path.basename(req.get("fileName") or "solution.py") or "solution.py"
    code_path = os.path.join(scratch, name)
    with open(code_path, "w", encoding="utf-8") as f:
        f.write(req.get("code") or "")
    test_path = None
    if tests.get("kind") == "pytest":
        tname = os.path.basename(tests.get("file") or "") or "test_solution.py"
        if tname == name:
            tname = "test_" + name
        test_path = os.path.join(scratch, tname)
        with open(test_path, "w", encoding="utf-8") as f:
            f.write(tests.get("content") or "")
    return code_path, test_path


if __name__ == "__main__":
    Worker().serve(once="--once" in sys.argv[1:])
