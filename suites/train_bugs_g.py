"""Part g of make_train_bugs.py: data structures and algorithms (dicts, stacks, heaps, graphs, trees,
searching and sorting, greedy, dynamic programming, backtracking, small stateful classes)."""


def add(task):
    task("anagram-groups", "Group words that are anagrams of each other, case-insensitively, in first-seen order.", '''
def group_anagrams(words):
    """Group words that are anagrams of each other (ignoring case); groups keep first-seen order."""
    groups = {}
    for word in words:
        key = "".join(sorted(word.lower()))
        groups.setdefault(key, []).append(word)
    return list(groups.values())
''', [('        key = "".join(sorted(word.lower()))', '        key = "".join(word.lower())', "missing-call")], [
        "assert group_anagrams(['eat', 'tea', 'tan', 'ate', 'nat', 'bat']) == [['eat', 'tea', 'ate'], ['tan', 'nat'], ['bat']]",
        "assert group_anagrams([]) == []",
        "assert group_anagrams(['ab', 'BA']) == [['ab', 'BA']]",
        "assert group_anagrams(['abc', 'cab', 'x']) == [['abc', 'cab'], ['x']]",
    ], [
        "assert group_anagrams(['abc']) == [['abc']]",
        "assert group_anagrams(['listen', 'silent', 'google', 'enlist']) == [['listen', 'silent', 'enlist'], ['google']]",
        "assert group_anagrams(['a', 'b', 'a']) == [['a', 'a'], ['b']]",
        "assert group_anagrams(['Dusty', 'study', 'dust']) == [['Dusty', 'study'], ['dust']]",
    ])

    task("nearby-duplicate", "Tell whether two equal values sit at most k positions apart.", '''
def has_nearby_duplicate(values, k):
    """True when two equal values sit at most k positions apart."""
    last_seen = {}
    for i, v in enumerate(values):
        if v in last_seen and i - last_seen[v] <= k:
            return True
        last_seen[v] = i
    return False
''', [("        if v in last_seen and i - last_seen[v] <= k:", "        if v in last_seen and i - last_seen[v] < k:", "comparison")], [
        "assert has_nearby_duplicate([1, 2, 3, 1], 3) is True",
        "assert has_nearby_duplicate([1, 0, 1, 1], 1) is True",
        "assert has_nearby_duplicate([1, 2, 3, 1, 2, 3], 2) is False",
        "assert has_nearby_duplicate([5, 5], 1) is True",
    ], [
        "assert has_nearby_duplicate([1, 2, 3, 4, 1], 4) is True",
        "assert has_nearby_duplicate([7, 1, 7], 1) is False",
        "assert has_nearby_duplicate([7, 1, 7], 2) is True",
        "assert has_nearby_duplicate([1, 2, 1], 0) is False",
    ])

    task("two-sum-indices", "Return the indices of the first pair (scanning left to right) that adds up to a target.", '''
def two_sum_indices(nums, target):
    """Indices (i, j), i < j, of the first pair found scanning left to right that adds up to target, or None."""
    index_of = {}
    for j, x in enumerate(nums):
        need = target - x
        if need in index_of:
            return (index_of[need], j)
        index_of[x] = j
    return None
''', [("        if need in index_of:\n            return (index_of[need], j)\n        index_of[x] = j",
       "        index_of[x] = j\n        if need in index_of:\n            return (index_of[need], j)", "swapped-lines")], [
        "assert two_sum_indices([2, 7, 11, 15], 9) == (0, 1)",
        "assert two_sum_indices([3, 2, 4], 6) == (1, 2)",
        "assert two_sum_indices([1, 2], 5) is None",
        "assert two_sum_indices([3, 3], 6) == (0, 1)",
    ], [
        "assert two_sum_indices([], 1) is None",
        "assert two_sum_indices([5, 1, 5], 10) == (0, 2)",
        "assert two_sum_indices([0, 4, 3, 0], 0) == (0, 3)",
        "assert two_sum_indices([-1, -2, -3, -4, -5], -8) == (2, 4)",
    ])

    task("diff-dict-keys", "Report the keys added, removed and changed between two versions of a dict.", '''
def diff_dicts(old, new):
    """Return sorted lists of the (added, removed, changed) keys between two dicts."""
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    return added, removed, changed
''', [("    removed = sorted(old.keys() - new.keys())", "    removed = sorted(new.keys() - old.keys())", "swapped-operands"),
      ("    changed = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])",
       "    changed = sorted(k for k in old.keys() | new.keys() if old[k] != new[k])", "wrong-operator")], [
        "assert diff_dicts({'a': 1, 'b': 2}, {'b': 3, 'c': 4}) == (['c'], ['a'], ['b'])",
        "assert diff_dicts({}, {}) == ([], [], [])",
        "assert diff_dicts({'x': 1}, {'x': 1}) == ([], [], [])",
        "assert diff_dicts({'a': 1}, {'b': 1}) == (['b'], ['a'], [])",
    ], [
        "assert diff_dicts({'k': 1}, {}) == ([], ['k'], [])",
        "assert diff_dicts({}, {'z': 0, 'a': 0}) == (['a', 'z'], [], [])",
        "assert diff_dicts({'a': 1, 'b': 2, 'c': 3}, {'a': 1, 'b': 5, 'c': 3, 'd': 0}) == (['d'], [], ['b'])",
        "assert diff_dicts({'m': None, 'q': 1}, {'m': 0}) == ([], ['q'], ['m'])",
    ])

    task("remove-adjacent-pairs", "Repeatedly delete pairs of equal adjacent characters, with a stack.", '''
def remove_adjacent_pairs(text):
    """Repeatedly delete pairs of equal adjacent characters: 'abbaca' -> 'ca'."""
    stack = []
    for ch in text:
        if stack and stack[-1] == ch:
            stack.pop()
        else:
            stack.append(ch)
    return "".join(stack)
''', [("        if stack and stack[-1] == ch:", "        if stack[-1] == ch:", "missing-condition")], [
        "assert remove_adjacent_pairs('abbaca') == 'ca'",
        "assert remove_adjacent_pairs('') == ''",
        "assert remove_adjacent_pairs('aa') == ''",
        "assert remove_adjacent_pairs('abccba') == ''",
    ], [
        "assert remove_adjacent_pairs('azxxzy') == 'ay'",
        "assert remove_adjacent_pairs('abc') == 'abc'",
        "assert remove_adjacent_pairs('aaa') == 'a'",
        "assert remove_adjacent_pairs('abba') == ''",
    ])

    task("min-remove-parens", "Delete the fewest parentheses that make a string balanced.", '''
def min_remove_to_valid(s):
    """Delete the fewest parentheses so that s is balanced; other characters are kept."""
    chars = list(s)
    open_at = []
    for i, ch in enumerate(chars):
        if ch == "(":
            open_at.append(i)
        elif ch == ")":
            if open_at:
                open_at.pop()
            else:
                chars[i] = ""
    for i in open_at:
        chars[i] = ""
    return "".join(chars)
''', [("                open_at.pop()", "                open_at.pop(0)", "wrong-argument"),
      ('    for i in open_at:\n        chars[i] = ""', None, "missing-line")], [
        "assert min_remove_to_valid('lee(t(c)o)de)') == 'lee(t(c)o)de'",
        "assert min_remove_to_valid('))((') == ''",
        "assert min_remove_to_valid('a)b(c)d') == 'ab(c)d'",
        "assert min_remove_to_valid('(a(b)') == 'a(b)'",
        "assert min_remove_to_valid(')(') == ''",
    ], [
        "assert min_remove_to_valid('') == ''",
        "assert min_remove_to_valid('abc') == 'abc'",
        "assert min_remove_to_valid('((x)') == '(x)'",
        "assert min_remove_to_valid('())()(') == '()()'",
        "assert min_remove_to_valid('(()(') == '()'",
    ])

    task("hit-counter", "A counter of hits within a sliding time window, backed by a deque.", '''
from collections import deque


class HitCounter:
    """Counts hits in the last `window` seconds."""

    def __init__(self, window=300):
        self.window = window
        self.hits = deque()

    def hit(self, t):
        """Record a hit at time t (times never decrease)."""
        self.hits.append(t)

    def count(self, t):
        """Number of hits in (t - window, t]."""
        while self.hits and self.hits[0] <= t - self.window:
            self.hits.popleft()
        return len(self.hits)
''', [("        while self.hits and self.hits[0] <= t - self.window:",
       "        while self.hits and self.hits[0] < t - self.window:", "comparison")], [
        "h = HitCounter(10)\nfor t in (1, 2, 3):\n    h.hit(t)\nassert h.count(4) == 3\nassert h.count(11) == 2",
        "h = HitCounter(10)\nassert h.count(5) == 0",
        "h = HitCounter(5)\nh.hit(1)\nh.hit(1)\nassert h.count(6) == 0",
        "h = HitCounter(2)\nh.hit(3)\nassert h.count(4) == 1\nassert h.count(5) == 0",
    ], [
        "h = HitCounter()\nh.hit(1)\nh.hit(300)\nassert h.count(300) == 2\nassert h.count(301) == 1\nassert h.count(600) == 0",
        "h = HitCounter(3)\nfor t in (1, 2, 3, 4, 5):\n    h.hit(t)\nassert h.count(5) == 3",
        "h = HitCounter(1)\nh.hit(7)\nassert h.count(7) == 1\nassert h.count(8) == 0",
        "h = HitCounter(10)\nh.hit(0)\nh.hit(9)\nassert h.count(9) == 2\nh.hit(10)\nassert h.count(10) == 2",
    ])

    task("josephus-order", "The order in which people in a circle are removed when every k-th one leaves.", '''
from collections import deque


def josephus_order(n, k):
    """People 1..n stand in a circle; counting on, every k-th is removed. Return the removal order."""
    circle = deque(range(1, n + 1))
    order = []
    while circle:
        circle.rotate(-(k - 1))
        order.append(circle.popleft())
    return order
''', [("        circle.rotate(-(k - 1))", "        circle.rotate(-k)", "off-by-one")], [
        "assert josephus_order(7, 3) == [3, 6, 2, 7, 5, 1, 4]",
        "assert josephus_order(1, 5) == [1]",
        "assert josephus_order(4, 1) == [1, 2, 3, 4]",
        "assert josephus_order(2, 2) == [2, 1]",
    ], [
        "assert josephus_order(5, 2) == [2, 4, 1, 5, 3]",
        "assert josephus_order(0, 3) == []",
        "assert josephus_order(3, 3) == [3, 1, 2]",
        "assert josephus_order(6, 4) == [4, 2, 1, 3, 6, 5]",
    ])

    task("connect-ropes-cost", "Minimum total cost of joining ropes into one, with a heap.", '''
import heapq


def connect_ropes_cost(lengths):
    """Minimum total cost to join all ropes into one; joining two ropes costs their combined length."""
    heap = list(lengths)
    heapq.heapify(heap)
    total = 0
    while len(heap) > 1:
        a = heapq.heappop(heap)
        b = heapq.heappop(heap)
        total += a + b
        heapq.heappush(heap, a + b)
    return total
''', [("    heapq.heapify(heap)", None, "missing-call")], [
        "assert connect_ropes_cost([4, 3, 2, 6]) == 29",
        "assert connect_ropes_cost([5]) == 0",
        "assert connect_ropes_cost([]) == 0",
        "assert connect_ropes_cost([1, 2, 3]) == 9",
        "assert connect_ropes_cost([2, 2, 3]) == 11",
    ], [
        "assert connect_ropes_cost([8, 4, 6, 12]) == 58",
        "assert connect_ropes_cost([1, 1, 1, 1]) == 8",
        "assert connect_ropes_cost([10, 1]) == 11",
        "assert connect_ropes_cost([7, 3, 5, 1]) == 29",
        "assert connect_ropes_cost([20, 4, 8, 2]) == 54",
    ])

    task("running-medians", "The median after each arriving value, kept with a max-heap and a min-heap.", '''
import heapq


def running_medians(values):
    """The median after each value arrives (the mean of the middle two for an even count)."""
    low, high = [], []  # low is a max-heap (negated values), high a min-heap
    medians = []
    for v in values:
        if low and v > -low[0]:
            heapq.heappush(high, v)
        else:
            heapq.heappush(low, -v)
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        if len(low) > len(high):
            medians.append(-low[0])
        else:
            medians.append((-low[0] + high[0]) / 2)
    return medians
''', [("            heapq.heappush(low, -v)", "            heapq.heappush(low, v)", "wrong-sign"),
      ("        if len(low) > len(high) + 1:", "        if len(low) > len(high):", "off-by-one")], [
        "assert running_medians([5, 15, 1, 3]) == [5, 10.0, 5, 4.0]",
        "assert running_medians([]) == []",
        "assert running_medians([2]) == [2]",
        "assert running_medians([4, 2]) == [4, 3.0]",
    ], [
        "assert running_medians([1, 2, 3, 4, 5]) == [1, 1.5, 2, 2.5, 3]",
        "assert running_medians([5, 4, 3, 2, 1]) == [5, 4.5, 4, 3.5, 3]",
        "assert running_medians([7, 7, 7]) == [7, 7.0, 7]",
        "assert running_medians([-1, -3, 10]) == [-1, -2.0, -1]",
    ])

    task("task-priority-queue", "A priority queue of named tasks: lowest number first, first-in first-out among equals.", '''
import heapq
import itertools


class TaskQueue:
    """A priority queue of named tasks: lowest priority number first, FIFO among equal priorities."""

    def __init__(self):
        self._heap = []
        self._counter = itertools.count()

    def push(self, name, priority):
        heapq.heappush(self._heap, (priority, next(self._counter), name))

    def pop(self):
        """Remove and return the name of the next task."""
        if not self._heap:
            raise IndexError("pop from an empty TaskQueue")
        _, _, name = heapq.heappop(self._heap)
        return name

    def __len__(self):
        return len(self._heap)
''', [("        heapq.heappush(self._heap, (priority, next(self._counter), name))",
       "        heapq.heappush(self._heap, (next(self._counter), priority, name))", "wrong-order")], [
        "q = TaskQueue()\nq.push('write', 2)\nq.push('urgent', 0)\nq.push('read', 2)\nassert [q.pop() for _ in range(3)] == ['urgent', 'write', 'read']",
        "q = TaskQueue()\ntry:\n    q.pop()\n    assert False\nexcept IndexError:\n    pass",
        "q = TaskQueue()\nq.push('a', 5)\nq.push('b', 1)\nassert len(q) == 2\nassert q.pop() == 'b'\nassert len(q) == 1",
        "q = TaskQueue()\nq.push('late', 1)\nq.push('early', 1)\nassert q.pop() == 'late'",
    ], [
        "q = TaskQueue()\nq.push('zeta', 1)\nq.push('alpha', 1)\nq.push('mid', 1)\nassert [q.pop() for _ in range(3)] == ['zeta', 'alpha', 'mid']",
        "q = TaskQueue()\nq.push('x', 3)\nq.push('y', -2)\nq.push('z', 0)\nassert [q.pop() for _ in range(3)] == ['y', 'z', 'x']",
        "q = TaskQueue()\nq.push('a', 2)\nq.push('b', 9)\nassert q.pop() == 'a'\nq.push('c', 1)\nassert q.pop() == 'c'\nassert q.pop() == 'b'\nassert len(q) == 0",
        "q = TaskQueue()\nq.push('only', 0)\nassert q.pop() == 'only'\ntry:\n    q.pop()\n    assert False\nexcept IndexError:\n    pass",
    ])

    task("time-map", "A versioned key-value store: look up the value a key had at a given time.", '''
import bisect


class TimeMap:
    """A key-value store that keeps every version; get(key, t) returns the value set at or before t."""

    def __init__(self):
        self._times = {}
        self._values = {}

    def set(self, key, value, t):
        """Record value for key at time t (times for one key arrive in increasing order)."""
        self._times.setdefault(key, []).append(t)
        self._values.setdefault(key, []).append(value)

    def get(self, key, t):
        times = self._times.get(key, [])
        i = bisect.bisect_right(times, t)
        if i == 0:
            return None
        return self._values[key][i - 1]
''', [("        i = bisect.bisect_right(times, t)", "        i = bisect.bisect_left(times, t)", "wrong-call"),
      ("        return self._values[key][i - 1]", "        return self._values[key][i]", "off-by-one")], [
        "m = TimeMap()\nm.set('a', 'x', 1)\nm.set('a', 'y', 5)\nassert m.get('a', 1) == 'x'\nassert m.get('a', 4) == 'x'\nassert m.get('a', 5) == 'y'",
        "m = TimeMap()\nm.set('a', 'x', 3)\nassert m.get('a', 2) is None",
        "m = TimeMap()\nm.set('a', 'x', 3)\nassert m.get('b', 3) is None",
        "m = TimeMap()\nm.set('a', 1, 2)\nm.set('a', 2, 2)\nassert m.get('a', 2) == 2",
    ], [
        "m = TimeMap()\nm.set('k', 1, 10)\nm.set('k', 2, 20)\nm.set('k', 3, 30)\nassert [m.get('k', t) for t in (9, 10, 19, 20, 30, 99)] == [None, 1, 1, 2, 3, 3]",
        "m = TimeMap()\nm.set('p', 'a', 0)\nm.set('q', 'b', 5)\nassert m.get('p', 0) == 'a'\nassert m.get('q', 4) is None\nassert m.get('q', 5) == 'b'",
        "m = TimeMap()\nassert m.get('none', 100) is None",
        "m = TimeMap()\nm.set('s', 'v1', 2)\nm.set('s', 'v2', 4)\nassert m.get('s', 3) == 'v1'\nassert m.get('s', 1) is None",
    ])

    task("multiset-bag", "A multiset class that adds, removes and counts items.", '''
class Bag:
    """A multiset: add and remove items one copy at a time, and count them."""

    def __init__(self):
        self._counts = {}

    def add(self, item):
        self._counts[item] = self._counts.get(item, 0) + 1

    def remove(self, item):
        """Remove one copy of item; raise KeyError when there is none."""
        if item not in self._counts:
            raise KeyError(item)
        self._counts[item] -= 1
        if self._counts[item] == 0:
            del self._counts[item]

    def count(self, item):
        return self._counts.get(item, 0)

    def distinct(self):
        return len(self._counts)

    def __len__(self):
        return sum(self._counts.values())
''', [("        if self._counts[item] == 0:\n            del self._counts[item]", None, "missing-line")], [
        "b = Bag()\nb.add('a')\nb.add('a')\nb.add('b')\nb.remove('a')\nassert b.count('a') == 1\nassert len(b) == 2",
        "b = Bag()\nb.add('a')\nb.add('b')\nb.remove('a')\nassert b.distinct() == 1",
        "b = Bag()\nb.add('x')\nb.remove('x')\ntry:\n    b.remove('x')\n    assert False\nexcept KeyError:\n    pass",
        "b = Bag()\nassert len(b) == 0 and b.count('z') == 0",
    ], [
        "b = Bag()\nfor ch in 'banana':\n    b.add(ch)\nassert (b.count('a'), b.count('n'), b.distinct(), len(b)) == (3, 2, 3, 6)",
        "b = Bag()\nfor ch in 'aab':\n    b.add(ch)\nb.remove('b')\nassert b.distinct() == 1\nassert b.count('b') == 0",
        "b = Bag()\ntry:\n    b.remove('q')\n    assert False\nexcept KeyError:\n    pass",
        "b = Bag()\nb.add(1)\nb.remove(1)\nb.add(2)\nassert b.distinct() == 1\nassert len(b) == 1\ntry:\n    b.remove(1)\n    assert False\nexcept KeyError:\n    pass",
    ])

    task("trie-prefix-count", "A prefix tree of words that counts the stored words starting with a prefix.", '''
class Trie:
    """A prefix tree of words that can count the words starting with a prefix."""

    def __init__(self):
        self.root = {}

    def insert(self, word):
        node = self.root
        for ch in word:
            node = node.setdefault(ch, {})
        node["$"] = True

    def count_prefix(self, prefix):
        """How many distinct inserted words start with prefix."""
        node = self.root
        for ch in prefix:
            if ch not in node:
                return 0
            node = node[ch]
        return self._count(node)

    def _count(self, node):
        total = 1 if "$" in node else 0
        for key, child in node.items():
            if key != "$":
                total += self._count(child)
        return total
''', [("            node = node.setdefault(ch, {})", "            node = node.get(ch, {})", "wrong-call"),
      ('        total = 1 if "$" in node else 0', "        total = 0", "initial-value")], [
        "t = Trie()\nfor w in ('car', 'cart', 'cat', 'dog'):\n    t.insert(w)\nassert t.count_prefix('ca') == 3\nassert t.count_prefix('car') == 2",
        "t = Trie()\nfor w in ('car', 'cart', 'cat', 'dog'):\n    t.insert(w)\nassert t.count_prefix('') == 4\nassert t.count_prefix('x') == 0",
        "t = Trie()\nt.insert('go')\nassert t.count_prefix('go') == 1",
        "t = Trie()\nt.insert('abc')\nassert t.count_prefix('ab') == 1\nassert t.count_prefix('abcd') == 0",
    ], [
        "t = Trie()\nt.insert('ab')\nt.insert('ab')\nassert t.count_prefix('a') == 1",
        "t = Trie()\nfor w in ('dog', 'do', 'dot'):\n    t.insert(w)\nassert t.count_prefix('dog') == 1\nassert t.count_prefix('do') == 3\nassert t.count_prefix('dogs') == 0",
        "t = Trie()\nassert t.count_prefix('') == 0\nassert t.count_prefix('a') == 0",
        "t = Trie()\nt.insert('')\nt.insert('z')\nassert t.count_prefix('') == 2",
    ])

    task("bfs-shortest-path", "The fewest-edges path between two nodes of a graph, by breadth-first search.", '''
from collections import deque


def shortest_path(graph, start, goal):
    """Fewest-edges path from start to goal in an adjacency dict, as a list of nodes; None if unreachable."""
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for nxt in graph.get(node, []):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None
''', [("            return path[::-1]", "            return path", "wrong-expression")], [
        "g = {'a': ['b', 'c'], 'b': ['d'], 'c': ['e'], 'e': ['d']}\nassert shortest_path(g, 'a', 'd') == ['a', 'b', 'd']",
        "g = {'a': ['b', 'c'], 'b': ['d'], 'c': ['e'], 'e': ['d']}\nassert shortest_path(g, 'a', 'a') == ['a']",
        "g = {'a': ['b', 'c'], 'b': ['d'], 'c': ['e'], 'e': ['d']}\nassert shortest_path(g, 'd', 'a') is None",
        "g = {'s': ['t']}\nassert shortest_path(g, 's', 't') == ['s', 't']",
    ], [
        "g = {'a': ['b', 'c'], 'b': ['d'], 'c': ['e'], 'e': ['d']}\nassert shortest_path(g, 'a', 'e') == ['a', 'c', 'e']",
        "g = {1: [2], 2: [3], 3: [1, 4], 4: []}\nassert shortest_path(g, 2, 4) == [2, 3, 4]\nassert shortest_path(g, 3, 2) == [3, 1, 2]",
        "assert shortest_path({}, 'x', 'x') == ['x']\nassert shortest_path({}, 'x', 'y') is None",
        "g = {0: [1, 2], 1: [3], 2: [3], 3: [4]}\nassert shortest_path(g, 0, 4) == [0, 1, 3, 4]",
    ])

    task("build-levels", "Group build targets into levels whose dependencies all sit in earlier levels.", '''
def build_levels(deps):
    """Group targets into build levels: each target's dependencies are all in earlier levels.

    deps maps a target to the targets it needs; each level is sorted; raise ValueError on a cycle.
    """
    nodes = set(deps)
    for needs in deps.values():
        nodes.update(needs)
    remaining = {n: set(deps.get(n, ())) for n in nodes}
    levels = []
    while remaining:
        ready = sorted(n for n, needs in remaining.items() if not needs)
        if not ready:
            raise ValueError("dependency cycle")
        levels.append(ready)
        for n in ready:
            del remaining[n]
        for needs in remaining.values():
            needs.difference_update(ready)
    return levels
''', [("    for needs in deps.values():\n        nodes.update(needs)", None, "missing-line"),
      ("        levels.append(ready)", "        levels.extend(ready)", "wrong-call")], [
        "assert build_levels({'app': ['lib', 'util'], 'lib': ['util']}) == [['util'], ['lib'], ['app']]",
        "assert build_levels({}) == []",
        "assert build_levels({'a': [], 'b': []}) == [['a', 'b']]",
        "try:\n    build_levels({'a': ['b'], 'b': ['a']})\n    assert False\nexcept ValueError:\n    pass",
        "assert build_levels({'b': ['a']}) == [['a'], ['b']]",
    ], [
        "assert build_levels({'x': ['y'], 'z': ['y']}) == [['y'], ['x', 'z']]",
        "assert build_levels({'d': ['b', 'c'], 'b': ['a'], 'c': ['a']}) == [['a'], ['b', 'c'], ['d']]",
        "assert build_levels({'t': []}) == [['t']]",
        "try:\n    build_levels({'a': ['b'], 'b': ['c'], 'c': ['b'], 'd': []})\n    assert False\nexcept ValueError:\n    pass",
        "assert build_levels({'m': ['k'], 'n': []}) == [['k', 'n'], ['m']]",
    ])

    task("count-dag-paths", "Count the distinct paths between two nodes of a directed acyclic graph, memoised.", '''
from functools import lru_cache


def count_paths(graph, source, target):
    """Number of distinct paths from source to target in a directed acyclic graph (adjacency dict)."""
    @lru_cache(maxsize=None)
    def ways(node):
        if node == target:
            return 1
        return sum(ways(nxt) for nxt in graph.get(node, ()))
    return ways(source)
''', [("            return 1", "            return 0", "base-case")], [
        "g = {'a': ['b', 'c'], 'b': ['d'], 'c': ['d'], 'd': []}\nassert count_paths(g, 'a', 'd') == 2",
        "g = {'a': ['b', 'c'], 'b': ['d'], 'c': ['d'], 'd': []}\nassert count_paths(g, 'd', 'a') == 0",
        "assert count_paths({}, 'a', 'a') == 1",
        "assert count_paths({'a': ['b'], 'b': ['c']}, 'a', 'c') == 1",
    ], [
        "g = {(r, c): [(r + 1, c), (r, c + 1)] for r in range(3) for c in range(3)}\nassert count_paths(g, (0, 0), (2, 2)) == 6",
        "g = {1: [2, 3, 4], 2: [4], 3: [4], 4: [5], 5: []}\nassert count_paths(g, 1, 5) == 3\nassert count_paths(g, 2, 5) == 1",
        "g = {'s': ['t', 't']}\nassert count_paths(g, 's', 't') == 2",
        "assert count_paths({'x': ['y']}, 'y', 'x') == 0",
    ])

    task("tree-level-sums", "The sum of the values on each level of a binary tree, breadth first.", '''
from collections import deque


def level_sums(root):
    """Sum of the values on each level of a binary tree of (value, left, right) tuples (None = empty)."""
    if root is None:
        return []
    sums = []
    queue = deque([root])
    while queue:
        total = 0
        for _ in range(len(queue)):
            value, left, right = queue.popleft()
            total += value
            for child in (left, right):
                if child is not None:
                    queue.append(child)
        sums.append(total)
    return sums
''', [("    if root is None:\n        return []", None, "missing-case"),
      ("        for _ in range(len(queue)):", "        while queue:", "wrong-loop")], [
        "t = (1, (2, (4, None, None), None), (3, None, (5, None, None)))\nassert level_sums(t) == [1, 5, 9]",
        "assert level_sums(None) == []",
        "assert level_sums((7, None, None)) == [7]",
        "assert level_sums((1, (2, None, None), (3, None, None))) == [1, 5]",
    ], [
        "t = (1, (2, (3, (4, None, None), None), None), None)\nassert level_sums(t) == [1, 2, 3, 4]",
        "t = (0, (-1, None, None), (1, (5, None, None), (6, None, None)))\nassert level_sums(t) == [0, 0, 11]",
        "t = (10, (20, None, None), None)\nassert level_sums(t) == [10, 20]",
        "assert level_sums((2, (3, None, None), (4, None, None))) == [2, 7]",
    ])

    task("bst-kth-smallest", "The k-th smallest value of a binary search tree, by iterative in-order traversal.", '''
def kth_smallest(root, k):
    """The k-th smallest value (1-based) in a BST of (value, left, right) tuples; None if k is too big."""
    stack = []
    node = root
    while stack or node is not None:
        while node is not None:
            stack.append(node)
            node = node[1]
        node = stack.pop()
        k -= 1
        if k == 0:
            return node[0]
        node = node[2]
    return None
''', [("            node = node[1]", "            node = node[2]", "wrong-index")], [
        "t = (5, (3, (2, None, None), (4, None, None)), (8, None, (9, None, None)))\nassert kth_smallest(t, 1) == 2",
        "t = (5, (3, (2, None, None), (4, None, None)), (8, None, (9, None, None)))\nassert kth_smallest(t, 3) == 4",
        "t = (5, (3, (2, None, None), (4, None, None)), (8, None, (9, None, None)))\nassert kth_smallest(t, 7) is None",
        "t = (2, (1, None, None), (3, None, None))\nassert kth_smallest(t, 2) == 2",
    ], [
        "t = (5, (3, (2, None, None), (4, None, None)), (8, None, (9, None, None)))\nassert [kth_smallest(t, k) for k in (2, 4, 5, 6)] == [3, 5, 8, 9]",
        "assert kth_smallest((1, None, None), 1) == 1",
        "assert kth_smallest(None, 1) is None",
        "t = (10, (6, (1, None, None), None), (12, (11, None, None), None))\nassert [kth_smallest(t, k) for k in range(1, 6)] == [1, 6, 10, 11, 12]",
    ])

    task("lca-parent-map", "The lowest common ancestor of two nodes of a tree given as a child-to-parent dict.", '''
def lowest_common_ancestor(parent, a, b):
    """Lowest common ancestor of a and b (in the same tree) given a child -> parent dict; the root has no entry."""
    ancestors = set()
    node = a
    while node is not None:
        ancestors.add(node)
        node = parent.get(node)
    node = b
    while node not in ancestors:
        node = parent.get(node)
    return node
''', [("    node = b", "    node = a", "wrong-variable")], [
        "p = {'b': 'a', 'c': 'a', 'd': 'b', 'e': 'b', 'f': 'c'}\nassert lowest_common_ancestor(p, 'd', 'e') == 'b'",
        "p = {'b': 'a', 'c': 'a', 'd': 'b', 'e': 'b', 'f': 'c'}\nassert lowest_common_ancestor(p, 'd', 'f') == 'a'",
        "p = {'b': 'a', 'c': 'a', 'd': 'b', 'e': 'b', 'f': 'c'}\nassert lowest_common_ancestor(p, 'a', 'f') == 'a'",
        "p = {'b': 'a', 'c': 'b'}\nassert lowest_common_ancestor(p, 'c', 'a') == 'a'",
    ], [
        "p = {'b': 'a', 'c': 'a', 'd': 'b', 'e': 'b', 'f': 'c'}\nassert lowest_common_ancestor(p, 'f', 'f') == 'f'",
        "p = {'b': 'a', 'c': 'a', 'd': 'b', 'e': 'b', 'f': 'c'}\nassert lowest_common_ancestor(p, 'e', 'c') == 'a'",
        "p = {'b': 'a', 'c': 'a', 'd': 'b', 'e': 'b', 'f': 'c'}\nassert lowest_common_ancestor(p, 'b', 'd') == 'b'",
        "p = {2: 1, 3: 2, 4: 3, 5: 2}\nassert lowest_common_ancestor(p, 4, 5) == 2\nassert lowest_common_ancestor(p, 1, 1) == 1",
    ])

    task("subtree-sizes", "The size of every node's subtree, from a parent-index list.", '''
def subtree_sizes(parents):
    """Size of every node's subtree; parents[i] is node i's parent, -1 for the root."""
    if not parents:
        return []
    children = [[] for _ in parents]
    root = None
    for child, p in enumerate(parents):
        if p == -1:
            root = child
        else:
            children[p].append(child)
    sizes = [1] * len(parents)
    order = [root]
    for node in order:
        order.extend(children[node])
    for node in reversed(order):
        for c in children[node]:
            sizes[node] += sizes[c]
    return sizes
''', [("    sizes = [1] * len(parents)", "    sizes = [0] * len(parents)", "initial-value"),
      ("    for node in reversed(order):", "    for node in order:", "missing-call")], [
        "assert subtree_sizes([-1, 0, 0, 1, 1]) == [5, 3, 1, 1, 1]",
        "assert subtree_sizes([-1]) == [1]",
        "assert subtree_sizes([]) == []",
        "assert subtree_sizes([1, -1, 1]) == [1, 3, 1]",
    ], [
        "assert subtree_sizes([-1, 0, 1, 2]) == [4, 3, 2, 1]",
        "assert subtree_sizes([2, 2, -1]) == [1, 1, 3]",
        "assert subtree_sizes([3, 0, 0, -1, 3]) == [3, 1, 1, 5, 1]",
        "assert subtree_sizes([-1, 0, 0, 0]) == [4, 1, 1, 1]",
    ])

    task("first-last-position", "The first and last index of a target in a sorted list, by two binary searches.", '''
def first_last_position(sorted_values, target):
    """(first, last) index of target in a sorted list, or (-1, -1) when it is absent."""
    def edge(leftmost):
        lo, hi = 0, len(sorted_values) - 1
        found = -1
        while lo <= hi:
            mid = (lo + hi) // 2
            if sorted_values[mid] < target:
                lo = mid + 1
            elif sorted_values[mid] > target:
                hi = mid - 1
            else:
                found = mid
                if leftmost:
                    hi = mid - 1
                else:
                    lo = mid + 1
        return found
    return edge(True), edge(False)
''', [("        while lo <= hi:", "        while lo < hi:", "off-by-one")], [
        "assert first_last_position([5, 7, 7, 8, 8, 10], 8) == (3, 4)",
        "assert first_last_position([5, 7, 7, 8, 8, 10], 6) == (-1, -1)",
        "assert first_last_position([], 0) == (-1, -1)",
        "assert first_last_position([2], 2) == (0, 0)",
        "assert first_last_position([1, 3, 3, 5], 3) == (1, 2)",
    ], [
        "assert first_last_position([3, 3, 3, 3], 3) == (0, 3)",
        "assert first_last_position([1, 2, 3], 3) == (2, 2)",
        "assert first_last_position([1, 1, 2], 1) == (0, 1)",
        "assert first_last_position([1, 2, 4, 4, 4, 9], 4) == (2, 4)",
        "assert first_last_position([1, 2, 3], 0) == (-1, -1)",
    ])

    task("ship-capacity", "The smallest ship capacity that delivers ordered packages within a number of days.", '''
def min_ship_capacity(weights, days):
    """Smallest capacity that ships the packages, in their order, within `days` days."""
    def days_needed(capacity):
        used, load = 1, 0
        for w in weights:
            if load + w > capacity:
                used += 1
                load = 0
            load += w
        return used

    lo, hi = max(weights), sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
''', [("    lo, hi = max(weights), sum(weights)", "    lo, hi = min(weights), sum(weights)", "wrong-call")], [
        "assert min_ship_capacity([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5) == 15",
        "assert min_ship_capacity([3, 2, 2, 4, 1, 4], 3) == 6",
        "assert min_ship_capacity([1, 10], 5) == 10",
        "assert min_ship_capacity([1, 1, 9], 3) == 9",
    ], [
        "assert min_ship_capacity([5, 5, 5], 1) == 15",
        "assert min_ship_capacity([2, 8, 3], 3) == 8",
        "assert min_ship_capacity([2, 9, 4], 2) == 11",
        "assert min_ship_capacity([1, 2, 3, 1, 1], 4) == 3",
    ])

    task("rank-players", "Rank players by score, ties sharing a rank and listed by name.", '''
def rank_players(scores):
    """(rank, name, score) rows, highest score first; ties share a rank (1, 1, 3) and are listed by name."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    rows = []
    for i, (name, score) in enumerate(ordered):
        if i > 0 and score == rows[-1][2]:
            rank = rows[-1][0]
        else:
            rank = i + 1
        rows.append((rank, name, score))
    return rows
''', [("    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))",
       "    ordered = sorted(scores.items(), key=lambda item: (item[1], item[0]), reverse=True)", "sort-key"),
      ("            rank = i + 1", "            rank = rows[-1][0] + 1 if rows else 1", "wrong-expression")], [
        "assert rank_players({'ann': 10, 'bob': 7, 'cy': 10, 'dee': 5}) == [(1, 'ann', 10), (1, 'cy', 10), (3, 'bob', 7), (4, 'dee', 5)]",
        "assert rank_players({}) == []",
        "assert rank_players({'x': 1}) == [(1, 'x', 1)]",
        "assert rank_players({'a': 1, 'b': 2}) == [(1, 'b', 2), (2, 'a', 1)]",
    ], [
        "assert rank_players({'b': 3, 'a': 3, 'c': 3}) == [(1, 'a', 3), (1, 'b', 3), (1, 'c', 3)]",
        "assert rank_players({'p': -1, 'q': 0}) == [(1, 'q', 0), (2, 'p', -1)]",
        "assert rank_players({'z': 9, 'y': 9, 'w': 8, 'v': 8, 'u': 1}) == [(1, 'y', 9), (1, 'z', 9), (3, 'v', 8), (3, 'w', 8), (5, 'u', 1)]",
        "assert rank_players({'m': 2, 'n': 4, 'o': 3}) == [(1, 'n', 4), (2, 'o', 3), (3, 'm', 2)]",
    ])

    task("count-inversions", "Count the out-of-order pairs of a list with a merge sort.", '''
def count_inversions(values):
    """Number of pairs i < j with values[i] > values[j], counted by merge sort in O(n log n)."""
    def sort(items):
        if len(items) <= 1:
            return items, 0
        mid = len(items) // 2
        left, a = sort(items[:mid])
        right, b = sort(items[mid:])
        merged, count = [], a + b
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                j += 1
                count += len(left) - i
        merged.extend(left[i:])
        merged.extend(right[j:])
        return merged, count
    return sort(list(values))[1]
''', [("            if left[i] <= right[j]:", "            if left[i] < right[j]:", "comparison"),
      ("        merged.extend(right[j:])", None, "missing-line")], [
        "assert count_inversions([2, 4, 1, 3, 5]) == 3",
        "assert count_inversions([]) == 0",
        "assert count_inversions([1, 1, 1]) == 0",
        "assert count_inversions([5, 4, 3, 2, 1]) == 10",
        "assert count_inversions([2, 1]) == 1",
    ], [
        "assert count_inversions([1, 2, 3]) == 0",
        "assert count_inversions([3, 1, 2]) == 2",
        "assert count_inversions([2, 2, 1]) == 2",
        "assert count_inversions([1, 3, 2, 3, 1]) == 4",
        "assert count_inversions([4, 1, 3, 1]) == 4",
    ])

    task("sort-colors", "Sort a list of 0s, 1s and 2s in place in one pass (Dutch national flag).", '''
def sort_colors(colors):
    """Sort a list of 0s, 1s and 2s in place in one pass (Dutch national flag) and return it."""
    low, mid, high = 0, 0, len(colors) - 1
    while mid <= high:
        if colors[mid] == 0:
            colors[low], colors[mid] = colors[mid], colors[low]
            low += 1
            mid += 1
        elif colors[mid] == 1:
            mid += 1
        else:
            colors[mid], colors[high] = colors[high], colors[mid]
            high -= 1
    return colors
''', [("        else:\n            colors[mid], colors[high] = colors[high], colors[mid]\n            high -= 1",
       "        else:\n            colors[mid], colors[high] = colors[high], colors[mid]\n            high -= 1\n            mid += 1", "extra-line")], [
        "assert sort_colors([2, 0, 2, 1, 1, 0]) == [0, 0, 1, 1, 2, 2]",
        "assert sort_colors([]) == []",
        "assert sort_colors([2, 1, 2]) == [1, 2, 2]",
        "assert sort_colors([1, 0]) == [0, 1]",
    ], [
        "assert sort_colors([2, 2, 1, 0]) == [0, 1, 2, 2]",
        "assert sort_colors([1, 2, 1, 2]) == [1, 1, 2, 2]",
        "assert sort_colors([0, 1, 2, 0]) == [0, 0, 1, 2]",
        "assert sort_colors([1, 2, 0, 2, 1, 0, 2]) == [0, 0, 1, 1, 2, 2, 2]",
    ])

    task("radix-sort", "Sort non-negative integers with a base-10 least-significant-digit radix sort.", '''
def radix_sort(values):
    """Sort non-negative integers with an LSD radix sort (base 10); return a new list."""
    result = list(values)
    if not result:
        return result
    exp = 1
    while max(result) // exp > 0:
        buckets = [[] for _ in range(10)]
        for v in result:
            buckets[(v // exp) % 10].append(v)
        result = [v for bucket in buckets for v in bucket]
        exp *= 10
    return result
''', [("    while max(result) // exp > 0:", "    while max(result) > exp:", "comparison")], [
        "assert radix_sort([170, 45, 75, 90, 802, 24, 2, 66]) == [2, 24, 45, 66, 75, 90, 170, 802]",
        "assert radix_sort([]) == []",
        "assert radix_sort([5, 3, 5]) == [3, 5, 5]",
        "assert radix_sort([10, 9]) == [9, 10]",
    ], [
        "assert radix_sort([100, 5, 42]) == [5, 42, 100]",
        "assert radix_sort([1000, 1, 100, 10]) == [1, 10, 100, 1000]",
        "assert radix_sort([1, 0, 1]) == [0, 1, 1]",
        "assert radix_sort([321, 123, 213, 132]) == [123, 132, 213, 321]",
    ])

    task("max-non-overlapping", "The most pairwise non-overlapping intervals, chosen greedily by end.", '''
def max_non_overlapping(intervals):
    """Largest number of pairwise non-overlapping (start, end) intervals; touching ends do not overlap."""
    count = 0
    last_end = float("-inf")
    for start, end in sorted(intervals, key=lambda iv: iv[1]):
        if start >= last_end:
            count += 1
            last_end = end
    return count
''', [("    for start, end in sorted(intervals, key=lambda iv: iv[1]):",
       "    for start, end in sorted(intervals, key=lambda iv: iv[0]):", "sort-key"),
      ("        if start >= last_end:", "        if start > last_end:", "comparison")], [
        "assert max_non_overlapping([(1, 2), (2, 3), (3, 4), (1, 3)]) == 3",
        "assert max_non_overlapping([(1, 10), (2, 3), (4, 5)]) == 2",
        "assert max_non_overlapping([]) == 0",
        "assert max_non_overlapping([(1, 2), (1, 2), (1, 2)]) == 1",
    ], [
        "assert max_non_overlapping([(0, 5), (5, 10), (10, 15)]) == 3",
        "assert max_non_overlapping([(-3, -1), (-2, 0), (0, 1)]) == 2",
        "assert max_non_overlapping([(1, 4), (2, 3), (3, 5), (6, 7)]) == 3",
        "assert max_non_overlapping([(0, 100), (1, 2), (3, 4), (5, 6)]) == 3",
    ])

    task("can-reach-end", "Tell whether greedy jumps, each at most jumps[i] long, get from the first square to the last.", '''
def can_reach_end(jumps):
    """jumps[i] is the longest jump from square i; can we get from square 0 to the last square?"""
    reach = 0
    for i, step in enumerate(jumps):
        if i > reach:
            return False
        reach = max(reach, i + step)
    return True
''', [("        reach = max(reach, i + step)", "        reach = max(reach, step)", "missing-term")], [
        "assert can_reach_end([2, 3, 1, 1, 4]) is True",
        "assert can_reach_end([3, 2, 1, 0, 4]) is False",
        "assert can_reach_end([0]) is True",
        "assert can_reach_end([1, 1, 1, 1]) is True",
    ], [
        "assert can_reach_end([1, 0, 1]) is False",
        "assert can_reach_end([2, 1, 2, 3, 1]) is True",
        "assert can_reach_end([1, 2, 1, 1]) is True",
        "assert can_reach_end([1, 2, 0, 1, 0, 3]) is False",
    ])

    task("start-station", "The station to start from to drive once around a circular route, or -1.", '''
def start_station(gas, cost):
    """Index of the station to start from to drive once around the circle, or -1 if none works.

    gas[i] is the fuel taken at station i, cost[i] the fuel to drive from i to the next station.
    """
    if sum(gas) < sum(cost):
        return -1
    start, tank = 0, 0
    for i in range(len(gas)):
        tank += gas[i] - cost[i]
        if tank < 0:
            start = i + 1
            tank = 0
    return start
''', [("    if sum(gas) < sum(cost):", "    if sum(gas) <= sum(cost):", "comparison"),
      ("            start = i + 1", "            start = i", "off-by-one")], [
        "assert start_station([1, 2, 3, 4, 5], [3, 4, 5, 1, 2]) == 3",
        "assert start_station([2, 3, 4], [3, 4, 3]) == -1",
        "assert start_station([5], [4]) == 0",
        "assert start_station([3, 1, 1], [1, 2, 2]) == 0",
    ], [
        "assert start_station([1, 1, 5], [2, 2, 1]) == 2",
        "assert start_station([4], [5]) == -1",
        "assert start_station([2, 2], [2, 2]) == 0",
        "assert start_station([0, 0, 9], [1, 1, 1]) == 2",
    ])

    task("word-break", "Tell whether a string splits into dictionary words, by dynamic programming.", '''
def can_segment(text, words):
    """True when text splits into a sequence of dictionary words (words may repeat)."""
    vocab = set(words)
    ok = [False] * (len(text) + 1)
    ok[0] = True
    for end in range(1, len(text) + 1):
        for start in range(end):
            if ok[start] and text[start:end] in vocab:
                ok[end] = True
                break
    return ok[len(text)]
''', [("    ok[0] = True", None, "base-case"),
      ("            if ok[start] and text[start:end] in vocab:", "            if text[start:end] in vocab:", "missing-condition")], [
        "assert can_segment('leetcode', ['leet', 'code']) is True",
        "assert can_segment('catsandog', ['cats', 'dog', 'sand', 'and', 'cat']) is False",
        "assert can_segment('applepenapple', ['apple', 'pen']) is True",
        "assert can_segment('', []) is True",
    ], [
        "assert can_segment('aaaaab', ['a', 'aa']) is False",
        "assert can_segment('ab', ['a', 'b', 'ab']) is True",
        "assert can_segment('qx', ['x', 'qq']) is False",
        "assert can_segment('xyz', ['x', 'z']) is False",
    ])

    task("largest-square", "The area of the largest all-ones square in a 0/1 grid, by dynamic programming.", '''
def largest_square(grid):
    """Area of the largest square made only of 1s in a 0/1 grid."""
    if not grid:
        return 0
    rows, cols = len(grid), len(grid[0])
    side = [[0] * (cols + 1) for _ in range(rows + 1)]
    best = 0
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            if grid[r - 1][c - 1] == 1:
                side[r][c] = 1 + min(side[r - 1][c], side[r][c - 1], side[r - 1][c - 1])
                best = max(best, side[r][c])
    return best * best
''', [("                side[r][c] = 1 + min(side[r - 1][c], side[r][c - 1], side[r - 1][c - 1])",
       "                side[r][c] = 1 + max(side[r - 1][c], side[r][c - 1], side[r - 1][c - 1])", "wrong-call")], [
        "assert largest_square([[1, 0, 1, 0, 0], [1, 0, 1, 1, 1], [1, 1, 1, 1, 1], [1, 0, 0, 1, 0]]) == 4",
        "assert largest_square([[0]]) == 0",
        "assert largest_square([]) == 0",
        "assert largest_square([[1, 1], [1, 1]]) == 4",
        "assert largest_square([[0, 0], [0, 1]]) == 1",
    ], [
        "assert largest_square([[1]]) == 1",
        "assert largest_square([[1, 1, 1], [1, 1, 1], [1, 1, 1]]) == 9",
        "assert largest_square([[1, 1, 0], [1, 1, 0], [0, 0, 0]]) == 4",
        "assert largest_square([[0, 1], [1, 0]]) == 1",
        "assert largest_square([[1, 1, 1, 1], [1, 1, 1, 1], [0, 1, 1, 1]]) == 9",
    ])

    task("count-subset-sums", "Count the subsets of positive integers that add up to a target, each value used once.", '''
def count_subsets_with_sum(values, target):
    """How many subsets of the positive integers in values add up to target (each value used at most once)."""
    ways = [0] * (target + 1)
    ways[0] = 1
    for v in values:
        for s in range(target, v - 1, -1):
            ways[s] += ways[s - v]
    return ways[target]
''', [("        for s in range(target, v - 1, -1):", "        for s in range(v, target + 1):", "wrong-direction")], [
        "assert count_subsets_with_sum([1, 2, 3], 3) == 2",
        "assert count_subsets_with_sum([2, 4, 6, 10], 16) == 2",
        "assert count_subsets_with_sum([5], 3) == 0",
        "assert count_subsets_with_sum([], 0) == 1",
        "assert count_subsets_with_sum([1, 2], 0) == 1",
    ], [
        "assert count_subsets_with_sum([1, 1, 1], 2) == 3",
        "assert count_subsets_with_sum([3, 3], 3) == 2",
        "assert count_subsets_with_sum([4], 4) == 1",
        "assert count_subsets_with_sum([2, 3, 5, 7], 10) == 2",
        "assert count_subsets_with_sum([1], 2) == 0",
    ])

    task("combination-sum", "All combinations of candidates (each reusable) that add up to a target, by backtracking.", '''
def combination_sum(candidates, target):
    """All non-decreasing lists of candidates (each usable many times) that add up to target."""
    results = []
    nums = sorted(set(candidates))

    def search(start, remaining, path):
        if remaining == 0:
            results.append(list(path))
            return
        for i in range(start, len(nums)):
            if nums[i] > remaining:
                break
            path.append(nums[i])
            search(i, remaining - nums[i], path)
            path.pop()

    search(0, target, [])
    return results
''', [("            results.append(list(path))", "            results.append(path)", "aliasing"),
      ("            search(i, remaining - nums[i], path)", "            search(i + 1, remaining - nums[i], path)", "wrong-argument")], [
        "assert combination_sum([2, 3, 6, 7], 7) == [[2, 2, 3], [7]]",
        "assert combination_sum([2], 1) == []",
        "assert combination_sum([1], 2) == [[1, 1]]",
        "assert combination_sum([3], 9) == [[3, 3, 3]]",
    ], [
        "assert combination_sum([2, 3, 5], 8) == [[2, 2, 2, 2], [2, 3, 3], [3, 5]]",
        "assert combination_sum([3, 2, 2], 4) == [[2, 2]]",
        "assert combination_sum([5], 0) == [[]]",
        "assert combination_sum([4, 2], 6) == [[2, 2, 2], [2, 4]]",
    ])

    task("n-queens-count", "Count the placements of n non-attacking queens, by backtracking.", '''
def count_queen_placements(n):
    """Number of ways to place n non-attacking queens on an n x n board."""
    cols, diag, anti = set(), set(), set()

    def place(row):
        if row == n:
            return 1
        total = 0
        for c in range(n):
            if c in cols or row - c in diag or row + c in anti:
                continue
            cols.add(c)
            diag.add(row - c)
            anti.add(row + c)
            total += place(row + 1)
            cols.discard(c)
            diag.discard(row - c)
            anti.discard(row + c)
        return total

    return place(0)
''', [("            anti.discard(row + c)", None, "missing-line")], [
        "assert count_queen_placements(4) == 2",
        "assert count_queen_placements(1) == 1",
        "assert count_queen_placements(5) == 10",
        "assert count_queen_placements(6) == 4",
    ], [
        "assert count_queen_placements(2) == 0",
        "assert count_queen_placements(3) == 0",
        "assert count_queen_placements(7) == 40",
        "assert count_queen_placements(8) == 92",
    ])

    task("balanced-strings", "Generate every string of n balanced parenthesis pairs, in lexicographic order.", '''
def balanced_strings(pairs):
    """All strings of `pairs` balanced parenthesis pairs, in lexicographic order ('(' before ')')."""
    out = []

    def build(prefix, opened, closed):
        if len(prefix) == 2 * pairs:
            out.append(prefix)
            return
        if opened < pairs:
            build(prefix + "(", opened + 1, closed)
        if closed < opened:
            build(prefix + ")", opened, closed + 1)

    build("", 0, 0)
    return out
''', [("        if closed < opened:", "        if closed < pairs:", "wrong-variable")], [
        "assert balanced_strings(1) == ['()']",
        "assert balanced_strings(2) == ['(())', '()()']",
        "assert balanced_strings(0) == ['']",
        "assert balanced_strings(3)[0] == '((()))'",
    ], [
        "assert balanced_strings(3) == ['((()))', '(()())', '(())()', '()(())', '()()()']",
        "assert len(balanced_strings(4)) == 14",
        "assert len(balanced_strings(5)) == 42 and balanced_strings(5)[-1] == '()()()()()'",
        "assert all(s.count('(') == 4 for s in balanced_strings(4))",
    ])

    task("flood-fill", "Repaint the 4-connected region around a cell of a grid image, recursively.", '''
def flood_fill(image, row, col, colour):
    """Repaint the 4-connected region of (row, col)'s colour with `colour`, in place; return the image."""
    old = image[row][col]
    if old == colour:
        return image

    def paint(r, c):
        if r < 0 or r >= len(image) or c < 0 or c >= len(image[0]):
            return
        if image[r][c] != old:
            return
        image[r][c] = colour
        paint(r + 1, c)
        paint(r - 1, c)
        paint(r, c + 1)
        paint(r, c - 1)

    paint(row, col)
    return image
''', [("    if old == colour:\n        return image", None, "missing-case"),
      ("        if r < 0 or r >= len(image) or c < 0 or c >= len(image[0]):",
       "        if r < 0 or r >= len(image) or c < 0 or c > len(image[0]):", "off-by-one")], [
        "assert flood_fill([[1, 1, 1], [1, 1, 0], [1, 0, 1]], 1, 1, 2) == [[2, 2, 2], [2, 2, 0], [2, 0, 1]]",
        "assert flood_fill([[0, 0], [0, 0]], 0, 0, 0) == [[0, 0], [0, 0]]",
        "assert flood_fill([[5]], 0, 0, 7) == [[7]]",
        "assert flood_fill([[2, 2], [2, 2]], 1, 1, 1) == [[1, 1], [1, 1]]",
    ], [
        "assert flood_fill([[1, 2, 1], [1, 2, 1]], 0, 2, 3) == [[1, 2, 3], [1, 2, 3]]",
        "assert flood_fill([[0, 1], [1, 0]], 0, 0, 4) == [[4, 1], [1, 0]]",
        "assert flood_fill([[3, 3, 3, 3]], 0, 1, 3) == [[3, 3, 3, 3]]",
        "assert flood_fill([[1, 1], [1, 9], [1, 1]], 2, 1, 0) == [[0, 0], [0, 9], [0, 0]]",
    ])

    task("can-build-note", "Tell whether a note can be written with the available characters, each used once.", '''
from collections import Counter


def can_build(note, letters):
    """True when note can be written with the characters in letters, each used at most once."""
    available = Counter(letters)
    for ch in note:
        available[ch] -= 1
        if available[ch] < 0:
            return False
    return True
''', [("        if available[ch] < 0:", "        if available[ch] <= 0:", "comparison")], [
        "assert can_build('aa', 'aab') is True",
        "assert can_build('aa', 'ab') is False",
        "assert can_build('', '') is True",
        "assert can_build('b', 'abc') is True",
    ], [
        "assert can_build('abc', 'cba') is True",
        "assert can_build('a', '') is False",
        "assert can_build('xyzx', 'xxyz') is True",
        "assert can_build('hello', 'helo') is False",
    ])

    task("distinct-in-windows", "The number of distinct values in each window of k consecutive values, with a counter.", '''
from collections import Counter


def distinct_in_windows(values, k):
    """Number of distinct values in each window of k consecutive values."""
    if k <= 0 or k > len(values):
        return []
    counts = Counter(values[:k])
    result = [len(counts)]
    for i in range(k, len(values)):
        counts[values[i]] += 1
        old = values[i - k]
        counts[old] -= 1
        if counts[old] == 0:
            del counts[old]
        result.append(len(counts))
    return result
''', [("        old = values[i - k]", "        old = values[i - k + 1]", "off-by-one"),
      ("        if counts[old] == 0:\n            del counts[old]", None, "missing-line")], [
        "assert distinct_in_windows([1, 2, 1, 3, 4, 2, 3], 4) == [3, 4, 4, 3]",
        "assert distinct_in_windows([1, 1, 1], 2) == [1, 1]",
        "assert distinct_in_windows([1, 2], 3) == []",
        "assert distinct_in_windows([5], 1) == [1]",
        "assert distinct_in_windows([4, 4, 5], 2) == [1, 2]",
    ], [
        "assert distinct_in_windows([1, 2, 3, 4], 1) == [1, 1, 1, 1]",
        "assert distinct_in_windows([2, 2, 2, 2], 4) == [1]",
        "assert distinct_in_windows([1, 3, 2, 2, 3, 2], 2) == [2, 2, 1, 2, 2]",
        "assert distinct_in_windows([1, 2, 3, 1, 2, 3], 3) == [3, 3, 3, 3]",
        "assert distinct_in_windows([3, 1, 3], 0) == []",
    ])

    task("event-bus", "A publish/subscribe event bus that calls handlers in subscription order.", '''
class EventBus:
    """Handlers subscribe to event names; publish calls them in subscription order."""

    def __init__(self):
        self._handlers = {}

    def subscribe(self, event, handler):
        self._handlers.setdefault(event, []).append(handler)

    def unsubscribe(self, event, handler):
        handlers = self._handlers.get(event, [])
        if handler in handlers:
            handlers.remove(handler)

    def publish(self, event, payload):
        """Call each handler of event with payload and return the list of their results."""
        return [handler(payload) for handler in list(self._handlers.get(event, []))]
''', [("        self._handlers.setdefault(event, []).append(handler)", "        self._handlers[event] = [handler]", "overwrite")], [
        "bus = EventBus()\nbus.subscribe('x', lambda p: p + 1)\nbus.subscribe('x', lambda p: p * 10)\nassert bus.publish('x', 2) == [3, 20]",
        "bus = EventBus()\nassert bus.publish('nope', 1) == []",
        "bus = EventBus()\nf = lambda p: p\nbus.subscribe('e', f)\nbus.unsubscribe('e', f)\nassert bus.publish('e', 5) == []",
        "bus = EventBus()\nbus.subscribe('y', str)\nassert bus.publish('y', 7) == ['7']",
    ], [
        "bus = EventBus()\nf = lambda p: 'f'\ng = lambda p: 'g'\nbus.subscribe('a', f)\nbus.subscribe('a', g)\nbus.subscribe('b', f)\nbus.unsubscribe('a', f)\nassert bus.publish('a', 0) == ['g']\nassert bus.publish('b', 0) == ['f']",
        "bus = EventBus()\nfor n in range(3):\n    bus.subscribe('n', lambda p, n=n: p + n)\nassert bus.publish('n', 10) == [10, 11, 12]",
        "bus = EventBus()\nbus.unsubscribe('ghost', print)\nassert bus.publish('ghost', None) == []",
        "bus = EventBus()\nbus.subscribe('k', len)\nbus.subscribe('k', len)\nassert bus.publish('k', 'abc') == [3, 3]",
    ])

    task("mst-weight", "The weight of a minimum spanning tree by Prim's algorithm with a heap, or None if disconnected.", '''
import heapq


def mst_weight(n, edges):
    """Total weight of a minimum spanning tree of nodes 0..n-1 given undirected (u, v, w) edges; None if disconnected."""
    adj = {u: [] for u in range(n)}
    for u, v, w in edges:
        adj[u].append((w, v))
        adj[v].append((w, u))
    seen = set()
    heap = [(0, 0)]
    total = 0
    while heap and len(seen) < n:
        w, u = heapq.heappop(heap)
        if u in seen:
            continue
        seen.add(u)
        total += w
        for edge in adj[u]:
            if edge[1] not in seen:
                heapq.heappush(heap, edge)
    return total if len(seen) == n else None
''', [("        adj[v].append((w, u))", None, "missing-line"),
      ("        if u in seen:\n            continue", None, "missing-condition")], [
        "assert mst_weight(4, [(0, 1, 1), (1, 2, 2), (0, 2, 5), (2, 3, 1)]) == 4",
        "assert mst_weight(3, [(0, 1, 3)]) is None",
        "assert mst_weight(3, [(1, 0, 4), (1, 2, 1)]) == 5",
        "assert mst_weight(4, [(0, 1, 1), (0, 2, 1), (1, 2, 1), (2, 3, 5)]) == 7",
        "assert mst_weight(2, [(0, 1, 6), (1, 0, 2)]) == 2",
    ], [
        "assert mst_weight(1, []) == 0",
        "assert mst_weight(3, [(2, 1, 2), (1, 0, 7), (2, 0, 3)]) == 5",
        "assert mst_weight(5, [(0, 1, 2), (1, 2, 2), (2, 3, 2), (3, 4, 2), (0, 4, 1), (1, 3, 1)]) == 6",
        "assert mst_weight(2, []) is None",
        "assert mst_weight(4, [(3, 2, 1), (2, 1, 1), (1, 0, 1), (0, 3, 9)]) == 3",
    ])
