"""Example part for make_train_bugs.py (not built by default): the format of a part file."""


def add(task):
    task("window-min", "Return the minimum of every full window of `k` consecutive values.", '''
def window_min(values, k):
    """Return the minimum of every full window of k consecutive values."""
    out = []
    for i in range(len(values) - k + 1):
        out.append(min(values[i:i + k]))
    return out
''', [("    for i in range(len(values) - k + 1):", "    for i in range(len(values) - k):", "off-by-one")], [
        "assert window_min([3, 1, 4, 1, 5], 2) == [1, 1, 1, 1]",
        "assert window_min([2, 7], 2) == [2]",
        "assert window_min([], 1) == []",
    ], [
        "assert window_min([5, 4, 3, 2], 3) == [3, 2]",
        "assert window_min([9], 1) == [9]",
        "assert window_min([1, 2, 3], 1) == [1, 2, 3]",
    ])
