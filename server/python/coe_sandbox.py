"""Sandbox set-up for one forked test child (DESIGN §4). Stdlib only, Python 3.8+.

Called in the child right after os.fork(), before any user code runs. What it does, and honestly
what it does NOT prevent:

- own session / process group (os.setsid) so the parent can kill everything with one killpg;
  PR_SET_PDEATHSIG so the child dies with the worker. A descendant CAN leave the group with its own
  setsid(); the worker is a child subreaper and kills every leftover descendant it can find.
- resource limits: CPU seconds, address space (memory bombs get MemoryError), file size (huge
  output gets EFBIG, not a signal), no core files, a small process count (RLIMIT_NPROC is NOT
  enforced for root, hence the privilege drop below and the fork guard).
- network: tries unshare(CLONE_NEWNET), as a non-root user via a new user namespace; when the kernel
  refuses, network access is NOT blocked.
- files: the child works in a scratch copy. When the worker runs as root, the child drops to the
  `nobody` user (65534), so it cannot modify files owned by other users; it can still read
  world-readable files and write world-writable places (/tmp). As a normal user there is NO
  filesystem isolation beyond the chdir: the code could write anything that user can write.
- the fork guard (monkeypatched os.fork & co.) only stops casual forking; ctypes can bypass it.
"""

import ctypes
import os
import resource
import signal
import sys

NOBODY = 65534
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover - exotic platforms
    _libc = None


def set_child_subreaper():
    """Make orphaned descendants reparent to this process (Linux), so none can escape the clean-up."""
    if _libc is not None:
        _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _unshare_network():
    """Best effort: a private network namespace has no interfaces except a down loopback."""
    if _libc is None or not hasattr(_libc, "unshare"):
        return False
    if _libc.unshare(CLONE_NEWNET) == 0:
        return True
    # Non-root: a new user namespace grants the capability for the network namespace.
    return _libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0


def _setlimit(which, soft, hard=None):
    try:
        resource.setrlimit(which, (soft, soft if hard is None else hard))
    except (ValueError, OSError):
        pass


def _close_fds(keep):
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 256))
    for fd in fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _guard_fork():
    """Make the usual ways of starting processes raise instead (bypassable, see module doc)."""

    def refuse(*_args, **_kwargs):
        raise PermissionError("starting processes is disabled in the test sandbox")

    for name in ("fork", "forkpty", "system", "popen", "posix_spawn", "posix_spawnp",
                 "spawnv", "spawnve", "spawnvp", "spawnvpe", "execv", "execve"):
        if hasattr(os, name):
            setattr(os, name, refuse)
    try:
        import _posixsubprocess  # used by subprocess and multiprocessing

        _posixsubprocess.fork_exec = refuse
    except ImportError:  # pragma: no cover
        pass


def enter(scratch, result_fd, timeout_s, memory_mb=1024, nproc=64, allow_subprocess=False,
          drop_privileges=True):
    """Turn the freshly forked process into a sandboxed test child working in `scratch`."""
    os.setsid()
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    # Writes past RLIMIT_FSIZE fail with EFBIG (an OSError in Python) instead of killing us.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    # stdio: stdin reads EOF, output goes to bounded files in the scratch dir.
    sys.stdout.flush()
    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        out = os.open(os.path.join(scratch, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, fd)
        os.close(out)
    _close_fds({result_fd})

    _unshare_network()

    cpu = int(timeout_s) + 2
    _setlimit(resource.RLIMIT_CPU, cpu, cpu + 1)
    if memory_mb:
        _setlimit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    _setlimit(resource.RLIMIT_FSIZE, 10 * 1024 * 1024)
    _setlimit(resource.RLIMIT_CORE, 0)
    if not allow_subprocess:
        _setlimit(resource.RLIMIT_NPROC, nproc)

    if drop_privileges and os.geteuid() == 0:
        # The parent chowned the scratch dir to nobody; from here on root-owned files are safe.
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    os.chdir(scratch)
    os.environ.update({
        "HOME": scratch, "TMPDIR": scratch, "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    })
    sys.dont_write_bytecode = True
    sys.path.insert(0, scratch)
    sys.stdin = open(os.devnull)
    if not allow_subprocess:
        _guard_fork()


def count_user_tasks(uid):
    """Tasks (threads included) owned by `uid`; RLIMIT_NPROC counts these, system-wide."""
    total = 0
    try:
        names = os.listdir("/proc")
    except OSError:
        return 0
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/status" % name) as f:
                uid_ok = threads = None
                for line in f:
                    if line.startswith("Uid:"):
                        uid_ok = int(line.split()[1]) == uid
                    elif line.startswith("Threads:"):
                        threads = int(line.split()[1])
                if uid_ok and threads:
                    total += threads
        except (OSError, ValueError, IndexError):
            continue
    return total
