"""Part c of make_train_bugs.py: lists, dicts, numbers and data processing."""

RAISES = "try:\n    {call}\nexcept {exc}:\n    pass\nelse:\n    raise AssertionError('expected {exc}')"


def raises(call, exc="ValueError"):
    return RAISES.format(call=call, exc=exc)


def add(task):
    task("pairwise-products", "Return the product of every pair of values at positions i < j, in order.", '''
def pairwise_products(values):
    """Products values[i] * values[j] for every i < j, in index order."""
    out = []
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            out.append(values[i] * values[j])
    return out
''', [("        for j in range(i + 1, len(values)):", "        for j in range(i, len(values)):", "off-by-one")], [
        "assert pairwise_products([1, 2, 3]) == [2, 3, 6]",
        "assert pairwise_products([5]) == []",
        "assert pairwise_products([2, -1]) == [-2]",
    ], [
        "assert pairwise_products([1, 2, 3, 4]) == [2, 3, 4, 6, 8, 12]",
        "assert pairwise_products([]) == []",
        "assert pairwise_products([0, 7, 3]) == [0, 0, 21]",
    ])

    task("suffix-maxima", "For each position return the largest value from there to the end of the list.", '''
def suffix_maxima(values):
    """out[i] is the largest of values[i:]."""
    out = []
    best = float("-inf")
    for v in reversed(values):
        if v > best:
            best = v
        out.append(best)
    out.reverse()
    return out
''', [('    best = float("-inf")', "    best = 0", "initial-value"),
          ("    out.reverse()", None, "missing-call")], [
        "assert suffix_maxima([5, 1, 4, 2, 1]) == [5, 4, 4, 2, 1]",
        "assert suffix_maxima([-3, -1, -2]) == [-1, -1, -2]",
        "assert suffix_maxima([]) == []",
    ], [
        "assert suffix_maxima([1, 2, 3]) == [3, 3, 3]",
        "assert suffix_maxima([-5]) == [-5]",
        "assert suffix_maxima([2, 9, 2, 7, 3]) == [9, 9, 7, 7, 3]",
    ])

    task("missing-number", "Given the numbers 1..n with exactly one missing, return the missing one.", '''
def missing_number(nums):
    """nums holds 1..n in any order with exactly one number left out; return it."""
    n = len(nums) + 1
    return n * (n + 1) // 2 - sum(nums)
''', [("    n = len(nums) + 1", "    n = len(nums)", "off-by-one")], [
        "assert missing_number([1, 2, 4]) == 3",
        "assert missing_number([2]) == 1",
        "assert missing_number([1, 2, 3, 5, 6]) == 4",
    ], [
        "assert missing_number([2, 3, 4]) == 1",
        "assert missing_number([1]) == 2",
        "assert missing_number([7, 1, 2, 3, 4, 5, 8, 6]) == 9",
    ])

    task("majority-element", "Return the value occurring in more than half of the list, or None.", '''
def majority_element(nums):
    candidate, count = None, 0
    for v in nums:
        if count == 0:
            candidate = v
        count += 1 if v == candidate else -1
    if candidate is not None and nums.count(candidate) * 2 > len(nums):
        return candidate
    return None
''', [("    if candidate is not None and nums.count(candidate) * 2 > len(nums):",
           "    if candidate is not None and nums.count(candidate) * 2 >= len(nums):", "comparison")], [
        "assert majority_element([3, 3, 4, 3]) == 3",
        "assert majority_element([1, 2]) is None",
        "assert majority_element([2, 2, 1, 1, 1]) == 1",
        "assert majority_element([]) is None",
    ], [
        "assert majority_element([5, 5, 5]) == 5",
        "assert majority_element([1, 2, 3, 1]) is None",
        "assert majority_element([4, 1, 4, 2, 4]) == 4",
        "assert majority_element([7, 8, 7, 8]) is None",
    ])

    task("rotate-right", "Rotate a list k places to the right, wrapping around.", '''
def rotate_right(values, k):
    if not values:
        return []
    k %= len(values)
    return values[-k:] + values[:-k]
''', [("    return values[-k:] + values[:-k]", "    return values[k:] + values[:k]", "wrong-index")], [
        "assert rotate_right([1, 2, 3, 4, 5], 2) == [4, 5, 1, 2, 3]",
        "assert rotate_right([1, 2, 3], 4) == [3, 1, 2]",
        "assert rotate_right([], 3) == []",
        "assert rotate_right([7], 0) == [7]",
    ], [
        "assert rotate_right([1, 2, 3, 4], 1) == [4, 1, 2, 3]",
        "assert rotate_right([1, 2, 3], 3) == [1, 2, 3]",
        "assert rotate_right([], 0) == []",
        "assert rotate_right(['a', 'b', 'c'], 5) == ['b', 'c', 'a']",
    ])

    task("find-all-indices", "Return every index at which a target value occurs in a list.", '''
def find_all(values, target):
    """Return every index at which target occurs in values."""
    found = []
    i = -1
    while True:
        try:
            i = values.index(target, i + 1)
        except ValueError:
            return found
        found.append(i)
''', [("    i = -1", "    i = 0", "initial-value")], [
        "assert find_all([1, 2, 1, 3, 1], 1) == [0, 2, 4]",
        "assert find_all(['a', 'b'], 'c') == []",
        "assert find_all([5, 5], 5) == [0, 1]",
    ], [
        "assert find_all([0, 1, 0], 0) == [0, 2]",
        "assert find_all([2, 3, 2, 2], 2) == [0, 2, 3]",
        "assert find_all([], 1) == []",
    ])

    task("merge-tallies", "Add up several count dictionaries, dropping keys whose total is zero.", '''
def merge_tallies(tallies):
    total = {}
    for tally in tallies:
        for key, n in tally.items():
            total[key] = total.get(key, 0) + n
    return {k: v for k, v in sorted(total.items()) if v != 0}
''', [("            total[key] = total.get(key, 0) + n", "            total[key] = n", "overwrite")], [
        'assert merge_tallies([{"a": 2, "b": 1}, {"a": 3}]) == {"a": 5, "b": 1}',
        'assert merge_tallies([{"x": 1}, {"x": -1, "y": 2}]) == {"y": 2}',
        "assert merge_tallies([]) == {}",
    ], [
        'assert merge_tallies([{"b": 1}, {"a": 1}, {"b": 4}]) == {"a": 1, "b": 5}',
        'assert merge_tallies([{"k": -3}]) == {"k": -3}',
        'assert merge_tallies([{"p": 2, "q": 2}, {"p": -2}, {"q": 1}]) == {"q": 3}',
    ])

    task("group-names", "Group record names by a field value (None when missing), each group sorted.", '''
def group_names(records, field):
    groups = {}
    for rec in records:
        key = rec.get(field)
        groups.setdefault(key, []).append(rec["name"])
    for names in groups.values():
        names.sort()
    return groups
''', [('        groups.setdefault(key, []).append(rec["name"])', '        groups[key] = [rec["name"]]', "overwrite"),
          ("        names.sort()", "        sorted(names)", "wrong-call")], [
        'assert group_names([{"name": "cy", "team": "red"}, {"name": "al", "team": "blue"}, '
        '{"name": "bo", "team": "red"}], "team") == {"red": ["bo", "cy"], "blue": ["al"]}',
        'assert group_names([{"name": "x"}], "team") == {None: ["x"]}',
        'assert group_names([], "team") == {}',
    ], [
        'assert group_names([{"name": "zed", "dept": 1}, {"name": "amy", "dept": 1}, {"name": "kim", "dept": 2}, '
        '{"name": "bob", "dept": 1}], "dept") == {1: ["amy", "bob", "zed"], 2: ["kim"]}',
        'assert group_names([{"name": "a", "k": "z"}, {"name": "b"}], "k") == {"z": ["a"], None: ["b"]}',
        'assert group_names([{"name": "q", "t": 0}, {"name": "p", "t": 0}], "t") == {0: ["p", "q"]}',
    ])

    task("invert-multimap", "Invert a key -> list-of-values mapping into value -> sorted list of keys.", '''
def invert_multimap(mapping):
    inverted = {}
    for key, values in mapping.items():
        for v in values:
            inverted.setdefault(v, []).append(key)
    return {v: sorted(keys) for v, keys in inverted.items()}
''', [("            inverted.setdefault(v, []).append(key)", "            inverted.setdefault(v, []).extend(key)",
           "wrong-call")], [
        'assert invert_multimap({"ann": ["py", "go"], "bob": ["py"]}) == {"py": ["ann", "bob"], "go": ["ann"]}',
        "assert invert_multimap({}) == {}",
        'assert invert_multimap({"z": ["x"], "a": ["x"]}) == {"x": ["a", "z"]}',
    ], [
        'assert invert_multimap({"k1": [1, 2], "k2": [2, 3], "k0": [3]}) == {1: ["k1"], 2: ["k1", "k2"], 3: ["k0", "k2"]}',
        'assert invert_multimap({"solo": []}) == {}',
        'assert invert_multimap({"bb": ["t"], "cc": ["t"], "aa": ["t"]}) == {"t": ["aa", "bb", "cc"]}',
    ])

    task("top-n-with-ties", "Return the names with the n highest scores, best first, keeping ties with the last.", '''
def top_n_with_ties(scores, n):
    """Names with the n highest scores, keeping everyone tied with the last one; best first."""
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if n <= 0 or not ranked:
        return []
    cutoff = ranked[min(n, len(ranked)) - 1][1]
    return [name for name, score in ranked if score >= cutoff]
''', [("    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))",
           "    ranked = sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))", "sort-key"),
          ("    cutoff = ranked[min(n, len(ranked)) - 1][1]", "    cutoff = ranked[min(n, len(ranked))][1]", "off-by-one")], [
        'assert top_n_with_ties({"a": 5, "b": 9, "c": 7}, 2) == ["b", "c"]',
        'assert top_n_with_ties({"a": 3, "b": 3, "c": 1}, 1) == ["a", "b"]',
        'assert top_n_with_ties({"x": 1}, 5) == ["x"]',
        "assert top_n_with_ties({}, 3) == []",
    ], [
        'assert top_n_with_ties({"p": 4, "q": 8, "r": 8, "s": 2}, 1) == ["q", "r"]',
        'assert top_n_with_ties({"a": 1, "b": 2}, 0) == []',
        'assert top_n_with_ties({"m": 6, "n": 5, "o": 5, "k": 9}, 3) == ["k", "m", "n", "o"]',
        'assert top_n_with_ties({"u": 2, "v": 3}, 2) == ["v", "u"]',
    ])

    task("weighted-average", "Return the weighted average of values, rejecting mismatched or zero weights.", '''
def weighted_average(values, weights):
    if len(values) != len(weights):
        raise ValueError("values and weights differ in length")
    total_weight = sum(weights)
    if total_weight == 0:
        raise ValueError("weights sum to zero")
    return sum(v * w for v, w in zip(values, weights)) / total_weight
''', [("    total_weight = sum(weights)", "    total_weight = sum(values)", "wrong-variable"),
          ("    return sum(v * w for v, w in zip(values, weights)) / total_weight",
           "    return sum(v * w for v, w in zip(values, weights)) // total_weight", "int-division")], [
        "assert weighted_average([80, 90], [1, 3]) == 87.5",
        "assert weighted_average([5], [2]) == 5.0",
        raises("weighted_average([1, 2], [1])"),
    ], [
        "assert weighted_average([1, 2, 3], [1, 1, 2]) == 2.25",
        "assert weighted_average([10, 20], [0, 1]) == 20.0",
        raises("weighted_average([1, 2], [0, 0])"),
    ])

    task("std-dev", "Return the population (or, with sample=True, the sample) standard deviation.", '''
import math


def std_dev(values, sample=False):
    """Population standard deviation, or the sample one (n - 1) when sample is true."""
    n = len(values)
    if n == 0 or (sample and n == 1):
        raise ValueError("not enough data")
    mean = sum(values) / n
    squares = sum((x - mean) ** 2 for x in values)
    divisor = n - 1 if sample else n
    return math.sqrt(squares / divisor)
''', [("    if n == 0 or (sample and n == 1):", "    if n == 0 or (sample or n == 1):", "boolean-logic"),
          ("    divisor = n - 1 if sample else n", "    divisor = n if sample else n - 1", "swapped-operands")], [
        "assert std_dev([2, 4, 4, 4, 5, 5, 7, 9]) == 2.0",
        "assert round(std_dev([1, 2, 3, 4], sample=True), 4) == 1.291",
        "assert std_dev([4]) == 0.0",
        raises("std_dev([])"),
    ], [
        "assert std_dev([1, 1, 1]) == 0.0",
        "assert round(std_dev([1, 3], sample=True), 4) == 1.4142",
        "assert std_dev([10, 20]) == 5.0",
        raises("std_dev([7], sample=True)"),
    ])

    task("percentile-nearest-rank", "Return the p-th percentile of a list by the nearest-rank method.", '''
import math


def percentile(values, p):
    """Nearest-rank percentile: the smallest value with at least p% of the data at or below it."""
    if not values or not 0 < p <= 100:
        raise ValueError("need data and 0 < p <= 100")
    ordered = sorted(values)
    rank = math.ceil(p * len(ordered) / 100)
    return ordered[rank - 1]
''', [("    ordered = sorted(values)", "    ordered = values", "missing-call"),
          ("    return ordered[rank - 1]", "    return ordered[rank]", "off-by-one")], [
        "assert percentile([15, 20, 35, 40, 50], 30) == 20",
        "assert percentile([50, 15, 40, 20, 35], 40) == 20",
        "assert percentile([3, 1, 2], 100) == 3",
        raises("percentile([1, 2], 0)"),
    ], [
        "assert percentile([7, 3, 9, 1], 50) == 3",
        "assert percentile([10], 1) == 10",
        "assert percentile([5, 1, 4, 2, 3], 80) == 4",
        raises("percentile([], 50)"),
    ])

    task("clamp-all", "Clamp every value of a list into the range [lo, hi].", '''
def clamp_all(values, lo, hi):
    """Clamp every value into [lo, hi]."""
    if lo > hi:
        raise ValueError("lo must not exceed hi")
    return [min(max(v, lo), hi) for v in values]
''', [("    if lo > hi:", "    if lo >= hi:", "comparison")], [
        "assert clamp_all([1, 5, 10], 2, 8) == [2, 5, 8]",
        "assert clamp_all([3, 4], 5, 5) == [5, 5]",
        raises("clamp_all([1], 3, 1)"),
    ], [
        "assert clamp_all([-5, 0, 5], -1, 1) == [-1, 0, 1]",
        "assert clamp_all([], 0, 1) == []",
        "assert clamp_all([6, 9, 7], 7, 7) == [7, 7, 7]",
    ])

    task("rescale-range", "Map values linearly so the smallest becomes new_lo and the largest new_hi.", '''
def rescale(values, new_lo=0.0, new_hi=1.0):
    """Map values linearly so the smallest becomes new_lo and the largest new_hi."""
    if not values:
        return []
    lo, hi = min(values), max(values)
    span = hi - lo
    if span == 0:
        return [new_lo] * len(values)
    return [new_lo + (v - lo) * (new_hi - new_lo) / span for v in values]
''', [("    lo, hi = min(values), max(values)", "    lo, hi = values[0], values[-1]", "wrong-index"),
          ("    return [new_lo + (v - lo) * (new_hi - new_lo) / span for v in values]",
           "    return [new_lo + (v - new_lo) * (new_hi - new_lo) / span for v in values]", "wrong-variable")], [
        "assert rescale([2, 4, 6]) == [0.0, 0.5, 1.0]",
        "assert rescale([10, 0, 5]) == [1.0, 0.0, 0.5]",
        "assert rescale([3, 3]) == [0.0, 0.0]",
        "assert rescale([1, 3], 10, 20) == [10.0, 20.0]",
    ], [
        "assert rescale([]) == []",
        "assert rescale([5, 1, 3], -1, 1) == [1.0, -1.0, 0.0]",
        "assert rescale([0, 8, 2, 4]) == [0.0, 1.0, 0.25, 0.5]",
        "assert rescale([7], 5, 9) == [5]",
    ])

    task("dot-product", "Return the dot product of two equal-length vectors.", '''
def dot_product(a, b):
    if len(a) != len(b):
        raise ValueError("vectors differ in length")
    total = 0
    for x, y in zip(a, b):
        total += x * y
    return total
''', [('    if len(a) != len(b):\n        raise ValueError("vectors differ in length")', None, "missing-condition")], [
        "assert dot_product([1, 2, 3], [4, 5, 6]) == 32",
        "assert dot_product([], []) == 0",
        raises("dot_product([1, 2], [1])"),
    ], [
        "assert dot_product([-1, 2], [3, 4]) == 5",
        "assert dot_product([0.5], [4]) == 2.0",
        raises("dot_product([1], [1, 2, 3])"),
    ])

    task("column-sums", "Return the sum of each column of a rectangular matrix.", '''
def column_sums(matrix):
    if not matrix:
        return []
    sums = [0] * len(matrix[0])
    for row in matrix:
        for j, x in enumerate(row):
            sums[j] += x
    return sums
''', [("    sums = [0] * len(matrix[0])", "    sums = [0] * len(matrix)", "wrong-variable")], [
        "assert column_sums([[1, 2, 3], [4, 5, 6]]) == [5, 7, 9]",
        "assert column_sums([]) == []",
        "assert column_sums([[1], [2], [3]]) == [6]",
    ], [
        "assert column_sums([[1, 1], [2, 2]]) == [3, 3]",
        "assert column_sums([[0, -1, 4, 2]]) == [0, -1, 4, 2]",
        "assert column_sums([[5, 6], [7, 8], [9, 10]]) == [21, 24]",
    ])

    task("diagonal-sum", "Sum both diagonals of a square grid, counting the centre cell once.", '''
def diagonal_sum(grid):
    """Sum of both diagonals of a square grid, counting the centre once."""
    n = len(grid)
    total = 0
    for i in range(n):
        total += grid[i][n - 1 - i]
        total += grid[i][i]
    if n % 2 == 1:
        total -= grid[n // 2][n // 2]
    return total
''', [("        total += grid[i][n - 1 - i]", "        total += grid[i][n - i]", "off-by-one")], [
        "assert diagonal_sum([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == 25",
        "assert diagonal_sum([[1, 2], [3, 4]]) == 10",
        "assert diagonal_sum([]) == 0",
        "assert diagonal_sum([[7]]) == 7",
    ], [
        "assert diagonal_sum([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]) == 68",
        "assert diagonal_sum([[2, 0, 0], [0, 2, 0], [0, 0, 2]]) == 6",
        "assert diagonal_sum([[-1, 5], [5, -1]]) == 8",
        "assert diagonal_sum([[1, 2, 3], [4, 5, 6], [7, 8, 0]]) == 16",
    ])

    task("count-pairs-with-diff", "Count index pairs i < j whose values differ by exactly k.", '''
def count_pairs_with_diff(values, k):
    """Number of index pairs i < j with |values[i] - values[j]| == k (k >= 0)."""
    seen = {}
    count = 0
    for v in values:
        count += seen.get(v - k, 0)
        if k != 0:
            count += seen.get(v + k, 0)
        seen[v] = seen.get(v, 0) + 1
    return count
''', [("        count += seen.get(v - k, 0)", "        count += seen.get(k - v, 0)", "swapped-operands"),
          ("        seen[v] = seen.get(v, 0) + 1", "        seen[v] = 1", "overwrite")], [
        "assert count_pairs_with_diff([1, 5, 3, 4, 2], 2) == 3",
        "assert count_pairs_with_diff([1, 1, 1], 0) == 3",
        "assert count_pairs_with_diff([], 3) == 0",
        "assert count_pairs_with_diff([4, 1], 3) == 1",
    ], [
        "assert count_pairs_with_diff([3, 1, 3, 5], 2) == 4",
        "assert count_pairs_with_diff([1, 2, 3], 5) == 0",
        "assert count_pairs_with_diff([2, 2, 2, 2], 0) == 6",
        "assert count_pairs_with_diff([10, 7, 4], 3) == 2",
    ])

    task("triangles-upto", "List the triangle numbers 1, 3, 6, 10, ... that do not exceed a limit.", '''
def triangles_upto(limit):
    """Triangle numbers 1, 3, 6, 10, ... that do not exceed limit."""
    out = []
    n, t = 1, 1
    while t <= limit:
        out.append(t)
        n += 1
        t += n
    return out
''', [("    while t <= limit:", "    while t < limit:", "comparison")], [
        "assert triangles_upto(10) == [1, 3, 6, 10]",
        "assert triangles_upto(0) == []",
        "assert triangles_upto(5) == [1, 3]",
        "assert triangles_upto(1) == [1]",
    ], [
        "assert triangles_upto(21) == [1, 3, 6, 10, 15, 21]",
        "assert triangles_upto(2) == [1]",
        "assert triangles_upto(30) == [1, 3, 6, 10, 15, 21, 28]",
        "assert triangles_upto(6) == [1, 3, 6]",
    ])

    task("classify-number", "Classify a positive integer as perfect, abundant or deficient.", '''
def classify_number(n):
    """'perfect', 'abundant' or 'deficient' by the sum of the proper divisors of n >= 1."""
    total = 1 if n > 1 else 0
    d = 2
    while d * d <= n:
        if n % d == 0:
            total += d
            if d != n // d:
                total += n // d
        d += 1
    if total == n:
        return "perfect"
    return "abundant" if total > n else "deficient"
''', [("    total = 1 if n > 1 else 0", "    total = 1", "initial-value"),
          ("            if d != n // d:\n                total += n // d", "            total += n // d", "missing-condition")], [
        'assert classify_number(6) == "perfect"',
        'assert classify_number(28) == "perfect"',
        'assert classify_number(12) == "abundant"',
        'assert classify_number(1) == "deficient"',
        'assert classify_number(16) == "deficient"',
    ], [
        'assert classify_number(8) == "deficient"',
        'assert classify_number(496) == "perfect"',
        'assert classify_number(18) == "abundant"',
        'assert classify_number(2) == "deficient"',
        'assert classify_number(196) == "abundant"',
    ])

    task("armstrong-numbers", "List the Armstrong (narcissistic) numbers from 1 up to a limit.", '''
def armstrong_numbers(limit):
    """Numbers 1..limit equal to the sum of their digits each raised to the digit count."""
    out = []
    for n in range(1, limit + 1):
        digits = str(n)
        power = len(digits)
        if sum(int(d) ** power for d in digits) == n:
            out.append(n)
    return out
''', [("    for n in range(1, limit + 1):", "    for n in range(1, limit):", "off-by-one"),
          ("        power = len(digits)", "        power = 3", "wrong-value")], [
        "assert armstrong_numbers(153) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 153]",
        "assert armstrong_numbers(9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]",
        "assert armstrong_numbers(100) == [1, 2, 3, 4, 5, 6, 7, 8, 9]",
    ], [
        "assert armstrong_numbers(400) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 153, 370, 371]",
        "assert armstrong_numbers(1) == [1]",
        "assert armstrong_numbers(1634) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 153, 370, 371, 407, 1634]",
    ])

    task("additive-persistence", "Count how many digit sums it takes to bring a non-negative integer to one digit.", '''
def additive_persistence(n):
    """How many times the digits of n >= 0 must be summed to reach a single digit."""
    steps = 0
    while n >= 10:
        n = sum(int(d) for d in str(n))
        steps += 1
    return steps
''', [("    while n >= 10:", "    while n > 10:", "comparison")], [
        "assert additive_persistence(7) == 0",
        "assert additive_persistence(10) == 1",
        "assert additive_persistence(199) == 3",
        "assert additive_persistence(38) == 2",
    ], [
        "assert additive_persistence(19) == 2",
        "assert additive_persistence(99999) == 2",
        "assert additive_persistence(55) == 2",
        "assert additive_persistence(0) == 0",
    ])

    task("to-base", "Write an integer in any base from 2 to 36 with lowercase digits.", '''
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def to_base(n, base):
    """Write the integer n in the given base (2 to 36), lowercase digits, '-' for negatives."""
    if not 2 <= base <= 36:
        raise ValueError("base must be between 2 and 36")
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(DIGITS[r])
    return sign + "".join(reversed(out))
''', [('    if n == 0:\n        return "0"', None, "base-case"),
          ('    return sign + "".join(reversed(out))', '    return sign + "".join(out)', "missing-call")], [
        'assert to_base(255, 16) == "ff"',
        'assert to_base(10, 2) == "1010"',
        'assert to_base(0, 7) == "0"',
        'assert to_base(-31, 16) == "-1f"',
        raises("to_base(5, 1)"),
    ], [
        'assert to_base(35, 36) == "z"',
        'assert to_base(100, 3) == "10201"',
        'assert to_base(-8, 2) == "-1000"',
        'assert to_base(0, 16) == "0"',
        raises("to_base(5, 37)"),
    ])

    task("collatz-steps", "Count the Collatz steps needed to reach 1 from a positive integer.", '''
def collatz_steps(n):
    if n < 1:
        raise ValueError("n must be positive")
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
''', [("    steps = 0", "    steps = 1", "initial-value")], [
        "assert collatz_steps(1) == 0",
        "assert collatz_steps(6) == 8",
        "assert collatz_steps(27) == 111",
        raises("collatz_steps(0)"),
    ], [
        "assert collatz_steps(2) == 1",
        "assert collatz_steps(7) == 16",
        "assert collatz_steps(97) == 118",
        raises("collatz_steps(-4)"),
    ])

    task("monthly-payment", "Return the fixed monthly payment of an amortised loan, rounded to cents.", '''
def monthly_payment(principal, annual_rate, years):
    """Fixed monthly payment that repays the loan; annual_rate as a fraction (0.05 = 5%)."""
    months = years * 12
    if annual_rate == 0:
        return round(principal / months, 2)
    r = annual_rate / 12
    payment = principal * r / (1 - (1 + r) ** -months)
    return round(payment, 2)
''', [("    if annual_rate == 0:\n        return round(principal / months, 2)", None, "missing-case"),
          ("    payment = principal * r / (1 - (1 + r) ** -months)",
           "    payment = principal * r / (1 - (1 + r) ** -years)", "wrong-variable")], [
        "assert monthly_payment(100000, 0.06, 30) == 599.55",
        "assert monthly_payment(20000, 0.05, 5) == 377.42",
        "assert monthly_payment(12000, 0, 1) == 1000.0",
    ], [
        "assert monthly_payment(250000, 0.04, 15) == 1849.22",
        "assert monthly_payment(5000, 0.12, 2) == 235.37",
        "assert monthly_payment(3600, 0, 3) == 100.0",
    ])

    task("compound-amount", "Return the value of a deposit after compound interest, rounded to cents.", '''
def compound_amount(principal, rate, years, periods_per_year=1):
    """Value after compounding periods_per_year times a year, rounded to cents."""
    n = periods_per_year * years
    amount = principal * (1 + rate / periods_per_year) ** n
    return round(amount, 2)
''', [("    n = periods_per_year * years", "    n = years", "wrong-variable")], [
        "assert compound_amount(1000, 0.05, 10) == 1628.89",
        "assert compound_amount(1000, 0.12, 1, 12) == 1126.83",
        "assert compound_amount(500, 0, 3, 4) == 500.0",
    ], [
        "assert compound_amount(2500, 0.04, 5, 4) == 3050.48",
        "assert compound_amount(100, 0.1, 2) == 121.0",
        "assert compound_amount(10000, 0.06, 3, 12) == 11966.81",
    ])

    task("discounted-price", "Apply a 10/20/30% discount from 100, 500 and 1000 upwards and round to cents.", '''
def discounted_price(amount):
    """10% off from 100, 20% off from 500, 30% off from 1000."""
    if amount >= 1000:
        rate = 0.30
    elif amount >= 500:
        rate = 0.20
    elif amount >= 100:
        rate = 0.10
    else:
        rate = 0.0
    return round(amount * (1 - rate), 2)
''', [("    if amount >= 1000:", "    if amount > 1000:", "comparison")], [
        "assert discounted_price(1000) == 700.0",
        "assert discounted_price(50) == 50.0",
        "assert discounted_price(600) == 480.0",
        "assert discounted_price(100) == 90.0",
    ], [
        "assert discounted_price(1500) == 1050.0",
        "assert discounted_price(499.99) == 449.99",
        "assert discounted_price(2000) == 1400.0",
        "assert discounted_price(99) == 99.0",
    ])

    task("letter-grade", "Turn a 0-100 score into a letter grade A-F by fixed thresholds.", '''
def letter_grade(score):
    if not 0 <= score <= 100:
        raise ValueError("score out of range")
    for threshold, letter in ((90, "A"), (80, "B"), (70, "C"), (60, "D")):
        if score >= threshold:
            return letter
    return "F"
''', [('    return "F"', "    return letter", "wrong-return")], [
        'assert letter_grade(95) == "A"',
        'assert letter_grade(80) == "B"',
        'assert letter_grade(59) == "F"',
        raises("letter_grade(101)"),
    ], [
        'assert letter_grade(90) == "A"',
        'assert letter_grade(70) == "C"',
        'assert letter_grade(0) == "F"',
        raises("letter_grade(-1)"),
    ])

    task("record-highs", "Return the indices at which a value beats every value before it.", '''
def record_highs(values):
    """Indices at which a value beats every value before it."""
    highs = []
    best = None
    for i, v in enumerate(values):
        if best is None or v > best:
            best = v
            highs.append(i)
    return highs
''', [("            best = v", "            best = i", "wrong-variable")], [
        "assert record_highs([3, 1, 4, 1, 5]) == [0, 2, 4]",
        "assert record_highs([]) == []",
        "assert record_highs([2, 2, 1]) == [0]",
    ], [
        "assert record_highs([-5, -3, -4, 0]) == [0, 1, 3]",
        "assert record_highs([9, 8, 7]) == [0]",
        "assert record_highs([10, 1, 2, 11]) == [0, 3]",
    ])

    task("equilibrium-index", "Return the first index whose left and right sums are equal, or -1.", '''
def equilibrium_index(values):
    """First index whose left-side sum equals its right-side sum, or -1."""
    total = sum(values)
    left = 0
    for i, v in enumerate(values):
        if left == total - left - v:
            return i
        left += v
    return -1
''', [("        if left == total - left - v:", "        if left == total - left + v:", "wrong-operator")], [
        "assert equilibrium_index([1, 7, 3, 6, 5, 6]) == 3",
        "assert equilibrium_index([1, 2, 3]) == -1",
        "assert equilibrium_index([5]) == 0",
        "assert equilibrium_index([2, -2, 4]) == 2",
    ], [
        "assert equilibrium_index([0, 0, 0]) == 0",
        "assert equilibrium_index([-1, 3, -4, 5, 1, -6, 2, 1]) == 1",
        "assert equilibrium_index([1, 1]) == -1",
        "assert equilibrium_index([3, 0, 3]) == 1",
    ])
