"""Part f of make_train_bugs.py: strings and text (tokenising, small formats, encoding, validation)."""


def add(task):
    task("split-shell-words", "Split a command line on whitespace, with single quotes grouping words.", '''
def split_shell_words(line):
    """Split a command line on whitespace; single quotes group words and are removed."""
    words = []
    current = ""
    in_quote = False
    has_word = False
    for ch in line:
        if ch == "'":
            in_quote = not in_quote
            has_word = True
        elif ch.isspace() and not in_quote:
            if has_word:
                words.append(current)
            current = ""
            has_word = False
        else:
            current += ch
            has_word = True
    if has_word:
        words.append(current)
    return words
''', [
        ("        elif ch.isspace() and not in_quote:", "        elif ch.isspace():", "missing-condition"),
        ("    if has_word:\n        words.append(current)\n    return words",
         "    if current:\n        words.append(current)\n    return words", "wrong-condition"),
    ], [
        "assert split_shell_words('ls -l  /tmp') == ['ls', '-l', '/tmp']",
        "assert split_shell_words(\"echo 'hello world'\") == ['echo', 'hello world']",
        "assert split_shell_words(\"grep ''\") == ['grep', '']",
        "assert split_shell_words('') == []",
    ], [
        "assert split_shell_words(\"a'b c'd\") == ['ab cd']",
        "assert split_shell_words('  x  ') == ['x']",
        "assert split_shell_words(\"say 'it''s'\") == ['say', 'its']",
        "assert split_shell_words(\"'' b\") == ['', 'b']",
    ])

    task("parse-cookie-header", "Parse a Cookie header into a dict of names and values.", '''
def parse_cookies(header):
    """Parse a Cookie header 'a=1; b=2' into a dict; parts without '=' are ignored."""
    cookies = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if not sep or not name:
            continue
        cookies[name] = value
    return cookies
''', [
        ('        name, sep, value = part.strip().partition("=")',
         '        name, sep, value = part.strip().rpartition("=")', "string-method"),
    ], [
        "assert parse_cookies('a=1; b=2') == {'a': '1', 'b': '2'}",
        "assert parse_cookies('token=YWJj==; x=1') == {'token': 'YWJj==', 'x': '1'}",
        "assert parse_cookies('flag; k=v') == {'k': 'v'}",
        "assert parse_cookies('sid=abc') == {'sid': 'abc'}",
    ], [
        "assert parse_cookies('') == {}",
        "assert parse_cookies('q=a=b') == {'q': 'a=b'}",
        "assert parse_cookies(' =x; y=') == {'y': ''}",
        "assert parse_cookies('s=1;s=2') == {'s': '2'}",
    ])

    task("url-host-port", "Extract the host and port of a URL, using the scheme's default port.", '''
DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


def host_and_port(url):
    """Return (host, port) of 'scheme://[user@]host[:port]/...', using the scheme's default port."""
    scheme, _, rest = url.partition("://")
    authority = rest.split("/", 1)[0]
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    host, sep, port = authority.partition(":")
    if sep:
        return host.lower(), int(port)
    return host.lower(), DEFAULT_PORTS[scheme.lower()]
''', [
        ('    authority = rest.split("/", 1)[0]', '    authority = rest.split("/", 1)[-1]', "wrong-index"),
        ("        return host.lower(), int(port)", "        return host.lower(), port", "missing-call"),
    ], [
        "assert host_and_port('http://example.com/index.html') == ('example.com', 80)",
        "assert host_and_port('https://api.test:8443/v1') == ('api.test', 8443)",
        "assert host_and_port('ftp://files.org') == ('files.org', 21)",
        "assert host_and_port('http://localhost:3000') == ('localhost', 3000)",
    ], [
        "assert host_and_port('HTTP://User@Example.COM:8080/a/b') == ('example.com', 8080)",
        "assert host_and_port('https://x.y') == ('x.y', 443)",
        "assert host_and_port('http://u:p@h:81/') == ('h', 81)",
        "assert host_and_port('https://cdn.site/img/logo.png') == ('cdn.site', 443)",
    ])

    task("file-extension", "Return a file name's extension, treating a leading dot as a hidden file.", '''
def file_extension(name):
    """Return the lower-case extension of a file name without the dot ('' when it has none).

    A leading dot marks a hidden file, not an extension: '.bashrc' has none."""
    base = name.rsplit("/", 1)[-1]
    stem = base.lstrip(".")
    if "." not in stem:
        return ""
    return stem.rsplit(".", 1)[1].lower()
''', [
        ('    return stem.rsplit(".", 1)[1].lower()', '    return stem.split(".", 1)[1].lower()', "string-method"),
    ], [
        "assert file_extension('photo.JPG') == 'jpg'",
        "assert file_extension('archive.tar.gz') == 'gz'",
        "assert file_extension('.bashrc') == ''",
        "assert file_extension('README') == ''",
    ], [
        "assert file_extension('/home/u/.config/app.v2.json') == 'json'",
        "assert file_extension('dir.d/file') == ''",
        "assert file_extension('.env.local') == 'local'",
        "assert file_extension('a.b.c.D') == 'd'",
    ])

    task("human-size", "Format a byte count with binary units (B, KiB, MiB, ...).", '''
def human_size(n):
    """Format a byte count with binary units: 512 -> '512 B', 1536 -> '1.5 KiB'."""
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    size = float(n)
    i = 0
    while size >= 1024 and i < len(units) - 1:
        size /= 1024
        i += 1
    if i == 0:
        return f"{n} B"
    return f"{size:.1f} {units[i]}"
''', [
        ("    while size >= 1024 and i < len(units) - 1:", "    while size > 1024 and i < len(units) - 1:", "comparison"),
        ('        return f"{n} B"', '        return f"{size} B"', "wrong-variable"),
    ], [
        "assert human_size(512) == '512 B'",
        "assert human_size(1024) == '1.0 KiB'",
        "assert human_size(1536) == '1.5 KiB'",
        "assert human_size(1024 ** 5) == '1024.0 TiB'",
    ], [
        "assert human_size(0) == '0 B'",
        "assert human_size(1023) == '1023 B'",
        "assert human_size(5 * 1024 ** 3) == '5.0 GiB'",
        "assert human_size(3 * 1024 ** 5) == '3072.0 TiB'",
    ])

    task("parse-size-units", "Parse a size such as '2.5K' or '3 MB' into a number of bytes.", '''
SIZE_UNITS = {"": 1, "K": 1000, "M": 1000 ** 2, "G": 1000 ** 3}


def parse_size(text):
    """Parse '10', '2.5K', '3 MB' or '1g' into a number of bytes (decimal units)."""
    text = text.strip().upper()
    if text.endswith("B"):
        text = text[:-1]
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    number, unit = text[:i].strip(), text[i:]
    if unit not in SIZE_UNITS:
        raise ValueError(f"unknown unit: {unit}")
    return int(float(number) * SIZE_UNITS[unit])
''', [
        ("    text = text.strip().upper()", "    text = text.strip()", "missing-call"),
    ], [
        "assert parse_size('10') == 10",
        "assert parse_size('2.5K') == 2500",
        "assert parse_size('3 MB') == 3000000",
        "assert parse_size('1g') == 1000000000",
    ], [
        "assert parse_size(' 7kb ') == 7000",
        "assert parse_size('0.5M') == 500000",
        "assert parse_size('12B') == 12",
        "try:\n    parse_size('4X')\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("timecode-to-ms", "Convert an 'MM:SS' or 'HH:MM:SS.mmm' timecode into milliseconds.", '''
def timecode_ms(text):
    """Milliseconds in a 'MM:SS', 'HH:MM:SS' or 'HH:MM:SS.mmm' timecode."""
    main, _, frac = text.partition(".")
    total = 0
    for part in main.split(":"):
        total = total * 60 + int(part)
    ms = int(frac.ljust(3, "0")[:3]) if frac else 0
    return total * 1000 + ms
''', [
        ("        total = total * 60 + int(part)", "        total = total + int(part) * 60", "wrong-formula"),
        ('    ms = int(frac.ljust(3, "0")[:3]) if frac else 0', '    ms = int(frac.rjust(3, "0")[:3]) if frac else 0', "string-method"),
    ], [
        "assert timecode_ms('01:30') == 90000",
        "assert timecode_ms('1:00:00') == 3600000",
        "assert timecode_ms('00:00:02.5') == 2500",
        "assert timecode_ms('0:05.250') == 5250",
    ], [
        "assert timecode_ms('10:00') == 600000",
        "assert timecode_ms('00:01:01.0625') == 61062",
        "assert timecode_ms('2:03:04.07') == 7384070",
        "assert timecode_ms('0:00') == 0",
    ])

    task("zero-pad-signed", "Left-pad an integer with zeros to a width, keeping the sign first.", '''
def zero_pad(number, width):
    """Format an integer left-padded with zeros to `width` characters, sign first: -5, 4 -> '-005'."""
    digits = str(abs(number))
    sign = "-" if number < 0 else ""
    return sign + digits.rjust(width - len(sign), "0")
''', [
        ('    return sign + digits.rjust(width - len(sign), "0")', '    return sign + digits.rjust(width, "0")', "missing-term"),
    ], [
        "assert zero_pad(42, 5) == '00042'",
        "assert zero_pad(-5, 4) == '-005'",
        "assert zero_pad(123, 2) == '123'",
    ], [
        "assert zero_pad(0, 3) == '000'",
        "assert zero_pad(-1234, 3) == '-1234'",
        "assert zero_pad(-7, 3) == '-07'",
    ])

    task("thousands-commas", "Format an integer with commas between groups of three digits.", '''
def with_commas(n):
    """Format an integer with commas between groups of three digits: -1234567 -> '-1,234,567'."""
    digits = str(abs(n))
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    sign = "-" if n < 0 else ""
    return sign + ",".join(groups)
''', [
        ("    while len(digits) > 3:", "    while len(digits) >= 3:", "comparison"),
        ("        groups.insert(0, digits[-3:])", "        groups.append(digits[-3:])", "wrong-call"),
    ], [
        "assert with_commas(999) == '999'",
        "assert with_commas(1234567) == '1,234,567'",
        "assert with_commas(-1000) == '-1,000'",
    ], [
        "assert with_commas(0) == '0'",
        "assert with_commas(1000000) == '1,000,000'",
        "assert with_commas(-987654321) == '-987,654,321'",
    ])

    task("hex-string-to-bytes", "Decode a hex string, with optional spaces between bytes, into byte values.", '''
def hex_to_bytes(text):
    """Decode a hex string (spaces allowed between bytes) into a list of byte values."""
    clean = "".join(text.split())
    if len(clean) % 2:
        raise ValueError("odd number of hex digits")
    return [int(clean[i:i + 2], 16) for i in range(0, len(clean), 2)]
''', [
        ("    return [int(clean[i:i + 2], 16) for i in range(0, len(clean), 2)]",
         "    return [int(clean[i:i + 2], 16) for i in range(0, len(clean) - 2, 2)]", "off-by-one"),
    ], [
        "assert hex_to_bytes('ff00') == [255, 0]",
        "assert hex_to_bytes('de ad be ef') == [222, 173, 190, 239]",
        "assert hex_to_bytes('') == []",
        "try:\n    hex_to_bytes('abc')\n    assert False\nexcept ValueError:\n    pass",
    ], [
        "assert hex_to_bytes('0A') == [10]",
        "assert hex_to_bytes(' 01  02\\n03 ') == [1, 2, 3]",
        "assert hex_to_bytes('7F80') == [127, 128]",
        "try:\n    hex_to_bytes('f')\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("percent-encode", "Percent-encode the UTF-8 bytes of a string outside the unreserved URL characters.", '''
SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def percent_encode(text):
    """Percent-encode every byte of the UTF-8 text outside the unreserved URL characters."""
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in SAFE:
            out.append(ch)
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)
''', [
        ('            out.append(f"%{byte:02X}")', '            out.append(f"%{byte:X}")', "wrong-value"),
    ], [
        "assert percent_encode('a b') == 'a%20b'",
        "assert percent_encode('x/y?') == 'x%2Fy%3F'",
        "assert percent_encode('tab\\there') == 'tab%09here'",
    ], [
        "assert percent_encode('\\u00e9') == '%C3%A9'",
        "assert percent_encode('A-Z_~.') == 'A-Z_~.'",
        "assert percent_encode('\\x01\\n') == '%01%0A'",
    ])

    task("percent-decode", "Decode %XX escapes as UTF-8, reading '+' as a space in form data.", '''
def percent_decode(text, plus_is_space=True):
    """Decode %XX escapes (as UTF-8 bytes); '+' means a space in form data."""
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 2 < len(text):
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
            continue
        if ch == "+" and plus_is_space:
            out.append(32)
        else:
            out.extend(ch.encode("utf-8"))
        i += 1
    return out.decode("utf-8")
''', [
        ('        if ch == "%" and i + 2 < len(text):', '        if ch == "%" and i + 2 < len(text) - 1:', "off-by-one"),
        ('            out.extend(ch.encode("utf-8"))', "            out.append(ord(ch))", "wrong-call"),
    ], [
        "assert percent_decode('a%20b') == 'a b'",
        "assert percent_decode('x+y%21') == 'x y!'",
        "assert percent_decode('caf%C3%A9') == 'caf\\u00e9'",
        "assert percent_decode('na\\u00efve') == 'na\\u00efve'",
    ], [
        "assert percent_decode('1+1', plus_is_space=False) == '1+1'",
        "assert percent_decode('%41%42%43') == 'ABC'",
        "assert percent_decode('100%') == '100%'",
        "assert percent_decode('%e2%82%ac+x') == '\\u20ac x'",
    ])

    task("html-escape-text", "Escape &, <, > and double quotes for HTML text.", '''
def html_escape(text, quote=True):
    """Escape &, <, > (and double quotes when quote is true) for HTML text."""
    text = text.replace("&", "&amp;")
    text = text.replace("<", "&lt;")
    text = text.replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    return text
''', [
        ('    text = text.replace("&", "&amp;")\n    text = text.replace("<", "&lt;")\n    text = text.replace(">", "&gt;")',
         '    text = text.replace("<", "&lt;")\n    text = text.replace(">", "&gt;")\n    text = text.replace("&", "&amp;")',
         "wrong-order"),
    ], [
        "assert html_escape('Tom & Jerry') == 'Tom &amp; Jerry'",
        "assert html_escape('a < b') == 'a &lt; b'",
        "assert html_escape('say \"hi\"') == 'say &quot;hi&quot;'",
    ], [
        "assert html_escape('\"x\"', quote=False) == '\"x\"'",
        "assert html_escape('&lt;') == '&amp;lt;'",
        "assert html_escape('a>b&c') == 'a&gt;b&amp;c'",
    ])

    task("strip-html-tags", "Remove <...> tags from HTML, keeping the text between them.", '''
def strip_tags(html):
    """Remove <...> tags from HTML, keeping the text between them (a stray '>' is text)."""
    out = []
    depth = 0
    for ch in html:
        if ch == "<":
            depth += 1
        elif ch == ">" and depth > 0:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)
