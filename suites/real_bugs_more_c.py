"""More real-bugs tasks, part C: numbers, validation, small classes, recursion, records.

Written for this project. Same format as make_real_bugs.py. Quotes inside bug lines are written
with single-quoted Python strings so that the source lines read exactly as in the task.
"""


def add(task):
    task("luhn", "Check a card number with the Luhn algorithm (spaces allowed).", '''
def luhn_valid(number):
    digits = [int(ch) for ch in number if ch != " "]
    if len(digits) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
''', [("        if i % 2 == 1:", "        if i % 2 == 0:", "off-by-one")], [
        "assert luhn_valid('4539 3195 0343 6467') is True",
        "assert luhn_valid('8273 1232 7352 0569') is False",
        "assert luhn_valid('0') is False",
    ], [
        "assert luhn_valid('79927398713') is True",
        "assert luhn_valid('79927398710') is False",
        "assert luhn_valid('059') is True",
    ])

    task("isbn10", "Validate an ISBN-10 (hyphens allowed; the last character may be X for 10).", '''
def isbn10_valid(code):
    chars = code.replace("-", "")
    if len(chars) != 10:
        return False
    total = 0
    for i, ch in enumerate(chars):
        if ch == "X" and i == 9:
            value = 10
        elif ch.isdigit():
            value = int(ch)
        else:
            return False
        total += (10 - i) * value
    return total % 11 == 0
''', [("        total += (10 - i) * value", "        total += (9 - i) * value", "off-by-one"),
          ('        if ch == "X" and i == 9:', '        if ch == "X":', "missing-condition")], [
        "assert isbn10_valid('0-306-40615-2') is True",
        "assert isbn10_valid('0-306-40615-3') is False",
        "assert isbn10_valid('123') is False",
        "assert isbn10_valid('X123456788') is False",
    ], [
        "assert isbn10_valid('0-8044-2957-X') is True",
        "assert isbn10_valid('0-19-852663-6') is True",
        "assert isbn10_valid('0-8044-2957-1') is False",
        "assert isbn10_valid('030640615A') is False",
    ])

    task("int-to-binary", "Return the binary digits of a non-negative integer as a string ('0' for 0).", '''
def to_binary(n):
    if n == 0:
        return "0"
    bits = []
    while n > 0:
        bits.append(str(n % 2))
        n //= 2
    return "".join(reversed(bits))
''', [('    return "".join(reversed(bits))', '    return "".join(bits)', "missing-call")], [
        "assert to_binary(6) == '110'",
        "assert to_binary(0) == '0'",
        "assert to_binary(1) == '1'",
    ], [
        "assert to_binary(2) == '10'",
        "assert to_binary(37) == '100101'",
        "assert to_binary(255) == '11111111'",
    ])

    task("parse-binary", "Parse a string of 0s and 1s into an integer; raise ValueError on anything else.", '''
def parse_binary(text):
    if not text:
        raise ValueError("empty")
    value = 0
    for ch in text:
        if ch not in "01":
            raise ValueError(f"not binary: {ch!r}")
        value = value * 2 + int(ch)
    return value
''', [("        value = value * 2 + int(ch)", "        value = value + 2 * int(ch)", "wrong-formula")], [
        "assert parse_binary('101') == 5",
        "assert parse_binary('0') == 0",
        "try:\n    parse_binary('102')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ], [
        "assert parse_binary('1111') == 15",
        "assert parse_binary('1000') == 8",
        "try:\n    parse_binary('')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ])

    task("power-mod", "Compute (base ** exp) % mod by fast exponentiation (exp >= 0, mod >= 1).", '''
def power_mod(base, exp, mod):
    result = 1 % mod
    base %= mod
    while exp > 0:
        if exp & 1:
            result = result * base % mod
        base = base * base % mod
        exp >>= 1
    return result
''', [("        base = base * base % mod", "        base = base * 2 % mod", "wrong-operator")], [
        "assert power_mod(2, 10, 1000) == 24",
        "assert power_mod(3, 0, 7) == 1",
        "assert power_mod(5, 3, 13) == 8",
    ], [
        "assert power_mod(7, 5, 11) == pow(7, 5, 11)",
        "assert power_mod(10, 1, 3) == 1",
        "assert power_mod(2, 100, 1) == 0",
    ])

    task("integer-sqrt", "Return the floor of the square root of a non-negative integer (binary search).", '''
def isqrt(n):
    if n < 2:
        return n
    lo, hi = 1, n // 2
    while lo <= hi:
        mid = (lo + hi) // 2
        if mid * mid <= n:
            lo = mid + 1
        else:
            hi = mid - 1
    return hi
''', [("    return hi", "    return lo", "wrong-variable")], [
        "assert isqrt(16) == 4",
        "assert isqrt(15) == 3",
        "assert isqrt(1) == 1",
    ], [
        "assert isqrt(0) == 0",
        "assert isqrt(99) == 9",
        "assert isqrt(10 ** 6) == 1000",
    ])

    task("bank-account", "A bank account with deposit, withdraw (ValueError when overdrawn or amount <= 0) and a transaction history.", '''
class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))

    def withdraw(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        if amount > self.balance:
            raise ValueError("insufficient funds")
        self.balance -= amount
        self.history.append(("withdraw", amount))
''', [("        if amount > self.balance:", "        if amount > self.balance + amount:", "wrong-condition"),
          ('        self.history.append(("withdraw", amount))', '        self.history.append(("deposit", amount))', "copy-paste")], [
        "a = Account(10)\na.withdraw(4)\nassert a.balance == 6",
        "a = Account(5)\ntry:\n    a.withdraw(6)\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass\nassert a.balance == 5",
        "a = Account()\na.deposit(3)\na.withdraw(2)\nassert a.history == [('deposit', 3), ('withdraw', 2)]",
    ], [
        "a = Account()\ntry:\n    a.withdraw(1)\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
        "a = Account(100)\na.withdraw(100)\nassert a.balance == 0 and a.history == [('withdraw', 100)]",
        "a = Account(1)\ntry:\n    a.deposit(0)\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ])

    task("lru-cache", "A least-recently-used cache of a fixed capacity: get (None when absent) and put.", '''
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = OrderedDict()

    def get(self, key):
        if key not in self.items:
            return None
        self.items.move_to_end(key)
        return self.items[key]

    def put(self, key, value):
        if key in self.items:
            self.items.move_to_end(key)
        self.items[key] = value
        if len(self.items) > self.capacity:
            self.items.popitem(last=False)
''', [("        self.items.move_to_end(key)\n        return self.items[key]", "        return self.items[key]", "missing-line"),
          ("            self.items.popitem(last=False)", "            self.items.popitem()", "wrong-argument")], [
        "c = LRUCache(2)\nc.put('a', 1)\nc.put('b', 2)\nc.put('c', 3)\nassert c.get('a') is None and c.get('c') == 3",
        "c = LRUCache(2)\nc.put('a', 1)\nc.put('b', 2)\nc.get('a')\nc.put('c', 3)\nassert c.get('b') is None and c.get('a') == 1",
        "c = LRUCache(1)\nc.put('x', 1)\nassert c.get('x') == 1",
    ], [
        "c = LRUCache(2)\nc.put('a', 1)\nc.put('a', 5)\nc.put('b', 2)\nassert c.get('a') == 5 and c.get('b') == 2",
        "c = LRUCache(3)\nfor k in 'abcd':\n    c.put(k, k)\nassert c.get('a') is None and c.get('d') == 'd'",
        "c = LRUCache(2)\nc.put(1, 1)\nc.put(2, 2)\nc.get(1)\nc.put(3, 3)\nassert c.get(2) is None and c.get(3) == 3",
    ])

    task("min-stack", "A stack that also returns its minimum in O(1): push, pop, min (IndexError when empty).", '''
class MinStack:
    def __init__(self):
        self.items = []
        self.mins = []

    def push(self, x):
        self.items.append(x)
        if not self.mins or x <= self.mins[-1]:
            self.mins.append(x)

    def pop(self):
        x = self.items.pop()
        if x == self.mins[-1]:
            self.mins.pop()
        return x

    def min(self):
        if not self.mins:
            raise IndexError("empty stack")
        return self.mins[-1]
''', [("        if not self.mins or x <= self.mins[-1]:", "        if not self.mins or x < self.mins[-1]:", "comparison")], [
        "s = MinStack()\nfor x in (3, 1, 2):\n    s.push(x)\nassert s.min() == 1\ns.pop()\ns.pop()\nassert s.min() == 3",
        "s = MinStack()\ns.push(2)\ns.push(2)\ns.pop()\nassert s.min() == 2",
        "s = MinStack()\ntry:\n    s.min()\n    assert False, 'expected IndexError'\nexcept IndexError:\n    pass",
    ], [
        "s = MinStack()\nfor x in (5, 1, 1, 4):\n    s.push(x)\ns.pop()\ns.pop()\nassert s.min() == 1",
        "s = MinStack()\ns.push(7)\nassert s.pop() == 7",
        "s = MinStack()\nfor x in (0, 0, 0):\n    s.push(x)\ns.pop()\ns.pop()\nassert s.min() == 0",
    ])

    task("power-set", "Return all subsets of a list (each in the list's order), smaller subsets first, then in input order.", '''
def subsets(items):
    result = [[]]
    for item in items:
        result += [s + [item] for s in result]
    return sorted(result, key=len)
''', [("        result += [s + [item] for s in result]", "        result = [s + [item] for s in result]", "wrong-operator")], [
        "assert subsets([1, 2]) == [[], [1], [2], [1, 2]]",
        "assert subsets([]) == [[]]",
        "assert len(subsets([1, 2, 3])) == 8",
    ], [
        "assert subsets(['a']) == [[], ['a']]",
        "assert subsets([1, 2, 3]) == [[], [1], [2], [3], [1, 2], [1, 3], [2, 3], [1, 2, 3]]",
        "assert len(subsets(list(range(5)))) == 32",
    ])

    task("permutations", "Return all permutations of a list of distinct items, in lexicographic order of positions.", '''
def permutations(items):
    if len(items) <= 1:
        return [list(items)]
    out = []
    for i, first in enumerate(items):
        rest = items[:i] + items[i + 1:]
        for perm in permutations(rest):
            out.append([first] + perm)
    return out
''', [("    if len(items) <= 1:", "    if len(items) == 1:", "base-case"),
          ("        rest = items[:i] + items[i + 1:]", "        rest = items[:i] + items[i:]", "off-by-one")], [
        "assert permutations([1, 2, 3]) == [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]]",
        "assert permutations([]) == [[]]",
        "assert permutations([7]) == [[7]]",
    ], [
        "assert permutations(['a', 'b']) == [['a', 'b'], ['b', 'a']]",
        "assert len(permutations([1, 2, 3, 4])) == 24",
        "assert permutations([0, 1])[1] == [1, 0]",
    ])

    task("tree-depth", "Depth of a binary tree given as nested tuples (value, left, right); None is an empty tree.", '''
def depth(tree):
    if tree is None:
        return 0
    _, left, right = tree
    return 1 + max(depth(left), depth(right))
''', [("    if tree is None:\n        return 0", None, "base-case")], [
        "assert depth(None) == 0",
        "assert depth((1, None, None)) == 1",
        "assert depth((1, (2, None, None), None)) == 2",
    ], [
        "assert depth((1, None, (2, None, (3, None, None)))) == 3",
        "assert depth((1, (2, None, None), (3, None, None))) == 2",
        "assert depth((0, (0, (0, (0, None, None), None), None), None)) == 4",
    ])

    task("bst-insert", "Insert into a binary search tree of dict nodes {'v', 'l', 'r'}; return the in-order values.", '''
def insert(node, value):
    if node is None:
        return {"v": value, "l": None, "r": None}
    if value < node["v"]:
        node["l"] = insert(node["l"], value)
    else:
        node["r"] = insert(node["r"], value)
    return node


def in_order(node):
    if node is None:
        return []
    return in_order(node["l"]) + [node["v"]] + in_order(node["r"])


def build(values):
    root = None
    for v in values:
        root = insert(root, v)
    return in_order(root)
''', [('        node["l"] = insert(node["l"], value)', '        node["l"] = insert(node["r"], value)', "wrong-index"),
          ('    return in_order(node["l"]) + [node["v"]] + in_order(node["r"])', '    return [node["v"]] + in_order(node["l"]) + in_order(node["r"])', "wrong-order")], [
        "assert build([3, 1, 2]) == [1, 2, 3]",
        "assert build([5, 3, 8, 1, 4]) == [1, 3, 4, 5, 8]",
        "assert build([]) == []",
    ], [
        "assert build([2, 2, 1]) == [1, 2, 2]",
        "assert build([9, 8, 7, 6]) == [6, 7, 8, 9]",
        "assert build([1, 2, 3]) == [1, 2, 3]",
    ])

    task("day-of-year", "Return the day of the year (1-366) of a date given as year, month, day.", '''
def day_of_year(year, month, day):
    lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        lengths[1] = 29
    return sum(lengths[:month - 1]) + day
''', [("    return sum(lengths[:month - 1]) + day", "    return sum(lengths[:month]) + day", "off-by-one"),
          ("    if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):", "    if year % 4 == 0 and year % 100 != 0:", "missing-case")], [
        "assert day_of_year(2023, 1, 1) == 1",
        "assert day_of_year(2023, 3, 1) == 60",
        "assert day_of_year(2000, 3, 1) == 61",
    ], [
        "assert day_of_year(2024, 12, 31) == 366",
        "assert day_of_year(1900, 3, 1) == 60",
        "assert day_of_year(2023, 2, 28) == 59",
    ])

    task("merge-dicts-sum", "Merge a list of dicts of counts, adding the values of keys that repeat.", '''
def merge_counts(dicts):
    total = {}
    for d in dicts:
        for key, value in d.items():
            total[key] = total.get(key, 0) + value
    return total
''', [("            total[key] = total.get(key, 0) + value", "            total[key] = value", "overwrite")], [
        "assert merge_counts([{'a': 1}, {'a': 2, 'b': 1}]) == {'a': 3, 'b': 1}",
        "assert merge_counts([]) == {}",
        "assert merge_counts([{'x': 5}]) == {'x': 5}",
    ], [
        "assert merge_counts([{'a': 1}, {'a': 1}, {'a': 1}]) == {'a': 3}",
        "assert merge_counts([{'p': 2}, {'q': 3}]) == {'p': 2, 'q': 3}",
        "assert merge_counts([{'z': -1}, {'z': 1}]) == {'z': 0}",
    ])

    task("nested-get", "Follow a dotted path like 'a.b.c' through nested dicts; return a default when a key is missing.", '''
def nested_get(data, path, default=None):
    current = data
    for key in path.split("."):
        if not isinstance(current, dict) or key not in current:
            return default
        current = current[key]
    return current
''', [("        if not isinstance(current, dict) or key not in current:", "        if key not in current:", "missing-condition"),
          ("    return current", "    return current or default", "wrong-value")], [
        "assert nested_get({'a': {'b': 1}}, 'a.b') == 1",
        "assert nested_get({'a': {'b': 1}}, 'a.c', 'x') == 'x'",
        "assert nested_get({'a': 5}, 'a.b', 'd') == 'd'",
        "assert nested_get({'a': {'b': 0}}, 'a.b', 9) == 0",
    ], [
        "assert nested_get({'x': {'y': {'z': 'deep'}}}, 'x.y.z') == 'deep'",
        "assert nested_get({}, 'k') is None",
        "assert nested_get({'a': 'text'}, 'a.b', 1) == 1",
        "assert nested_get({'a': {'b': ''}}, 'a.b', 'd') == ''",
    ])

    task("group-consecutive", "Group equal neighbouring items: [1, 1, 2, 1] -> [[1, 1], [2], [1]].", '''
def group_runs(items):
    groups = []
    for item in items:
        if groups and groups[-1][0] == item:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
''', [("        if groups and groups[-1][0] == item:", "        if groups and groups[0][0] == item:", "wrong-index")], [
        "assert group_runs([1, 1, 2, 1]) == [[1, 1], [2], [1]]",
        "assert group_runs([]) == []",
        "assert group_runs(['a', 'b', 'b']) == [['a'], ['b', 'b']]",
    ], [
        "assert group_runs([3, 3, 3]) == [[3, 3, 3]]",
        "assert group_runs([1, 2, 2, 3, 3, 3]) == [[1], [2, 2], [3, 3, 3]]",
        "assert group_runs([0, 1, 0]) == [[0], [1], [0]]",
    ])

    task("retry-delays", "Exponential back-off delays: base, base*factor, ... capped at max_delay, n of them.", '''
def backoff_delays(n, base=1.0, factor=2.0, max_delay=30.0):
    delays = []
    delay = base
    for _ in range(n):
        delays.append(min(delay, max_delay))
        delay *= factor
    return delays
''', [("        delays.append(min(delay, max_delay))", "        delays.append(max(delay, max_delay))", "wrong-call"),
          ("        delay *= factor", "        delay += factor", "wrong-operator")], [
        "assert backoff_delays(4) == [1.0, 2.0, 4.0, 8.0]",
        "assert backoff_delays(0) == []",
        "assert backoff_delays(3, base=10, factor=3, max_delay=50) == [10, 30, 50]",
    ], [
        "assert backoff_delays(1, base=0.5) == [0.5]",
        "assert backoff_delays(6) == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]",
        "assert backoff_delays(3, base=2, factor=1) == [2, 2, 2]",
    ])

    task("median", "Return the median of a non-empty list (the mean of the middle two for an even length).", '''
def median(values):
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    if n % 2 == 1:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
''', [("    return (ordered[mid - 1] + ordered[mid]) / 2", "    return (ordered[mid] + ordered[mid + 1]) / 2", "off-by-one"),
          ("    ordered = sorted(values)", "    ordered = values", "missing-call")], [
        "assert median([3, 1, 2]) == 2",
        "assert median([1, 2, 3, 4]) == 2.5",
        "assert median([5]) == 5",
    ], [
        "assert median([4, 1, 3, 2]) == 2.5",
        "assert median([10, 2, 38, 23, 38, 23, 21]) == 23",
        "assert median([-1, 1]) == 0",
    ])

    task("mode-value", "Return the most common value of a list; on a tie, the one that appears first.", '''
def mode(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = None
    for v in values:
        if best is None or counts[v] > counts[best]:
            best = v
    return best
''', [("        if best is None or counts[v] > counts[best]:", "        if best is None or counts[v] >= counts[best]:", "comparison")], [
        "assert mode([1, 2, 2, 3]) == 2",
        "assert mode(['a', 'b']) == 'a'",
        "assert mode([]) is None",
    ], [
        "assert mode([5, 5, 6, 6]) == 5",
        "assert mode([9]) == 9",
        "assert mode([1, 3, 3, 1, 2]) == 1",
    ])

    task("validate-ipv4", "Tell whether a string is a dotted IPv4 address (four decimal parts 0-255, no leading zeros).", '''
def is_ipv4(text):
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        if not part.isdigit():
            return False
        if len(part) > 1 and part[0] == "0":
            return False
        if int(part) > 255:
            return False
    return True
''', [("    if len(parts) != 4:", "    if len(parts) < 4:", "comparison"),
          ('        if len(part) > 1 and part[0] == "0":\n            return False', None, "missing-check")], [
        "assert is_ipv4('192.168.0.1') is True",
        "assert is_ipv4('1.2.3.4.5') is False",
        "assert is_ipv4('01.2.3.4') is False",
        "assert is_ipv4('1.2.3') is False",
    ], [
        "assert is_ipv4('0.0.0.0') is True",
        "assert is_ipv4('255.255.255.255') is True",
        "assert is_ipv4('1.2.3.04') is False",
        "assert is_ipv4('256.1.1.1') is False",
    ])

    task("pascal-row", "Return row n of Pascal's triangle (row 0 is [1]).", '''
def pascal_row(n):
    row = [1]
    for _ in range(n):
        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]
    return row
''', [("        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]", "        row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 2)] + [1]", "off-by-one")], [
        "assert pascal_row(0) == [1]",
        "assert pascal_row(2) == [1, 2, 1]",
        "assert pascal_row(4) == [1, 4, 6, 4, 1]",
    ], [
        "assert pascal_row(1) == [1, 1]",
        "assert pascal_row(3) == [1, 3, 3, 1]",
        "assert sum(pascal_row(10)) == 1024",
    ])

    task("inventory", "Apply (item, change) updates to a stock dict; an item that reaches 0 is removed; going negative raises ValueError and leaves the stock unchanged.", '''
def apply_updates(stock, updates):
    result = dict(stock)
    for item, change in updates:
        new = result.get(item, 0) + change
        if new < 0:
            raise ValueError(f"not enough {item}")
        if new == 0:
            result.pop(item, None)
        else:
            result[item] = new
    return result
''', [("    result = dict(stock)", "    result = stock", "aliasing"),
          ("        if new == 0:\n            result.pop(item, None)\n        else:\n            result[item] = new", "        result[item] = new", "missing-case")], [
        "assert apply_updates({'a': 2}, [('a', 3), ('b', 1)]) == {'a': 5, 'b': 1}",
        "assert apply_updates({'a': 2}, [('a', -2)]) == {}",
        "s = {'a': 1}\ntry:\n    apply_updates(s, [('a', 5), ('a', -9)])\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass\nassert s == {'a': 1}",
    ], [
        "assert apply_updates({}, []) == {}",
        "assert apply_updates({'x': 1, 'y': 1}, [('x', -1), ('y', 1)]) == {'y': 2}",
        "s = {'k': 3}\napply_updates(s, [('k', -3)])\nassert s == {'k': 3}",
    ])

    task("hanoi-moves", "List the moves (from, to) that solve the towers of Hanoi for n discs from peg a to peg c.", '''
def hanoi(n, source="a", target="c", spare="b"):
    if n == 0:
        return []
    moves = hanoi(n - 1, source, spare, target)
    moves.append((source, target))
    moves += hanoi(n - 1, spare, target, source)
    return moves
''', [("    moves += hanoi(n - 1, spare, target, source)", "    moves += hanoi(n - 1, spare, source, target)", "swapped-arguments")], [
        "assert hanoi(1) == [('a', 'c')]",
        "assert hanoi(2) == [('a', 'b'), ('a', 'c'), ('b', 'c')]",
        "assert hanoi(0) == []",
    ], [
        "assert len(hanoi(5)) == 31",
        "assert hanoi(3)[3] == ('a', 'c') and hanoi(3)[-1] == ('a', 'c')",
        "assert hanoi(3) == [('a', 'c'), ('a', 'b'), ('c', 'b'), ('a', 'c'), ('b', 'a'), ('b', 'c'), ('a', 'c')]",
    ])

    task("flatten-dict", "Flatten nested dicts into dotted keys: {'a': {'b': 1}} -> {'a.b': 1}.", '''
def flatten_dict(data, prefix=""):
    flat = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value:
            flat.update(flatten_dict(value, name))
        else:
            flat[name] = value
    return flat
''', [("            flat.update(flatten_dict(value, name))", "            flat.update(flatten_dict(value, key))", "wrong-variable"),
          ('        name = f"{prefix}.{key}" if prefix else key', '        name = f"{prefix}.{key}"', "missing-case")], [
        "assert flatten_dict({'a': {'b': 1}}) == {'a.b': 1}",
        "assert flatten_dict({'a': {'b': {'c': 2}}, 'd': 3}) == {'a.b.c': 2, 'd': 3}",
        "assert flatten_dict({}) == {}",
    ], [
        "assert flatten_dict({'x': {}}) == {'x': {}}",
        "assert flatten_dict({'p': {'q': 1, 'r': {'s': 2}}}) == {'p.q': 1, 'p.r.s': 2}",
        "assert flatten_dict({'k': [1, 2]}) == {'k': [1, 2]}",
    ])

    task("scoreboard", "Rank players by total points (desc), then by name; return lines 'rank. name points' with shared ranks for ties.", '''
def scoreboard(results):
    """results is a list of (name, points) from several games."""
    totals = {}
    for name, points in results:
        totals[name] = totals.get(name, 0) + points
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    lines = []
    rank = 0
    previous = None
    for position, (name, points) in enumerate(ordered, start=1):
        if points != previous:
            rank = position
            previous = points
        lines.append(f"{rank}. {name} {points}")
    return lines
''', [("        if points != previous:\n            rank = position\n            previous = points", "        if points != previous:\n            rank += 1\n            previous = points", "wrong-value"),
          ("        totals[name] = totals.get(name, 0) + points", "        totals[name] = points", "overwrite")], [
        "assert scoreboard([('ann', 3), ('bob', 5), ('ann', 4)]) == ['1. ann 7', '2. bob 5']",
        "assert scoreboard([('a', 2), ('b', 2), ('c', 1)]) == ['1. a 2', '1. b 2', '3. c 1']",
        "assert scoreboard([]) == []",
    ], [
        "assert scoreboard([('z', 1), ('y', 1), ('x', 1)]) == ['1. x 1', '1. y 1', '1. z 1']",
        "assert scoreboard([('p', 5), ('q', 5), ('r', 5), ('s', 0)]) == ['1. p 5', '1. q 5', '1. r 5', '4. s 0']",
        "assert scoreboard([('m', 2), ('m', -1)]) == ['1. m 1']",
    ])

    task("tokenize-expr", "Split an arithmetic expression into number and operator tokens, skipping spaces: '12+ 3*(4)' -> ['12', '+', '3', '*', '(', '4', ')'].", '''
def tokenize(expr):
    tokens = []
    number = ""
    for ch in expr:
        if ch.isdigit():
            number += ch
            continue
        if number:
            tokens.append(number)
            number = ""
        if ch in "+-*/()":
            tokens.append(ch)
        elif ch != " ":
            raise ValueError(f"unexpected {ch!r}")
    if number:
        tokens.append(number)
    return tokens
''', [("    if number:\n        tokens.append(number)\n    return tokens", "    return tokens", "missing-line")], [
        "assert tokenize('12+ 3*(4)') == ['12', '+', '3', '*', '(', '4', ')']",
        "assert tokenize('7') == ['7']",
        "assert tokenize('') == []",
    ], [
        "assert tokenize('1 + 22') == ['1', '+', '22']",
        "assert tokenize('(5)') == ['(', '5', ')']",
        "try:\n    tokenize('2 $ 3')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ])

    task("matrix-path-sum", "Minimum path sum from the top-left to the bottom-right of a grid of numbers, moving right or down.", '''
def min_path_sum(grid):
    rows, cols = len(grid), len(grid[0])
    cost = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if r == 0 and c == 0:
                cost[r][c] = grid[0][0]
            elif r == 0:
                cost[r][c] = cost[r][c - 1] + grid[r][c]
            elif c == 0:
                cost[r][c] = cost[r - 1][c] + grid[r][c]
            else:
                cost[r][c] = min(cost[r - 1][c], cost[r][c - 1]) + grid[r][c]
    return cost[-1][-1]
''', [("                cost[r][c] = cost[r - 1][c] + grid[r][c]", "                cost[r][c] = cost[r][c - 1] + grid[r][c]", "wrong-index"),
          ("                cost[r][c] = min(cost[r - 1][c], cost[r][c - 1]) + grid[r][c]", "                cost[r][c] = max(cost[r - 1][c], cost[r][c - 1]) + grid[r][c]", "wrong-call")], [
        "assert min_path_sum([[1, 3, 1], [1, 5, 1], [4, 2, 1]]) == 7",
        "assert min_path_sum([[5]]) == 5",
        "assert min_path_sum([[1], [2], [3]]) == 6",
    ], [
        "assert min_path_sum([[1, 2, 3], [4, 5, 6]]) == 12",
        "assert min_path_sum([[1, 9], [1, 1]]) == 3",
        "assert min_path_sum([[0, 0, 0]]) == 0",
    ])

    task("normalize-scores", "Scale numbers linearly to [0, 1] (all equal values map to 0.0).", '''
def normalize(values):
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]
''', [("    return [(v - low) / (high - low) for v in values]", "    return [(v - low) / high for v in values]", "wrong-formula")], [
        "assert normalize([0, 5, 10]) == [0.0, 0.5, 1.0]",
        "assert normalize([2, 4]) == [0.0, 1.0]",
        "assert normalize([]) == []",
    ], [
        "assert normalize([3, 3]) == [0.0, 0.0]",
        "assert normalize([-1, 0, 1]) == [0.0, 0.5, 1.0]",
        "assert normalize([10, 20, 15]) == [0.0, 1.0, 0.5]",
    ])
