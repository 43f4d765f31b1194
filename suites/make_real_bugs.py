"""Builds suites/real-bugs.jsonl from the hand-written tasks (stdlib only).

Each task is written once as its FIXED source plus a list of bugs. A bug is
(fixed_text, buggy_text, kind): the exact fixed line or lines (they must occur once, as whole
lines) and what a programmer might have written instead (None = the lines are missing). A bug may
span several lines (a missing guard, two swapped statements); it is still one corruption, one edit.
The buggy source is derived from the fixed one, so the two can never drift.

Tests come in two halves of equal size: the visible tests (the buggy code fails at least one) and
the hidden ones (the same function on other inputs, written to catch fixes that special-case the
visible inputs). A record's "tests" is visible + hidden, so `coe eval --hidden 0.5` holds back
exactly the hidden half; "nVisible" says where it starts.

Ids are "rb-NNN-name", numbered by position, and never change: new tasks are appended at the end
(the script refuses to renumber a task already in the suite file). The tune / report split of each
task is a seeded hash of its id (split_of, the same function as core/eval/suitePolicy.ts).

    python3 suites/make_real_bugs.py            # rewrites suites/real-bugs.jsonl
    python3 suites/check_suite.py suites/real-bugs.jsonl
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_suite import split_of  # noqa: E402

T = []  # the tasks, in order; ids are numbered from their position


def task_into(tasks):
    """The `task(...)` that the task files call, appending to `tasks`."""
    def task(name, description, fixed, bugs, tests, hidden=None):
        tasks.append({"name": name, "description": description, "fixed": fixed.lstrip("\n"), "bugs": bugs,
                      "tests": tests, "hidden": hidden or []})
    return task


task = task_into(T)


task("chunk", "Split a list into consecutive chunks of at most `size` items.", '''
def chunk(items, size):
    """Split items into consecutive lists of at most size elements."""
    if size <= 0:
        raise ValueError("size must be positive")
    out = []
    for start in range(0, len(items), size):
        out.append(items[start:start + size])
    return out
''', [("    for start in range(0, len(items), size):", "    for start in range(0, len(items) - size, size):", "off-by-one")], [
    "assert chunk([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]",
    "assert chunk([], 3) == []",
    "assert chunk([1, 2, 3], 3) == [[1, 2, 3]]",
    "assert chunk(list('abcdef'), 4) == [['a', 'b', 'c', 'd'], ['e', 'f']]",
    "try:\n    chunk([1], 0)\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
])

task("moving-average", "Return the averages (floats) of every full window of `window` consecutive values.", '''
def moving_average(values, window):
    """Return the averages of every full window of consecutive values."""
    result = []
    for i in range(len(values) - window + 1):
        total = sum(values[i:i + window])
        result.append(total / window)
    return result
''', [("    for i in range(len(values) - window + 1):", "    for i in range(len(values) - window):", "off-by-one"),
      ("        result.append(total / window)", "        result.append(total // window)", "int-division")], [
    "assert moving_average([1, 2, 3, 4], 2) == [1.5, 2.5, 3.5]",
    "assert moving_average([2, 4], 2) == [3.0]",
    "assert moving_average([5, 6, 7], 1) == [5, 6, 7]",
    "assert moving_average([1, 2], 3) == []",
    "assert moving_average([3, 3, 3, 9], 3) == [3.0, 5.0]",
])

task("clamp", "Limit a value to the closed range [low, high].", '''
def clamp(value, low, high):
    """Limit value to the closed range [low, high]."""
    if low > high:
        raise ValueError("low must not exceed high")
    if value < low:
        return low
    if value > high:
        return high
    return value
''', [("    if value < low:", "    if value > low:", "comparison")], [
    "assert clamp(5, 0, 10) == 5",
    "assert clamp(-3, 0, 10) == 0",
    "assert clamp(12, 0, 10) == 10",
    "assert clamp(0, 0, 0) == 0",
    "assert clamp(2.5, 1.0, 2.0) == 2.0",
])

task("leap-year", "Return True when a year is a Gregorian leap year.", '''
def is_leap_year(year):
    """Return True when year is a leap year in the Gregorian calendar."""
    if year < 1:
        raise ValueError("year must be positive")
    divisible_by_4 = year % 4 == 0
    century = year % 100 == 0
    return divisible_by_4 and (not century or year % 400 == 0)
''', [("    return divisible_by_4 and (not century or year % 400 == 0)",
       "    return divisible_by_4 or (not century or year % 400 == 0)", "boolean-logic")], [
    "assert is_leap_year(2024) is True",
    "assert is_leap_year(2023) is False",
    "assert is_leap_year(1900) is False",
    "assert is_leap_year(2000) is True",
    "assert not is_leap_year(2019)",
])

task("count-vowels", "Count the vowels a, e, i, o, u in a string, ignoring case.", '''
def count_vowels(text):
    """Count the vowels (a, e, i, o, u) in text, ignoring case."""
    count = 0
    for ch in text.lower():
        if ch in "aeiou":
            count += 1
    return count
''', [("    for ch in text.lower():", "    for ch in text:", "string-method")], [
    "assert count_vowels('hello') == 2",
    "assert count_vowels('HELLO') == 2",
    "assert count_vowels('') == 0",
    "assert count_vowels('Rhythm') == 0",
    "assert count_vowels('AEIOU xyz') == 5",
])

task("factorial", "Return n! for a non-negative integer n (0! is 1).", '''
def factorial(n):
    """Return n! for a non-negative integer n."""
    if n < 0:
        raise ValueError("n must be non-negative")
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result
''', [("    result = 1", "    result = 0", "initial-value")], [
    "assert factorial(0) == 1",
    "assert factorial(1) == 1",
    "assert factorial(5) == 120",
    "assert factorial(10) == 3628800",
    "try:\n    factorial(-1)\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
])

task("fib-memo", "Return the n-th Fibonacci number with memoisation (fib(0) == 0, fib(1) == 1).", '''
def fib(n, memo=None):
    """Return the n-th Fibonacci number (fib(0) == 0, fib(1) == 1)."""
    if memo is None:
        memo = {}
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1, memo) + fib(n - 2, memo)
    return memo[n]
''', [("    if n < 2:", "    if n == 0:", "base-case")], [
    "assert fib(0) == 0",
    "assert fib(1) == 1",
    "assert fib(2) == 1",
    "assert fib(10) == 55",
    "assert fib(50) == 12586269025",
])

task("binary-search", "Return the index of a target in a sorted list, or -1 when it is absent.", '''
def binary_search(items, target):
    """Return the index of target in the sorted list items, or -1."""
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
''', [("    while lo <= hi:", "    while lo < hi:", "comparison")], [
    "assert binary_search([1, 3, 5, 7], 7) == 3",
    "assert binary_search([4], 4) == 0",
    "assert binary_search([], 1) == -1",
    "assert binary_search([1, 3, 5], 2) == -1",
    "assert binary_search([1, 3, 5, 7, 9], 1) == 0",
])

task("mean", "Return the arithmetic mean of a non-empty list of numbers as a float.", '''
def mean(values):
    """Return the arithmetic mean of a non-empty list of numbers as a float."""
    if not values:
        raise ValueError("mean of empty list")
    total = 0
    for v in values:
        total += v
    return total / len(values)
''', [("    return total / len(values)", "    return total // len(values)", "int-division")], [
    "assert mean([1, 2]) == 1.5",
    "assert mean([2, 4, 6]) == 4",
    "assert mean([5]) == 5",
    "assert abs(mean([0.1, 0.2, 0.3]) - 0.2) < 1e-9",
    "try:\n    mean([])\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
])

task("remove-negatives", "Return a new list without the negative numbers, keeping order and leaving the input unchanged.", '''
def remove_negatives(numbers):
    """Return a new list with the negative numbers removed, keeping order."""
    result = list(numbers)
    for n in numbers:
        if n < 0:
            result.remove(n)
    return result
''', [("    for n in numbers:", "    for n in result:", "mutate-while-iterating")], [
    "assert remove_negatives([1, -2, 3]) == [1, 3]",
    "assert remove_negatives([-1, -2, 3]) == [3]",
    "assert remove_negatives([]) == []",
    "assert remove_negatives([-5, -5, -5, 0]) == [0]",
    "data = [2, -1, -1, 4]\nassert remove_negatives(data) == [2, 4]\nassert data == [2, -1, -1, 4]",
])

task("dedupe", "Remove duplicates from a list, keeping the first occurrence of each item in order.", '''
def dedupe(items):
    """Return items without duplicates, keeping the first occurrence of each."""
    seen = set()
    unique = []
    for item in items:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique
''', [("            seen.add(item)", None, "missing-line")], [
    "assert dedupe([1, 2, 1, 3, 2]) == [1, 2, 3]",
    "assert dedupe([]) == []",
    "assert dedupe(['a', 'b']) == ['a', 'b']",
    "assert dedupe('mississippi') == ['m', 'i', 's', 'p']",
])

task("word-counts", "Count how often each lower-cased word occurs in a text split on any whitespace.", '''
def word_counts(text):
    """Count how often each lower-cased word occurs in text (split on whitespace)."""
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts
''', [("    for word in text.lower().split():", "    for word in text.lower().split(\" \"):", "string-method"),
      ("        counts[word] = counts.get(word, 0) + 1", "        counts[word] = counts.get(word, 1) + 1", "dict-get-default")], [
    "assert word_counts('a b a') == {'a': 2, 'b': 1}",
    "assert word_counts('') == {}",
    "assert word_counts('The the') == {'the': 2}",
    "assert word_counts('x  y\\nx') == {'x': 2, 'y': 1}",
    "assert word_counts('one') == {'one': 1}",
])

task("top-scores", "Return the names of the n players with the highest scores, best first.", '''
def top_scores(scores, n):
    """Return the names of the n players with the highest scores, best first."""
    if n <= 0:
        return []
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    return [name for name, _ in ranked[:n]]
''', [("    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)",
       "    ranked = sorted(scores.items(), key=lambda kv: kv[1])", "sort-key")], [
    "assert top_scores({'a': 3, 'b': 9, 'c': 5}, 2) == ['b', 'c']",
    "assert top_scores({'a': 3}, 0) == []",
    "assert top_scores({'a': 1, 'b': 2}, 5) == ['b', 'a']",
    "assert top_scores({}, 3) == []",
    "assert top_scores({'x': 10, 'y': 1, 'z': 7}, 1) == ['x']",
])

task("parse-record", "Parse a 'name, age, city' line into a dict, ignoring spaces around each field.", '''
def parse_record(line):
    """Parse 'name, age, city' into a dict; surrounding spaces are ignored."""
    parts = [p.strip() for p in line.split(",")]
    if len(parts) != 3:
        raise ValueError("expected 3 fields")
    name, age, city = parts
    return {"name": name, "age": int(age), "city": city}
''', [("    parts = [p.strip() for p in line.split(\",\")]", "    parts = line.strip().split(\",\")", "string-method")], [
    "assert parse_record('Ann,30,Paris') == {'name': 'Ann', 'age': 30, 'city': 'Paris'}",
    "assert parse_record('Bob, 41, Rome') == {'name': 'Bob', 'age': 41, 'city': 'Rome'}",
    "assert parse_record('  Cy ,7,  Oslo  ')['city'] == 'Oslo'",
    "assert parse_record('  Cy ,7,  Oslo  ')['name'] == 'Cy'",
    "try:\n    parse_record('a,b')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
])

task("normalize-path", "Collapse repeated slashes in a path and drop a trailing slash, keeping a leading '/'.", '''
def normalize_path(path):
    """Collapse repeated slashes and drop a trailing slash (keeping a leading '/')."""
    parts = [p for p in path.split("/") if p]
    joined = "/".join(parts)
    if path.startswith("/"):
        return "/" + joined
    return joined
''', [("        return \"/\" + joined", "        \"/\" + joined", "missing-return")], [
    "assert normalize_path('a//b/') == 'a/b'",
    "assert normalize_path('/usr//local/') == '/usr/local'",
    "assert normalize_path('/') == '/'",
    "assert normalize_path('x') == 'x'",
    "assert normalize_path('//etc') == '/etc'",
])

task("second-largest", "Return the second largest distinct value of a list, or None when there is none.", '''
def second_largest(numbers):
    """Return the second largest distinct value, or None if there is none."""
    first = second = None
    for n in numbers:
        if first is None or n > first:
            first, second = n, first
        elif n != first and (second is None or n > second):
            second = n
    return second
''', [("    first = second = None", "    first = second = 0", "initial-value")], [
    "assert second_largest([3, 1, 2]) == 2",
    "assert second_largest([-5, -2]) == -5",
    "assert second_largest([5]) is None",
    "assert second_largest([4, 4, 4]) is None",
    "assert second_largest([1, 9, 9, 7]) == 7",
])

task("flatten", "Flatten arbitrarily nested lists into one flat list.", '''
def flatten(nested):
    """Flatten arbitrarily nested lists into a single flat list."""
    flat = []
    for item in nested:
        if isinstance(item, list):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat
''', [("            flat.extend(flatten(item))", "            flat.append(flatten(item))", "wrong-call")], [
    "assert flatten([1, [2, [3]]]) == [1, 2, 3]",
    "assert flatten([]) == []",
    "assert flatten([[], [[]]]) == []",
    "assert flatten(['a', ['b', 'c'], 'd']) == ['a', 'b', 'c', 'd']",
    "assert flatten([1, 2]) == [1, 2]",
])

task("gcd", "Return the greatest common divisor of two non-negative integers (gcd(0, 0) == 0).", '''
def gcd(a, b):
    """Greatest common divisor of two non-negative integers (gcd(0, 0) == 0)."""
    if a < 0 or b < 0:
        raise ValueError("expected non-negative integers")
    while b:
        a, b = b, a % b
    return a
''', [("    return a", "    return b", "wrong-variable")], [
    "assert gcd(12, 18) == 6",
    "assert gcd(7, 0) == 7",
    "assert gcd(0, 0) == 0",
    "assert gcd(17, 5) == 1",
    "assert gcd(0, 9) == 9",
])

task("merge-sorted", "Merge two sorted lists into one sorted list.", '''
def merge_sorted(a, b):
    """Merge two sorted lists into one sorted list."""
    i = j = 0
    merged = []
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            merged.append(a[i])
            i += 1
        else:
            merged.append(b[j])
            j += 1
    merged.extend(a[i:])
    merged.extend(b[j:])
    return merged
''', [("    while i < len(a) and j < len(b):", "    while i < len(a) or j < len(b):", "boolean-logic"),
      ("    merged.extend(b[j:])", "    merged.extend(b[i:])", "wrong-variable")], [
    "assert merge_sorted([1, 4, 6], [2, 3, 7]) == [1, 2, 3, 4, 6, 7]",
    "assert merge_sorted([], [1, 2]) == [1, 2]",
    "assert merge_sorted([5], []) == [5]",
    "assert merge_sorted([1, 2, 3], [10, 20]) == [1, 2, 3, 10, 20]",
    "assert merge_sorted([9, 10, 11], [1]) == [1, 9, 10, 11]",
])

task("is-palindrome", "Tell whether a text reads the same backwards, ignoring case and non-alphanumeric characters.", '''
def is_palindrome(text):
    """True when text reads the same backwards, ignoring case and non-alphanumerics."""
    cleaned = [c.lower() for c in text if c.isalnum()]
    left, right = 0, len(cleaned) - 1
    while left < right:
        if cleaned[left] != cleaned[right]:
            return False
        left += 1
        right -= 1
    return True
''', [("    cleaned = [c.lower() for c in text if c.isalnum()]", "    cleaned = [c for c in text if c.isalnum()]", "string-method"),
      ("    left, right = 0, len(cleaned) - 1", "    left, right = 0, len(cleaned)", "off-by-one")], [
    "assert is_palindrome('A man, a plan, a canal: Panama') is True",
    "assert is_palindrome('') is True",
    "assert is_palindrome('abca') is False",
    "assert is_palindrome('Noon') is True",
    "assert is_palindrome('12 21') is True",
])

task("first-duplicate", "Return the first item that is seen a second time while scanning a list, or None.", '''
def first_duplicate(items):
    """Return the first item that appears a second time while scanning, or None."""
    seen = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
''', [("    return None", "        return None", "early-return")], [
    "assert first_duplicate([1, 2, 3, 2, 1]) == 2",
    "assert first_duplicate([]) is None",
    "assert first_duplicate([1, 2, 3]) is None",
    "assert first_duplicate(['a', 'a']) == 'a'",
    "assert first_duplicate([5, 6, 7, 6]) == 6",
])

task("add-tag", "Append a tag to a list (a fresh list on every call when none is given) and return it.", '''
def add_tag(tag, tags=None):
    """Append tag to tags (a new list when tags is not given) and return the list."""
    if tags is None:
        tags = []
    tags.append(tag)
    return tags
''', [("def add_tag(tag, tags=None):", "def add_tag(tag, tags=[]):", "mutable-default")], [
    "assert add_tag('x', ['a']) == ['a', 'x']",
    "first = add_tag('a')\nsecond = add_tag('b')\nassert second == ['b'], second",
    "assert add_tag('c') == ['c']",
    "mine = []\nassert add_tag('z', mine) is mine and mine == ['z']",
])

task("sum-range", "Sum the integers from start to stop, both included (0 when start > stop).", '''
def sum_range(start, stop):
    """Sum of the integers from start to stop, both included (0 when start > stop)."""
    total = 0
    for k in range(start, stop + 1):
        total += k
    return total
''', [("    for k in range(start, stop + 1):", "    for k in range(start, stop):", "off-by-one")], [
    "assert sum_range(1, 4) == 10",
    "assert sum_range(3, 3) == 3",
    "assert sum_range(5, 1) == 0",
    "assert sum_range(-2, 2) == 0",
    "assert sum_range(1, 100) == 5050",
])

task("to-fahrenheit", "Convert a list of Celsius temperatures to Fahrenheit, rounded to one decimal.", '''
def to_fahrenheit(celsius_values):
    """Convert a list of Celsius temperatures to Fahrenheit, rounded to 1 decimal."""
    result = []
    for c in celsius_values:
        f = c * 9 / 5 + 32
        result.append(round(f, 1))
    return result
''', [("        f = c * 9 / 5 + 32", "        f = c * 9 / 5 - 32", "wrong-operator")], [
    "assert to_fahrenheit([0]) == [32.0]",
    "assert to_fahrenheit([100, -40]) == [212.0, -40.0]",
    "assert to_fahrenheit([]) == []",
    "assert to_fahrenheit([36.6]) == [97.9]",
])

task("percent-change", "Return the percentage change from an old value to a new one (50 -> 75 is 50.0).", '''
def percent_change(old, new):
    """Percentage change from old to new, e.g. 50 -> 75 is 50.0."""
    if old == 0:
        raise ValueError("old must be non-zero")
    change = new - old
    return change / abs(old) * 100
''', [("    change = new - old", "    change = old - new", "swapped-operands")], [
    "assert percent_change(50, 75) == 50.0",
    "assert percent_change(200, 100) == -50.0",
    "assert percent_change(10, 10) == 0",
    "assert percent_change(-10, -5) == 50.0",
    "try:\n    percent_change(0, 1)\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
])

task("truncate", "Shorten a text to at most `width` characters, ending with a suffix when it had to be cut.", '''
def truncate(text, width, suffix="..."):
    """Shorten text to at most width characters, ending with suffix when cut."""
    if len(text) <= width:
        return text
    return text[:width - len(suffix)] + suffix
''', [("    if len(text) <= width:", "    if len(text) < width:", "comparison"),
      ("    return text[:width - len(suffix)] + suffix", "    return text[:width] + suffix", "off-by-one")], [
    "assert truncate('hello', 5) == 'hello'",
    "assert truncate('hello world', 8) == 'hello...'",
    "assert truncate('', 3) == ''",
    "assert truncate('abcdef', 6, suffix='~') == 'abcdef'",
    "assert len(truncate('x' * 50, 10)) == 10",
])

task("transpose", "Transpose a rectangular matrix given as a list of rows.", '''
def transpose(matrix):
    """Transpose a rectangular matrix given as a list of rows."""
    if not matrix:
        return []
    rows, cols = len(matrix), len(matrix[0])
    return [[matrix[r][c] for r in range(rows)] for c in range(cols)]
''', [("    return [[matrix[r][c] for r in range(rows)] for c in range(cols)]",
       "    return [[matrix[c][r] for r in range(rows)] for c in range(cols)]", "wrong-index")], [
    "assert transpose([[1, 2], [3, 4]]) == [[1, 3], [2, 4]]",
    "assert transpose([]) == []",
    "assert transpose([[1, 2, 3]]) == [[1], [2], [3]]",
    "assert transpose([[7]]) == [[7]]",
])

task("running-max", "Return the running maximum of a list: element i is max(values[:i + 1]).", '''
def running_max(values):
    """Return a list whose i-th element is the maximum of values[:i + 1]."""
    result = []
    best = None
    for v in values:
        if best is None or v > best:
            best = v
        result.append(best)
    return result
''', [("        result.append(best)", "        result.append(v)", "wrong-variable")], [
    "assert running_max([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]",
    "assert running_max([]) == []",
    "assert running_max([-1, -2]) == [-1, -1]",
    "assert running_max([2, 2, 3]) == [2, 2, 3]",
])

task("count-between", "Count the values v of a list with low <= v <= high.", '''
def count_between(values, low, high):
    """Count values v with low <= v <= high."""
    count = 0
    for v in values:
        if v >= low and v <= high:
            count += 1
    return count
''', [("        if v >= low and v <= high:", "        if v >= low or v <= high:", "boolean-logic")], [
    "assert count_between([1, 5, 10, 15], 5, 10) == 2",
    "assert count_between([], 0, 1) == 0",
    "assert count_between([3, 3, 3], 3, 3) == 3",
    "assert count_between([-5, 0, 5], 1, 4) == 0",
])

task("digit-sum", "Return the sum of the decimal digits of an integer, ignoring its sign.", '''
def digit_sum(n):
    """Sum of the decimal digits of an integer (the sign is ignored)."""
    n = abs(n)
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total
''', [("        n //= 10", "        n /= 10", "int-division")], [
    "assert digit_sum(123) == 6",
    "assert digit_sum(0) == 0",
    "assert digit_sum(-405) == 9",
    "assert digit_sum(99999) == 45",
    "assert isinstance(digit_sum(77), int)",
])

task("rotate-left", "Rotate a list left by k positions, where k may exceed the length.", '''
def rotate_left(items, k):
    """Rotate items left by k positions (k may exceed the length)."""
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]
''', [("    return items[k:] + items[:k]", "    return items[-k:] + items[:-k]", "wrong-sign")], [
    "assert rotate_left([1, 2, 3, 4], 1) == [2, 3, 4, 1]",
    "assert rotate_left([1, 2, 3], 0) == [1, 2, 3]",
    "assert rotate_left([], 5) == []",
    "assert rotate_left([1, 2, 3], 4) == [2, 3, 1]",
    "assert rotate_left(['a', 'b'], 2) == ['a', 'b']",
])

task("safe-ratios", "Return a / b for every (a, b) pair, with None where b is zero.", '''
def safe_ratios(pairs):
    """Return a/b for every (a, b) pair, using None where b is zero."""
    ratios = []
    for a, b in pairs:
        if b == 0:
            ratios.append(None)
            continue
        ratios.append(a / b)
    return ratios
''', [("            continue", None, "missing-line")], [
    "assert safe_ratios([(1, 2), (3, 4)]) == [0.5, 0.75]",
    "assert safe_ratios([(1, 0)]) == [None]",
    "assert safe_ratios([]) == []",
    "assert safe_ratios([(6, 3), (2, 0), (0, 5)]) == [2.0, None, 0.0]",
])

task("group-by-length", "Map each word length to the list of words of that length, in input order.", '''
def group_by_length(words):
    """Map each word length to the list of words of that length, in input order."""
    groups = {}
    for word in words:
        groups.setdefault(len(word), []).append(word)
    return groups
''', [("        groups.setdefault(len(word), []).append(word)", "        groups.get(len(word), []).append(word)", "dict-get-default")], [
    "assert group_by_length(['a', 'bb', 'c']) == {1: ['a', 'c'], 2: ['bb']}",
    "assert group_by_length([]) == {}",
    "assert group_by_length(['xyz']) == {3: ['xyz']}",
    "assert group_by_length(['', 'ab', 'cd']) == {0: [''], 2: ['ab', 'cd']}",
])

task("invert-dict", "Invert a dict with unique values ({k: v} becomes {v: k}); raise ValueError on a repeated value.", '''
def invert(mapping):
    """Invert a dict whose values are unique: {k: v} becomes {v: k}."""
    inverted = {}
    for key, value in mapping.items():
        if value in inverted:
            raise ValueError(f"duplicate value: {value!r}")
        inverted[value] = key
    return inverted
''', [("        if value in inverted:", "        if key in inverted:", "wrong-variable")], [
    "assert invert({'a': 1, 'b': 2}) == {1: 'a', 2: 'b'}",
    "assert invert({}) == {}",
    "assert invert({'a': 'b', 'b': 'c'}) == {'b': 'a', 'c': 'b'}",
    "try:\n    invert({'a': 1, 'b': 1})\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
])

task("parse-query", "Parse 'a=1&b=2' into {'a': '1', 'b': '2'}; a key without '=' maps to '' and an empty string gives {}.", '''
def parse_query(query):
    """Parse 'a=1&b=2' into {'a': '1', 'b': '2'}; a key without '=' maps to ''."""
    result = {}
    if not query:
        return result
    for part in query.split("&"):
        key, _, value = part.partition("=")
        result[key] = value
    return result
''', [("    if not query:", "    if query is None:", "wrong-condition"),
      ("        key, _, value = part.partition(\"=\")", "        key, value = part.split(\"=\")", "string-method")], [
    "assert parse_query('a=1&b=2') == {'a': '1', 'b': '2'}",
    "assert parse_query('flag') == {'flag': ''}",
    "assert parse_query('') == {}",
    "assert parse_query('eq=a=b') == {'eq': 'a=b'}",
    "assert parse_query(None) == {}",
])

task("roman-to-int", "Convert a Roman numeral made of I, V, X, L, C, D, M to an integer.", '''
def roman_to_int(s):
    """Convert a Roman numeral (I, V, X, L, C, D, M) to an integer."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total