''', [
        ('        elif ch == ">" and depth > 0:', '        elif ch == ">":', "missing-condition"),
    ], [
        "assert strip_tags('<p>Hello</p>') == 'Hello'",
        "assert strip_tags('<b>bold</b> and <i>it</i>') == 'bold and it'",
        "assert strip_tags('x > y') == 'x > y'",
    ], [
        "assert strip_tags('no tags') == 'no tags'",
        "assert strip_tags('5 > 3 <br/>ok') == '5 > 3 ok'",
        "assert strip_tags('<a href=\"x\">link</a>!') == 'link!'",
    ])

    task("longest-word", "Return the first longest run of letters in a text.", '''
def longest_word(text):
    """Return the longest word (letters only) in text; the first one on a tie, '' when none."""
    best = ""
    word = ""
    for ch in text + " ":
        if ch.isalpha():
            word += ch
        else:
            if len(word) > len(best):
                best = word
            word = ""
    return best
''', [
        ('    for ch in text + " ":', "    for ch in text:", "missing-term"),
    ], [
        "assert longest_word('a quick fox') == 'quick'",
        "assert longest_word('hi there, friend') == 'friend'",
        "assert longest_word('') == ''",
    ], [
        "assert longest_word('cat dog owl') == 'cat'",
        "assert longest_word('x, yy; zzz') == 'zzz'",
        "assert longest_word('123 45') == ''",
    ])

    task("char-category-counts", "Count upper-case, lower-case, digit, space and other characters.", '''
