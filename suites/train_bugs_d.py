"""Part d of make_train_bugs.py: parsing, validation, small classes, dates and recursion."""


def add(task):
    task("parse-config-lines", "Parse key=value config lines, skipping blank lines and '#' comments.", '''
def parse_config(text):
    """Parse key=value lines; '#' starts a comment and blank lines are skipped."""
    config = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, value = line.partition("=")
        config[key.strip()] = value.strip()
    return config
''', [
        ('        line = raw.split("#", 1)[0].strip()', "        line = raw.strip()", "missing-call"),
        ('        key, _, value = line.partition("=")', '        key, _, value = line.rpartition("=")', "string-method"),
    ], [
        "assert parse_config('a = 1\\nb=two') == {'a': '1', 'b': 'two'}",
        "assert parse_config('# header\\n\\nport = 80  # default') == {'port': '80'}",
        "assert parse_config('url = http://x/?q=1') == {'url': 'http://x/?q=1'}",
        "assert parse_config('') == {}",
    ], [
        "assert parse_config('  name=Bob # the user\\n#x=1') == {'name': 'Bob'}",
        "assert parse_config('expr = a=b=c') == {'expr': 'a=b=c'}",
        "assert parse_config('k=v\\n   \\n# only comment') == {'k': 'v'}",
        "assert parse_config('x=1\\nx=2') == {'x': '2'}",
    ])

    task("clock-to-minutes", "Convert an 'HH:MM' 24-hour time to minutes after midnight, rejecting bad times.", '''
def clock_to_minutes(text):
    """Minutes after midnight for a 24-hour 'HH:MM' time; raise ValueError when out of range."""
    hours, minutes = text.split(":")
    h, m = int(hours), int(minutes)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"bad time: {text}")
    return h * 60 + m
''', [
        ("    if not (0 <= h < 24 and 0 <= m < 60):", "    if not (0 <= h <= 24 and 0 <= m <= 60):", "comparison"),
    ], [
        "assert clock_to_minutes('00:00') == 0",
        "assert clock_to_minutes('13:45') == 825",
        "try:\n    clock_to_minutes('24:00')\n    assert False\nexcept ValueError:\n    pass",
    ], [
        "assert clock_to_minutes('23:59') == 1439",
        "assert clock_to_minutes('07:05') == 425",
        "try:\n    clock_to_minutes('10:60')\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("add-minutes-clock", "Add a number of minutes to an 'HH:MM' clock time, wrapping around midnight.", '''
def add_minutes(clock, delta):
    """Return the 'HH:MM' time `delta` minutes after `clock`, wrapping past midnight."""
    h, m = map(int, clock.split(":"))
    total = (h * 60 + m + delta) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"
''', [
        ("    total = (h * 60 + m + delta) % (24 * 60)", "    total = (h * 60 + m + delta) // (24 * 60)", "wrong-operator"),
    ], [
        "assert add_minutes('10:15', 30) == '10:45'",
        "assert add_minutes('23:50', 20) == '00:10'",
        "assert add_minutes('00:05', -10) == '23:55'",
    ], [
        "assert add_minutes('08:00', 125) == '10:05'",
        "assert add_minutes('12:00', 24 * 60) == '12:00'",
        "assert add_minutes('01:30', -90) == '00:00'",
    ])

    task("days-between-dates", "Count the days from one (y, m, d) date to another using a month-length table.", '''
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def day_number(y, m, d):
    days = (y - 1) * 365 + (y - 1) // 4 - (y - 1) // 100 + (y - 1) // 400
    days += sum(MONTH_DAYS[:m - 1])
    if m > 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        days += 1
    return days + d


def days_between(a, b):
    """Days from date a to date b, both (year, month, day); negative when b is earlier."""
    return day_number(*b) - day_number(*a)
''', [
        ("    days += sum(MONTH_DAYS[:m - 1])", "    days += sum(MONTH_DAYS[:m])", "off-by-one"),
        ("    return day_number(*b) - day_number(*a)", "    return day_number(*a) - day_number(*b)", "swapped-operands"),
    ], [
        "assert days_between((2024, 1, 1), (2024, 3, 1)) == 60",
        "assert days_between((2023, 1, 31), (2023, 2, 1)) == 1",
        "assert days_between((2023, 12, 31), (2024, 1, 1)) == 1",
        "assert days_between((1900, 2, 28), (1900, 3, 1)) == 1",
    ], [
        "assert days_between((2023, 1, 15), (2023, 2, 15)) == 31",
        "assert days_between((2000, 2, 28), (2000, 3, 1)) == 2",
        "assert days_between((2019, 6, 30), (2020, 7, 1)) == 367",
        "assert days_between((2024, 3, 1), (2024, 1, 1)) == -60",
    ])

    task("hex-colour-valid", "Check whether a string is a '#rgb' or '#rrggbb' hex colour.", '''
def is_hex_colour(text):
    """True for '#rgb' or '#rrggbb' made of hex digits (either case)."""
    if not text.startswith("#") or len(text) not in (4, 7):
        return False
    return all(c in "0123456789abcdefABCDEF" for c in text[1:])
''', [
        ('    if not text.startswith("#") or len(text) not in (4, 7):',
         '    if not text.startswith("#") and len(text) not in (4, 7):', "boolean-logic"),
    ], [
        "assert is_hex_colour('#1a2B3c') is True",
        "assert is_hex_colour('#fff') is True",
        "assert is_hex_colour('#12345') is False",
        "assert is_hex_colour('123456') is False",
    ], [
        "assert is_hex_colour('#ABC') is True",
        "assert is_hex_colour('#abcd') is False",
        "assert is_hex_colour('abcd') is False",
        "assert is_hex_colour('#12345g') is False",
    ])

    task("username-valid", "Validate a username: 3 to 16 characters, starting with a letter, then letters, digits or '_'.", '''
def valid_username(name):
    """3-16 characters, a letter first, then letters, digits or underscores."""
    if not 3 <= len(name) <= 16:
        return False
    if not name[0].isalpha():
        return False
    return all(c.isalnum() or c == "_" for c in name)
''', [
        ("    if not 3 <= len(name) <= 16:", "    if not 3 < len(name) <= 16:", "comparison"),
    ], [
        "assert valid_username('alice_99') is True",
        "assert valid_username('bob') is True",
        "assert valid_username('9lives') is False",
        "assert valid_username('ab') is False",
    ], [
        "assert valid_username('x_1') is True",
        "assert valid_username('a' * 16) is True",
        "assert valid_username('a' * 17) is False",
        "assert valid_username('jo-ann') is False",
    ])

    task("date-string-valid", "Check that a 'YYYY-MM-DD' string names a real calendar date.", '''
def valid_date(text):
    """True when text is 'YYYY-MM-DD' and names a real date (leap years included)."""
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= day <= days[month - 1]
''', [
        ("    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)",
         "    leap = year % 4 == 0 and (year % 100 == 0 or year % 400 == 0)", "comparison"),
        ("    return 1 <= day <= days[month - 1]", "    return 1 <= day <= days[month]", "off-by-one"),
    ], [
        "assert valid_date('2024-02-29') is True",
        "assert valid_date('2023-01-31') is True",
        "assert valid_date('2023-04-31') is False",
        "assert valid_date('2023-13-01') is False",
        "assert valid_date('2023-12-25') is True",
    ], [
        "assert valid_date('1900-02-29') is False",
        "assert valid_date('2000-02-29') is True",
        "assert valid_date('2021-03-31') is True",
        "assert valid_date('2021-6-1x') is False",
        "assert valid_date('2022-11-31') is False",
    ])

    task("parse-semver", "Parse a semantic version string such as 'v1.2.3-beta' into a tuple.", '''
def parse_semver(text):
    """Parse 'MAJOR.MINOR.PATCH[-PRERELEASE]' (optional leading 'v') into a 4-tuple."""
    text = text.strip()
    if text.startswith("v"):
        text = text[1:]
    core, _, pre = text.partition("-")
    parts = core.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a version: {text}")
    major, minor, patch = map(int, parts)
    return (major, minor, patch, pre or None)
''', [
        ('    if text.startswith("v"):\n        text = text[1:]', None, "missing-line"),
        ("    return (major, minor, patch, pre or None)", "    return (major, minor, patch, pre)", "wrong-return"),
    ], [
        "assert parse_semver('1.2.3') == (1, 2, 3, None)",
        "assert parse_semver('v10.0.1-beta.2') == (10, 0, 1, 'beta.2')",
        "assert parse_semver(' v0.9.0 ') == (0, 9, 0, None)",
        "try:\n    parse_semver('1.2')\n    assert False\nexcept ValueError:\n    pass",
    ], [
        "assert parse_semver('v2.5.7') == (2, 5, 7, None)",
        "assert parse_semver('3.0.0-rc1') == (3, 0, 0, 'rc1')",
        "assert parse_semver('0.0.12') == (0, 0, 12, None)",
        "try:\n    parse_semver('1.x.3')\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("tally-counter", "A small Counter-like class that tallies items and ranks the most common.", '''
class Tally:
    def __init__(self, items=()):
        self.counts = {}
        for item in items:
            self.add(item)

    def add(self, item, n=1):
        self.counts[item] = self.counts.get(item, 0) + n

    def most_common(self, k):
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:k]

    def __getitem__(self, item):
        return self.counts.get(item, 0)
''', [
        ("        return self.counts.get(item, 0)", "        return self.counts[item]", "dict-get-default"),
    ], [
        "t = Tally('abracadabra')\nassert t['a'] == 5 and t['z'] == 0",
        "t = Tally(['x', 'y', 'x'])\nassert t.most_common(1) == [('x', 2)]",
        "t = Tally()\nt.add('q', 3)\nassert t['q'] == 3 and t['r'] == 0",
    ], [
        "t = Tally([1, 2, 2, 3, 3])\nassert t.most_common(2) == [(2, 2), (3, 2)] and t[4] == 0",
        "t = Tally('mississippi')\nassert t['s'] == 4 and t['m'] == 1 and t['x'] == 0",
        "t = Tally()\nassert t['anything'] == 0 and t.most_common(3) == []",
    ])

    task("bounded-queue", "A FIFO queue with a capacity that drops its oldest item when full.", '''
class BoundedQueue:
    """FIFO queue of at most `capacity` items; pushing onto a full queue drops the oldest."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []

    def push(self, item):
        if len(self.items) >= self.capacity:
            self.items.pop(0)
        self.items.append(item)

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty queue")
        return self.items.pop(0)

    def __len__(self):
        return len(self.items)
''', [
        ("        if len(self.items) >= self.capacity:", "        if len(self.items) > self.capacity:", "off-by-one"),
        ("        return self.items.pop(0)", "        return self.items.pop()", "wrong-index"),
    ], [
        "q = BoundedQueue(2)\nfor x in (1, 2, 3):\n    q.push(x)\nassert len(q) == 2",
        "q = BoundedQueue(3)\nq.push('a')\nq.push('b')\nassert q.pop() == 'a' and len(q) == 1",
        "q = BoundedQueue(1)\nq.push(5)\nq.push(6)\nassert q.pop() == 6",
        "q = BoundedQueue(2)\ntry:\n    q.pop()\n    assert False\nexcept IndexError:\n    pass",
    ], [
        "q = BoundedQueue(3)\nfor x in range(10):\n    q.push(x)\nassert [q.pop(), q.pop(), q.pop()] == [7, 8, 9]",
        "q = BoundedQueue(4)\nfor x in 'wxyz':\n    q.push(x)\nassert q.pop() == 'w' and len(q) == 3",
        "q = BoundedQueue(2)\nq.push(1)\nq.push(2)\nq.push(3)\nassert q.pop() == 2 and q.pop() == 3 and len(q) == 0",
        "q = BoundedQueue(1)\nq.push(1)\nq.pop()\ntry:\n    q.pop()\n    assert False\nexcept IndexError:\n    pass",
    ])

    task("undo-buffer", "A text buffer with write, undo and redo built on two stacks.", '''
class UndoBuffer:
    """A text buffer whose writes can be undone and redone."""

    def __init__(self, text=""):
        self.text = text
        self.undo_stack = []
        self.redo_stack = []

    def write(self, s):
        self.undo_stack.append(self.text)
        self.redo_stack.clear()
        self.text += s

    def undo(self):
        if self.undo_stack:
            self.redo_stack.append(self.text)
            self.text = self.undo_stack.pop()

    def redo(self):
        if self.redo_stack:
            self.undo_stack.append(self.text)
            self.text = self.redo_stack.pop()
''', [
        ("        self.redo_stack.clear()", None, "missing-line"),
        ("            self.text = self.redo_stack.pop()", "            self.text = self.undo_stack.pop()", "wrong-variable"),
    ], [
        "b = UndoBuffer()\nb.write('ab')\nb.write('cd')\nb.undo()\nassert b.text == 'ab'",
        "b = UndoBuffer('x')\nb.write('y')\nb.undo()\nb.redo()\nassert b.text == 'xy'",
        "b = UndoBuffer()\nb.write('a')\nb.undo()\nb.write('b')\nb.redo()\nassert b.text == 'b'",
        "b = UndoBuffer('z')\nb.undo()\nb.redo()\nassert b.text == 'z'",
    ], [
        "b = UndoBuffer()\nfor s in 'abc':\n    b.write(s)\nb.undo()\nb.undo()\nb.redo()\nassert b.text == 'ab'",
        "b = UndoBuffer('q')\nb.write('1')\nb.write('2')\nb.undo()\nb.undo()\nb.redo()\nb.redo()\nassert b.text == 'q12'",
        "b = UndoBuffer()\nb.write('hi')\nb.write('!')\nb.undo()\nb.write('?')\nb.redo()\nassert b.text == 'hi?'",
        "b = UndoBuffer()\nb.redo()\nb.write('k')\nassert b.text == 'k'",
    ])

    task("rate-limiter", "A rate limiter allowing at most `limit` events per sliding window, with explicit timestamps.", '''
class RateLimiter:
    """Allow at most `limit` events in any window of `period` seconds (timestamps passed in)."""

    def __init__(self, limit, period):
        self.limit = limit
        self.period = period
        self.times = []

    def allow(self, now):
        self.times = [t for t in self.times if now - t < self.period]
        if len(self.times) < self.limit:
            self.times.append(now)
            return True
        return False
''', [
        ("        self.times = [t for t in self.times if now - t < self.period]",
         "        self.times = [t for t in self.times if now - t <= self.period]", "comparison"),
    ], [
        "r = RateLimiter(2, 10)\nassert [r.allow(t) for t in (0, 1, 2)] == [True, True, False]",
        "r = RateLimiter(1, 5)\nassert [r.allow(0), r.allow(5)] == [True, True]",
        "r = RateLimiter(2, 10)\nassert [r.allow(t) for t in (0, 3, 10, 11)] == [True, True, True, False]",
    ], [
        "r = RateLimiter(3, 60)\nassert [r.allow(t) for t in (0, 10, 20, 30, 60)] == [True, True, True, False, True]",
        "r = RateLimiter(1, 2)\nassert [r.allow(t) for t in (1, 2, 3, 4)] == [True, False, True, False]",
        "r = RateLimiter(2, 4)\nassert [r.allow(t) for t in (0, 0, 4, 4, 5)] == [True, True, True, True, False]",
    ])

    task("matrix2-ops", "A 2x2 matrix class supporting addition, multiplication and equality.", '''
class Matrix2:
    """The 2x2 matrix [[a, b], [c, d]]."""

    def __init__(self, a, b, c, d):
        self.a, self.b, self.c, self.d = a, b, c, d

    def __add__(self, other):
        return Matrix2(self.a + other.a, self.b + other.b, self.c + other.c, self.d + other.d)

    def __mul__(self, other):
        return Matrix2(self.a * other.a + self.b * other.c,
                       self.a * other.b + self.b * other.d,
                       self.c * other.a + self.d * other.c,
                       self.c * other.b + self.d * other.d)

    def __eq__(self, other):
        return (self.a, self.b, self.c, self.d) == (other.a, other.b, other.c, other.d)
''', [
        ("                       self.c * other.a + self.d * other.c,",
         "                       self.c * other.a + self.d * other.b,", "wrong-variable"),
    ], [
        "assert Matrix2(1, 2, 3, 4) + Matrix2(4, 3, 2, 1) == Matrix2(5, 5, 5, 5)",
        "assert Matrix2(1, 2, 3, 4) * Matrix2(5, 6, 7, 8) == Matrix2(19, 22, 43, 50)",
        "assert Matrix2(1, 0, 0, 1) * Matrix2(2, 3, 4, 5) == Matrix2(2, 3, 4, 5)",
    ], [
        "assert Matrix2(1, 1, 1, 0) * Matrix2(1, 1, 1, 0) == Matrix2(2, 1, 1, 1)",
        "assert Matrix2(0, 1, 1, 0) * Matrix2(1, 2, 3, 4) == Matrix2(3, 4, 1, 2)",
        "assert Matrix2(2, 0, 1, 3) * Matrix2(1, 4, 2, 1) == Matrix2(2, 8, 7, 7)",
    ])

    task("nested-list-sum", "Sum all numbers in an arbitrarily nested list, recursively.", '''
def nested_sum(items):
    """Sum of every number in a list whose elements may themselves be lists."""
    total = 0
    for item in items:
        if isinstance(item, list):
            total += nested_sum(item)
        else:
            total += item
    return total
''', [
        ("            total += nested_sum(item)", "            total += sum(item)", "wrong-call"),
    ], [
        "assert nested_sum([1, 2, 3]) == 6",
        "assert nested_sum([1, [2, [3, [4]]]]) == 10",
        "assert nested_sum([]) == 0",
    ], [
        "assert nested_sum([[[[5]]], 1]) == 6",
        "assert nested_sum([[1, 2], [[3], 4], [[], [[-10]]]]) == 0",
        "assert nested_sum([[], [[]], 7]) == 7",
    ])

    task("reverse-recursive", "Reverse a string recursively.", '''
def reverse_rec(s):
    """Return s reversed, using recursion."""
    if len(s) <= 1:
        return s
    return reverse_rec(s[1:]) + s[0]
''', [
        ("    if len(s) <= 1:", "    if len(s) == 1:", "base-case"),
    ], [
        "assert reverse_rec('abc') == 'cba'",
        "assert reverse_rec('x') == 'x'",
        "assert reverse_rec('') == ''",
    ], [
        "assert reverse_rec('racecars') == 'sracecar'",
        "assert reverse_rec('ab') == 'ba'",
        "assert reverse_rec('') + reverse_rec('12') == '21'",
    ])

    task("tree-preorder-labels", "List the labels of a tree written as nested tuples, in pre-order.", '''
def preorder_labels(node):
    """Labels of a tree of nested tuples (label, child, ...) in pre-order; a leaf is a bare label."""
    if not isinstance(node, tuple):
        return [node]
    label, *children = node
    out = [label]
    for child in children:
        out.extend(preorder_labels(child))
    return out
''', [
        ("        return [node]", "        return node", "wrong-return"),
    ], [
        "assert preorder_labels(('root', 'left', 'right')) == ['root', 'left', 'right']",
        "assert preorder_labels(('a', ('b', 'cc', 'dd'), 'ee')) == ['a', 'b', 'cc', 'dd', 'ee']",
        "assert preorder_labels('solo') == ['solo']",
    ], [
        "assert preorder_labels(('x', ('y', ('z', 'w1')))) == ['x', 'y', 'z', 'w1']",
        "assert preorder_labels(('top',)) == ['top']",
        "assert preorder_labels((1, 22, (3, 44))) == [1, 22, 3, 44]",
    ])

    task("count-tree-leaves", "Count the leaves of a tree given as nested lists and tuples.", '''
def count_leaves(tree):
    """Leaves of a tree of nested lists/tuples; an empty list or tuple has no leaves."""
    if not isinstance(tree, (list, tuple)):
        return 1
    return sum(count_leaves(child) for child in tree)
''', [
        ("    if not isinstance(tree, (list, tuple)):", "    if not isinstance(tree, list):", "missing-case"),
    ], [
        "assert count_leaves([1, [2, 3], [4, [5]]]) == 5",
        "assert count_leaves((1, (2, 3))) == 3",
        "assert count_leaves([]) == 0",
        "assert count_leaves(7) == 1",
    ], [
        "assert count_leaves([(1, 2), [3, (4, 5, 6)]]) == 6",
        "assert count_leaves(((), [()], 'a')) == 1",
        "assert count_leaves([[[['x']]]]) == 1",
        "assert count_leaves(((1,), (2,), (3, 4))) == 4",
    ])

    task("tree-path-sums", "Return the root-to-leaf sums of a binary tree made of (value, left, right) tuples.", '''
def path_sums(node, acc=0):
    """Root-to-leaf sums of a binary tree of (value, left, right) tuples; None is empty."""
    if node is None:
        return []
    value, left, right = node
    acc += value
    if left is None and right is None:
        return [acc]
    return path_sums(left, acc) + path_sums(right, acc)
''', [
        ("    if left is None and right is None:", "    if left is None or right is None:", "boolean-logic"),
        ("    return path_sums(left, acc) + path_sums(right, acc)",
         "    return path_sums(left, value) + path_sums(right, value)", "wrong-variable"),
    ], [
        "assert path_sums((1, (2, None, None), (3, None, None))) == [3, 4]",
        "assert path_sums((5, (4, (11, None, None), None), None)) == [20]",
        "assert path_sums(None) == []",
        "assert path_sums((10, None, (-3, (1, None, None), None))) == [8]",
    ], [
        "assert path_sums((7, None, None)) == [7]",
        "assert path_sums((1, (2, (4, None, None), None), (3, None, (6, None, None)))) == [7, 10]",
        "assert path_sums((0, (0, None, (9, None, None)), (2, None, None))) == [9, 2]",
        "assert path_sums((2, (3, (4, (5, None, None), None), None), None)) == [14]",
    ])

    task("mirror-tree", "Return the mirror image of a binary tree of dicts.", '''
def mirror(node):
    """Mirror image of a binary tree of dicts {'value', 'left', 'right'}; None is empty."""
    if node is None:
        return None
    return {"value": node["value"],
            "left": mirror(node["right"]),
            "right": mirror(node["left"])}
''', [
        ('            "right": mirror(node["left"])}', '            "right": node["left"]}', "missing-call"),
    ], [
        "def n(v, l=None, r=None):\n    return {'value': v, 'left': l, 'right': r}\n"
        "assert mirror(n(1, n(2), n(3))) == n(1, n(3), n(2))",
        "assert mirror(None) is None",
        "def n(v, l=None, r=None):\n    return {'value': v, 'left': l, 'right': r}\n"
        "assert mirror(n(1, n(2, n(4), n(5)), None)) == n(1, None, n(2, n(5), n(4)))",
    ], [
        "def n(v, l=None, r=None):\n    return {'value': v, 'left': l, 'right': r}\n"
        "assert mirror(n(8, n(3, None, n(6)), n(9))) == n(8, n(9), n(3, n(6), None))",
        "def n(v, l=None, r=None):\n    return {'value': v, 'left': l, 'right': r}\n"
        "assert mirror(n(0)) == n(0)",
        "def n(v, l=None, r=None):\n    return {'value': v, 'left': l, 'right': r}\n"
        "t = n(1, n(2, n(3, n(4))))\nassert mirror(mirror(t)) == t and mirror(t) == n(1, None, n(2, None, n(3, None, n(4))))",
    ])

    task("count-balanced-parens", "Count the balanced strings that use n pairs of parentheses, recursively.", '''
def count_balanced(n):
    """Number of balanced strings made of n pairs of parentheses."""
    def go(open_left, close_left):
        if open_left == 0 and close_left == 0:
            return 1
        total = 0
        if open_left > 0:
            total += go(open_left - 1, close_left)
        if close_left > open_left:
            total += go(open_left, close_left - 1)
        return total
    return go(n, n)
''', [
        ("        total = 0", "        total = 1", "initial-value"),
    ], [
        "assert count_balanced(0) == 1",
        "assert count_balanced(1) == 1",
        "assert count_balanced(3) == 5",
    ], [
        "assert count_balanced(2) == 2",
        "assert count_balanced(5) == 42",
        "assert count_balanced(6) == 132",
    ])

    task("to-base-recursive", "Write a non-negative integer in a base from 2 to 16, recursively.", '''
DIGITS = "0123456789abcdef"


def to_base(n, base):
    """String form of a non-negative int n in base 2..16, built recursively."""
    if n < base:
        return DIGITS[n]
    return to_base(n // base, base) + DIGITS[n % base]
''', [
        ("    return to_base(n // base, base) + DIGITS[n % base]",
         "    return to_base(n / base, base) + DIGITS[n % base]", "int-division"),
    ], [
        "assert to_base(10, 2) == '1010'",
        "assert to_base(255, 16) == 'ff'",
        "assert to_base(0, 8) == '0'",
    ], [
        "assert to_base(64, 8) == '100'",
        "assert to_base(4095, 16) == 'fff'",
        "assert to_base(7, 3) == '21'",
    ])

    task("digital-root", "Reduce a non-negative integer to a single digit by repeatedly summing its digits, recursively.", '''
def digital_root(n):
    """Repeatedly sum the decimal digits of n >= 0 until a single digit is left."""
    if n < 10:
        return n
    return digital_root(digital_root(n // 10) + n % 10)
''', [
        ("    if n < 10:\n        return n", "    if n == 0:\n        return 0", "base-case"),
    ], [
        "assert digital_root(5) == 5",
        "assert digital_root(38) == 2",
        "assert digital_root(0) == 0",
    ], [
        "assert digital_root(9) == 9",
        "assert digital_root(99999) == 9",
        "assert digital_root(123456) == 3",
    ])

    task("rec-list-max", "Find the largest element of a non-empty list recursively.", '''
def rec_max(items, start=0):
    """Largest element of the non-empty list items[start:], found recursively."""
    if start == len(items) - 1:
        return items[start]
    rest = rec_max(items, start + 1)
    return items[start] if items[start] > rest else rest
''', [
        ("    if start == len(items) - 1:", "    if start == len(items):", "off-by-one"),
    ], [
        "assert rec_max([3, 9, 2]) == 9",
        "assert rec_max([7]) == 7",
        "assert rec_max([-5, -2, -8]) == -2",
    ], [
        "assert rec_max([1, 2, 3, 4, 10]) == 10",
        "assert rec_max([42, 0, 41]) == 42",
        "assert rec_max([5, 1, 9, 3], 2) == 9",
    ])

    task("gray-code", "Build the n-bit reflected Gray code sequence recursively.", '''
def gray_code(n):
    """The n-bit reflected Gray code, as a list of ints."""
    if n == 0:
        return [0]
    prev = gray_code(n - 1)
    return prev + [x | (1 << (n - 1)) for x in reversed(prev)]
''', [
        ("        return [0]", "        return []", "base-case"),
        ("    return prev + [x | (1 << (n - 1)) for x in reversed(prev)]",
         "    return prev + [x | (1 << n) for x in reversed(prev)]", "off-by-one"),
    ], [
        "assert gray_code(0) == [0]",
        "assert gray_code(1) == [0, 1]",
        "assert gray_code(2) == [0, 1, 3, 2]",
    ], [
        "assert gray_code(3) == [0, 1, 3, 2, 6, 7, 5, 4]",
        "assert sorted(gray_code(4)) == list(range(16))",
        "g = gray_code(5)\nassert all(bin(a ^ b).count('1') == 1 for a, b in zip(g, g[1:])) and g[-1] == 16",
    ])

    task("subsets-of-size", "List all k-element subsets of a list, recursively, in index order.", '''
def subsets_of_size(items, k):
    """All k-element subsets of items, as lists, in lexicographic index order."""
    if k == 0:
        return [[]]
    if len(items) < k:
        return []
    first, rest = items[0], items[1:]
    with_first = [[first] + s for s in subsets_of_size(rest, k - 1)]
    return with_first + subsets_of_size(rest, k)
''', [
        ("    if len(items) < k:", "    if len(items) <= k:", "comparison"),
        ("    with_first = [[first] + s for s in subsets_of_size(rest, k - 1)]",
         "    with_first = [[first] + s for s in subsets_of_size(rest, k)]", "off-by-one"),
    ], [
        "assert subsets_of_size([1, 2, 3], 2) == [[1, 2], [1, 3], [2, 3]]",
        "assert subsets_of_size(['a', 'b'], 2) == [['a', 'b']]",
        "assert subsets_of_size([1, 2], 0) == [[]]",
        "assert subsets_of_size([1], 2) == []",
    ], [
        "assert subsets_of_size([1, 2, 3, 4], 3) == [[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]]",
        "assert subsets_of_size(list('xyz'), 1) == [['x'], ['y'], ['z']]",
        "assert len(subsets_of_size(list(range(6)), 3)) == 20",
        "assert subsets_of_size([], 1) == []",
    ])

    task("add-days-date", "Add a number of days to a (y, m, d) date using a month-length table.", '''
def month_length(y, m):
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return 29
    return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def add_days(date, n):
    """The (y, m, d) date n >= 0 days after `date`."""
    y, m, d = date
    for _ in range(n):
        d += 1
        if d > month_length(y, m):
            d = 1
            m += 1
            if m > 12:
                m = 1
                y += 1
    return (y, m, d)
''', [
        ("        if d > month_length(y, m):", "        if d > month_length(m, y):", "swapped-arguments"),
    ], [
        "assert add_days((2023, 1, 30), 2) == (2023, 2, 1)",
        "assert add_days((2024, 2, 28), 1) == (2024, 2, 29)",
        "assert add_days((2023, 12, 31), 1) == (2024, 1, 1)",
        "assert add_days((2023, 5, 5), 0) == (2023, 5, 5)",
    ], [
        "assert add_days((2023, 2, 28), 1) == (2023, 3, 1)",
        "assert add_days((2024, 1, 1), 366) == (2025, 1, 1)",
        "assert add_days((1900, 2, 28), 1) == (1900, 3, 1)",
        "assert add_days((2022, 4, 29), 3) == (2022, 5, 2)",
    ])

    task("parse-page-ranges", "Expand a page specification like '1-3,5' into a sorted list of page numbers.", '''
def parse_pages(spec):
    """Expand '1-3,5' into [1, 2, 3, 5]; spaces and empty parts are ignored, duplicates dropped."""
    pages = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-")
            pages.update(range(int(lo), int(hi) + 1))
        else:
            pages.add(int(part))
    return sorted(pages)
''', [
        ("        if not part:\n            continue", None, "missing-line"),
        ("            pages.update(range(int(lo), int(hi) + 1))",
         "            pages.update(range(int(lo), int(hi)))", "off-by-one"),
    ], [
        "assert parse_pages('1-3,5') == [1, 2, 3, 5]",
        "assert parse_pages('7, 2, 2') == [2, 7]",
        "assert parse_pages('4,,6,') == [4, 6]",
        "assert parse_pages('') == []",
    ], [
        "assert parse_pages('10-12, 11') == [10, 11, 12]",
        "assert parse_pages('9-9') == [9]",
        "assert parse_pages(',3-4,,1') == [1, 3, 4]",
        "assert parse_pages('20-22,1-2') == [1, 2, 20, 21, 22]",
    ])

    task("parse-ini", "Parse INI-style text with [section] headers and key=value lines into nested dicts.", '''
def parse_ini(text):
    """{section: {key: value}} from INI text; ';' lines are comments, keys before any section are ignored."""
    sections = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), {})
        elif current is not None and "=" in line:
            key, value = line.split("=", 1)
            current[key.strip()] = value.strip()
    return sections
''', [
        ("            current = sections.setdefault(line[1:-1].strip(), {})",
         "            current = sections[line[1:-1].strip()] = {}", "overwrite"),
        ('            key, value = line.split("=", 1)', '            key, value = line.split("=")', "wrong-call"),
    ], [
        "assert parse_ini('[db]\\nhost = x\\nport=5') == {'db': {'host': 'x', 'port': '5'}}",
        "assert parse_ini('[a]\\nk=1\\n[b]\\nk=2\\n[a]\\nj=3') == {'a': {'k': '1', 'j': '3'}, 'b': {'k': '2'}}",
        "assert parse_ini('[s]\\nexpr = x=y') == {'s': {'expr': 'x=y'}}",
        "assert parse_ini('loose=1\\n; note\\n[ main ]') == {'main': {}}",
    ], [
        "assert parse_ini('[p]\\na=1\\n\\n[p]\\nb=2\\n[p]\\nc=3') == {'p': {'a': '1', 'b': '2', 'c': '3'}}",
        "assert parse_ini('[q]\\nurl = http://h/?a=1&b=2') == {'q': {'url': 'http://h/?a=1&b=2'}}",
        "assert parse_ini('; c\\n[x]\\n;k=v\\nk = v ') == {'x': {'k': 'v'}}",
        "assert parse_ini('') == {}",
    ])

    task("compare-versions", "Compare two dotted version strings numerically, padding the shorter with zeros.", '''
def compare_versions(a, b):
    """-1 if version a < b, 0 if equal, 1 if a > b, comparing dotted parts as numbers."""
    xs = [int(p) for p in a.split(".")]
    ys = [int(p) for p in b.split(".")]
    width = max(len(xs), len(ys))
    xs += [0] * (width - len(xs))
    ys += [0] * (width - len(ys))
    if xs == ys:
        return 0
    return -1 if xs < ys else 1
''', [
        ("    ys += [0] * (width - len(ys))", "    ys += [0] * (width - len(xs))", "wrong-variable"),
    ], [
        "assert compare_versions('1.2', '1.10') == -1",
        "assert compare_versions('2.0', '2') == 0",
        "assert compare_versions('1', '1.0.0') == 0",
        "assert compare_versions('3.1', '3.0.9') == 1",
    ], [
        "assert compare_versions('0.9', '0.10.0') == -1",
        "assert compare_versions('4', '4.0.0.0') == 0",
        "assert compare_versions('3.0.0', '3') == 0 and compare_versions('1.0.1', '1') == 1",
        "assert compare_versions('7', '7.0.0.1') == -1",
    ])

    task("stopwatch", "A stopwatch class that accumulates time between start and stop calls given explicit timestamps.", '''
class Stopwatch:
    """Accumulates elapsed time between start(t) and stop(t) calls."""

    def __init__(self):
        self.total = 0
        self.started_at = None

    def start(self, t):
        if self.started_at is None:
            self.started_at = t

    def stop(self, t):
        if self.started_at is not None:
            self.total += t - self.started_at
            self.started_at = None

    def elapsed(self, t):
        running = t - self.started_at if self.started_at is not None else 0
        return self.total + running
''', [
        ("            self.started_at = None", None, "missing-line"),
    ], [
        "w = Stopwatch()\nw.start(10)\nw.stop(15)\nassert w.elapsed(100) == 5",
        "w = Stopwatch()\nw.start(0)\nw.stop(3)\nw.start(10)\nw.stop(12)\nassert w.elapsed(20) == 5",
        "w = Stopwatch()\nw.start(4)\nassert w.elapsed(9) == 5",
    ], [
        "w = Stopwatch()\nw.start(1)\nw.stop(2)\nw.stop(50)\nassert w.elapsed(60) == 1",
        "w = Stopwatch()\nw.start(0)\nw.stop(10)\nw.start(20)\nassert w.elapsed(25) == 15",
        "w = Stopwatch()\nfor a in (0, 10, 20):\n    w.start(a)\n    w.stop(a + 2)\nassert w.elapsed(99) == 6",
    ])

    task("integer-partitions", "Count the ways to write n as a sum of positive parts no larger than a limit, recursively.", '''
def partitions(n, largest=None):
    """Ways to write n as a sum of positive parts, each at most `largest` (default n)."""
    if largest is None:
        largest = n
    if n == 0:
        return 1
    if n < 0 or largest == 0:
        return 0
    return partitions(n - largest, largest) + partitions(n, largest - 1)
''', [
        ("        return 1", "        return 0", "base-case"),
        ("    return partitions(n - largest, largest) + partitions(n, largest - 1)",
         "    return partitions(n - largest, largest - 1) + partitions(n, largest - 1)", "off-by-one"),
    ], [
        "assert partitions(0) == 1",
        "assert partitions(4) == 5",
        "assert partitions(5, 2) == 3",
    ], [
        "assert partitions(6) == 11",
        "assert partitions(10) == 42",
        "assert partitions(7, 3) == 8",
    ])

    task("depth-weighted-sum", "Sum the numbers of a nested list, each weighted by its nesting depth.", '''
def depth_weighted_sum(items, depth=1):
    """Sum of every number times its depth; the outer list is depth 1."""
    total = 0
    for item in items:
        if isinstance(item, list):
            total += depth_weighted_sum(item, depth + 1)
        else:
            total += item * depth
    return total
''', [
        ("def depth_weighted_sum(items, depth=1):", "def depth_weighted_sum(items, depth=0):", "initial-value"),
    ], [
        "assert depth_weighted_sum([1, 2, 3]) == 6",
        "assert depth_weighted_sum([1, [2, [3]]]) == 14",
        "assert depth_weighted_sum([]) == 0",
    ], [
        "assert depth_weighted_sum([[1, 1], 2, [1, 1]]) == 10",
        "assert depth_weighted_sum([[[[4]]]]) == 16",
        "assert depth_weighted_sum([5, [-1]]) == 3",
    ])
