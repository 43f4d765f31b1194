"""Part b of make_train_bugs.py: string and text processing."""


def add(task):
    task("vowel-consonant-counts", "Count the vowels and the consonants among the letters of a text.", '''
def vowel_consonant_counts(text):
    vowels = consonants = 0
    for ch in text.lower():
        if not ch.isalpha():
            continue
        if ch in "aeiou":
            vowels += 1
        else:
            consonants += 1
    return vowels, consonants
''', [("        if not ch.isalpha():\n            continue", None, "missing-condition")], [
        "assert vowel_consonant_counts('Hello, World!') == (3, 7)",
        "assert vowel_consonant_counts('AEIOU xyz') == (5, 3)",
        "assert vowel_consonant_counts('') == (0, 0)",
    ], [
        "assert vowel_consonant_counts('Python 3.12') == (1, 5)",
        "assert vowel_consonant_counts('aaa') == (3, 0)",
        "assert vowel_consonant_counts('Rhythm & Blues!') == (2, 9)",
    ])

    task("most-frequent-words", "Return every word tied for the highest count, case-insensitively, sorted alphabetically.", '''
def most_frequent_words(text):
    """Return every word tied for the highest count, sorted alphabetically."""
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,!?;:")
        if word:
            counts[word] = counts.get(word, 0) + 1
    if not counts:
        return []
    best = max(counts.values())
    return sorted(w for w, c in counts.items() if c == best)
''', [("    for word in text.lower().split():", "    for word in text.split():", "missing-call"),
      ("    if not counts:\n        return []", None, "missing-case")], [
        "assert most_frequent_words('The cat saw the dog') == ['the']",
        "assert most_frequent_words('a b c') == ['a', 'b', 'c']",
        "assert most_frequent_words('Go, go! Stop. stop') == ['go', 'stop']",
        "assert most_frequent_words('') == []",
    ], [
        "assert most_frequent_words('x y y x z') == ['x', 'y']",
        "assert most_frequent_words('Red, red, BLUE blue blue.') == ['blue']",
        "assert most_frequent_words('one') == ['one']",
        "assert most_frequent_words('  ... ') == []",
    ])

    task("acronym", "Build an upper-case acronym from the first letters of the words of a phrase, hyphens splitting words too.", '''
def acronym(phrase):
    letters = []
    for word in phrase.replace("-", " ").split():
        if word[0].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)
''', [('    for word in phrase.replace("-", " ").split():', "    for word in phrase.split():", "missing-case")], [
        "assert acronym('Portable Network Graphics') == 'PNG'",
        "assert acronym('Complementary metal-oxide semiconductor') == 'CMOS'",
        "assert acronym('as soon as possible') == 'ASAP'",
        "assert acronym('') == ''",
    ], [
        "assert acronym('Read-only memory') == 'ROM'",
        "assert acronym('  first  in first-out ') == 'FIFO'",
        "assert acronym('The 3 musketeers') == 'TM'",
        "assert acronym('x') == 'X'",
    ])

    task("slugify", "Turn a title into a lowercase URL slug of letters and digits separated by single hyphens.", '''
def slugify(title):
    slug = []
    for ch in title.lower():
        if ch.isalnum():
            slug.append(ch)
        elif slug and slug[-1] != "-":
            slug.append("-")
    return "".join(slug).strip("-")
''', [('        elif slug and slug[-1] != "-":', '        elif slug or slug[-1] != "-":', "boolean-logic"),
      ('    return "".join(slug).strip("-")', '    return "".join(slug)', "missing-call")], [
        "assert slugify('Hello, World!') == 'hello-world'",
        "assert slugify('  Python 3.12 Released ') == 'python-3-12-released'",
        "assert slugify('already-a-slug') == 'already-a-slug'",
        "assert slugify('!!!') == ''",
    ], [
        "assert slugify('A  B') == 'a-b'",
        "assert slugify(\"What's New -- 2024\") == 'what-s-new-2024'",
        "assert slugify('x') == 'x'",
        "assert slugify('--Trim me--') == 'trim-me'",
    ])

    task("center-text", "Center text in a given width with a fill character, an odd leftover going to the right.", '''
def center_text(text, width, fill=" "):
    """Center text in width columns; an odd leftover goes on the right."""
    if len(text) >= width:
        return text
    total = width - len(text)
    left = total // 2
    return fill * left + text + fill * (total - left)
''', [("    left = total // 2", "    left = (total + 1) // 2", "off-by-one")], [
        "assert center_text('ab', 5, '*') == '*ab**'",
        "assert center_text('abc', 3) == 'abc'",
        "assert center_text('', 4, '-') == '----'",
        "assert center_text('hello', 2) == 'hello'",
    ], [
        "assert center_text('x', 4, '.') == '.x..'",
        "assert center_text('odd', 8) == '  odd   '",
        "assert center_text('ab', 6, '=') == '==ab=='",
        "assert center_text('long text', 9) == 'long text'",
    ])

    task("justify-line", "Fully justify a list of words to a width, extra spaces going to the leftmost gaps.", '''
def justify_line(words, width):
    """Spread words over width columns, extra spaces going to the leftmost gaps."""
    if len(words) == 1:
        return words[0].ljust(width)
    gaps = len(words) - 1
    spaces = width - sum(len(w) for w in words)
    base, extra = divmod(spaces, gaps)
    line = ""
    for i, word in enumerate(words[:-1]):
        line += word + " " * (base + (1 if i < extra else 0))
    return line + words[-1]
''', [("    gaps = len(words) - 1", "    gaps = len(words)", "off-by-one"),
      ('        line += word + " " * (base + (1 if i < extra else 0))',
       '        line += word + " " * (base + (1 if i <= extra else 0))', "comparison")], [
        "assert justify_line(['a', 'bb', 'c'], 8) == 'a  bb  c'",
        "assert justify_line(['the', 'quick', 'fox'], 15) == 'the  quick  fox'",
        "assert justify_line(['ab', 'c'], 6) == 'ab   c'",
        "assert justify_line(['alone'], 8) == 'alone   '",
    ], [
        "assert justify_line(['a', 'b', 'c', 'd'], 9) == 'a  b  c d'",
        "assert justify_line(['x', 'y'], 5) == 'x   y'",
        "assert justify_line(['hi', 'there', 'you'], 13) == 'hi  there you'",
        "assert justify_line(['one', 'two', 'three', 'four'], 20) == 'one  two  three four'",
    ])

    task("count-palindromic-substrings", "Count the palindromic substrings of a string by expanding around every center.", '''
def count_palindromic_substrings(s):
    count = 0
    for center in range(2 * len(s) - 1):
        left = center // 2
        right = left + center % 2
        while left >= 0 and right < len(s) and s[left] == s[right]:
            count += 1
            left -= 1
            right += 1
    return count
''', [("    for center in range(2 * len(s) - 1):", "    for center in range(2 * len(s) - 2):", "off-by-one"),
      ("        right = left + center % 2", "        right = left + center // 2", "wrong-operator")], [
        "assert count_palindromic_substrings('abc') == 3",
        "assert count_palindromic_substrings('aaa') == 6",
        "assert count_palindromic_substrings('abba') == 6",
        "assert count_palindromic_substrings('') == 0",
    ], [
        "assert count_palindromic_substrings('racecar') == 10",
        "assert count_palindromic_substrings('ab') == 2",
        "assert count_palindromic_substrings('aaaa') == 10",
        "assert count_palindromic_substrings('z') == 1",
    ])

    task("is-rotation", "Tell whether one string is a rotation of another.", '''
def is_rotation(a, b):
    """True when b is a rotated by some number of characters."""
    if len(a) != len(b):
        return False
    return b in a + a
''', [("    if len(a) != len(b):\n        return False", None, "missing-line")], [
        "assert is_rotation('waterbottle', 'erbottlewat') is True",
        "assert is_rotation('abc', 'acb') is False",
        "assert is_rotation('abc', 'ab') is False",
        "assert is_rotation('', '') is True",
    ], [
        "assert is_rotation('aa', 'a') is False",
        "assert is_rotation('rotation', 'tationro') is True",
        "assert is_rotation('abcd', 'dabc') is True",
        "assert is_rotation('abcd', 'abcdabcd') is False",
    ])

    task("chars-by-frequency", "List the non-space characters of a text from most to least frequent, ties alphabetically.", '''
def chars_by_frequency(text):
    """Characters of text (spaces ignored) from most to least frequent, ties in alphabetical order."""
    counts = {}
    for ch in text:
        if ch != " ":
            counts[ch] = counts.get(ch, 0) + 1
    return sorted(counts, key=lambda ch: (-counts[ch], ch))
''', [("    return sorted(counts, key=lambda ch: (-counts[ch], ch))",
       "    return sorted(counts, key=lambda ch: (counts[ch], ch))", "sort-key")], [
        "assert chars_by_frequency('banana') == ['a', 'n', 'b']",
        "assert chars_by_frequency('abab c') == ['a', 'b', 'c']",
        "assert chars_by_frequency('') == []",
        "assert chars_by_frequency('zzy') == ['z', 'y']",
    ], [
        "assert chars_by_frequency('mississippi') == ['i', 's', 'p', 'm']",
        "assert chars_by_frequency('a a a') == ['a']",
        "assert chars_by_frequency('cba') == ['a', 'b', 'c']",
        "assert chars_by_frequency('xxyyyz') == ['y', 'x', 'z']",
    ])

    task("kebab-to-pascal", "Convert a kebab-case name to PascalCase, keeping the case of the rest of each part.", '''
def kebab_to_pascal(name):
    parts = [p for p in name.split("-") if p]
    return "".join(p[0].upper() + p[1:] for p in parts)
''', [('    return "".join(p[0].upper() + p[1:] for p in parts)',
       '    return "".join(p.capitalize() for p in parts)', "string-method")], [
        "assert kebab_to_pascal('user-name') == 'UserName'",
        "assert kebab_to_pascal('get-HTTP-code') == 'GetHTTPCode'",
        "assert kebab_to_pascal('--leading--dash') == 'LeadingDash'",
        "assert kebab_to_pascal('') == ''",
    ], [
        "assert kebab_to_pascal('a-b-c') == 'ABC'",
        "assert kebab_to_pascal('parse-XML') == 'ParseXML'",
        "assert kebab_to_pascal('single') == 'Single'",
        "assert kebab_to_pascal('x-iOS-app') == 'XIOSApp'",
    ])

    task("split-pascal-case", "Split a PascalCase name into words, keeping runs of capitals (acronyms) together.", '''
def split_pascal(name):
    """Split a PascalCase name into words, keeping runs of capitals (acronyms) together."""
    words = []
    current = ""
    for i, ch in enumerate(name):
        nxt = name[i + 1] if i + 1 < len(name) else ""
        starts_word = ch.isupper() and current and (not current[-1].isupper() or nxt.islower())
        if starts_word:
            words.append(current)
            current = ""
        current += ch
    if current:
        words.append(current)
    return words
''', [("        starts_word = ch.isupper() and current and (not current[-1].isupper() or nxt.islower())",
       "        starts_word = ch.isupper() and current and (not current[-1].isupper() and nxt.islower())",
       "boolean-logic")], [
        "assert split_pascal('HTTPServerError') == ['HTTP', 'Server', 'Error']",
        "assert split_pascal('UserName') == ['User', 'Name']",
        "assert split_pascal('ParseXML') == ['Parse', 'XML']",
        "assert split_pascal('') == []",
    ], [
        "assert split_pascal('IOError') == ['IO', 'Error']",
        "assert split_pascal('A') == ['A']",
        "assert split_pascal('GetURLForID') == ['Get', 'URL', 'For', 'ID']",
        "assert split_pascal('Simple') == ['Simple']",
    ])

    task("remove-duplicate-letters", "Keep only the first occurrence of each letter, case-insensitively, leaving other characters alone.", '''
def remove_duplicate_letters(text):
    """Keep the first occurrence of each letter (case-insensitive); other characters stay."""
    seen = set()
    out = []
    for ch in text:
        if ch.isalpha():
            key = ch.lower()
            if key in seen:
                continue
            seen.add(key)
        out.append(ch)
    return "".join(out)
''', [("            seen.add(key)", "            seen.add(ch)", "wrong-variable")], [
        "assert remove_duplicate_letters('Aardvark') == 'Ardvk'",
        "assert remove_duplicate_letters('hello world') == 'helo wrd'",
        "assert remove_duplicate_letters('a a a') == 'a  '",
        "assert remove_duplicate_letters('') == ''",
    ], [
        "assert remove_duplicate_letters('Bob') == 'Bo'",
        "assert remove_duplicate_letters('Mississippi') == 'Misp'",
        "assert remove_duplicate_letters('123 abcABC') == '123 abc'",
        "assert remove_duplicate_letters('xyz') == 'xyz'",
    ])

    task("count-by-first-letter", "Count the non-empty words of a list by their lowercased first letter.", '''
def count_by_first_letter(words):
    counts = {}
    for word in words:
        if not word:
            continue
        letter = word[0].lower()
        counts[letter] = counts.get(letter, 0) + 1
    return counts
''', [("        counts[letter] = counts.get(letter, 0) + 1", "        counts[letter] = counts.get(letter, 1) + 1",
       "dict-get-default")], [
        "assert count_by_first_letter(['apple', 'Avocado', 'banana']) == {'a': 2, 'b': 1}",
        "assert count_by_first_letter([]) == {}",
        "assert count_by_first_letter(['', 'cat']) == {'c': 1}",
    ], [
        "assert count_by_first_letter(['x'] * 3) == {'x': 3}",
        "assert count_by_first_letter(['Dog', 'deer', 'Eel', 'emu', 'elk']) == {'d': 2, 'e': 3}",
        "assert count_by_first_letter(['', '']) == {}",
    ])

    task("fill-template", "Replace each {name} placeholder with its value, leaving unknown names as they are.", '''
def fill_template(template, values):
    """Replace each {name} with values[name]; unknown names are left as they are."""
    out = []
    i = 0
    while i < len(template):
        if template[i] == "{":
            end = template.find("}", i)
            if end != -1:
                key = template[i + 1:end]
                if key in values:
                    out.append(str(values[key]))
                    i = end + 1
                    continue
        out.append(template[i])
        i += 1
    return "".join(out)
''', [("                key = template[i + 1:end]", "                key = template[i:end]", "off-by-one"),
      ("                    i = end + 1", "                    i = end", "off-by-one")], [
        "assert fill_template('Hello, {name}!', {'name': 'Ann'}) == 'Hello, Ann!'",
        "assert fill_template('{a}+{b}={c}', {'a': 1, 'b': 2, 'c': 3}) == '1+2=3'",
        "assert fill_template('{missing} stays', {}) == '{missing} stays'",
        "assert fill_template('no braces', {'x': 1}) == 'no braces'",
    ], [
        "assert fill_template('{x}{x}', {'x': 'ab'}) == 'abab'",
        "assert fill_template('open { brace', {'x': 1}) == 'open { brace'",
        "assert fill_template('{y} and {z}', {'z': 0}) == '{y} and 0'",
        "assert fill_template('{}', {'': 'empty'}) == 'empty'",
    ])

    task("extract-numbers", "Return the runs of digits in a text as integers, in order.", '''
def extract_numbers(text):
    numbers = []
    current = ""
    for ch in text + " ":
        if ch.isdigit():
            current += ch
        else:
            if current:
                numbers.append(int(current))
            current = ""
    return numbers
''', [('    for ch in text + " ":', "    for ch in text:", "missing-case")], [
        "assert extract_numbers('a1b22c333') == [1, 22, 333]",
        "assert extract_numbers('no digits') == []",
        "assert extract_numbers('room 101, floor 3') == [101, 3]",
        "assert extract_numbers('007 bond') == [7]",
    ], [
        "assert extract_numbers('42') == [42]",
        "assert extract_numbers('1 2 3 4') == [1, 2, 3, 4]",
        "assert extract_numbers('x9y88') == [9, 88]",
        "assert extract_numbers('') == []",
    ])

    task("extract-hashtags", "Return the distinct hashtags of a text, lowercased and without '#', in order of first appearance.", '''
def extract_hashtags(text):
    """Unique hashtags (lowercase, without '#') in order of first appearance."""
    tags = []
    for word in text.split():
        if word.startswith("#"):
            tag = word[1:].rstrip(".,!?").lower()
            if tag and tag not in tags:
                tags.append(tag)
    return tags
''', [("                tags.append(tag)", "                tags.append(word)", "wrong-variable")], [
        "assert extract_hashtags('Loving #Python and #python!') == ['python']",
        "assert extract_hashtags('#a #b #a') == ['a', 'b']",
        "assert extract_hashtags('no tags # here') == []",
        "assert extract_hashtags('Trip #Summer2024. #beach') == ['summer2024', 'beach']",
    ], [
        "assert extract_hashtags('#X #x #Y') == ['x', 'y']",
        "assert extract_hashtags('#!') == []",
        "assert extract_hashtags('mid#tag') == []",
        "assert extract_hashtags('#One, #TWO? #three') == ['one', 'two', 'three']",
    ])

    task("censor-words", "Replace banned words (whole words, any case) with asterisks of the same length, keeping punctuation.", '''
def censor(text, banned):
    """Replace each banned word (case-insensitive, whole words) with asterisks of the same length."""
    banned = {w.lower() for w in banned}
    out = []
    for word in text.split(" "):
        core = word.strip(".,!?")
        if core.lower() in banned:
            word = word.replace(core, "*" * len(core))
        out.append(word)
    return " ".join(out)
''', [("    banned = {w.lower() for w in banned}", None, "missing-line"),
      ('            word = word.replace(core, "*" * len(core))',
       '            word = word.replace("*" * len(core), core)', "swapped-arguments")], [
        "assert censor('What the heck!', ['heck']) == 'What the ****!'",
        "assert censor('Darn it, DARN', ['Darn']) == '**** it, ****'",
        "assert censor('nothing bad here', ['evil']) == 'nothing bad here'",
        "assert censor('scrap scrape', ['scrap']) == '***** scrape'",
    ], [
        "assert censor('Oh, drat.', ['DRAT']) == 'Oh, ****.'",
        "assert censor('', ['x']) == ''",
        "assert censor('a b a', ['a', 'b']) == '* * *'",
        "assert censor('Fudge? fudge!', ['fudge']) == '*****? *****!'",
    ])

    task("pig-latin", "Translate one lowercase word to Pig Latin.", '''
def pig_latin(word):
    """Translate one lowercase word to Pig Latin."""
    vowels = "aeiou"
    if word[0] in vowels:
        return word + "way"
    for i, ch in enumerate(word):
        if ch in vowels:
            return word[i:] + word[:i] + "ay"
    return word + "ay"
''', [('        return word + "way"', '        return word + "ay"', "wrong-value"),
      ('            return word[i:] + word[:i] + "ay"', '            return word[:i] + word[i:] + "ay"', "swapped-operands")], [
        "assert pig_latin('apple') == 'appleway'",
        "assert pig_latin('string') == 'ingstray'",
        "assert pig_latin('hello') == 'ellohay'",
        "assert pig_latin('rhythm') == 'rhythmay'",
    ], [
        "assert pig_latin('egg') == 'eggway'",
        "assert pig_latin('glove') == 'oveglay'",
        "assert pig_latin('by') == 'byay'",
        "assert pig_latin('school') == 'oolschay'",
    ])

    task("longest-char-run", "Return the character and length of the longest run of one repeated character, the first run winning a tie.", '''
def longest_run(text):
    """Return (char, length) of the longest run of one repeated character; the first wins a tie."""
    if not text:
        return ("", 0)
    best_char, best_len = text[0], 1
    run = 1
    for i in range(1, len(text)):
        if text[i] == text[i - 1]:
            run += 1
        else:
            run = 1
        if run > best_len:
            best_char, best_len = text[i], run
    return (best_char, best_len)
''', [("    best_char, best_len = text[0], 1", "    best_char, best_len = text[0], 0", "initial-value"),
      ("        if run > best_len:", "        if run >= best_len:", "comparison")], [
        "assert longest_run('aabbbcc') == ('b', 3)",
        "assert longest_run('abc') == ('a', 1)",
        "assert longest_run('') == ('', 0)",
        "assert longest_run('xxyy') == ('x', 2)",
    ], [
        "assert longest_run('zzzz') == ('z', 4)",
        "assert longest_run('abbcccdd') == ('c', 3)",
        "assert longest_run('q') == ('q', 1)",
        "assert longest_run('aabb  ') == ('a', 2)",
    ])

    task("word-diff", "List the positions where two sentences differ word by word, a missing word being None.", '''
def word_diff(old, new):
    """List (position, old word, new word) where two sentences differ word by word; missing words are None."""
    a, b = old.split(), new.split()
    changes = []
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        if x != y:
            changes.append((i, x, y))
    return changes
''', [("    for i in range(max(len(a), len(b))):", "    for i in range(min(len(a), len(b))):", "wrong-call"),
      ("        y = b[i] if i < len(b) else None", "        y = b[i] if i < len(a) else None", "wrong-variable")], [
        "assert word_diff('the cat sat', 'the dog sat') == [(1, 'cat', 'dog')]",
        "assert word_diff('a b c', 'a b') == [(2, 'c', None)]",
        "assert word_diff('hi', 'hi there') == [(1, None, 'there')]",
        "assert word_diff('same words', 'same  words') == []",
    ], [
        "assert word_diff('', 'new text') == [(0, None, 'new'), (1, None, 'text')]",
        "assert word_diff('one two three', 'one too tree') == [(1, 'two', 'too'), (2, 'three', 'tree')]",
        "assert word_diff('x y z', '') == [(0, 'x', None), (1, 'y', None), (2, 'z', None)]",
        "assert word_diff('Case', 'case') == [(0, 'Case', 'case')]",
    ])

    task("hamming-distance", "Count the positions where two equal-length strings differ, refusing strings of different lengths.", '''
def hamming_distance(a, b):
    if len(a) != len(b):
        raise ValueError("strings must have equal length")
    distance = 0
    for i in range(len(a)):
        if a[i] != b[i]:
            distance += 1
    return distance
''', [("    for i in range(len(a)):", "    for i in range(len(a) - 1):", "off-by-one")], [
        "assert hamming_distance('karolin', 'kathrin') == 3",
        "assert hamming_distance('abc', 'abd') == 1",
        "try:\n    hamming_distance('ab', 'abc')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
        "assert hamming_distance('', '') == 0",
    ], [
        "assert hamming_distance('1011101', '1001000') == 3",
        "assert hamming_distance('a', 'b') == 1",
        "try:\n    hamming_distance('abc', '')\n    assert False, 'expected ValueError'\nexcept ValueError:\n    pass",
        "assert hamming_distance('aaaa', 'bbbb') == 4",
    ])

    task("vigenere-encrypt", "Encrypt text with a Vigenere key that advances only on letters, keeping case and other characters.", '''
def vigenere_encrypt(text, key):
    """Shift each letter by the matching key letter; the key advances only on letters."""
    out = []
    k = 0
    for ch in text:
        if ch.isalpha():
            base = ord("A") if ch.isupper() else ord("a")
            shift = ord(key[k % len(key)].lower()) - ord("a")
            out.append(chr((ord(ch) - base + shift) % 26 + base))
            k += 1
        else:
            out.append(ch)
    return "".join(out)
''', [('            shift = ord(key[k % len(key)].lower()) - ord("a")',
       '            shift = ord(key[len(out) % len(key)].lower()) - ord("a")', "wrong-variable"),
      ("            k += 1", None, "missing-line")], [
        "assert vigenere_encrypt('attackatdawn', 'lemon') == 'lxfopvefrnhr'",
        "assert vigenere_encrypt('Hello, World!', 'KEY') == 'Rijvs, Uyvjn!'",
        "assert vigenere_encrypt('abc', 'a') == 'abc'",
        "assert vigenere_encrypt('', 'key') == ''",
    ], [
        "assert vigenere_encrypt('xyz', 'b') == 'yza'",
        "assert vigenere_encrypt('ATTACK', 'Lemon') == 'LXFOPV'",
        "assert vigenere_encrypt('a b c', 'bc') == 'b d d'",
        "assert vigenere_encrypt('Go Team!', 'Ab') == 'Gp Tfan!'",
    ])

    task("atbash", "Apply the Atbash cipher (a<->z, b<->y, ...) to the letters of a text, keeping case.", '''
def atbash(text):
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr(ord("z") - (ord(ch) - ord("a"))))
        elif "A" <= ch <= "Z":
            out.append(chr(ord("Z") - (ord(ch) - ord("A"))))
        else:
            out.append(ch)
    return "".join(out)
''', [('        elif "A" <= ch <= "Z":', '        elif "A" <= ch < "Z":', "comparison")], [
        "assert atbash('abc') == 'zyx'",
        "assert atbash('Hello') == 'Svool'",
        "assert atbash('Zebra 9!') == 'Avyiz 9!'",
        "assert atbash('') == ''",
    ], [
        "assert atbash('xyz') == 'cba'",
        "assert atbash('ZZ top') == 'AA glk'",
        "assert atbash('Atbash') == 'Zgyzhs'",
        "assert atbash('123') == '123'",
    ])

    task("sentence-case", "Capitalise the first letter of each sentence and lowercase the other letters.", '''
def sentence_case(text):
    """Capitalise the first letter of each sentence and lowercase the rest."""
    out = []
    start = True
    for ch in text:
        if ch.isalpha():
            out.append(ch.upper() if start else ch.lower())
            start = False
        else:
            out.append(ch)
            if ch in ".!?":
                start = True
    return "".join(out)
''', [("    start = True", "    start = False", "initial-value")], [
        "assert sentence_case('hello. how ARE you? fine!') == 'Hello. How are you? Fine!'",
        "assert sentence_case('THIS IS LOUD. really.') == 'This is loud. Really.'",
        "assert sentence_case('') == ''",
        "assert sentence_case('wait... what?') == 'Wait... What?'",
    ], [
        "assert sentence_case('a') == 'A'",
        "assert sentence_case('one! two? three.') == 'One! Two? Three.'",
        "assert sentence_case('  spaced   out. ok') == '  Spaced   out. Ok'",
        "assert sentence_case('3 cats. 2 DOGS') == '3 Cats. 2 Dogs'",
    ])

    task("initials", "Turn a full name into initials, optionally keeping the last name written out.", '''
def initials(full_name, keep_last=False):
    """'ada king lovelace' -> 'A.K.L.'; with keep_last, 'A. K. Lovelace'."""
    parts = full_name.split()
    if not parts:
        return ""
    if keep_last:
        first = [p[0].upper() + "." for p in parts[:-1]]
        return " ".join(first + [parts[-1].capitalize()])
    return "".join(p[0].upper() + "." for p in parts)
''', [('        first = [p[0].upper() + "." for p in parts[:-1]]',
       '        first = [p[0].upper() + "." for p in parts]', "off-by-one")], [
        "assert initials('ada king lovelace') == 'A.K.L.'",
        "assert initials('ada king lovelace', keep_last=True) == 'A. K. Lovelace'",
        "assert initials('  ') == ''",
        "assert initials('plato', keep_last=True) == 'Plato'",
    ], [
        "assert initials('grace brewster murray hopper', True) == 'G. B. M. Hopper'",
        "assert initials('alan turing') == 'A.T.'",
        "assert initials('x', False) == 'X.'",
        "assert initials('john SMITH', keep_last=True) == 'J. Smith'",
    ])

    task("first-difference", "Return the index where two strings first differ, or -1 when they are equal.", '''
def first_difference(a, b):
    """Index of the first position where a and b differ; -1 when they are equal."""
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return i
    if len(a) == len(b):
        return -1
    return min(len(a), len(b))
''', [("    return min(len(a), len(b))", "    return max(len(a), len(b))", "wrong-call")], [
        "assert first_difference('abcd', 'abxd') == 2",
        "assert first_difference('same', 'same') == -1",
        "assert first_difference('abc', 'abcde') == 3",
        "assert first_difference('', 'x') == 0",
    ], [
        "assert first_difference('hello', 'help') == 3",
        "assert first_difference('ab', 'a') == 1",
        "assert first_difference('', '') == -1",
        "assert first_difference('xyz', 'xyzw') == 3",
    ])

    task("squeeze-repeats", "Shorten every run of one repeated character to at most `limit` characters.", '''
def squeeze(text, limit=1):
    """Shorten every run of one repeated character to at most `limit` characters."""
    out = []
    run = 0
    for i, ch in enumerate(text):
        if i > 0 and ch == text[i - 1]:
            run += 1
        else:
            run = 1
        if run <= limit:
            out.append(ch)
    return "".join(out)
''', [("        if run <= limit:", "        if run < limit:", "comparison")], [
        "assert squeeze('aaabccdd') == 'abcd'",
        "assert squeeze('Hellooo!!!', 2) == 'Helloo!!'",
        "assert squeeze('') == ''",
        "assert squeeze('abc', 1) == 'abc'",
    ], [
        "assert squeeze('zzzzz', 3) == 'zzz'",
        "assert squeeze('a  b   c') == 'a b c'",
        "assert squeeze('mississippi') == 'misisipi'",
        "assert squeeze('xyyx', 2) == 'xyyx'",
    ])

    task("format-table", "Format rows of strings as a table, each column left-aligned to its widest cell.", '''
def format_table(rows):
    """Left-align each column to its widest cell; cells joined by ' | ', lines by newlines."""
    if not rows:
        return ""
    widths = [0] * max(len(row) for row in rows)
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append(" | ".join(cells).rstrip())
    return "\\n".join(lines)
''', [("            widths[i] = max(widths[i], len(cell))", "            widths[i] = len(cell)", "overwrite"),
      ("        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]",
       "        cells = [cell.rjust(widths[i]) for i, cell in enumerate(row)]", "string-method")], [
        "assert format_table([['long', 'x'], ['s', 'y']]) == 'long | x\\ns    | y'",
        "assert format_table([['name', 'age'], ['bob', '7'], ['alice', '30']]) == 'name  | age\\nbob   | 7\\nalice | 30'",
        "assert format_table([]) == ''",
        "assert format_table([['only']]) == 'only'",
    ], [
        "assert format_table([['a', 'bb', 'c'], ['ddd', 'e', 'ff']]) == 'a   | bb | c\\nddd | e  | ff'",
        "assert format_table([['x'], ['yy'], ['z']]) == 'x\\nyy\\nz'",
        "assert format_table([['key', 'value'], ['k', 'v'], ['kk', 'vv']]) == 'key | value\\nk   | v\\nkk  | vv'",
        "assert format_table([['', 'b'], ['a', '']]) == '  | b\\na |'",
    ])

    task("first-unique-char", "Return the index of the first character that occurs exactly once, or -1.", '''
def first_unique_char(text):
    """Index of the first character that appears exactly once, or -1."""
    counts = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    for i, ch in enumerate(text):
        if counts[ch] == 1:
            return i
    return -1
''', [("            return i", "            return ch", "wrong-return")], [
        "assert first_unique_char('leetcode') == 0",
        "assert first_unique_char('loveleetcode') == 2",
        "assert first_unique_char('aabb') == -1",
        "assert first_unique_char('') == -1",
    ], [
        "assert first_unique_char('xxyz') == 2",
        "assert first_unique_char('q') == 0",
        "assert first_unique_char('abab') == -1",
        "assert first_unique_char('aabbc') == 4",
    ])

    task("alternate-case", "Upper-case every other letter starting with the first, non-letters not counting.", '''
def alternate_case(text):
    """Upper-case every other letter starting with the first; non-letters don't count."""
    out = []
    upper = True
    for ch in text:
        if ch.isalpha():
            out.append(ch.upper() if upper else ch.lower())
            upper = not upper
        else:
            out.append(ch)
    return "".join(out)
''', [("        if ch.isalpha():", "        if ch.isalnum():", "string-method")], [
        "assert alternate_case('hello world') == 'HeLlO wOrLd'",
        "assert alternate_case('a-b-c') == 'A-b-C'",
        "assert alternate_case('r2d2') == 'R2d2'",
        "assert alternate_case('') == ''",
    ], [
        "assert alternate_case('abcd') == 'AbCd'",
        "assert alternate_case('1a2b') == '1A2b'",
        "assert alternate_case('Q') == 'Q'",
        "assert alternate_case('no, way 4 u') == 'No, WaY 4 u'",
    ])

    task("expand-tabs", "Replace each tab in a line with spaces up to the next multiple of the tab size.", '''
def expand_tabs(line, tab_size=4):
    """Replace each tab with spaces up to the next multiple of tab_size columns."""
    out = []
    column = 0
    for ch in line:
        if ch == "\\t":
            spaces = tab_size - column % tab_size
            out.append(" " * spaces)
            column += spaces
        else:
            out.append(ch)
            column += 1
    return "".join(out)
''', [("            spaces = tab_size - column % tab_size", "            spaces = tab_size - column // tab_size", "wrong-operator"),
      ("            column += 1", None, "missing-line")], [
        "assert expand_tabs('a\\tb') == 'a   b'",
        "assert expand_tabs('\\tx') == '    x'",
        "assert expand_tabs('abcd\\te', 4) == 'abcd    e'",
        "assert expand_tabs('ab\\tc', 8) == 'ab      c'",
    ], [
        "assert expand_tabs('no tabs') == 'no tabs'",
        "assert expand_tabs('\\t\\t', 2) == '    '",
        "assert expand_tabs('abc\\td\\te') == 'abc d   e'",
        "assert expand_tabs('x\\ty', 1) == 'x y'",
    ])