def char_categories(text):
    """Count upper-case letters, lower-case letters, digits, spaces and other characters."""
    counts = {"upper": 0, "lower": 0, "digit": 0, "space": 0, "other": 0}
    for ch in text:
        if ch.isupper():
            counts["upper"] += 1
        elif ch.islower():
            counts["lower"] += 1
        elif ch.isdigit():
            counts["digit"] += 1
        elif ch.isspace():
            counts["space"] += 1
        else:
            counts["other"] += 1
    return counts
''', [
        ("        elif ch.isdigit():", "        if ch.isdigit():", "wrong-keyword"),
    ], [
        "assert char_categories('Ab1 !') == {'upper': 1, 'lower': 1, 'digit': 1, 'space': 1, 'other': 1}",
        "assert char_categories('') == {'upper': 0, 'lower': 0, 'digit': 0, 'space': 0, 'other': 0}",
        "assert char_categories('HELLO') == {'upper': 5, 'lower': 0, 'digit': 0, 'space': 0, 'other': 0}",
    ], [
        "assert char_categories('a\\tb\\nc') == {'upper': 0, 'lower': 3, 'digit': 0, 'space': 2, 'other': 0}",
        "assert char_categories('2024-01-01') == {'upper': 0, 'lower': 0, 'digit': 8, 'space': 0, 'other': 2}",
        "assert char_categories('Go 2!') == {'upper': 1, 'lower': 1, 'digit': 1, 'space': 1, 'other': 1}",
    ])

    task("split-sentences", "Split text into sentences ending in '.', '!' or '?' followed by a space.", '''
