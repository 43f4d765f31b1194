"""Builds suites/train-bugs.jsonl: hand-written bugs for TRAINING the ranker (stdlib only).

The same format and builder as make_real_bugs.py (a task is its FIXED source plus its bugs, and a
visible and a hidden half of tests), but a different suite with a different purpose: these tasks
may train (`coe ranker collect --suite train-bugs`), so they carry no tune/report split and their
ids are "tb-NNN-name". They were written fresh for this project, after real-bugs and apart from it:
no task shares a function or a name with real-bugs.jsonl (the builder refuses one that does), so
training on them never sees a held-out task.

    python3 suites/make_train_bugs.py           # rewrites suites/train-bugs.jsonl
    python3 suites/check_suite.py suites/train-bugs.jsonl
"""
import difflib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_real_bugs import T as REAL_T, load_more, task_into, write_suite  # noqa: E402

SIMILAR = 0.75  # difflib ratio above which a task is a near-copy of a real-bugs task
MODULES = ("train_bugs_a", "train_bugs_b", "train_bugs_c", "train_bugs_d", "train_bugs_e", "train_bugs_f", "train_bugs_g")


def main():
    load_more()
    real_names = {t["name"] for t in REAL_T}
    real_fixed = {t["fixed"] for t in REAL_T}
    tasks = []
    task = task_into(tasks)
    only = os.environ.get("TB_MODULES")  # e.g. TB_MODULES=train_bugs_a: build one part alone
    for name in only.split(",") if only else MODULES:
        if os.path.exists(os.path.join(HERE, name + ".py")):
            __import__(name).add(task)
    for t in tasks:
        if t["name"] in real_names or t["fixed"] in real_fixed:
            sys.exit(f"{t['name']}: also a real-bugs task; train-bugs must stay apart from it")
        for fixed in real_fixed:  # a near-copy (a mirrored or renamed real-bugs task) is refused too
            if difflib.SequenceMatcher(None, fixed, t["fixed"]).ratio() > SIMILAR:
                sys.exit(f"{t['name']}: its fixed source is too close to a real-bugs task's")
    write_suite(tasks, "train-bugs.jsonl", prefix="tb", split=False)

if __name__ == "__main__":
    main()
