"""coe_worker.py alone, over its stdio protocol (run: python3 -m pytest -q server/python/tests)."""

import json
import os
import subprocess
import sys
import time

import pytest

WORKER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "coe_worker.py")
SUB = "def add(a, b):\n    return a - b\n"


class Worker:
    def __init__(self, *args, env=None):
        self.proc = subprocess.Popen([sys.executable, WORKER, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.ready = self.read()

    def send(self, obj):
        self.proc.stdin.write((json.dumps(obj) + "\n").encode())
        self.proc.stdin.flush()

    def read(self):
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read().decode()
        return json.loads(line)

    def verdict(self, **req):
        req.setdefault("id", 1)
        self.send(req)
        reply = self.read()
        assert reply["id"] == req["id"], reply
        return reply["verdict"]

    def close(self):
        self.proc.stdin.close()
        assert self.proc.wait(timeout=10) == 0


@pytest.fixture
def worker():
    w = Worker()
    yield w
    w.close()


def snippets(*items):
    return {"kind": "snippets", "snippets": list(items)}


def test_ready_line_describes_the_python(worker):
    assert worker.ready["ready"] is True
    assert worker.ready["executable"] == sys.executable


def test_snippets_pass_fail_and_got(worker):
    v = worker.verdict(code=SUB, tests=snippets("assert add(1, 2) == 3", "assert add(0, 0) == 0"))
    assert v["kind"] == "ok" and v["passed"] == 1 and v["total"] == 2
    assert v["tests"][0] == {"name": "add(1, 2) == 3", "status": "fail", "message": "AssertionError", "got": "-1",
                             "want": "3"}


def test_want_is_the_expected_side_of_a_failing_equality_only(worker):
    v = worker.verdict(code=SUB, tests=snippets("assert add(1, 2) == [3][0]", "assert add(1, 2) > 5",
                                                 "assert add(2, 2) == add(3, 1) + 1"))
    assert v["tests"][0]["want"] == "3"
    assert "want" not in v["tests"][1], "not an equality"
    assert v["tests"][2]["got"] == "0" and v["tests"][2]["want"] == "3"


def test_syntax_error_has_line(worker):
    v = worker.verdict(code="x = 1\ndef f(:\n    pass\n", tests=snippets("assert True"))
    assert v["kind"] == "syntax" and v["syntax"]["line"] == 2


def test_printing_code_cannot_corrupt_the_protocol(worker):
    code = "import os, sys\nprint('{\"id\": 1, \"verdict\": 0}')\nos.write(1, b'junk\\n')\nsys.stderr.write('e')\n"
    v = worker.verdict(code=code, tests=snippets("assert True"))
    assert v["passed"] == 1


def test_requests_in_a_row_and_ids(worker):
    for i in range(5):
        v = worker.verdict(id=10 + i, code="x = %d\n" % i, tests=snippets("assert x == %d" % i))
        assert v["passed"] == 1


def test_pytest_file_and_line_mapping(worker):
    content = "from solution import add\ndef test_a():\n    assert add(1, 2) == 3\ndef test_b():\n    assert add(0, 0) == 0\n"
    v = worker.verdict(code=SUB, tests={"kind": "pytest", "file": "test_solution.py", "content": content})
    assert [(t["name"], t["status"]) for t in v["tests"]] == [("test_a", "fail"), ("test_b", "pass")]
    assert v["tests"][0]["got"] == "-1"


def test_pytest_import_error_reports_the_line(worker):
    v = worker.verdict(code="x = 1\ny = undefined_name\n",
                       tests={"kind": "pytest", "file": "test_s.py", "content": "import solution\ndef test_a():\n    pass\n"})
    assert v["tests"][0]["status"] == "error" and v["tests"][0]["line"] == 2


def test_cancel_kills_the_running_child(worker):
    worker.send({"id": 5, "code": "import time\ntime.sleep(30)\n", "timeoutMs": 20000, "tests": snippets("assert True")})
    time.sleep(0.3)
    started = time.monotonic()
    worker.send({"cancel": 5})
    assert worker.read() == {"id": 5, "cancelled": True}
    assert time.monotonic() - started < 3


def test_wall_timeout(worker):
    code = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass\n"
    started = time.monotonic()
    v = worker.verdict(code=code, timeoutMs=1000, tests=snippets("assert True"))
    assert v["kind"] == "timeout" and time.monotonic() - started < 3


def test_once_mode_exits_after_one_request():
    w = Worker("--once")
    assert w.verdict(code="x = 1\n", tests=snippets("assert x == 1"))["passed"] == 1
    assert w.proc.wait(timeout=10) == 0


def test_no_pytest_fallback_to_auto():
    w = Worker(env=dict(os.environ, COE_WORKER_NO_PYTEST="1"))
    code = SUB + "\nassert add(2, 2) == 0\n"
    v = w.verdict(code=code, tests={"kind": "pytest", "file": "test_x.py", "content": "import solution\n"})
    assert "pytest is not installed" in v["detail"]
    assert [t["status"] for t in v["tests"]] == ["pass"]
    w.close()