def split_sentences(text):
    """Split text into sentences ending in '.', '!' or '?' followed by a space or the end."""
    sentences = []
    start = 0
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            sentence = text[start:i + 1].strip()
            if sentence:
                sentences.append(sentence)
            start = i + 1
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
''', [
        ('        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):',
         '        if ch in ".!?" and (i + 1 == len(text) and text[i + 1] == " "):', "boolean-logic"),
        ("            sentence = text[start:i + 1].strip()", "            sentence = text[start:i].strip()", "off-by-one"),
    ], [
        "assert split_sentences('Hi. How are you? Fine!') == ['Hi.', 'How are you?', 'Fine!']",
        "assert split_sentences('Pi is 3.14 ok. Yes') == ['Pi is 3.14 ok.', 'Yes']",
        "assert split_sentences('') == []",
    ], [
        "assert split_sentences('Wait...  What?') == ['Wait...', 'What?']",
        "assert split_sentences('no end') == ['no end']",
        "assert split_sentences('A! B!') == ['A!', 'B!']",
    ])

    task("estimate-syllables", "Estimate the syllables of an English word from its vowel groups.", '''
def count_syllables(word):
    """Estimate syllables: groups of consecutive vowels (y counts), less a silent final 'e'; at least 1."""
    word = word.lower()
    count = 0
    prev_vowel = False
    for ch in word:
        is_vowel = ch in "aeiouy"
        if is_vowel and not prev_vowel:
            count += 1
        prev_vowel = is_vowel
    if word.endswith("e") and not word.endswith("le") and count > 1:
        count -= 1
    return max(count, 1)
''', [
        ("        prev_vowel = is_vowel", None, "missing-line"),
    ], [
        "assert count_syllables('cat') == 1",
        "assert count_syllables('boat') == 1",
        "assert count_syllables('make') == 1",
        "assert count_syllables('table') == 2",
    ], [
        "assert count_syllables('Beautiful') == 3",
        "assert count_syllables('queue') == 1",
        "assert count_syllables('engineering') == 4",
        "assert count_syllables('rhythm') == 1",
    ])

    task("missing-letters", "List the letters a-z that a text never uses, ignoring case.", '''
def missing_letters(text):
    """Return the letters a-z that text never uses (ignoring case), in alphabetical order."""
    seen = set(text.lower())
    return "".join(ch for ch in "abcdefghijklmnopqrstuvwxyz" if ch not in seen)
''', [
        ("    seen = set(text.lower())", "    seen = set(text)", "missing-call"),
    ], [
        "assert missing_letters('The quick brown fox jumps over the lazy dog') == ''",
        "assert missing_letters('abcdefghijklmnopqrstuvw') == 'xyz'",
        "assert missing_letters('ABCDEFGHIJKLMNOPQRSTUVWXY') == 'z'",
    ], [
        "assert missing_letters('') == 'abcdefghijklmnopqrstuvwxyz'",
        "assert missing_letters('Sphinx of black quartz, judge my vow') == ''",
        "assert missing_letters('Hello World') == 'abcfgijkmnpqstuvxyz'",
    ])

    task("python-identifier-valid", "Check that a name is a valid ASCII Python identifier and not a keyword.", '''
import keyword


def is_identifier(name):
    """True when name is a valid ASCII Python identifier (letters, digits, '_') and not a keyword."""
    if not name or keyword.iskeyword(name):
        return False
    if not (name[0].isalpha() or name[0] == "_"):
        return False
    for ch in name[1:]:
        if not (ch.isalnum() or ch == "_"):
            return False
    return name.isascii()
''', [
        ("    if not name or keyword.iskeyword(name):", "    if keyword.iskeyword(name):", "missing-condition"),
    ], [
        "assert is_identifier('my_var') is True",
        "assert is_identifier('2x') is False",
        "assert is_identifier('') is False",
        "assert is_identifier('class') is False",
    ], [
        "assert [is_identifier(s) for s in ('', 'a-b', 'ok')] == [False, False, True]",
        "assert is_identifier('_private9') is True",
        "assert is_identifier('caf\\u00e9') is False",
        "assert is_identifier('None') is False",
    ])

    task("mac-address-valid", "Check a MAC address: six two-digit hex groups joined by ':' or '-'.", '''
def is_mac_address(text):
    """True for six two-digit hex groups separated consistently by ':' or '-'."""
    for sep in ":-":
        parts = text.split(sep)
        if len(parts) == 6:
            return all(len(p) == 2 and all(c in "0123456789abcdefABCDEF" for c in p) for p in parts)
    return False
