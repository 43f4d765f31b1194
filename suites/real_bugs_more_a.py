"""More real-bugs tasks, part A: classic algorithms (tasks 41-).

Written for this project. Same format as make_real_bugs.py: task(name, description, fixed, bugs,
visible tests, hidden tests).
"""


def add(task):
    task("lower-bound", "Return the first index i with items[i] >= target in a sorted list (len(items) if none).", '''
def lower_bound(items, target):
    lo, hi = 0, len(items)
    while lo < hi:
        mid = (lo + hi) // 2
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo
''', [("    lo, hi = 0, len(items)", "    lo, hi = 0, len(items) - 1", "off-by-one")], [
        "assert lower_bound([1, 2, 4, 4, 5], 4) == 2",
        "assert lower_bound([1, 2, 3], 10) == 3",
        "assert lower_bound([], 1) == 0",
        "assert lower_bound([5, 6], 0) == 0",
    ], [
        "assert lower_bound([1, 1, 1], 1) == 0",
        "assert lower_bound([1, 3, 5, 7], 6) == 3",
        "assert lower_bound([2], 3) == 1",
        "assert lower_bound([1, 3, 5, 7, 9], 9) == 4",
    ])

    task("insertion-sort", "Sort a list in place with insertion sort and return it.", '''
def insertion_sort(items):
    for i in range(1, len(items)):
        key = items[i]
        j = i - 1
        while j >= 0 and items[j] > key:
            items[j + 1] = items[j]
            j -= 1
        items[j + 1] = key
    return items
''', [("        while j >= 0 and items[j] > key:", "        while j > 0 and items[j] > key:", "off-by-one"),
          ("        items[j + 1] = key", "        items[j] = key", "off-by-one")], [
        "assert insertion_sort([3, 1, 2]) == [1, 2, 3]",
        "assert insertion_sort([2, 1]) == [1, 2]",
        "assert insertion_sort([]) == []",
        "assert insertion_sort([1, 2, 3]) == [1, 2, 3]",
    ], [
        "assert insertion_sort([5, 4, 3, 2, 1]) == [1, 2, 3, 4, 5]",
        "assert insertion_sort([4, 1, 4, 1]) == [1, 1, 4, 4]",
        "assert insertion_sort([9]) == [9]",
        "assert insertion_sort([0, -1, 5, -7]) == [-7, -1, 0, 5]",
    ])

    task("bubble-sort", "Sort a copy of a list with bubble sort, stopping early when a pass swaps nothing.", '''
def bubble_sort(values):
    items = list(values)
    n = len(items)
    for end in range(n - 1, 0, -1):
        swapped = False
        for i in range(end):
            if items[i] > items[i + 1]:
                items[i], items[i + 1] = items[i + 1], items[i]
                swapped = True
        if not swapped:
            break
    return items
''', [("        for i in range(end):", "        for i in range(end - 1):", "off-by-one")], [
        "assert bubble_sort([2, 1]) == [1, 2]",
        "assert bubble_sort([3, 2, 1]) == [1, 2, 3]",
        "assert bubble_sort([]) == []",
    ], [
        "assert bubble_sort([1, 5, 2, 4, 3]) == [1, 2, 3, 4, 5]",
        "assert bubble_sort([7, 7, 1]) == [1, 7, 7]",
        "data = [2, 1]\nbubble_sort(data)\nassert data == [2, 1]",
    ])

    task("selection-sort", "Return a sorted copy of a list using selection sort.", '''
def selection_sort(values):
    items = list(values)
    for i in range(len(items)):
        smallest = i
        for j in range(i + 1, len(items)):
            if items[j] < items[smallest]:
                smallest = j
        items[i], items[smallest] = items[smallest], items[i]
    return items
''', [("            if items[j] < items[smallest]:", "            if items[j] < items[i]:", "wrong-variable")], [
        "assert selection_sort([3, 1, 2]) == [1, 2, 3]",
        "assert selection_sort([4, 3, 1, 2]) == [1, 2, 3, 4]",
        "assert selection_sort([1]) == [1]",
    ], [
        "assert selection_sort([5, 1, 4, 2, 3]) == [1, 2, 3, 4, 5]",
        "assert selection_sort([2, 2, 1]) == [1, 2, 2]",
        "assert selection_sort([]) == []",
    ])

    task("merge-sort", "Return a sorted copy of a list using merge sort.", '''
def merge_sort(items):
    if len(items) <= 1:
        return list(items)
    mid = len(items) // 2
    left = merge_sort(items[:mid])
    right = merge_sort(items[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out
''', [("    right = merge_sort(items[mid:])", "    right = merge_sort(items[mid + 1:])", "off-by-one"),
          ("    out.extend(right[j:])", None, "missing-line")], [
        "assert merge_sort([3, 1, 2]) == [1, 2, 3]",
        "assert merge_sort([]) == []",
        "assert merge_sort([5, 4, 3, 2, 1]) == [1, 2, 3, 4, 5]",
        "assert merge_sort([1, 2]) == [1, 2]",
    ], [
        "assert merge_sort([2, 1]) == [1, 2]",
        "assert merge_sort([8, 3, 8, 1, 0, 9]) == [0, 1, 3, 8, 8, 9]",
        "assert merge_sort([7]) == [7]",
        "assert merge_sort([1, 3, 2, 4]) == [1, 2, 3, 4]",
    ])

    task("partition-pivot", "Lomuto partition: move items below the last element's value before it; return the pivot's final index.", '''
def partition(items, lo, hi):
    pivot = items[hi]
    store = lo
    for i in range(lo, hi):
        if items[i] < pivot:
            items[i], items[store] = items[store], items[i]
            store += 1
    items[store], items[hi] = items[hi], items[store]
    return store


def quicksort(items, lo=0, hi=None):
    if hi is None:
        hi = len(items) - 1
    if lo < hi:
        p = partition(items, lo, hi)
        quicksort(items, lo, p - 1)
        quicksort(items, p + 1, hi)
    return items
''', [("    store = lo", "    store = 0", "initial-value"),
          ("        quicksort(items, lo, p - 1)", "        quicksort(items, lo, p)", "off-by-one")], [
        "assert quicksort([3, 1, 2]) == [1, 2, 3]",
        "assert quicksort([5, 4, 3, 2, 1]) == [1, 2, 3, 4, 5]",
        "data = [9, 1, 8, 2, 5]\nassert partition(data, 2, 4) == 3 and data == [9, 1, 2, 5, 8]",
        "assert quicksort([]) == []",
    ], [
        "assert quicksort([2, 2, 1, 1]) == [1, 1, 2, 2]",
        "data = [4, 7, 1, 6, 3]\nassert partition(data, 1, 4) == 2 and data[2] == 3",
        "assert quicksort([10, -1, 0]) == [-1, 0, 10]",
        "assert quicksort([1]) == [1]",
    ])

    task("lcm-list", "Return the least common multiple of a non-empty list of positive integers.", '''
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def lcm_all(numbers):
    result = 1
    for n in numbers:
        result = result * n // gcd(result, n)
    return result
''', [("        result = result * n // gcd(result, n)", "        result = result * n // gcd(n, n)", "wrong-variable")], [
        "assert lcm_all([4, 6]) == 12",
        "assert lcm_all([2, 3, 4]) == 12",
        "assert lcm_all([5]) == 5",
    ], [
        "assert lcm_all([6, 10, 15]) == 30",
        "assert lcm_all([7, 7]) == 7",
        "assert lcm_all([1, 2, 3, 4, 5, 6]) == 60",
    ])

    task("is-prime", "Return True when n is a prime number.", '''
def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True
''', [("    while d * d <= n:", "    while d * d < n:", "comparison")], [
        "assert is_prime(2) is True",
        "assert is_prime(9) is False",
        "assert is_prime(13) is True",
        "assert is_prime(1) is False",
    ], [
        "assert is_prime(25) is False",
        "assert is_prime(49) is False",
        "assert is_prime(97) is True",
        "assert is_prime(0) is False",
    ])

    task("sieve", "Return all primes up to and including n with the sieve of Eratosthenes.", '''
def primes_up_to(n):
    if n < 2:
        return []
    is_p = [True] * (n + 1)
    is_p[0] = is_p[1] = False
    for p in range(2, int(n ** 0.5) + 1):
        if is_p[p]:
            for multiple in range(p * p, n + 1, p):
                is_p[multiple] = False
    return [k for k in range(n + 1) if is_p[k]]
''', [("    for p in range(2, int(n ** 0.5) + 1):", "    for p in range(2, int(n ** 0.5)):", "off-by-one"),
          ("            for multiple in range(p * p, n + 1, p):", "            for multiple in range(p * p, n, p):", "off-by-one")], [
        "assert primes_up_to(10) == [2, 3, 5, 7]",
        "assert primes_up_to(9) == [2, 3, 5, 7]",
        "assert primes_up_to(25) == [2, 3, 5, 7, 11, 13, 17, 19, 23]",
        "assert primes_up_to(1) == []",
    ], [
        "assert primes_up_to(2) == [2]",
        "assert primes_up_to(49) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]",
        "assert primes_up_to(4) == [2, 3]",
        "assert len(primes_up_to(100)) == 25",
    ])

    task("prime-factors", "Return the prime factors of n > 1 in ascending order, with repetition.", '''
def prime_factors(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors
''', [("        while n % d == 0:", "        if n % d == 0:", "wrong-keyword"),
          ("    if n > 1:", "    if n > 2:", "comparison")], [
        "assert prime_factors(12) == [2, 2, 3]",
        "assert prime_factors(2) == [2]",
        "assert prime_factors(8) == [2, 2, 2]",
        "assert prime_factors(15) == [3, 5]",
    ], [
        "assert prime_factors(360) == [2, 2, 2, 3, 3, 5]",
        "assert prime_factors(97) == [97]",
        "assert prime_factors(49) == [7, 7]",
        "assert prime_factors(6) == [2, 3]",
    ])

    task("fib-iter", "Return the n-th Fibonacci number iteratively (fib(0) == 0, fib(1) == 1).", '''
def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
''', [("    a, b = 0, 1", "    a, b = 1, 1", "initial-value")], [
        "assert fibonacci(0) == 0",
        "assert fibonacci(1) == 1",
        "assert fibonacci(6) == 8",
    ], [
        "assert fibonacci(2) == 1",
        "assert fibonacci(12) == 144",
        "assert fibonacci(25) == 75025",
    ])

    task("climb-stairs", "Count the ways to climb n stairs taking 1 or 2 steps at a time.", '''
def climb_ways(n):
    if n <= 1:
        return 1
    ways = [0] * (n + 1)
    ways[0] = ways[1] = 1
    for k in range(2, n + 1):
        ways[k] = ways[k - 1] + ways[k - 2]
    return ways[n]
''', [("    for k in range(2, n + 1):", "    for k in range(2, n):", "off-by-one")], [
        "assert climb_ways(2) == 2",
        "assert climb_ways(3) == 3",
        "assert climb_ways(0) == 1",
    ], [
        "assert climb_ways(5) == 8",
        "assert climb_ways(1) == 1",
        "assert climb_ways(10) == 89",
    ])

    task("coin-change", "Return the fewest coins that make up an amount, or -1 when impossible.", '''
def min_coins(coins, amount):
    INF = float("inf")
    best = [0] + [INF] * amount
    for total in range(1, amount + 1):
        for c in coins:
            if c <= total and best[total - c] + 1 < best[total]:
                best[total] = best[total - c] + 1
    return -1 if best[amount] == INF else best[amount]
''', [("    best = [0] + [INF] * amount", "    best = [INF] * (amount + 1)", "base-case"),
          ("            if c <= total and best[total - c] + 1 < best[total]:", "            if c < total and best[total - c] + 1 < best[total]:", "comparison")], [
        "assert min_coins([1, 2, 5], 11) == 3",
        "assert min_coins([2], 3) == -1",
        "assert min_coins([1], 0) == 0",
        "assert min_coins([3, 7], 7) == 1",
    ], [
        "assert min_coins([2, 5], 10) == 2",
        "assert min_coins([1, 3, 4], 6) == 2",
        "assert min_coins([5], 5) == 1",
        "assert min_coins([4, 6], 7) == -1",
    ])

    task("max-subarray", "Return the largest sum of a non-empty contiguous run of a list (Kadane).", '''
def max_subarray(values):
    best = current = values[0]
    for v in values[1:]:
        current = max(v, current + v)
        best = max(best, current)
    return best
''', [("        current = max(v, current + v)", "        current = max(0, current + v)", "wrong-value")], [
        "assert max_subarray([-2, 1, -3, 4, -1, 2, 1, -5, 4]) == 6",
        "assert max_subarray([-3, -1, -2]) == -1",
        "assert max_subarray([5]) == 5",
    ], [
        "assert max_subarray([-5, -4]) == -4",
        "assert max_subarray([1, 2, 3]) == 6",
        "assert max_subarray([2, -10, 3]) == 3",
    ])

    task("lcs-length", "Return the length of the longest common subsequence of two strings.", '''
def lcs_length(a, b):
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                rows[i][j] = rows[i - 1][j - 1] + 1
            else:
                rows[i][j] = max(rows[i - 1][j], rows[i][j - 1])
    return rows[len(a)][len(b)]
''', [("            if a[i - 1] == b[j - 1]:", "            if a[i] == b[j]:", "off-by-one"),
          ("                rows[i][j] = max(rows[i - 1][j], rows[i][j - 1])", "                rows[i][j] = rows[i - 1][j]", "missing-case")], [
        "assert lcs_length('abcde', 'ace') == 3",
        "assert lcs_length('abc', 'abc') == 3",
        "assert lcs_length('', 'x') == 0",
        "assert lcs_length('abc', 'xaxbxc') == 3",
    ], [
        "assert lcs_length('abc', 'def') == 0",
        "assert lcs_length('aggtab', 'gxtxayb') == 4",
        "assert lcs_length('a', 'a') == 1",
        "assert lcs_length('a', 'ab') == 1",
    ])

    task("edit-distance", "Return the Levenshtein distance between two strings.", '''
def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        prev = cur
    return prev[len(b)]
''', [("        cur = [i] + [0] * len(b)", "        cur = [0] + [0] * len(b)", "initial-value")], [
        "assert edit_distance('kitten', 'sitting') == 3",
        "assert edit_distance('', 'abc') == 3",
        "assert edit_distance('abc', '') == 3",
        "assert edit_distance('same', 'same') == 0",
    ], [
        "assert edit_distance('flaw', 'lawn') == 2",
        "assert edit_distance('a', 'b') == 1",
        "assert edit_distance('ab', '') == 2",
        "assert edit_distance('intention', 'execution') == 5",
    ])

    task("knapsack", "0/1 knapsack: the best total value of items (weight, value) within a capacity.", '''
def knapsack(items, capacity):
    best = [0] * (capacity + 1)
    for weight, value in items:
        for cap in range(capacity, weight - 1, -1):
            best[cap] = max(best[cap], best[cap - weight] + value)
    return best[capacity]
''', [("        for cap in range(capacity, weight - 1, -1):", "        for cap in range(weight, capacity + 1):", "wrong-direction")], [
        "assert knapsack([(1, 1), (3, 4), (4, 5), (5, 7)], 7) == 9",
        "assert knapsack([(2, 3)], 5) == 3",
        "assert knapsack([], 10) == 0",
    ], [
        "assert knapsack([(1, 10)], 3) == 10",
        "assert knapsack([(5, 10), (4, 40), (6, 30), (3, 50)], 10) == 90",
        "assert knapsack([(3, 5)], 2) == 0",
    ])

    task("lis-length", "Return the length of the longest strictly increasing subsequence.", '''
def lis_length(values):
    if not values:
        return 0
    best = [1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best)
''', [("            if values[j] < values[i]:", "            if values[j] <= values[i]:", "comparison"),
          ("    return max(best)", "    return best[-1]", "wrong-value")], [
        "assert lis_length([10, 9, 2, 5, 3, 7, 101, 18]) == 4",
        "assert lis_length([2, 2, 2]) == 1",
        "assert lis_length([1, 2, 3, 0]) == 3",
        "assert lis_length([]) == 0",
    ], [
        "assert lis_length([0, 1, 0, 3, 2, 3]) == 4",
        "assert lis_length([5, 4, 3]) == 1",
        "assert lis_length([1, 3, 2]) == 2",
        "assert lis_length([7, 7, 8]) == 2",
    ])

    task("grid-paths", "Count the monotone paths (right/down) from the top-left to the bottom-right of a grid; '#' cells are blocked.", '''
def grid_paths(grid):
    rows, cols = len(grid), len(grid[0])
    ways = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "#":
                continue
            if r == 0 and c == 0:
                ways[r][c] = 1
                continue
            up = ways[r - 1][c] if r > 0 else 0
            left = ways[r][c - 1] if c > 0 else 0
            ways[r][c] = up + left
    return ways[rows - 1][cols - 1]
''', [('            if grid[r][c] == "#":\n                continue', '            if grid[r][c] == "#":\n                ways[r][c] = 1', "wrong-statement")], [
        "assert grid_paths(['...', '...']) == 3",
        "assert grid_paths(['..', '#.']) == 1",
        "assert grid_paths(['.#', '#.']) == 0",
    ], [
        "assert grid_paths(['...', '.#.', '...']) == 2",
        "assert grid_paths(['.']) == 1",
        "assert grid_paths(['....']) == 1",
    ])

    task("bfs-grid", "Length of the shortest 4-way path from S to E in a grid of strings ('#' walls), or -1.", '''
from collections import deque


def shortest_path(grid):
    rows, cols = len(grid), len(grid[0])
    start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "S")
    queue = deque([(start, 0)])
    seen = {start}
    while queue:
        (r, c), dist = queue.popleft()
        if grid[r][c] == "E":
            return dist
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and (nr, nc) not in seen:
                seen.add((nr, nc))
                queue.append(((nr, nc), dist + 1))
    return -1
''', [("        (r, c), dist = queue.popleft()", "        (r, c), dist = queue.pop()", "wrong-call")], [
        "assert shortest_path(['S..', '...', '..E']) == 4",
        "assert shortest_path(['S#E']) == -1",
        "assert shortest_path(['S...', '....', 'E...']) == 2",
    ], [
        "assert shortest_path(['S.#', '..#', '#.E']) == 4",
        "assert shortest_path(['S....', '.###.', '....E']) == 6",
        "assert shortest_path(['S..', '.#.', '...', 'E..']) == 3",
    ])

    task("count-islands", "Count the 4-connected groups of '1' cells in a grid of strings.", '''
def count_islands(grid):
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    seen = set()

    def sink(r, c):
        stack = [(r, c)]
        while stack:
            r, c = stack.pop()
            if not (0 <= r < rows and 0 <= c < cols) or (r, c) in seen or grid[r][c] != "1":
                continue
            seen.add((r, c))
            stack.extend([(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)])

    count = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "1" and (r, c) not in seen:
                sink(r, c)
                count += 1
    return count
''', [("            stack.extend([(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)])", "            stack.extend([(r + 1, c), (r, c + 1)])", "missing-case")], [
        "assert count_islands(['11', '01']) == 1",
        "assert count_islands(['101', '010']) == 3",
        "assert count_islands(['01', '11']) == 1",
        "assert count_islands([]) == 0",
    ], [
        "assert count_islands(['0110', '1100']) == 1",
        "assert count_islands(['000']) == 0",
        "assert count_islands(['1001', '1111']) == 1",
        "assert count_islands(['1', '0', '1']) == 2",
    ])

    task("topo-sort", "Order tasks so each comes after its prerequisites (Kahn); raise ValueError on a cycle.", '''
def topo_order(deps):
    """deps maps each task to the list of tasks it depends on."""
    nodes = set(deps) | {d for ds in deps.values() for d in ds}
    indegree = {n: 0 for n in nodes}
    users = {n: [] for n in nodes}
    for task, requires in deps.items():
        for r in requires:
            indegree[task] += 1
            users[r].append(task)
    ready = sorted(n for n in nodes if indegree[n] == 0)
    order = []
    while ready:
        n = ready.pop(0)
        order.append(n)
        for u in sorted(users[n]):
            indegree[u] -= 1
            if indegree[u] == 0:
                ready.append(u)
    if len(order) != len(nodes):
        raise ValueError("cycle")
    return order
''', [("            indegree[task] += 1\n            users[r].append(task)", "            indegree[r] += 1\n            users[task].append(r)", "swapped-arguments")], [
        "assert topo_order({'b': ['a'], 'c': ['b']}) == ['a', 'b', 'c']",
        "assert topo_order({'x': []}) == ['x']",
        "try:\n    topo_order({'a': ['b'], 'b': ['a']})\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ], [
        "order = topo_order({'d': ['b', 'c'], 'b': ['a'], 'c': ['a']})\nassert order[0] == 'a' and order[-1] == 'd'",
        "assert topo_order({'z': ['y'], 'y': []}) == ['y', 'z']",
        "assert topo_order({}) == []",
    ])

    task("has-cycle", "Tell whether a directed graph (dict node -> successors) has a cycle (DFS with colours).", '''
def has_cycle(graph):
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {}

    def visit(node):
        colour[node] = GREY
        for nxt in graph.get(node, []):
            state = colour.get(nxt, WHITE)
            if state == GREY:
                return True
            if state == WHITE and visit(nxt):
                return True
        colour[node] = BLACK
        return False

    return any(colour.get(n, WHITE) == WHITE and visit(n) for n in list(graph))
''', [("            if state == GREY:", "            if state != WHITE:", "comparison")], [
        "assert has_cycle({'a': ['b'], 'b': ['a']}) is True",
        "assert has_cycle({'a': ['b', 'c'], 'b': ['c'], 'c': []}) is False",
        "assert has_cycle({'a': ['a']}) is True",
    ], [
        "assert has_cycle({'a': ['b'], 'b': ['c'], 'c': ['a']}) is True",
        "assert has_cycle({'a': ['c'], 'b': ['c'], 'c': ['d'], 'd': []}) is False",
        "assert has_cycle({}) is False",
    ])

    task("connected-components", "Count the connected components of an undirected graph given by n nodes and an edge list.", '''
def count_components(n, edges):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    components = n
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            components -= 1
    return components
''', [("        if ra != rb:", "        if a != b:", "wrong-variable")], [
        "assert count_components(3, [(0, 1)]) == 2",
        "assert count_components(3, [(0, 1), (1, 2), (2, 0)]) == 1",
        "assert count_components(2, []) == 2",
    ], [
        "assert count_components(4, [(0, 1), (2, 3), (1, 0)]) == 2",
        "assert count_components(1, []) == 1",
        "assert count_components(5, [(0, 1), (1, 2), (0, 2), (3, 4)]) == 2",
    ])

    task("dfs-reachable", "Return the sorted list of nodes reachable from start in a directed graph.", '''
def reachable(graph, start):
    seen = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for nxt in graph.get(node, []):
            if nxt not in seen:
                stack.append(nxt)
    return sorted(seen)
''', [("        for nxt in graph.get(node, []):", "        for nxt in graph[node]:", "dict-get-default"),
          ("    stack = [start]", "    stack = graph.get(start, [])", "initial-value")], [
        "assert reachable({'a': ['b'], 'b': ['c']}, 'a') == ['a', 'b', 'c']",
        "assert reachable({}, 'x') == ['x']",
        "assert reachable({'a': ['b', 'c'], 'b': ['c'], 'c': ['a']}, 'b') == ['a', 'b', 'c']",
    ], [
        "assert reachable({'a': ['b'], 'c': ['a']}, 'a') == ['a', 'b']",
        "assert reachable({'a': ['a']}, 'a') == ['a']",
        "assert reachable({1: [2, 3], 2: [4], 3: [4], 4: []}, 1) == [1, 2, 3, 4]",
    ])

    task("pair-sum-sorted", "In a sorted list, return indices (i, j), i < j, of two values summing to target, or None (two pointers).", '''
def pair_with_sum(items, target):
    i, j = 0, len(items) - 1
    while i < j:
        s = items[i] + items[j]
        if s == target:
            return (i, j)
        if s < target:
            i += 1
        else:
            j -= 1
    return None
''', [("        if s < target:", "        if s > target:", "comparison")], [
        "assert pair_with_sum([1, 2, 4, 7, 11], 9) == (1, 3)",
        "assert pair_with_sum([1, 2, 3], 10) is None",
        "assert pair_with_sum([1, 5], 6) == (0, 1)",
    ], [
        "assert pair_with_sum([-3, 0, 2, 8], 5) == (0, 3)",
        "assert pair_with_sum([2, 3, 4, 5, 6], 11) == (3, 4)",
        "assert pair_with_sum([], 1) is None",
    ])

    task("dedupe-sorted-inplace", "Remove duplicates from a sorted list in place; return the new length (the first k items are unique).", '''
def dedupe_sorted(items):
    if not items:
        return 0
    write = 1
    for read in range(1, len(items)):
        if items[read] != items[write - 1]:
            items[write] = items[read]
            write += 1
    del items[write:]
    return write
''', [("            items[write] = items[read]", "            items[read] = items[write]", "swapped-operands"),
          ("    del items[write:]", "    del items[write + 1:]", "off-by-one")], [
        "data = [1, 1, 2]\nassert dedupe_sorted(data) == 2 and data == [1, 2]",
        "data = [0, 0, 1, 1, 1, 2, 3, 3]\nassert dedupe_sorted(data) == 4 and data == [0, 1, 2, 3]",
        "data = []\nassert dedupe_sorted(data) == 0",
    ], [
        "data = [5]\nassert dedupe_sorted(data) == 1 and data == [5]",
        "data = [1, 2, 3]\nassert dedupe_sorted(data) == 3 and data == [1, 2, 3]",
        "data = [4, 4, 4, 4]\nassert dedupe_sorted(data) == 1 and data == [4]",
    ])

    task("reverse-inplace", "Reverse a list in place with two pointers and return it.", '''
def reverse_in_place(items):
    left, right = 0, len(items) - 1
    while left < right:
        items[left], items[right] = items[right], items[left]
        left += 1
        right -= 1
    return items
''', [("        right -= 1", "        right += 1", "wrong-operator")], [
        "assert reverse_in_place([1, 2, 3]) == [3, 2, 1]",
        "assert reverse_in_place([]) == []",
        "assert reverse_in_place([1, 2]) == [2, 1]",
    ], [
        "assert reverse_in_place([1, 2, 3, 4]) == [4, 3, 2, 1]",
        "assert reverse_in_place(['a']) == ['a']",
        "assert reverse_in_place([5, 6, 7, 8, 9]) == [9, 8, 7, 6, 5]",
    ])

    task("balanced-brackets", "Tell whether the (), [] and {} brackets of a string are balanced; other characters are ignored.", '''
def is_balanced(text):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack
''', [("    return not stack", "    return True", "wrong-value"),
          ("            if not stack or stack.pop() != pairs[ch]:", "            if stack and stack.pop() != pairs[ch]:", "boolean-logic")], [
        "assert is_balanced('([]{})') is True",
        "assert is_balanced('(]') is False",
        "assert is_balanced('((') is False",
        "assert is_balanced('())') is False",
    ], [
        "assert is_balanced('') is True",
        "assert is_balanced('a(b[c]d)e') is True",
        "assert is_balanced('{[}]') is False",
        "assert is_balanced(']') is False",
    ])

    task("eval-rpn", "Evaluate a list of reverse Polish notation tokens with + - * / (division truncates toward zero).", '''
def eval_rpn(tokens):
    stack = []
    for tok in tokens:
        if tok in ("+", "-", "*", "/"):
            b, a = stack.pop(), stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                stack.append(int(a / b))
        else:
            stack.append(int(tok))
    return stack[-1]
''', [("            b, a = stack.pop(), stack.pop()", "            a, b = stack.pop(), stack.pop()", "swapped-operands")], [
        "assert eval_rpn(['2', '1', '+', '3', '*']) == 9",
        "assert eval_rpn(['4', '13', '5', '/', '+']) == 6",
        "assert eval_rpn(['5', '2', '-']) == 3",
    ], [
        "assert eval_rpn(['7']) == 7",
        "assert eval_rpn(['10', '3', '/']) == 3",
        "assert eval_rpn(['-7', '2', '/']) == -3",
    ])

    task("next-greater", "For each element, the next element to its right that is greater, or -1 (monotonic stack).", '''
def next_greater(values):
    result = [-1] * len(values)
    stack = []
    for i, v in enumerate(values):
        while stack and values[stack[-1]] < v:
            result[stack.pop()] = v
        stack.append(i)
    return result
''', [("        while stack and values[stack[-1]] < v:", "        if stack and values[stack[-1]] < v:", "wrong-keyword")], [
        "assert next_greater([2, 1, 3]) == [3, 3, -1]",
        "assert next_greater([1, 2, 3]) == [2, 3, -1]",
        "assert next_greater([]) == []",
    ], [
        "assert next_greater([5, 4, 3, 2, 6]) == [6, 6, 6, 6, -1]",
        "assert next_greater([3, 3]) == [-1, -1]",
        "assert next_greater([4, 1, 2, 5]) == [5, 2, 5, -1]",
    ])

    task("two-stack-queue", "A FIFO queue built from two stacks: push, pop (IndexError when empty), len.", '''
class Queue:
    def __init__(self):
        self._in = []
        self._out = []

    def push(self, item):
        self._in.append(item)

    def pop(self):
        if not self._out:
            while self._in:
                self._out.append(self._in.pop())
        if not self._out:
            raise IndexError("pop from empty queue")
        return self._out.pop()

    def __len__(self):
        return len(self._in) + len(self._out)
''', [("        if not self._out:\n            while self._in:", "        while self._in:", "missing-condition"),
          ("        return len(self._in) + len(self._out)", "        return len(self._in)", "missing-case")], [
        "q = Queue()\nq.push(1)\nq.push(2)\nassert q.pop() == 1",
        "q = Queue()\nq.push(1)\nq.push(2)\nq.pop()\nq.push(3)\nassert q.pop() == 2 and q.pop() == 3",
        "q = Queue()\nq.push('a')\nq.push('b')\nq.pop()\nassert len(q) == 1",
    ], [
        "q = Queue()\nfor k in range(5):\n    q.push(k)\nassert [q.pop() for _ in range(5)] == [0, 1, 2, 3, 4]",
        "q = Queue()\ntry:\n    q.pop()\n    assert False, 'expected IndexError'\nexcept IndexError:\n    pass",
        "q = Queue()\nq.push(1)\nq.push(2)\nq.pop()\nq.push(3)\nq.push(4)\nassert len(q) == 3 and q.pop() == 2",
    ])

    task("merge-intervals", "Merge overlapping closed intervals [start, end]; return them sorted by start.", '''
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
''', [("            merged[-1][1] = max(merged[-1][1], end)", "            merged[-1][1] = end", "missing-case"),
          ("    for start, end in sorted(intervals):", "    for start, end in intervals:", "missing-call")], [
        "assert merge_intervals([[1, 3], [2, 6], [8, 10]]) == [[1, 6], [8, 10]]",
        "assert merge_intervals([[1, 10], [2, 3]]) == [[1, 10]]",
        "assert merge_intervals([[5, 6], [1, 2]]) == [[1, 2], [5, 6]]",
        "assert merge_intervals([]) == []",
    ], [
        "assert merge_intervals([[1, 4], [4, 5]]) == [[1, 5]]",
        "assert merge_intervals([[6, 8], [1, 9], [2, 4]]) == [[1, 9]]",
        "assert merge_intervals([[3, 3]]) == [[3, 3]]",
        "assert merge_intervals([[7, 9], [1, 2], [2, 3]]) == [[1, 3], [7, 9]]",
    ])

    task("meeting-rooms", "Return the fewest rooms needed for half-open meetings [start, end).", '''
def min_rooms(meetings):
    events = []
    for start, end in meetings:
        events.append((start, 1))
        events.append((end, -1))
    events.sort()
    rooms = best = 0
    for _, delta in events:
        rooms += delta
        best = max(best, rooms)
    return best
''', [("        events.append((end, -1))", "        events.append((end, 1))", "wrong-sign")], [
        "assert min_rooms([(0, 30), (5, 10), (15, 20)]) == 2",
        "assert min_rooms([(1, 2), (2, 3)]) == 1",
        "assert min_rooms([]) == 0",
    ], [
        "assert min_rooms([(1, 5), (2, 6), (3, 7)]) == 3",
        "assert min_rooms([(9, 10)]) == 1",
        "assert min_rooms([(1, 3), (3, 5), (5, 7), (2, 4)]) == 2",
    ])