''', [("        if i + 1 < len(s) and values[s[i + 1]] > v:", "        if i + 1 <= len(s) and values[s[i + 1]] >= v:", "comparison"),
      ("            total -= v", "            total -= 1", "wrong-value")], [
    "assert roman_to_int('III') == 3",
    "assert roman_to_int('IV') == 4",
    "assert roman_to_int('MCMXCIV') == 1994",
    "assert roman_to_int('XL') == 40",
    "assert roman_to_int('') == 0",
])

task("wrap-words", "Greedily wrap the words of a text into lines of at most `width` characters.", '''
def wrap_words(text, width):
    """Greedily wrap the words of text into lines of at most width characters."""
    lines = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        elif current:
            current += " " + word
        else:
            current = word
    if current:
        lines.append(current)
    return lines
''', [("        if current and len(current) + 1 + len(word) > width:", "        if current and len(current) + len(word) > width:", "off-by-one"),
      ("            current = word\n        elif current:", "            current = \"\"\n        elif current:", "wrong-value")], [
    "assert wrap_words('the quick brown fox', 10) == ['the quick', 'brown fox']",
    "assert wrap_words('', 5) == []",
    "assert wrap_words('abc def', 7) == ['abc def']",
    "assert wrap_words('abc def', 6) == ['abc', 'def']",
    "assert wrap_words('a b c d', 3) == ['a b', 'c d']",
])

task("bucket-counts", "Count values into n equal-width buckets over [low, high); values outside are ignored.", '''
def bucket_counts(values, low, high, n_buckets):
    """Count values into n_buckets equal-width buckets over [low, high); others are ignored."""
    counts = [0] * n_buckets
    width = (high - low) / n_buckets
    for v in values:
        if low <= v < high:
            index = int((v - low) / width)
            counts[min(index, n_buckets - 1)] += 1
    return counts