''', [
        ('            return all(len(p) == 2 and all(c in "0123456789abcdefABCDEF" for c in p) for p in parts)',
         '            return all(len(p) <= 2 and all(c in "0123456789abcdefABCDEF" for c in p) for p in parts)',
         "comparison"),
    ], [
        "assert is_mac_address('00:1A:2b:3C:4d:5E') is True",
        "assert is_mac_address('00-11-22-33-44-55') is True",
        "assert is_mac_address('0:1:2:3:4:5') is False",
        "assert is_mac_address('00:11:22:33:44') is False",
    ], [
        "assert is_mac_address('00:11-22:33:44:55') is False",
        "assert is_mac_address('gg:11:22:33:44:55') is False",
        "assert is_mac_address('00:11:22:33:44:') is False",
        "assert is_mac_address('aa:bb:cc:dd:ee:ff') is True",
    ])

    task("normalize-phone", "Normalise a phone number to '+<country><digits>', checking its digits.", '''
def normalize_phone(text, default_country="1"):
    """Normalise a phone number to '+<country><digits>'; ' ', '-', '.', '(' and ')' are dropped.

    A number without a leading '+' gets the default country code and must have 10 digits."""
    text = text.strip()
    international = text.startswith("+")
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != len([ch for ch in text if ch not in " -.()+"]):
        raise ValueError("unexpected character")
    if international:
        return "+" + digits
    if len(digits) != 10:
        raise ValueError("expected 10 digits")
    return "+" + default_country + digits
''', [
        ("    text = text.strip()", None, "missing-line"),
        ("    if len(digits) != 10:", "    if len(digits) < 10:", "comparison"),
    ], [
        "assert normalize_phone('(555) 123-4567') == '+15551234567'",
        "assert normalize_phone(' +44 20 7946 0958') == '+442079460958'",
        "try:\n    normalize_phone('555-123-45678')\n    assert False\nexcept ValueError:\n    pass",
        "try:\n    normalize_phone('555-CALL-NOW')\n    assert False\nexcept ValueError:\n    pass",
    ], [
        "assert normalize_phone('555.123.4567', default_country='33') == '+335551234567'",
        "assert normalize_phone('  +1 (555) 000-1111 ') == '+15550001111'",
        "try:\n    normalize_phone('1 555 123 4567')\n    assert False\nexcept ValueError:\n    pass",
        "try:\n    normalize_phone('555 123 4567 x12')\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("email-looks-valid", "A light e-mail address check: one '@', a local part, a dotted domain.", '''
def email_looks_valid(address):
    """A light e-mail check: one '@', a non-empty local part, no spaces, and a dot inside the domain."""
    if address.count("@") != 1:
        return False
    local, domain = address.split("@")
    if not local or " " in address:
        return False
    dot = domain.rfind(".")
    return 0 < dot < len(domain) - 1
''', [
        ("    return 0 < dot < len(domain) - 1", "    return 0 < dot < len(domain)", "off-by-one"),
    ], [
        "assert email_looks_valid('ann@example.com') is True",
        "assert email_looks_valid('ann@example.') is False",
        "assert email_looks_valid('a@@b.c') is False",
        "assert email_looks_valid('@b.c') is False",
    ], [
        "assert email_looks_valid('bob@.com') is False",
        "assert email_looks_valid('x y@a.b') is False",
        "assert email_looks_valid('u@mail.co.uk') is True",
        "assert email_looks_valid('me@site.org.') is False",
    ])

    task("indent-lines", "Prefix every non-blank line of a text, keeping the line endings.", '''
def indent(text, prefix="    "):
    """Add prefix to the start of every line that is not blank, keeping line endings."""
    lines = text.splitlines(keepends=True)
    return "".join(prefix + line if line.strip() else line for line in lines)
''', [
        ("    lines = text.splitlines(keepends=True)", "    lines = text.splitlines()", "wrong-keyword"),
    ], [
        "assert indent('a\\nb') == '    a\\n    b'",
        "assert indent('x\\n\\ny\\n', '> ') == '> x\\n\\n> y\\n'",
        "assert indent('') == ''",
    ], [
        "assert indent('  \\nz', '#') == '  \\n#z'",
        "assert indent('one') == '    one'",
        "assert indent('a\\r\\nb', '-') == '-a\\r\\n-b'",
    ])

    task("dedent-spaces", "Remove the leading spaces common to every non-blank line.", '''
def dedent(text):
    """Remove the longest run of leading spaces common to every non-blank line; blank lines become empty."""
    lines = text.split("\\n")
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(widths) if widths else 0
    return "\\n".join(line[cut:] if line.strip() else "" for line in lines)
''', [
        ('    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]',
         '    widths = [len(line) - len(line.lstrip(" ")) for line in lines]', "missing-condition"),
        ("    cut = min(widths) if widths else 0", "    cut = max(widths) if widths else 0", "wrong-call"),
    ], [
        "assert dedent('  a\\n    b') == 'a\\n  b'",
        "assert dedent('    x\\n\\n    y') == 'x\\n\\ny'",
        "assert dedent('none') == 'none'",
    ], [
        "assert dedent('') == ''",
        "assert dedent('   \\n  k\\n   m') == '\\nk\\n m'",
        "assert dedent('  p\\n  q\\n') == 'p\\nq\\n'",
    ])

    task("trim-blank-lines", "Drop the blank lines at the start and end of a text, keeping inner ones.", '''
def trim_blank_lines(text):
    """Drop blank lines at the start and the end of text; keep the ones in the middle."""
    lines = text.split("\\n")
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\\n".join(lines[start:end])
''', [
        ('    return "\\n".join(lines[start:end])', '    return "\\n".join(lines[start:end - 1])', "off-by-one"),
    ], [
        "assert trim_blank_lines('\\n\\nhello\\n\\n') == 'hello'",
        "assert trim_blank_lines('a\\n\\nb') == 'a\\n\\nb'",
        "assert trim_blank_lines('   \\n') == ''",
    ], [
        "assert trim_blank_lines('x') == 'x'",
        "assert trim_blank_lines(' \\n y \\n\\t\\n') == ' y '",
        "assert trim_blank_lines('p\\n\\n\\nq\\n') == 'p\\n\\n\\nq'",
    ])

    task("parse-key-path", "Split a path like 'a.b[2].c' into names and integer indexes.", '''
