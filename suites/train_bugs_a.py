"""Training bugs, part a: classic algorithms (searching, sorting, DP, graphs, windows, heaps)."""


def add(task):
    task("search-rotated", "Find the index of a value in a rotated sorted list of distinct ints, or -1.", '''
def search_rotated(nums, target):
    """Return the index of target in a rotated sorted list of distinct ints, or -1."""
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[lo] <= nums[mid]:
            if nums[lo] <= target < nums[mid]:
                hi = mid - 1
            else:
                lo = mid + 1
        else:
            if nums[mid] < target <= nums[hi]:
                lo = mid + 1
            else:
                hi = mid - 1
    return -1
''', [("    while lo <= hi:", "    while lo < hi:", "off-by-one"),
      ("            if nums[lo] <= target < nums[mid]:", "            if nums[lo] < target < nums[mid]:", "comparison")], [
        "assert search_rotated([4, 5, 6, 7, 0, 1, 2], 0) == 4",
        "assert search_rotated([4, 5, 6, 7, 0, 1, 2], 4) == 0",
        "assert search_rotated([5], 5) == 0",
        "assert search_rotated([1, 3], 4) == -1",
    ], [
        "assert search_rotated([6, 7, 1, 2, 3, 4, 5], 6) == 0",
        "assert search_rotated([3, 1], 1) == 1",
        "assert search_rotated([2, 3, 4, 5, 1], 1) == 4",
        "assert search_rotated([], 1) == -1",
    ])

    task("find-peak", "Return the index of a peak element (greater than its neighbours) by binary search.", '''
def find_peak(nums):
    """Index of an element strictly greater than its neighbours (the ends count as -inf)."""
    lo, hi = 0, len(nums) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if nums[mid] < nums[mid + 1]:
            lo = mid + 1
        else:
            hi = mid
    return lo
''', [("            hi = mid", "            hi = mid - 1", "off-by-one")], [
        "assert find_peak([1, 3, 2]) == 1",
        "assert find_peak([1, 2, 3, 4]) == 3",
        "assert find_peak([5, 4, 3]) == 0",
        "assert find_peak([7]) == 0",
    ], [
        "assert find_peak([1, 2, 5, 9, 4, 0]) == 3",
        "assert find_peak([0, 10, 20, 15]) == 2",
        "assert find_peak([9, 1]) == 0",
        "assert find_peak([2, 8]) == 1",
    ])

    task("ternary-argmax", "Find the integer in [lo, hi] that maximises a unimodal function by ternary search.", '''
def ternary_argmax(f, lo, hi):
    """Smallest x in [lo, hi] maximising a unimodal function f on the integers."""
    while hi - lo > 2:
        m1 = lo + (hi - lo) // 3
        m2 = hi - (hi - lo) // 3
        if f(m1) < f(m2):
            lo = m1 + 1
        else:
            hi = m2
    return max(range(lo, hi + 1), key=f)
''', [("    return max(range(lo, hi + 1), key=f)", "    return max(range(lo, hi), key=f)", "off-by-one")], [
        "assert ternary_argmax(lambda x: -(x - 7) ** 2, 0, 100) == 7",
        "assert ternary_argmax(lambda x: x, 3, 3) == 3",
        "assert ternary_argmax(lambda x: -abs(x - 10), 0, 10) == 10",
    ], [
        "assert ternary_argmax(lambda x: -(x + 4) ** 2, -50, 50) == -4",
        "assert ternary_argmax(lambda x: -x, 5, 9) == 5",
        "assert ternary_argmax(lambda x: x, 1, 2) == 2",
    ])

    task("counting-sort", "Sort a list of non-negative integers with counting sort.", '''
def counting_sort(values):
    """Sort a list of non-negative ints with a counting array."""
    if not values:
        return []
    counts = [0] * (max(values) + 1)
    for v in values:
        counts[v] += 1
    out = []
    for v, c in enumerate(counts):
        out.extend([v] * c)
    return out
''', [("    counts = [0] * (max(values) + 1)", "    counts = [0] * max(values)", "off-by-one"),
      ("        out.extend([v] * c)", "        out.append([v] * c)", "wrong-call")], [
        "assert counting_sort([3, 1, 2]) == [1, 2, 3]",
        "assert counting_sort([2, 0, 2, 1]) == [0, 1, 2, 2]",
        "assert counting_sort([]) == []",
        "assert counting_sort([0]) == [0]",
    ], [
        "assert counting_sort([5, 5, 5]) == [5, 5, 5]",
        "assert counting_sort([9, 0, 4, 4, 1]) == [0, 1, 4, 4, 9]",
        "assert counting_sort([1, 0]) == [0, 1]",
        "assert counting_sort([7]) == [7]",
    ])

    task("shell-sort", "Return a sorted copy of a list using Shell sort with halving gaps.", '''
def shell_sort(items):
    """Return a sorted copy of items using Shell sort with halving gaps."""
    a = list(items)
    gap = len(a) // 2
    while gap > 0:
        for i in range(gap, len(a)):
            cur = a[i]
            j = i
            while j >= gap and a[j - gap] > cur:
                a[j] = a[j - gap]
                j -= gap
            a[j] = cur
        gap //= 2
    return a
''', [("            a[j] = cur", "            a[i] = cur", "wrong-variable")], [
        "assert shell_sort([2, 1]) == [1, 2]",
        "assert shell_sort([5, 3, 8, 1, 9, 2]) == [1, 2, 3, 5, 8, 9]",
        "assert shell_sort([]) == []",
        "xs = [3, 1, 2]\nshell_sort(xs)\nassert xs == [3, 1, 2]",
    ], [
        "assert shell_sort([1, 1, 0]) == [0, 1, 1]",
        "assert shell_sort([10, -1, 7, 3, 3, 0, 2, 8]) == [-1, 0, 2, 3, 3, 7, 8, 10]",
        "assert shell_sort([4]) == [4]",
        "assert shell_sort([9, 8, 7, 6, 5, 4, 3, 2, 1]) == list(range(1, 10))",
    ])

    task("cocktail-sort", "Return a sorted copy of a list using cocktail shaker sort.", '''
def cocktail_sort(items):
    """Return a sorted copy of items using cocktail shaker sort."""
    a = list(items)
    start, end = 0, len(a) - 1
    swapped = True
    while swapped:
        swapped = False
        for i in range(start, end):
            if a[i] > a[i + 1]:
                a[i], a[i + 1] = a[i + 1], a[i]
                swapped = True
        end -= 1
        for i in range(end, start, -1):
            if a[i - 1] > a[i]:
                a[i - 1], a[i] = a[i], a[i - 1]
                swapped = True
        start += 1
    return a
''', [("    a = list(items)", "    a = items", "aliasing"),
      ("        for i in range(end, start, -1):", "        for i in range(end, start + 1, -1):", "off-by-one")], [
        "assert cocktail_sort([2, 3, 1]) == [1, 2, 3]",
        "assert cocktail_sort([5, 1, 4, 2, 8, 0]) == [0, 1, 2, 4, 5, 8]",
        "assert cocktail_sort([]) == []",
        "xs = [3, 1, 2]\nassert cocktail_sort(xs) == [1, 2, 3]\nassert xs == [3, 1, 2]",
    ], [
        "assert cocktail_sort([1, 2, 3]) == [1, 2, 3]",
        "assert cocktail_sort([3, 3, 1, 2]) == [1, 2, 3, 3]",
        "assert cocktail_sort([9, 7, 5, 3, 1, 0]) == [0, 1, 3, 5, 7, 9]",
        "ys = [2, 1]\nout = cocktail_sort(ys)\nassert ys == [2, 1] and out == [1, 2]",
    ])

    task("sort-by-frequency", "Sort values by how often they occur, most frequent first, ties by value.", '''
from collections import Counter


def sort_by_frequency(values):
    """Sort values by descending frequency, ties broken by ascending value."""
    counts = Counter(values)
    return sorted(values, key=lambda v: (-counts[v], v))
''', [("    return sorted(values, key=lambda v: (-counts[v], v))",
       "    return sorted(values, key=lambda v: (counts[v], v))", "sort-key")], [
        "assert sort_by_frequency([1, 2, 2, 3, 3, 3]) == [3, 3, 3, 2, 2, 1]",
        "assert sort_by_frequency([4, 6, 6, 4]) == [4, 4, 6, 6]",
        "assert sort_by_frequency([]) == []",
    ], [
        "assert sort_by_frequency([5, 1, 5, 1, 5, 9]) == [5, 5, 5, 1, 1, 9]",
        "assert sort_by_frequency([2, 1]) == [1, 2]",
        "assert sort_by_frequency([0, 0, 7, 7, 7, -1]) == [7, 7, 7, 0, 0, -1]",
    ])

    task("triangle-min-path", "Return the minimum top-to-bottom path sum through a number triangle.", '''
def triangle_min_path(rows):
    """Minimum top-to-bottom path sum through a triangle of numbers."""
    if not rows:
        return 0
    best = list(rows[-1])
    for r in range(len(rows) - 2, -1, -1):
        for c in range(len(rows[r])):
            best[c] = rows[r][c] + min(best[c], best[c + 1])
    return best[0]
''', [("    for r in range(len(rows) - 2, -1, -1):", "    for r in range(len(rows) - 2, 0, -1):", "off-by-one")], [
        "assert triangle_min_path([[2], [3, 4], [6, 5, 7], [4, 1, 8, 3]]) == 11",
        "assert triangle_min_path([[5]]) == 5",
        "assert triangle_min_path([]) == 0",
    ], [
        "assert triangle_min_path([[1], [2, 3]]) == 3",
        "assert triangle_min_path([[-1], [2, 3], [1, -1, -3]]) == -1",
        "assert triangle_min_path([[10], [1, 100], [100, 1, 100]]) == 12",
    ])

    task("house-robber", "Return the largest sum of non-adjacent values of a list.", '''
def house_robber(values):
    """Largest sum of non-adjacent values (all values non-negative)."""
    if not values:
        return 0
    if len(values) == 1:
        return values[0]
    best = [0] * len(values)
    best[0] = values[0]
    best[1] = max(values[0], values[1])
    for i in range(2, len(values)):
        best[i] = max(best[i - 1], best[i - 2] + values[i])
    return best[-1]
''', [("    best[1] = max(values[0], values[1])", "    best[1] = values[1]", "initial-value"),
      ("        best[i] = max(best[i - 1], best[i - 2] + values[i])",
       "        best[i] = max(best[i - 1], best[i - 2] + values[i - 1])", "wrong-index")], [
        "assert house_robber([2, 7, 9, 3, 1]) == 12",
        "assert house_robber([5, 1]) == 5",
        "assert house_robber([]) == 0",
        "assert house_robber([4]) == 4",
    ], [
        "assert house_robber([1, 2, 3, 1]) == 4",
        "assert house_robber([2, 1, 1, 2]) == 4",
        "assert house_robber([9, 0]) == 9",
        "assert house_robber([10, 1, 1, 10, 1]) == 20",
    ])

    task("can-partition", "Tell whether a list of non-negative ints splits into two parts of equal sum.", '''
def can_partition(nums):
    """True when nums (non-negative ints) splits into two subsets of equal sum."""
    total = sum(nums)
    if total % 2:
        return False
    target = total // 2
    reachable = {0}
    for n in nums:
        reachable |= {s + n for s in reachable if s + n <= target}
    return target in reachable
''', [("    if total % 2:\n        return False", None, "missing-condition")], [
        "assert can_partition([1, 5, 11, 5]) is True",
        "assert can_partition([1, 2, 3, 5]) is False",
        "assert can_partition([1, 2]) is False",
        "assert can_partition([]) is True",
    ], [
        "assert can_partition([2, 2]) is True",
        "assert can_partition([3, 1, 1, 2, 2, 1]) is True",
        "assert can_partition([1, 1, 1]) is False",
        "assert can_partition([7, 3]) is False",
    ])

    task("longest-palindromic-subsequence", "Return the length of the longest palindromic subsequence of a string.", '''
def longest_pal_subseq(s):
    """Length of the longest palindromic subsequence of s."""
    n = len(s)
    if n == 0:
        return 0
    dp = [[0] * n for _ in range(n)]
    for i in range(n - 1, -1, -1):
        dp[i][i] = 1
        for j in range(i + 1, n):
            if s[i] == s[j]:
                dp[i][j] = dp[i + 1][j - 1] + 2
            else:
                dp[i][j] = max(dp[i + 1][j], dp[i][j - 1])
    return dp[0][n - 1]
''', [("        dp[i][i] = 1", None, "base-case"),
      ("                dp[i][j] = max(dp[i + 1][j], dp[i][j - 1])",
       "                dp[i][j] = max(dp[i + 1][j], dp[i + 1][j - 1])", "wrong-index")], [
        "assert longest_pal_subseq('bbbab') == 4",
        "assert longest_pal_subseq('cbbd') == 2",
        "assert longest_pal_subseq('a') == 1",
        "assert longest_pal_subseq('') == 0",
        "assert longest_pal_subseq('agbdba') == 5",
    ], [
        "assert longest_pal_subseq('abcba') == 5",
        "assert longest_pal_subseq('xyz') == 1",
        "assert longest_pal_subseq('aaaa') == 4",
        "assert longest_pal_subseq('character') == 5",
        "assert longest_pal_subseq('abca') == 3",
    ])

    task("unique-paths-obstacles", "Count right/down paths through a grid that avoid blocked cells.", '''
def unique_paths_obstacles(grid):
    """Count right/down paths from top-left to bottom-right avoiding cells equal to 1."""
    if not grid or not grid[0]:
        return 0
    cols = len(grid[0])
    ways = [0] * cols
    ways[0] = 1
    for row in grid:
        for c in range(cols):
            if row[c] == 1:
                ways[c] = 0
            elif c > 0:
                ways[c] += ways[c - 1]
    return ways[-1]
''', [("    ways[0] = 1", None, "missing-line"),
      ("            elif c > 0:", "            elif c >= 0:", "comparison")], [
        "assert unique_paths_obstacles([[0, 0, 0], [0, 1, 0], [0, 0, 0]]) == 2",
        "assert unique_paths_obstacles([[0, 1], [0, 0]]) == 1",
        "assert unique_paths_obstacles([[1]]) == 0",
        "assert unique_paths_obstacles([[0]]) == 1",
    ], [
        "assert unique_paths_obstacles([[0, 0], [1, 1], [0, 0]]) == 0",
        "assert unique_paths_obstacles([[0, 0, 0, 0]]) == 1",
        "assert unique_paths_obstacles([[0, 0, 0], [0, 0, 0]]) == 3",
        "assert unique_paths_obstacles([[0], [0], [1]]) == 0",
    ])

    task("rod-cutting", "Return the best revenue from cutting a rod into priced pieces.", '''
def rod_cutting(prices, length):
    """Best revenue for a rod of `length`; prices[i] is the price of a piece of length i + 1."""
    best = [0] * (length + 1)
    for n in range(1, length + 1):
        for cut in range(1, min(n, len(prices)) + 1):
            best[n] = max(best[n], prices[cut - 1] + best[n - cut])
    return best[length]
''', [("        for cut in range(1, min(n, len(prices)) + 1):",
       "        for cut in range(1, min(n, len(prices))):", "off-by-one")], [
        "assert rod_cutting([1, 5, 8, 9], 4) == 10",
        "assert rod_cutting([3], 2) == 6",
        "assert rod_cutting([2, 5], 0) == 0",
    ], [
        "assert rod_cutting([1, 5, 8, 9, 10, 17, 17, 20], 8) == 22",
        "assert rod_cutting([5, 1], 3) == 15",
        "assert rod_cutting([1, 1, 10], 3) == 10",
    ])

    task("decode-ways", "Count the ways to decode a digit string where 1..26 stand for letters.", '''
def decode_ways(digits):
    """Number of ways to decode a digit string where 'A'..'Z' map to 1..26."""
    if not digits:
        return 0
    prev, cur = 1, 0 if digits[0] == "0" else 1
    for i in range(1, len(digits)):
        nxt = 0
        if digits[i] != "0":
            nxt += cur
        if 10 <= int(digits[i - 1:i + 1]) <= 26:
            nxt += prev
        prev, cur = cur, nxt
    return cur
''', [('        if digits[i] != "0":', "        if digits[i] != 0:", "wrong-value"),
      ("        if 10 <= int(digits[i - 1:i + 1]) <= 26:", "        if 10 <= int(digits[i - 1:i + 1]) < 26:", "comparison")], [
        "assert decode_ways('12') == 2",
        "assert decode_ways('226') == 3",
        "assert decode_ways('10') == 1",
        "assert decode_ways('06') == 0",
        "assert decode_ways('26') == 2",
    ], [
        "assert decode_ways('11106') == 2",
        "assert decode_ways('27') == 1",
        "assert decode_ways('2101') == 1",
        "assert decode_ways('1') == 1",
        "assert decode_ways('100') == 0",
    ])

    task("bfs-distances", "Return hop counts from a start node to every reachable node of an adjacency dict.", '''
from collections import deque


def bfs_distances(graph, start):
    """Hop counts from start to every reachable node of an adjacency dict."""
    dist = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in graph.get(node, []):
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return dist
''', [("        node = queue.popleft()", "        node = queue.pop()", "wrong-call")], [
        "assert bfs_distances({'a': ['b', 'c'], 'b': ['d'], 'c': ['e'], 'e': ['d']}, 'a') == {'a': 0, 'b': 1, 'c': 1, 'd': 2, 'e': 2}",
        "assert bfs_distances({}, 'x') == {'x': 0}",
        "assert bfs_distances({1: [2], 2: [3]}, 1) == {1: 0, 2: 1, 3: 2}",
    ], [
        "assert bfs_distances({0: [1, 2], 1: [3], 2: [4], 4: [3], 3: [5]}, 0) == {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3}",
        "assert bfs_distances({'a': ['b'], 'b': ['a', 'c'], 'c': []}, 'b') == {'b': 0, 'a': 1, 'c': 1}",
        "assert bfs_distances({'s': ['t'], 'u': ['s']}, 'u') == {'u': 0, 's': 1, 't': 2}",
    ])

    task("dijkstra", "Return shortest distances from a source in a weighted adjacency dict, using heapq.", '''
import heapq


def dijkstra(graph, source):
    """Shortest distances from source; graph maps node -> list of (neighbour, weight)."""
    dist = {source: 0}
    heap = [(0, source)]
    done = set()
    while heap:
        d, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        for nxt, w in graph.get(node, []):
            nd = d + w
            if nxt not in dist or nd < dist[nxt]:
                dist[nxt] = nd
                heapq.heappush(heap, (nd, nxt))
    return dist
''', [("        d, node = heapq.heappop(heap)", "        d, node = heap.pop()", "wrong-call"),
      ("            if nxt not in dist or nd < dist[nxt]:", "            if nxt not in dist and nd < dist[nxt]:", "boolean-logic")], [
        "g = {'a': [('b', 5), ('c', 1)], 'c': [('b', 1)], 'b': [('d', 1)]}\nassert dijkstra(g, 'a') == {'a': 0, 'b': 2, 'c': 1, 'd': 3}",
        "assert dijkstra({}, 'x') == {'x': 0}",
        "assert dijkstra({1: [(2, 7)], 2: [(3, 1)], 3: [(1, 1)]}, 2) == {2: 0, 3: 1, 1: 2}",
    ], [
        "g = {'s': [('a', 4), ('b', 1)], 'b': [('a', 2), ('c', 5)], 'a': [('c', 1)]}\nassert dijkstra(g, 's') == {'s': 0, 'a': 3, 'b': 1, 'c': 4}",
        "assert dijkstra({0: [(1, 0), (2, 3)], 1: [(2, 0)]}, 0) == {0: 0, 1: 0, 2: 0}",
        "g = {'x': [('y', 2)], 'y': [('z', 2)], 'z': []}\nassert dijkstra(g, 'z') == {'z': 0}",
    ])

    task("is-bipartite", "Tell whether an undirected graph given as an adjacency dict can be two-coloured.", '''
def is_bipartite(graph):
    """True when the undirected graph (adjacency dict) can be 2-coloured."""
    color = {}
    for start in graph:
        if start in color:
            continue
        color[start] = 0
        stack = [start]
        while stack:
            node = stack.pop()
            for nxt in graph[node]:
                if nxt not in color:
                    color[nxt] = 1 - color[node]
                    stack.append(nxt)
                elif color[nxt] == color[node]:
                    return False
    return True
''', [("                    color[nxt] = 1 - color[node]", "                    color[nxt] = 1 - color[start]", "wrong-variable")], [
        "assert is_bipartite({0: [1, 3], 1: [0, 2], 2: [1, 3], 3: [0, 2]}) is True",
        "assert is_bipartite({'a': ['b', 'c'], 'b': ['a', 'c'], 'c': ['a', 'b']}) is False",
        "assert is_bipartite({}) is True",
        "assert is_bipartite({'a': ['b'], 'b': ['a', 'c'], 'c': ['b']}) is True",
    ], [
        "assert is_bipartite({1: [2], 2: [1, 3], 3: [2, 4], 4: [3]}) is True",
        "assert is_bipartite({0: [1, 4], 1: [0, 2], 2: [1, 3], 3: [2, 4], 4: [3, 0]}) is False",
        "assert is_bipartite({0: [1], 1: [0], 2: [3, 4], 3: [2, 4], 4: [2, 3]}) is False",
        "assert is_bipartite({'x': [], 'y': []}) is True",
    ])

    task("degree-counts", "Count the degree of every node of an undirected edge list.", '''
def degree_counts(edges):
    """Degree of every node in an undirected edge list (a self-loop counts twice)."""
    degree = {}
    for u, v in edges:
        degree[u] = degree.get(u, 0) + 1
        degree[v] = degree.get(v, 0) + 1
    return degree
''', [("        degree[v] = degree.get(v, 0) + 1", "        degree[v] = degree.get(u, 0) + 1", "wrong-variable")], [
        "assert degree_counts([(1, 2), (2, 3)]) == {1: 1, 2: 2, 3: 1}",
        "assert degree_counts([]) == {}",
        "assert degree_counts([('a', 'a')]) == {'a': 2}",
    ], [
        "assert degree_counts([(0, 1), (0, 2), (0, 3)]) == {0: 3, 1: 1, 2: 1, 3: 1}",
        "assert degree_counts([('x', 'y'), ('y', 'x')]) == {'x': 2, 'y': 2}",
        "assert degree_counts([(5, 6), (6, 7), (7, 5), (5, 8)]) == {5: 3, 6: 2, 7: 2, 8: 1}",
    ])

    task("union-find-cycle", "Tell whether an undirected graph on nodes 0..n-1 has a cycle, using union-find.", '''
def undirected_has_cycle(n, edges):
    """True when the undirected graph on nodes 0..n-1 contains a cycle."""
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in edges:
        ru, rv = find(u), find(v)
        if ru == rv:
            return True
        parent[ru] = rv
    return False
''', [("        parent[ru] = rv", "        parent[u] = v", "wrong-variable")], [
        "assert undirected_has_cycle(3, [(0, 1), (0, 2), (1, 2)]) is True",
        "assert undirected_has_cycle(4, [(0, 1), (1, 2), (2, 3)]) is False",
        "assert undirected_has_cycle(2, []) is False",
        "assert undirected_has_cycle(1, [(0, 0)]) is True",
    ], [
        "assert undirected_has_cycle(5, [(0, 1), (2, 3), (3, 4), (4, 2)]) is True",
        "assert undirected_has_cycle(5, [(0, 1), (0, 2), (0, 3), (0, 4)]) is False",
        "assert undirected_has_cycle(4, [(0, 1), (0, 2), (0, 3), (2, 3)]) is True",
        "assert undirected_has_cycle(3, [(2, 1)]) is False",
    ])

    task("count-pairs-below", "Count pairs of list items whose sum is below a target, with two pointers.", '''
def count_pairs_below(nums, target):
    """Count index pairs i < j with nums[i] + nums[j] < target."""
    a = sorted(nums)
    lo, hi = 0, len(a) - 1
    count = 0
    while lo < hi:
        if a[lo] + a[hi] < target:
            count += hi - lo
            lo += 1
        else:
            hi -= 1
    return count
''', [("    a = sorted(nums)", "    a = nums", "missing-call")], [
        "assert count_pairs_below([3, 1, 2], 4) == 1",
        "assert count_pairs_below([-1, 1, 2, 3, 1], 2) == 3",
        "assert count_pairs_below([], 5) == 0",
        "assert count_pairs_below([1, 1, 1], 5) == 3",
    ], [
        "assert count_pairs_below([5, 0, 2, 9], 10) == 4",
        "assert count_pairs_below([4, 4], 8) == 0",
        "assert count_pairs_below([2, -3, 7, 1, 0], 1) == 3",
        "assert count_pairs_below([10], 100) == 0",
    ])

    task("min-subarray-len", "Return the length of the shortest run of positive numbers reaching a target sum.", '''
def min_subarray_len(nums, target):
    """Length of the shortest contiguous run of positive nums summing to at least target, or 0."""
    best = len(nums) + 1
    total = 0
    left = 0
    for right, x in enumerate(nums):
        total += x
        while total >= target:
            best = min(best, right - left + 1)
            total -= nums[left]
            left += 1
    return best if best <= len(nums) else 0
''', [("    best = len(nums) + 1", "    best = len(nums)", "initial-value"),
      ("        while total >= target:", "        while total > target:", "comparison")], [
        "assert min_subarray_len([2, 3, 1, 2, 4, 3], 7) == 2",
        "assert min_subarray_len([1, 4, 4], 4) == 1",
        "assert min_subarray_len([1, 1, 1], 5) == 0",
        "assert min_subarray_len([5], 5) == 1",
    ], [
        "assert min_subarray_len([1, 2, 3, 4, 5], 11) == 3",
        "assert min_subarray_len([10, 1], 3) == 1",
        "assert min_subarray_len([1, 2], 4) == 0",
        "assert min_subarray_len([3, 1, 1, 1, 3], 6) == 4",
    ])

    task("longest-k-distinct", "Return the length of the longest substring with at most k distinct characters.", '''
def longest_k_distinct(s, k):
    """Length of the longest substring of s with at most k distinct characters."""
    counts = {}
    left = 0
    best = 0
    for right, ch in enumerate(s):
        counts[ch] = counts.get(ch, 0) + 1
        while len(counts) > k:
            out = s[left]
            counts[out] -= 1
            if counts[out] == 0:
                del counts[out]
            left += 1
        best = max(best, right - left + 1)
    return best
''', [("            out = s[left]", "            out = s[right]", "wrong-variable")], [
        "assert longest_k_distinct('eceba', 2) == 3",
        "assert longest_k_distinct('abaccc', 2) == 4",
        "assert longest_k_distinct('', 3) == 0",
        "assert longest_k_distinct('aaaa', 1) == 4",
    ], [
        "assert longest_k_distinct('abcabcabc', 2) == 2",
        "assert longest_k_distinct('aabacbebebe', 3) == 7",
        "assert longest_k_distinct('xyz', 0) == 0",
        "assert longest_k_distinct('abbbcd', 2) == 4",
    ])

    task("max-water", "Return the largest water area between two lines of a height list.", '''
def max_water(heights):
    """Largest area held between two lines of the height list (two pointers)."""
    lo, hi = 0, len(heights) - 1
    best = 0
    while lo < hi:
        area = (hi - lo) * min(heights[lo], heights[hi])
        best = max(best, area)
        if heights[lo] < heights[hi]:
            lo += 1
        else:
            hi -= 1
    return best
''', [("        area = (hi - lo) * min(heights[lo], heights[hi])",
       "        area = (hi - lo) * max(heights[lo], heights[hi])", "wrong-call")], [
        "assert max_water([1, 8, 6, 2, 5, 4, 8, 3, 7]) == 49",
        "assert max_water([1, 1]) == 1",
        "assert max_water([5]) == 0",
    ], [
        "assert max_water([4, 3, 2, 1, 4]) == 16",
        "assert max_water([1, 2, 1]) == 2",
        "assert max_water([2, 3, 10, 5, 7, 8, 9]) == 36",
    ])

    task("k-smallest", "Return the k smallest values in ascending order, using a bounded heap.", '''
import heapq


def k_smallest(values, k):
    """The k smallest values in ascending order."""
    if k <= 0:
        return []
    heap = [-v for v in values[:k]]
    heapq.heapify(heap)
    for v in values[k:]:
        if -v > heap[0]:
            heapq.heapreplace(heap, -v)
    return sorted(-x for x in heap)
''', [("        if -v > heap[0]:", "        if -v < heap[0]:", "comparison")], [
        "assert k_smallest([5, 1, 4, 2, 3], 2) == [1, 2]",
        "assert k_smallest([3, 3, 1], 5) == [1, 3, 3]",
        "assert k_smallest([7], 0) == []",
        "assert k_smallest([9, 8, 7, 6], 3) == [6, 7, 8]",
    ], [
        "assert k_smallest([2, 2, 2, 1], 2) == [1, 2]",
        "assert k_smallest([10, -5, 3, 0, -5], 3) == [-5, -5, 0]",
        "assert k_smallest([4, 1], 1) == [1]",
        "assert k_smallest([], 3) == []",
    ])

    task("merge-k-sorted", "Merge several ascending lists into one ascending list with a heap.", '''
import heapq


def merge_k_sorted(lists):
    """Merge several ascending lists into one ascending list."""
    heap = []
    for i, lst in enumerate(lists):
        if lst:
            heap.append((lst[0], i, 0))
    heapq.heapify(heap)
    out = []
    while heap:
        value, i, j = heapq.heappop(heap)
        out.append(value)
        if j + 1 < len(lists[i]):
            heapq.heappush(heap, (lists[i][j + 1], i, j + 1))
    return out
''', [("        if lst:\n            heap.append((lst[0], i, 0))", "        heap.append((lst[0], i, 0))", "missing-condition"),
      ("        if j + 1 < len(lists[i]):", "        if j < len(lists[i]):", "off-by-one")], [
        "assert merge_k_sorted([[1, 4, 7], [2, 5], [3, 6, 9]]) == [1, 2, 3, 4, 5, 6, 7, 9]",
        "assert merge_k_sorted([[], [1]]) == [1]",
        "assert merge_k_sorted([]) == []",
        "assert merge_k_sorted([[2, 2], [1, 2]]) == [1, 2, 2, 2]",
    ], [
        "assert merge_k_sorted([[5]]) == [5]",
        "assert merge_k_sorted([[-3, 0], [], [-1, 10, 11]]) == [-3, -1, 0, 10, 11]",
        "assert merge_k_sorted([[1, 1, 1], [1]]) == [1, 1, 1, 1]",
        "assert merge_k_sorted([[0, 100], [50], [25, 75]]) == [0, 25, 50, 75, 100]",
    ])

    task("daily-temperatures", "For each day, count the days until a warmer temperature, using a stack.", '''
def daily_temperatures(temps):
    """For each day, how many days until a warmer temperature (0 if none)."""
    answer = [0] * len(temps)
    stack = []
    for i, t in enumerate(temps):
        while stack and temps[stack[-1]] < t:
            j = stack.pop()
            answer[j] = i - j
        stack.append(i)
    return answer
''', [("        while stack and temps[stack[-1]] < t:", "        while stack and temps[stack[-1]] <= t:", "comparison")], [
        "assert daily_temperatures([73, 74, 75, 71, 69, 72, 76, 73]) == [1, 1, 4, 2, 1, 1, 0, 0]",
        "assert daily_temperatures([30, 30, 31]) == [2, 1, 0]",
        "assert daily_temperatures([]) == []",
    ], [
        "assert daily_temperatures([50, 50, 50]) == [0, 0, 0]",
        "assert daily_temperatures([3, 2, 1, 4]) == [3, 2, 1, 0]",
        "assert daily_temperatures([1, 5, 5, 2, 6]) == [1, 3, 2, 1, 0]",
    ])

    task("count-product-below", "Count contiguous runs of positive numbers whose product is below k.", '''
def count_product_below(nums, k):
    """Count contiguous subarrays of positive nums whose product is less than k."""
    if k <= 1:
        return 0
    product = 1
    left = 0
    count = 0
    for right, x in enumerate(nums):
        product *= x
        while product >= k:
            product //= nums[left]
            left += 1
        count += right - left + 1
    return count
''', [("    if k <= 1:\n        return 0", None, "missing-case"),
      ("        count += right - left + 1", "        count += right - left", "off-by-one")], [
        "assert count_product_below([10, 5, 2, 6], 100) == 8",
        "assert count_product_below([1, 2, 3], 0) == 0",
        "assert count_product_below([1, 1], 1) == 0",
        "assert count_product_below([2, 5], 10) == 2",
    ], [
        "assert count_product_below([1, 2, 3], 7) == 6",
        "assert count_product_below([4, 4, 4], 5) == 3",
        "assert count_product_below([3, 3], 10) == 3",
        "assert count_product_below([5, 1, 1, 1], 6) == 10",
    ])

    task("kth-largest", "Return the k-th largest value using a min-heap of size k.", '''
import heapq


def kth_largest(values, k):
    """The k-th largest value (k counts from 1), kept with a min-heap of size k."""
    heap = []
    for v in values:
        heapq.heappush(heap, v)
        if len(heap) > k:
            heapq.heappop(heap)
    return heap[0]
''', [("    return heap[0]", "    return heap[-1]", "wrong-index")], [
        "assert kth_largest([3, 2, 1, 5, 6, 4], 2) == 5",
        "assert kth_largest([7], 1) == 7",
        "assert kth_largest([3, 2, 3, 1, 2, 4, 5, 5, 6], 4) == 4",
    ], [
        "assert kth_largest([1, 2, 3], 3) == 1",
        "assert kth_largest([9, 9, 8], 2) == 9",
        "assert kth_largest([-1, -5, -3], 1) == -1",
    ])

    task("min-partition-diff", "Return the smallest difference between the sums of two parts of a list.", '''
def min_partition_diff(nums):
    """Smallest |sum(A) - sum(B)| over splits of nums (non-negative ints) into A and B."""
    total = sum(nums)
    half = total // 2
    can = [False] * (half + 1)
    can[0] = True
    for n in nums:
        for s in range(half, n - 1, -1):
            if can[s - n]:
                can[s] = True
    for s in range(half, -1, -1):
        if can[s]:
            return total - 2 * s
''', [("    half = total // 2", "    half = total / 2", "int-division"),
      ("        for s in range(half, n - 1, -1):", "        for s in range(half, n, -1):", "off-by-one")], [
        "assert min_partition_diff([1, 6, 11, 5]) == 1",
        "assert min_partition_diff([3, 1, 4, 2, 2]) == 0",
        "assert min_partition_diff([7]) == 7",
        "assert min_partition_diff([]) == 0",
    ], [
        "assert min_partition_diff([1, 2, 3, 9]) == 3",
        "assert min_partition_diff([10, 10]) == 0",
        "assert min_partition_diff([2, 2, 3]) == 1",
        "assert min_partition_diff([8, 1, 1]) == 6",
    ])

    task("largest-rectangle", "Return the area of the largest rectangle under a histogram, using a stack.", '''
def largest_rectangle(heights):
    """Area of the largest rectangle under a histogram."""
    stack = []
    best = 0
    for i, h in enumerate(heights + [0]):
        start = i
        while stack and stack[-1][1] >= h:
            start, height = stack.pop()
            best = max(best, height * (i - start))
        stack.append((start, h))
    return best
''', [("    for i, h in enumerate(heights + [0]):", "    for i, h in enumerate(heights):", "missing-case")], [
        "assert largest_rectangle([2, 1, 5, 6, 2, 3]) == 10",
        "assert largest_rectangle([2, 4]) == 4",
        "assert largest_rectangle([]) == 0",
    ], [
        "assert largest_rectangle([1, 1, 1, 1]) == 4",
        "assert largest_rectangle([6, 2, 5, 4, 5, 1, 6]) == 12",
        "assert largest_rectangle([3]) == 3",
    ])

    task("last-stone-weight", "Repeatedly smash the two heaviest stones and return what is left.", '''
import heapq


def last_stone_weight(stones):
    """Smash the two heaviest stones until at most one is left; return its weight or 0."""
    heap = [-s for s in stones]
    heapq.heapify(heap)
    while len(heap) > 1:
        a = -heapq.heappop(heap)
        b = -heapq.heappop(heap)
        if a != b:
            heapq.heappush(heap, -(a - b))
    return -heap[0] if heap else 0
''', [("            heapq.heappush(heap, -(a - b))", "            heapq.heappush(heap, a - b)", "wrong-operator")], [
        "assert last_stone_weight([2, 7, 4, 1, 8, 1]) == 1",
        "assert last_stone_weight([1]) == 1",
        "assert last_stone_weight([3, 3]) == 0",
        "assert last_stone_weight([]) == 0",
    ], [
        "assert last_stone_weight([10, 4]) == 6",
        "assert last_stone_weight([5, 5, 5]) == 5",
        "assert last_stone_weight([9, 3, 2]) == 4",
        "assert last_stone_weight([1, 1, 1, 1]) == 0",
    ])
