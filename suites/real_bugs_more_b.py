"""More real-bugs tasks, part B: string and list processing.

Written for this project. Same format as make_real_bugs.py.
"""


def add(task):
    task("run-length-encode", "Run-length encode a string: 'aaab' -> 'a3b1'.", '''
def rle_encode(text):
    if not text:
        return ""
    out = []
    current, count = text[0], 1
    for ch in text[1:]:
        if ch == current:
            count += 1
        else:
            out.append(f"{current}{count}")
            current, count = ch, 1
    out.append(f"{current}{count}")
    return "".join(out)
''', [("    out.append(f\"{current}{count}\")\n    return \"\".join(out)", "    return \"\".join(out)", "missing-line")], [
        "assert rle_encode('aaab') == 'a3b1'",
        "assert rle_encode('') == ''",
        "assert rle_encode('abc') == 'a1b1c1'",
    ], [
        "assert rle_encode('zzzz') == 'z4'",
        "assert rle_encode('aabbaa') == 'a2b2a2'",
        "assert rle_encode('x') == 'x1'",
    ])

    task("run-length-decode", "Decode 'a3b12' (a letter then its count, counts may have several digits) to the expanded string.", '''
def rle_decode(code):
    out = []
    i = 0
    while i < len(code):
        ch = code[i]
        j = i + 1
        while j < len(code) and code[j].isdigit():
            j += 1
        out.append(ch * int(code[i + 1:j]))
        i = j
    return "".join(out)
''', [("        while j < len(code) and code[j].isdigit():", "        if j < len(code) and code[j].isdigit():", "wrong-keyword"),
          ("        i = j", "        i += 2", "wrong-value")], [
        "assert rle_decode('a3b1') == 'aaab'",
        "assert rle_decode('x12') == 'x' * 12",
        "assert rle_decode('') == ''",
        "assert rle_decode('a10b2') == 'a' * 10 + 'bb'",
    ], [
        "assert rle_decode('z1') == 'z'",
        "assert rle_decode('q2r3') == 'qqrrr'",
        "assert rle_decode('m11n1') == 'm' * 11 + 'n'",
        "assert rle_decode('k0j2') == 'jj'",
    ])

    task("caesar", "Shift the letters of a text by k places (wrapping, keeping case); other characters stay.", '''
def caesar(text, k):
    out = []
    for ch in text:
        if ch.isalpha():
            base = ord("A") if ch.isupper() else ord("a")
            out.append(chr((ord(ch) - base + k) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)
''', [("            out.append(chr((ord(ch) - base + k) % 26 + base))", "            out.append(chr((ord(ch) + k) % 26 + base))", "missing-term")], [
        "assert caesar('abc', 1) == 'bcd'",
        "assert caesar('xyz', 3) == 'abc'",
        "assert caesar('Hi!', 0) == 'Hi!'",
    ], [
        "assert caesar('Zebra', 1) == 'Afcsb'",
        "assert caesar('hello, world', 13) == 'uryyb, jbeyq'",
        "assert caesar('abc', -1) == 'zab'",
    ])

    task("is-anagram", "Tell whether two strings are anagrams, ignoring case and spaces.", '''
def is_anagram(a, b):
    def letters(s):
        counts = {}
        for ch in s.lower():
            if ch != " ":
                counts[ch] = counts.get(ch, 0) + 1
        return counts
    return letters(a) == letters(b)
''', [("        for ch in s.lower():", "        for ch in s:", "string-method"),
          ("    return letters(a) == letters(b)", "    return set(letters(a)) == set(letters(b))", "wrong-call")], [
        "assert is_anagram('Listen', 'Silent') is True",
        "assert is_anagram('aab', 'abb') is False",
        "assert is_anagram('dormitory', 'dirty room') is True",
    ], [
        "assert is_anagram('abc', 'abcc') is False",
        "assert is_anagram('Astronomer', 'Moon starer') is True",
        "assert is_anagram('', '') is True",
    ])

    task("common-prefix", "Return the longest common prefix of a list of strings ('' for an empty list).", '''
def common_prefix(words):
    if not words:
        return ""
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix
''', [("        while not w.startswith(prefix):", "        if not w.startswith(prefix):", "wrong-keyword")], [
        "assert common_prefix(['flower', 'flow', 'flight']) == 'fl'",
        "assert common_prefix(['dog', 'car']) == ''",
        "assert common_prefix([]) == ''",
    ], [
        "assert common_prefix(['abc']) == 'abc'",
        "assert common_prefix(['interview', 'internet', 'interval']) == 'inter'",
        "assert common_prefix(['ab', 'a']) == 'a'",
    ])

    task("title-case", "Capitalise the first letter of every word (words split on single spaces; the rest lower-cased).", '''
def title_case(text):
    words = text.split(" ")
    fixed = []
    for w in words:
        if w:
            fixed.append(w[0].upper() + w[1:].lower())
        else:
            fixed.append(w)
    return " ".join(fixed)
''', [("            fixed.append(w[0].upper() + w[1:].lower())", "            fixed.append(w[0].upper() + w[2:].lower())", "off-by-one")], [
        "assert title_case('hello world') == 'Hello World'",
        "assert title_case('PYTHON rocks') == 'Python Rocks'",
        "assert title_case('') == ''",
    ], [
        "assert title_case('a b') == 'A B'",
        "assert title_case('two  spaces') == 'Two  Spaces'",
        "assert title_case('mIxEd') == 'Mixed'",
    ])

    task("camel-to-snake", "Convert camelCase or PascalCase to snake_case.", '''
def camel_to_snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper():
            if i > 0:
                out.append("_")
            out.append(ch.lower())
        else:
            out.append(ch)
    return "".join(out)
''', [("            if i > 0:", "            if i >= 0:", "comparison"),
          ("            out.append(ch.lower())", "            out.append(ch)", "string-method")], [
        "assert camel_to_snake('camelCase') == 'camel_case'",
        "assert camel_to_snake('PascalCase') == 'pascal_case'",
        "assert camel_to_snake('lower') == 'lower'",
    ], [
        "assert camel_to_snake('getHTTP') == 'get_h_t_t_p'",
        "assert camel_to_snake('X') == 'x'",
        "assert camel_to_snake('aBC') == 'a_b_c'",
    ])

    task("reverse-words", "Reverse the order of the words of a sentence, collapsing runs of whitespace.", '''
def reverse_words(sentence):
    words = sentence.split()
    return " ".join(reversed(words))
''', [("    words = sentence.split()", "    words = sentence.split(\" \")", "string-method")], [
        "assert reverse_words('the sky is blue') == 'blue is sky the'",
        "assert reverse_words('  hello   world  ') == 'world hello'",
        "assert reverse_words('') == ''",
    ], [
        "assert reverse_words('one') == 'one'",
        "assert reverse_words('a  b') == 'b a'",
        "assert reverse_words('\\tx y\\n') == 'y x'",
    ])

    task("count-substring", "Count the occurrences of a non-empty pattern in a text, overlapping ones included.", '''
def count_overlapping(text, pattern):
    count = 0
    start = 0
    while True:
        idx = text.find(pattern, start)
        if idx == -1:
            return count
        count += 1
        start = idx + 1
''', [("        start = idx + 1", "        start = idx + len(pattern)", "wrong-value")], [
        "assert count_overlapping('aaaa', 'aa') == 3",
        "assert count_overlapping('abc', 'd') == 0",
        "assert count_overlapping('abab', 'ab') == 2",
    ], [
        "assert count_overlapping('ababab', 'aba') == 2",
        "assert count_overlapping('zzz', 'z') == 3",
        "assert count_overlapping('', 'a') == 0",
    ])

    task("top-k-words", "Return the k most frequent words (lower-cased), ties broken alphabetically.", '''
def top_k_words(text, k):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked[:k]
''', [("    ranked = sorted(counts, key=lambda w: (-counts[w], w))", "    ranked = sorted(counts, key=lambda w: (counts[w], w), reverse=True)", "sort-key")], [
        "assert top_k_words('b a b c a b', 2) == ['b', 'a']",
        "assert top_k_words('x y z', 2) == ['x', 'y']",
        "assert top_k_words('', 3) == []",
    ], [
        "assert top_k_words('Dog dog cat', 1) == ['dog']",
        "assert top_k_words('q p q p r', 3) == ['p', 'q', 'r']",
        "assert top_k_words('m n', 5) == ['m', 'n']",
    ])

    task("pairwise-diffs", "Return the differences between consecutive items: [b - a for each neighbouring a, b].", '''
def pairwise_diffs(values):
    return [values[i + 1] - values[i] for i in range(len(values) - 1)]
''', [("    return [values[i + 1] - values[i] for i in range(len(values) - 1)]", "    return [values[i] - values[i - 1] for i in range(len(values) - 1)]", "off-by-one")], [
        "assert pairwise_diffs([1, 4, 9]) == [3, 5]",
        "assert pairwise_diffs([5]) == []",
        "assert pairwise_diffs([]) == []",
    ], [
        "assert pairwise_diffs([10, 7, 7, 8]) == [-3, 0, 1]",
        "assert pairwise_diffs([0, 100]) == [100]",
        "assert pairwise_diffs([2, 4, 8, 16]) == [2, 4, 8]",
    ])

    task("cumulative-sum", "Return the running totals of a list.", '''
def cumulative(values):
    totals = []
    running = 0
    for v in values:
        running += v
        totals.append(running)
    return totals
''', [("        running += v\n        totals.append(running)", "        totals.append(running)\n        running += v", "swapped-lines")], [
        "assert cumulative([1, 2, 3]) == [1, 3, 6]",
        "assert cumulative([]) == []",
        "assert cumulative([5]) == [5]",
    ], [
        "assert cumulative([-1, 1, -1]) == [-1, 0, -1]",
        "assert cumulative([0, 0, 7]) == [0, 0, 7]",
        "assert cumulative([10, 20]) == [10, 30]",
    ])

    task("partition-even-odd", "Split a list into (evens, odds), keeping order.", '''
def split_even_odd(numbers):
    evens, odds = [], []
    for n in numbers:
        if n % 2 == 0:
            evens.append(n)
        else:
            odds.append(n)
    return evens, odds
''', [("    evens, odds = [], []", "    evens = odds = []", "aliasing"),
          ("    return evens, odds", "    return odds, evens", "swapped-operands")], [
        "assert split_even_odd([1, 2, 3, 4]) == ([2, 4], [1, 3])",
        "assert split_even_odd([]) == ([], [])",
        "assert split_even_odd([2]) == ([2], [])",
    ], [
        "assert split_even_odd([7, 9]) == ([], [7, 9])",
        "assert split_even_odd([0, -1, -2]) == ([0, -2], [-1])",
        "assert split_even_odd([5, 6, 5]) == ([6], [5, 5])",
    ])

    task("histogram-str", "Render counts as text bars: one line 'label: ###' per (label, count), labels left-aligned to the longest.", '''
def histogram(pairs):
    if not pairs:
        return ""
    width = max(len(label) for label, _ in pairs)
    lines = []
    for label, count in pairs:
        lines.append(f"{label.ljust(width)}: {'#' * count}")
    return "\\n".join(lines)
''', [("    width = max(len(label) for label, _ in pairs)", "    width = max(count for _, count in pairs)", "wrong-variable")], [
        "assert histogram([('a', 3), ('bb', 1)]) == 'a : ###\\nbb: #'",
        "assert histogram([]) == ''",
        "assert histogram([('x', 0)]) == 'x: '",
    ], [
        "assert histogram([('long', 1), ('s', 3)]) == 'long: #\\ns   : ###'",
        "assert histogram([('ab', 5)]) == 'ab: #####'",
        "assert histogram([('p', 1), ('q', 1)]) == 'p: #\\nq: #'",
    ])

    task("matrix-multiply", "Multiply two matrices given as lists of rows.", '''
def matmul(a, b):
    rows, inner, cols = len(a), len(b), len(b[0])
    if any(len(row) != inner for row in a):
        raise ValueError("shapes do not match")
    out = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        for j in range(cols):
            for k in range(inner):
                out[i][j] += a[i][k] * b[k][j]
    return out
''', [("    out = [[0] * cols for _ in range(rows)]", "    out = [[0] * cols] * rows", "aliasing"),
          ("                out[i][j] += a[i][k] * b[k][j]", "                out[i][j] += a[i][k] * b[j][k]", "wrong-index")], [
        "assert matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]) == [[19, 22], [43, 50]]",
        "assert matmul([[1, 2, 3]], [[1], [2], [3]]) == [[14]]",
        "assert matmul([[2]], [[3]]) == [[6]]",
    ], [
        "assert matmul([[1, 0], [0, 1]], [[4, 5], [6, 7]]) == [[4, 5], [6, 7]]",
        "assert matmul([[1], [2]], [[3, 4]]) == [[3, 4], [6, 8]]",
        "try:\n    matmul([[1, 2]], [[1, 2]])\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ])

    task("rotate-matrix", "Rotate a square matrix 90 degrees clockwise, returning a new matrix.", '''
def rotate_clockwise(matrix):
    n = len(matrix)
    return [[matrix[n - 1 - r][c] for r in range(n)] for c in range(n)]
''', [("    return [[matrix[n - 1 - r][c] for r in range(n)] for c in range(n)]", "    return [[matrix[n - r][c] for r in range(n)] for c in range(n)]", "off-by-one")], [
        "assert rotate_clockwise([[1, 2], [3, 4]]) == [[3, 1], [4, 2]]",
        "assert rotate_clockwise([[1]]) == [[1]]",
        "assert rotate_clockwise([]) == []",
    ], [
        "assert rotate_clockwise([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == [[7, 4, 1], [8, 5, 2], [9, 6, 3]]",
        "assert rotate_clockwise([[0, 1], [0, 0]]) == [[0, 0], [0, 1]]",
        "assert rotate_clockwise([['a', 'b'], ['c', 'd']]) == [['c', 'a'], ['d', 'b']]",
    ])

    task("spiral-order", "Return the elements of a matrix in clockwise spiral order.", '''
def spiral(matrix):
    out = []
    if not matrix:
        return out
    top, bottom, left, right = 0, len(matrix) - 1, 0, len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            out.append(matrix[top][c])
        for r in range(top + 1, bottom + 1):
            out.append(matrix[r][right])
        if top < bottom:
            for c in range(right - 1, left - 1, -1):
                out.append(matrix[bottom][c])
        if left < right:
            for r in range(bottom - 1, top, -1):
                out.append(matrix[r][left])
        top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
    return out
''', [("        if top < bottom:", "        if top <= bottom:", "comparison"),
          ("            for r in range(bottom - 1, top, -1):", "            for r in range(bottom, top, -1):", "off-by-one")], [
        "assert spiral([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == [1, 2, 3, 6, 9, 8, 7, 4, 5]",
        "assert spiral([[1, 2, 3]]) == [1, 2, 3]",
        "assert spiral([]) == []",
    ], [
        "assert spiral([[1, 2], [3, 4]]) == [1, 2, 4, 3]",
        "assert spiral([[1], [2], [3]]) == [1, 2, 3]",
        "assert spiral([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]) == [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7]",
    ])

    task("zip-to-dict", "Build a dict from parallel key and value lists; raise ValueError when the lengths differ.", '''
def zip_dict(keys, values):
    if len(keys) != len(values):
        raise ValueError("lengths differ")
    result = {}
    for k, v in zip(keys, values):
        result[k] = v
    return result
''', [("        result[k] = v", "        result[v] = k", "swapped-operands")], [
        "assert zip_dict(['a', 'b'], [1, 2]) == {'a': 1, 'b': 2}",
        "assert zip_dict([], []) == {}",
        "try:\n    zip_dict(['a'], [])\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ], [
        "assert zip_dict(['x'], ['y']) == {'x': 'y'}",
        "assert zip_dict(['k', 'k'], [1, 2]) == {'k': 2}",
        "assert zip_dict([1, 2, 3], ['a', 'b', 'c']) == {1: 'a', 2: 'b', 3: 'c'}",
    ])

    task("max-profit", "Best profit from one buy followed by one later sell (0 when no profit is possible).", '''
def max_profit(prices):
    best = 0
    lowest = None
    for p in prices:
        if lowest is None or p < lowest:
            lowest = p
        elif p - lowest > best:
            best = p - lowest
    return best
''', [("        elif p - lowest > best:", "        elif lowest - p > best:", "swapped-operands")], [
        "assert max_profit([7, 1, 5, 3, 6, 4]) == 5",
        "assert max_profit([7, 6, 4]) == 0",
        "assert max_profit([]) == 0",
    ], [
        "assert max_profit([2, 4, 1, 3]) == 2",
        "assert max_profit([1, 2]) == 1",
        "assert max_profit([3, 3, 3]) == 0",
    ])

    task("sliding-max-sum", "Return the largest sum of k consecutive values (sliding window).", '''
def max_window_sum(values, k):
    if k <= 0 or k > len(values):
        raise ValueError("bad window size")
    window = sum(values[:k])
    best = window
    for i in range(k, len(values)):
        window += values[i] - values[i - k]
        best = max(best, window)
    return best
''', [("        window += values[i] - values[i - k]", "        window += values[i] - values[i - k + 1]", "off-by-one"),
          ("    best = window", "    best = 0", "initial-value")], [
        "assert max_window_sum([1, 2, 3, 4, 5], 2) == 9",
        "assert max_window_sum([-5, -2, -3], 1) == -2",
        "assert max_window_sum([4, 1, 1, 4], 3) == 6",
    ], [
        "assert max_window_sum([3], 1) == 3",
        "assert max_window_sum([-1, -1, -1, -1], 2) == -2",
        "assert max_window_sum([5, -10, 6, 6], 2) == 12",
    ])

    task("longest-unique-run", "Return the length of the longest substring without repeated characters.", '''
def longest_unique(text):
    last = {}
    start = best = 0
    for i, ch in enumerate(text):
        if ch in last and last[ch] >= start:
            start = last[ch] + 1
        last[ch] = i
        best = max(best, i - start + 1)
    return best
''', [("        if ch in last and last[ch] >= start:", "        if ch in last:", "missing-condition")], [
        "assert longest_unique('abcabcbb') == 3",
        "assert longest_unique('abba') == 2",
        "assert longest_unique('') == 0",
    ], [
        "assert longest_unique('pwwkew') == 3",
        "assert longest_unique('tmmzuxt') == 5",
        "assert longest_unique('aaaa') == 1",
    ])

    task("compress-ranges", "Summarise sorted distinct integers as ranges: [0, 1, 2, 4, 6, 7] -> ['0-2', '4', '6-7'].", '''
def compress_ranges(numbers):
    out = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        if i == j:
            out.append(str(numbers[i]))
        else:
            out.append(f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return out
''', [("        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:", "        while j + 1 < len(numbers) and numbers[j + 1] == numbers[i] + 1:", "wrong-variable")], [
        "assert compress_ranges([0, 1, 2, 4, 6, 7]) == ['0-2', '4', '6-7']",
        "assert compress_ranges([]) == []",
        "assert compress_ranges([5]) == ['5']",
    ], [
        "assert compress_ranges([1, 2, 3, 4]) == ['1-4']",
        "assert compress_ranges([1, 3, 5]) == ['1', '3', '5']",
        "assert compress_ranges([-2, -1, 0, 9, 10, 11, 12]) == ['-2-0', '9-12']",
    ])

    task("interleave", "Interleave two lists item by item; the rest of the longer list goes at the end.", '''
def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out
''', [("    for i in range(max(len(a), len(b))):", "    for i in range(min(len(a), len(b))):", "wrong-call")], [
        "assert interleave([1, 2], ['a', 'b']) == [1, 'a', 2, 'b']",
        "assert interleave([1, 2, 3], ['a']) == [1, 'a', 2, 3]",
        "assert interleave([], []) == []",
    ], [
        "assert interleave([], [7, 8]) == [7, 8]",
        "assert interleave(['x'], ['y', 'z', 'w']) == ['x', 'y', 'z', 'w']",
        "assert interleave([0], [0]) == [0, 0]",
    ])

    task("word-lengths-avg", "Average word length of a text (words split on whitespace, punctuation .,!? stripped); 0.0 when no words.", '''
def average_word_length(text):
    words = [w.strip(".,!?") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return 0.0
    return sum(len(w) for w in words) / len(words)
''', [("    words = [w for w in words if w]", None, "missing-line"),
          ("    return sum(len(w) for w in words) / len(words)", "    return sum(len(w) for w in words) / len(text.split())", "wrong-variable")], [
        "assert average_word_length('hi there') == 3.5",
        "assert average_word_length('') == 0.0",
        "assert average_word_length('ok , go') == 2.0",
    ], [
        "assert average_word_length('Wow!') == 3.0",
        "assert average_word_length('a bb ccc') == 2.0",
        "assert average_word_length('... !!') == 0.0",
    ])

    task("parse-duration", "Parse durations like '1h30m', '45s', '2h5s' into seconds; raise ValueError on unknown units.", '''
def parse_duration(text):
    units = {"h": 3600, "m": 60, "s": 1}
    total = 0
    number = ""
    for ch in text:
        if ch.isdigit():
            number += ch
        elif ch in units and number:
            total += int(number) * units[ch]
            number = ""
        else:
            raise ValueError(f"bad duration: {text!r}")
    if number:
        raise ValueError(f"missing unit: {text!r}")
    return total
''', [("            number = \"\"\n        else:", "        else:", "missing-line"),
          ("            number += ch", "            number = ch", "wrong-operator")], [
        "assert parse_duration('1h30m') == 5400",
        "assert parse_duration('45s') == 45",
        "assert parse_duration('2h5s') == 7205",
        "try:\n    parse_duration('3d')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ], [
        "assert parse_duration('10m10s') == 610",
        "assert parse_duration('') == 0",
        "assert parse_duration('100s') == 100",
        "try:\n    parse_duration('12')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
    ])

    task("format-seconds", "Format a number of seconds as H:MM:SS.", '''
def format_seconds(total):
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"
''', [("    minutes, seconds = divmod(rest, 60)", "    minutes, seconds = divmod(total, 60)", "wrong-variable")], [
        "assert format_seconds(3661) == '1:01:01'",
        "assert format_seconds(59) == '0:00:59'",
        "assert format_seconds(0) == '0:00:00'",
    ], [
        "assert format_seconds(7325) == '2:02:05'",
        "assert format_seconds(36000) == '10:00:00'",
        "assert format_seconds(3599) == '0:59:59'",
    ])

    task("csv-line", "Split one CSV line on commas, honouring double-quoted fields (no escaped quotes).", '''
def split_csv(line):
    fields = []
    current = ""
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            fields.append(current)
            current = ""
        else:
            current += ch
    fields.append(current)
    return fields
''', [("        elif ch == \",\" and not quoted:", "        elif ch == \",\":", "missing-condition"),
          ("    fields.append(current)\n    return fields", "    return fields", "missing-line")], [
        "assert split_csv('a,b,c') == ['a', 'b', 'c']",
        "assert split_csv('\"x,y\",z') == ['x,y', 'z']",
        "assert split_csv('') == ['']",
    ], [
        "assert split_csv('1,,2') == ['1', '', '2']",
        "assert split_csv('\"a\",\"b,c,d\"') == ['a', 'b,c,d']",
        "assert split_csv('solo') == ['solo']",
    ])

    task("mask-email", "Mask an e-mail's local part except its first and last character: 'alice@x.org' -> 'a***e@x.org'.", '''
def mask_email(email):
    local, _, domain = email.partition("@")
    if len(local) <= 2:
        return email
    return local[0] + "*" * (len(local) - 2) + local[-1] + "@" + domain
''', [("    local, _, domain = email.partition(\"@\")", "    local, _, domain = email.rpartition(\".\")", "wrong-call"),
          ("    return local[0] + \"*\" * (len(local) - 2) + local[-1] + \"@\" + domain", "    return local[0] + \"*\" * len(local) + local[-1] + \"@\" + domain", "off-by-one")], [
        "assert mask_email('alice@x.org') == 'a***e@x.org'",
        "assert mask_email('bo@y.com') == 'bo@y.com'",
        "assert mask_email('abc@d.e') == 'a*c@d.e'",
    ], [
        "assert mask_email('jonathan@mail.example.com') == 'j******n@mail.example.com'",
        "assert mask_email('x@z.io') == 'x@z.io'",
        "assert mask_email('anna.b@q.net') == 'a****b@q.net'",
    ])

    task("chunk-string", "Split a string into pieces of n characters from the right, as thousands separators do: ('1234567', 3) -> ['1', '234', '567'].", '''
def chunks_from_right(text, n):
    pieces = []
    end = len(text)
    while end > 0:
        start = max(0, end - n)
        pieces.append(text[start:end])
        end = start
    pieces.reverse()
    return pieces
''', [("        start = max(0, end - n)", "        start = end - n", "missing-clamp"),
          ("    pieces.reverse()", None, "missing-line")], [
        "assert chunks_from_right('1234567', 3) == ['1', '234', '567']",
        "assert chunks_from_right('123456', 3) == ['123', '456']",
        "assert chunks_from_right('', 3) == []",
    ], [
        "assert chunks_from_right('12', 3) == ['12']",
        "assert chunks_from_right('abcde', 2) == ['a', 'bc', 'de']",
        "assert chunks_from_right('9999', 1) == ['9', '9', '9', '9']",
    ])