def parse_key_path(path):
    """Split 'a.b[2].c' into ['a', 'b', 2, 'c']: dotted names and integer [indexes]."""
    parts = []
    name = ""
    i = 0
    while i < len(path):
        ch = path[i]
        if ch == ".":
            if name:
                parts.append(name)
            name = ""
        elif ch == "[":
            if name:
                parts.append(name)
            name = ""
            close = path.index("]", i)
            parts.append(int(path[i + 1:close]))
            i = close
        else:
            name += ch
        i += 1
    if name:
        parts.append(name)
    return parts
''', [
        ("            parts.append(int(path[i + 1:close]))", "            parts.append(int(path[i:close]))", "off-by-one"),
        ("    if name:\n        parts.append(name)\n    return parts", "    return parts", "missing-line"),
    ], [
        "assert parse_key_path('a.b[2].c') == ['a', 'b', 2, 'c']",
        "assert parse_key_path('items[0]') == ['items', 0]",
        "assert parse_key_path('x') == ['x']",
        "assert parse_key_path('m[1][2]') == ['m', 1, 2]",
    ], [
        "assert parse_key_path('') == []",
        "assert parse_key_path('[3].name') == [3, 'name']",
        "assert parse_key_path('config.server.port') == ['config', 'server', 'port']",
        "assert parse_key_path('grid[10][20].v') == ['grid', 10, 20, 'v']",
    ])

    task("parse-bool-flag", "Read a yes/no flag from a config value, rejecting anything else.", '''
TRUTHY = {"1", "true", "yes", "on", "y"}
FALSY = {"0", "false", "no", "off", "n", ""}


def parse_bool(text):
    """Read a yes/no flag from a config value, ignoring case and spaces; raise ValueError otherwise."""
    word = text.strip().lower()
    if word in TRUTHY:
        return True
    if word in FALSY:
        return False
    raise ValueError(f"not a boolean: {text!r}")
''', [
        ("    word = text.strip().lower()", "    word = text.lower()", "missing-call"),
    ], [
        "assert parse_bool('Yes') is True",
        "assert parse_bool(' off ') is False",
        "assert parse_bool('1') is True",
        "try:\n    parse_bool('maybe')\n    assert False\nexcept ValueError:\n    pass",
    ], [
        "assert parse_bool('') is False",
        "assert parse_bool('TRUE\\n') is True",
        "assert parse_bool('\\tn') is False",
        "try:\n    parse_bool(' 2 ')\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("mask-card-number", "Mask all digits of a card number but the last four, keeping separators.", '''
def mask_card(number):
    """Replace every digit but the last four with '*', keeping spaces and dashes where they are."""
    total = sum(ch.isdigit() for ch in number)
    seen = 0
    out = []
    for ch in number:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)
''', [
        ("    total = sum(ch.isdigit() for ch in number)", "    total = len(number)", "wrong-expression"),
        ('            out.append(ch if seen > total - 4 else "*")', '            out.append(ch if seen >= total - 4 else "*")', "comparison"),
    ], [
        "assert mask_card('1234567812345678') == '************5678'",
        "assert mask_card('1234 5678 9012 3456') == '**** **** **** 3456'",
        "assert mask_card('12') == '12'",
    ], [
        "assert mask_card('4111-1111-1111-1111') == '****-****-****-1111'",
        "assert mask_card('12345') == '*2345'",
        "assert mask_card('98 76') == '98 76'",
    ])

    task("english-ordinal", "Write a number with its English ordinal suffix (1st, 2nd, 11th, 23rd).", '''
def ordinal(n):
    """Return n with its English ordinal suffix: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
''', [
        ("    if 10 <= n % 100 <= 20:", "    if 10 <= n <= 20:", "missing-term"),
        ('        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")',
         '        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n, "th")', "wrong-argument"),
    ], [
        "assert ordinal(1) == '1st'",
        "assert ordinal(13) == '13th'",
        "assert ordinal(22) == '22nd'",
        "assert ordinal(112) == '112th'",
    ], [
        "assert ordinal(0) == '0th'",
        "assert ordinal(101) == '101st'",
        "assert ordinal(213) == '213th'",
        "assert ordinal(1003) == '1003rd'",
    ])

    task("pluralize-noun", "Put a count before a noun with simple English plural rules.", '''
def pluralize(word, count):
    """'1 cat', '2 cats', '3 boxes', '2 churches', '2 cities', '2 days': simple English plural rules."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        plural = word + "es"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        plural = word[:-1] + "ies"
    else:
        plural = word + "s"
    return f"{count} {plural}"
''', [
        ('    if word.endswith(("s", "x", "z", "ch", "sh")):', '    if word.endswith(("s", "x", "z")):', "missing-case"),
    ], [
        "assert pluralize('cat', 2) == '2 cats'",
        "assert pluralize('church', 2) == '2 churches'",
        "assert pluralize('city', 3) == '3 cities'",
        "assert pluralize('dog', 1) == '1 dog'",
    ], [
        "assert pluralize('bush', 4) == '4 bushes'",
        "assert pluralize('day', 0) == '0 days'",
        "assert pluralize('box', 5) == '5 boxes'",
        "assert pluralize('match', 1) == '1 match'",
    ])

    task("offset-to-line-column", "Turn a character offset into a 1-based (line, column) pair.", '''
def line_and_column(text, offset):
    """1-based (line, column) of the character at `offset` in text."""
    line = text.count("\\n", 0, offset) + 1
    last_newline = text.rfind("\\n", 0, offset)
    return line, offset - last_newline
