"""Process plumbing of the worker: waiting on a child, killing every descendant, removing
scratch dirs. Stdlib only, Linux-first (pidfd, /proc), with fallbacks."""

import os
import shutil
import signal


def kill_all(pid):
    """SIGKILL the child's group, then any descendant left (we are their subreaper), and reap."""
    killpg(pid)
    for _ in range(200):
        kids = children()
        if not kids:
            return
        for kid in kids:
            try:
                group = os.getpgid(kid)
                if group != os.getpgrp():
                    killpg(group)
                os.kill(kid, signal.SIGKILL)
            except OSError:
                pass
        for kid in kids:
            try:
                os.waitpid(kid, 0)
            except ChildProcessError:
                pass


def pidfd(pid):
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None  # Python < 3.9 or Linux < 5.3: poll instead


def drain(r, events):
    os.set_blocking(r, False)
    while True:
        try:
            chunk = os.read(r, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            return
        events.feed(chunk)


def killpg(group):
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass


def children():
    me = os.getpid()
    try:
        with open("/proc/self/task/%d/children" % me) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        kids = []
        for name in os.listdir("/proc"):
            try:
                with open("/proc/%s/stat" % name) as f:
                    if name.isdigit() and int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                        kids.append(int(name))
            except (OSError, ValueError, IndexError):
                continue
        return kids


def rmtree(path):
    def retry(func, target, _exc):
        try:
            os.chmod(os.path.dirname(target), 0o700)
            os.chmod(target, 0o700)
            func(target)
        except OSError:
            pass

    shutil.rmtree(path, onerror=retry)