''', [("    width = (high - low) / n_buckets", "    width = (high - low) // n_buckets", "int-division"),
      ("        if low <= v < high:", "        if low <= v <= high:", "comparison")], [
    "assert bucket_counts([0, 1, 2, 3, 4, 5], 0, 5, 5) == [1, 1, 1, 1, 1]",
    "assert bucket_counts([0.5, 1.5], 0, 2, 4) == [0, 1, 0, 1]",
    "assert bucket_counts([], 0, 10, 2) == [0, 0]",
    "assert bucket_counts([-1, 11], 0, 10, 2) == [0, 0]",
    "assert bucket_counts([0, 9.99], 0, 10, 2) == [1, 1]",
])

task("strong-password", "A password is strong when it has at least 8 characters and a digit, a lowercase and an uppercase letter.", '''
def is_strong_password(pw):
    """At least 8 characters, with at least one digit, one lowercase and one uppercase letter."""
    if len(pw) < 8:
        return False
    has_digit = any(c.isdigit() for c in pw)
    has_lower = any(c.islower() for c in pw)
    has_upper = any(c.isupper() for c in pw)
    return has_digit and has_lower and has_upper
''', [("    if len(pw) < 8:", "    if len(pw) <= 8:", "comparison"),
      ("    return has_digit and has_lower and has_upper", "    return has_digit and has_lower or has_upper", "boolean-logic")], [
    "assert is_strong_password('Abcdefg1') is True",
    "assert is_strong_password('ABCDEFGH') is False",
    "assert is_strong_password('abcdefgh1') is False",
    "assert is_strong_password('Abcdefgh') is False",
    "assert is_strong_password('Ab1') is False",
])

task("oldest-first", "Return the names from (name, age) records, oldest first, ties broken by name A-Z.", '''
def oldest_first(records):
    """Return the names from (name, age) records, oldest first; ties by name A-Z."""
    ordered = sorted(records, key=lambda r: (-r[1], r[0]))
    return [name for name, _ in ordered]