''', [
        ('    last_newline = text.rfind("\\n", 0, offset)', '    last_newline = text.find("\\n", 0, offset)', "string-method"),
    ], [
        "assert line_and_column('abc', 0) == (1, 1)",
        "assert line_and_column('ab\\ncd', 3) == (2, 1)",
        "assert line_and_column('a\\nb\\ncde', 5) == (3, 2)",
    ], [
        "assert line_and_column('x\\ny\\nz', 4) == (3, 1)",
        "assert line_and_column('hello', 4) == (1, 5)",
        "assert line_and_column('ab\\ncd\\nef', 2) == (1, 3)",
    ])

    task("parse-header-block", "Parse 'Name: value' header lines with folded continuation lines.", '''
def parse_headers(text):
    """Parse 'Name: value' header lines into a dict with lower-case names, up to the first blank line.

    A line starting with a space or tab continues the previous header's value."""
    headers = {}
    last = None
    for line in text.splitlines():
        if not line.strip():
            break
        if line[0] in " \\t" and last is not None:
            headers[last] += " " + line.strip()
            continue
        name, _, value = line.partition(":")
        last = name.strip().lower()
        headers[last] = value.strip()
    return headers
''', [
        ("            break", "            continue", "wrong-statement"),
        ('        name, _, value = line.partition(":")', '        name, _, value = line.rpartition(":")', "string-method"),
    ], [
        "assert parse_headers('Host: a.com\\nContent-Type: text/html') == {'host': 'a.com', 'content-type': 'text/html'}",
        "assert parse_headers('Host: x.org:8080') == {'host': 'x.org:8080'}",
        "assert parse_headers('X-Long: part one\\n  part two') == {'x-long': 'part one part two'}",
        "assert parse_headers('A: 1\\n\\nbody: not a header') == {'a': '1'}",
    ], [
        "assert parse_headers('') == {}",
        "assert parse_headers('ACCEPT:  */*  ') == {'accept': '*/*'}",
        "assert parse_headers('A: 1\\n\\tmore\\nB: 2\\n\\nC: 3') == {'a': '1 more', 'b': '2'}",
        "assert parse_headers('Date: Mon, 01 Jan 2024 10:00:00 GMT') == {'date': 'Mon, 01 Jan 2024 10:00:00 GMT'}",
    ])

    task("extract-between-markers", "Collect every substring found between a start and an end marker.", '''
def extract_between(text, start, end):
    """All substrings of text found between a `start` marker and the next `end` marker."""
    found = []
    pos = 0
    while True:
        i = text.find(start, pos)
        if i == -1:
            break
        j = text.find(end, i + len(start))
        if j == -1:
            break
        found.append(text[i + len(start):j])
        pos = j + len(end)
    return found
''', [
        ("        j = text.find(end, i + len(start))", "        j = text.find(end, i)", "wrong-argument"),
    ], [
        "assert extract_between('a [x] b [yy]', '[', ']') == ['x', 'yy']",
        "assert extract_between('say \"hi\" and \"bye\"', '\"', '\"') == ['hi', 'bye']",
        "assert extract_between('none', '<', '>') == []",
    ], [
        "assert extract_between('{{a}} {{b}}', '{{', '}}') == ['a', 'b']",
        "assert extract_between('[open', '[', ']') == []",
        "assert extract_between('--x--y--', '--', '--') == ['x']",
    ])

    task("replace-nth-occurrence", "Replace only the n-th occurrence of a substring.", '''
def replace_nth(text, old, new, n):
    """Replace only the n-th (1-based) occurrence of old in text; unchanged when there are fewer."""
    pos = -1
    for _ in range(n):
        pos = text.find(old, pos + 1)
        if pos == -1:
            return text
    return text[:pos] + new + text[pos + len(old):]
''', [
        ("    pos = -1", "    pos = 0", "initial-value"),
        ("    return text[:pos] + new + text[pos + len(old):]", "    return text[:pos] + new + text[pos + len(new):]", "wrong-variable"),
    ], [
        "assert replace_nth('a-b-c-d', '-', '+', 2) == 'a-b+c-d'",
        "assert replace_nth('one, two, three', ', ', ';', 1) == 'one;two, three'",
        "assert replace_nth('xx', 'y', 'z', 1) == 'xx'",
        "assert replace_nth('cat cat cat', 'cat', 'dog', 1) == 'dog cat cat'",
    ], [
        "assert replace_nth('abab', 'ab', 'XYZ', 2) == 'abXYZ'",
        "assert replace_nth('x.y.z', '.', '', 2) == 'x.yz'",
        "assert replace_nth('cat cat cat', 'cat', 'ox', 3) == 'cat cat ox'",
        "assert replace_nth('ab', 'a', '', 1) == 'b' and replace_nth('', 'a', 'b', 1) == ''",
    ])

    task("morse-decode", "Decode Morse code with spaces between letters and ' / ' between words.", '''
MORSE = {".-": "A", "-...": "B", "-.-.": "C", "-..": "D", ".": "E", "..-.": "F", "--.": "G",
         "....": "H", "..": "I", ".---": "J", "-.-": "K", ".-..": "L", "--": "M", "-.": "N",
         "---": "O", ".--.": "P", "--.-": "Q", ".-.": "R", "...": "S", "-": "T", "..-": "U",
         "...-": "V", ".--": "W", "-..-": "X", "-.--": "Y", "--..": "Z"}


def morse_decode(code):
    """Decode Morse code: letters are separated by spaces and words by ' / '; unknown codes give '?'."""
    words = []
    for word in code.split(" / "):
        letters = [MORSE.get(sym, "?") for sym in word.split()]
        words.append("".join(letters))
    return " ".join(words)
