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
  `nobody` user (65534) keeping only CAP_DAC_READ_SEARCH (so it can still import the user's
  packages, e.g. a Python installed under /root): it cannot modify files owned by other users,
  but it CAN read any file and write world-writable places (/tmp). As a normal user there is NO
  filesystem isolation beyond the chdir: the code could write anything that user can write.
- the fork guard (monkeypatched os.fork & co.) only stops casual forking; ctypes can bypass it.
"""

import ctypes
import os
import platform
import resource
import signal
import sys

try:
    import _posixsubprocess  # used by subprocess and multiprocessing; patched by _guard_fork
except ImportError:  # pragma: no cover
    _posixsubprocess = None

NOBODY = 65534
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_KEEPCAPS = 8
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
CAP_DAC_READ_SEARCH = 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
# capset(2) has no glibc wrapper: its syscall number per architecture.
_SYS_CAPSET = {"x86_64": 126, "amd64": 126, "aarch64": 91, "arm64": 91}
_MACHINE = platform.machine().lower()

try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover - exotic platforms
    _libc = None


def set_child_subreaper():
    """Make orphaned descendants reparent to this process (Linux), so none can escape the clean-up."""
    if _libc is not None:
        _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def drop_to_nobody():
    """root -> user nobody, keeping only the capability to read and traverse any file."""
    nr = _SYS_CAPSET.get(_MACHINE)
    if _libc is None or nr is None:
        raise OSError("cannot keep read access after dropping privileges on this platform")
    _libc.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    bit = 1 << CAP_DAC_READ_SEARCH
    data = (ctypes.c_uint32 * 6)(bit, bit, 0, 0, 0, 0)  # {effective, permitted, inheritable} x 2
    if _libc.syscall(nr, header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def probe_drop(scratch_base):
    """Forks a child that drops privileges and checks it can still work; True if it can."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            test_dir = os.path.join(scratch_base, "probe")
            os.mkdir(test_dir)
            os.chown(test_dir, NOBODY, NOBODY)
            drop_to_nobody()
            os.listdir(os.path.dirname(os.__file__))
            with open(os.path.join(test_dir, "w"), "w") as f:
                f.write("ok")
            code = 0 if os.getuid() == NOBODY else 1
        except BaseException:
            pass
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    import shutil

    shutil.rmtree(os.path.join(scratch_base, "probe"), ignore_errors=True)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


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
    if _posixsubprocess is not None:
        _posixsubprocess.fork_exec = refuse


def enter(scratch, keep_fds, drop_privileges=True):
    """Turn a freshly forked process into a sandboxed child working in `scratch` (the part that
    does not depend on the request, so a standby child can do it before the request arrives)."""
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
    _close_fds(set(keep_fds))

    _unshare_network()
    _setlimit(resource.RLIMIT_FSIZE, 10 * 1024 * 1024)
    _setlimit(resource.RLIMIT_CORE, 0)

    if drop_privileges and os.geteuid() == 0:
        # The parent chowned the scratch dir to nobody; from here on root-owned files are safe.
        drop_to_nobody()

    os.chdir(scratch)
    os.environ.update({
        "HOME": scratch, "TMPDIR": scratch, "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    })
    sys.dont_write_bytecode = True
    sys.path.insert(0, scratch)
    sys.stdin = open(os.devnull)


def restrict(timeout_s, memory_mb=1024, nproc=64, allow_subprocess=False):
    """The request-dependent limits (soft and hard, so the code cannot raise them again)."""
    cpu = int(timeout_s) + 2
    _setlimit(resource.RLIMIT_CPU, cpu, cpu + 1)
    if memory_mb:
        _setlimit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    if not allow_subprocess:
        _setlimit(resource.RLIMIT_NPROC, nproc)
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