''', [("    ordered = sorted(records, key=lambda r: (-r[1], r[0]))",
       "    ordered = sorted(records, key=lambda r: (r[1], r[0]), reverse=True)", "sort-key")], [
    "assert oldest_first([('ann', 30), ('bob', 40)]) == ['bob', 'ann']",
    "assert oldest_first([]) == []",
    "assert oldest_first([('cy', 20), ('al', 20), ('bo', 50)]) == ['bo', 'al', 'cy']",
    "assert oldest_first([('z', 1), ('a', 1)]) == ['a', 'z']",
])


def build(t, number, prefix="rb", split=True):
    """Applies a task's bugs to its fixed source; returns the suite record (split: tune/report)."""
    buggy = t["fixed"]
    for old, new, _kind in t["bugs"]:
        # Match whole lines (old may span lines); it must occur exactly once.
        hits = ("\n" + buggy).count("\n" + old + "\n")
        if hits != 1:
            sys.exit(f"{t['name']}: the line {old!r} occurs {hits} times in the fixed source")
        if new is None:
            buggy = ("\n" + buggy).replace("\n" + old + "\n", "\n", 1)[1:]
        else:
            buggy = ("\n" + buggy).replace("\n" + old + "\n", "\n" + new + "\n", 1)[1:]
    if len(t["hidden"]) != len(t["tests"]):
        sys.exit(f"{t['name']}: {len(t['tests'])} visible tests but {len(t['hidden'])} hidden ones")
    record_id = f"{prefix}-{number:03d}-{t['name']}"
    record = {
        "id": record_id,
        "code": buggy,
        "tests": t["tests"] + t["hidden"],
        "nVisible": len(t["tests"]),
        "description": t["description"],
        "kinds": [kind for _o, _n, kind in t["bugs"]],
        "nCorruptions": len(t["bugs"]),
        "split": split_of(record_id),
        "fixed": t["fixed"],
    }
    if not split:
        del record["split"]
    return record


def check_stable_ids(records, out):
    """Ids never move: every id already in the suite file must still name the same task."""
    if not os.path.exists(out):
        return
    new_ids = {r["id"] for r in records}
    with open(out, encoding="utf8") as f:
        for line in f:
            if line.strip():
                old_id = json.loads(line)["id"]
                if old_id not in new_ids:
                    sys.exit(f"{old_id} would disappear or be renumbered: append new tasks at the end")


def load_more():
    """Adds tasks 41- and the hidden halves of tasks 1-40 to T (once)."""
    if len(T) > 40:
        return
    import real_bugs_hidden
    import real_bugs_more_a
    import real_bugs_more_b
    import real_bugs_more_c

    for module in (real_bugs_more_a, real_bugs_more_b, real_bugs_more_c):
        module.add(task)
    for t in T:
        if not t["hidden"]:
            t["hidden"] = real_bugs_hidden.HIDDEN.get(t["name"], [])


def write_suite(tasks, default_name, prefix="rb", split=True):
    """Builds the tasks' records and writes them to argv[1], else suites/<default_name>."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, default_name)
    names = [t["name"] for t in tasks]
    if len(set(names)) != len(names):
        sys.exit("two tasks share a name")
    records = [build(t, i, prefix=prefix, split=split) for i, t in enumerate(tasks, start=1)]
    check_stable_ids(records, out)
    with open(out, "w", encoding="utf8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} tasks to {out}")


def main():
    load_more()
    write_suite(T, "real-bugs.jsonl")


if __name__ == "__main__":
    main()