''', [
        ('        letters = [MORSE.get(sym, "?") for sym in word.split()]',
         '        letters = [MORSE.get(sym, "?") for sym in word.split(" ")]', "wrong-argument"),
        ('    return " ".join(words)', '    return "".join(words)', "wrong-value"),
    ], [
        "assert morse_decode('.... ..') == 'HI'",
        "assert morse_decode('.- / -...') == 'A B'",
        "assert morse_decode('..  -') == 'IT'",
        "assert morse_decode(' ... --- ... ') == 'SOS'",
    ], [
        "assert morse_decode('') == ''",
        "assert morse_decode('-- --- .-. ... .') == 'MORSE'",
        "assert morse_decode('.... . -.-- / -.-- --- ..-') == 'HEY YOU'",
        "assert morse_decode('...... .-') == '?A'",
    ])

    task("build-query-string", "Encode a dict as a query string with sorted keys, leaving out None values.", '''
def build_query(params):
    """Encode a dict as 'a=1&b=x+y' with keys sorted; None values are left out and spaces become '+'."""
    parts = []
    for key in sorted(params):
        value = params[key]
        if value is None:
            continue
        text = str(value).replace("&", "%26").replace("=", "%3D").replace(" ", "+")
        parts.append(f"{key}={text}")
    return "&".join(parts)
''', [
        ("        if value is None:", "        if not value:", "wrong-condition"),
    ], [
        "assert build_query({'b': 2, 'a': 'x y'}) == 'a=x+y&b=2'",
        "assert build_query({'page': 0, 'q': None}) == 'page=0'",
        "assert build_query({}) == ''",
    ], [
        "assert build_query({'q': 'a&b=c'}) == 'q=a%26b%3Dc'",
        "assert build_query({'z': '', 'y': 1}) == 'y=1&z='",
        "assert build_query({'k': False, 'm': None}) == 'k=False'",
    ])

    task("bigram-dice-similarity", "Dice similarity of two words from their sets of adjacent letter pairs.", '''
def bigram_similarity(a, b):
    """Dice coefficient of the sets of adjacent letter pairs of two words (case-insensitive)."""
    pa = {a.lower()[i:i + 2] for i in range(len(a) - 1)}
    pb = {b.lower()[i:i + 2] for i in range(len(b) - 1)}
    if not pa and not pb:
        return 1.0 if a.lower() == b.lower() else 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))
''', [
        ("    pa = {a.lower()[i:i + 2] for i in range(len(a) - 1)}", "    pa = {a.lower()[i:i + 2] for i in range(len(a) - 2)}", "off-by-one"),
    ], [
        "assert bigram_similarity('night', 'nacht') == 0.25",
        "assert bigram_similarity('abc', 'abc') == 1.0",
        "assert bigram_similarity('ab', 'cd') == 0.0",
    ], [
        "assert bigram_similarity('Hello', 'hELLO') == 1.0",
        "assert bigram_similarity('a', 'A') == 1.0 and bigram_similarity('a', 'b') == 0.0",
        "assert abs(bigram_similarity('ab', 'abc') - 2 / 3) < 1e-9",
    ])

    task("http-byte-range", "Parse an HTTP 'bytes=START-END' range into a clipped (start, end) pair.", '''
def parse_byte_range(header, size):
    """Parse 'bytes=START-END' (END inclusive, either side may be empty) into (start, end) within a
    resource of `size` bytes; 'bytes=-N' means the last N bytes. Raise ValueError when unsatisfiable."""
    unit, _, spec = header.partition("=")
    if unit.strip() != "bytes":
        raise ValueError("unsupported unit")
    first, _, last = spec.strip().partition("-")
    if not first:
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or start > end:
        raise ValueError("unsatisfiable range")
    return start, min(end, size - 1)
''', [
        ("        return max(size - int(last), 0), size - 1", "        return size - int(last), size - 1", "missing-clamp"),
        ("    if start >= size or start > end:", "    if start > size or start > end:", "comparison"),
    ], [
        "assert parse_byte_range('bytes=0-99', 1000) == (0, 99)",
        "assert parse_byte_range('bytes=500-', 1000) == (500, 999)",
        "assert parse_byte_range('bytes=-200', 1000) == (800, 999)",
        "assert parse_byte_range('bytes=-5000', 1000) == (0, 999)",
        "try:\n    parse_byte_range('bytes=1000-1200', 1000)\n    assert False\nexcept ValueError:\n    pass",
    ], [
        "assert parse_byte_range('bytes=10-5000', 100) == (10, 99)",
        "assert parse_byte_range('bytes=9-9', 10) == (9, 9)",
        "assert parse_byte_range('bytes=-11', 10) == (0, 9)",
        "try:\n    parse_byte_range('items=0-1', 10)\n    assert False\nexcept ValueError:\n    pass",
        "try:\n    parse_byte_range('bytes=10-', 10)\n    assert False\nexcept ValueError:\n    pass",
    ])

    task("unescape-backslashes", "Turn backslash escapes into the characters they stand for.", r'''
ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"'}


def unescape(text):
    r"""Turn the escapes \n, \t, \\ and \" into the characters they stand for; others stay as written."""
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(ESCAPES.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
''', [
        (r'        if text[i] == "\\" and i + 1 < len(text):', r'        if text[i] == "\\" and i < len(text):', "off-by-one"),
        (r'            out.append(ESCAPES.get(nxt, "\\" + nxt))', r'            out.append(ESCAPES.get(nxt, nxt))', "wrong-value"),
    ], [
        r"assert unescape('a\\nb') == 'a\nb'",
        r"assert unescape('tab\\there') == 'tab\there'",
        r"assert unescape('end\\') == 'end\\'",
        r"assert unescape('C:\\dir') == 'C:\\dir'",
    ], [
        r"assert unescape('\\\\n') == '\\n'",
        r"""assert unescape('q\\"x') == 'q"x'""",
        r"assert unescape('') == ''",
        r"assert unescape('\\x41\\\\') == '\\x41\\'",
    ])
