"""Part e of make_train_bugs.py: numbers, bits, intervals, matrices, statistics, money and time."""

RAISES = "try:\n    {call}\nexcept {exc}:\n    pass\nelse:\n    raise AssertionError('expected {exc}')"


def raises(call, exc="ValueError"):
    return RAISES.format(call=call, exc=exc)


def add(task):
    # ---------------------------------------------------------------- bits
    task("set-bit-positions", "Return the indexes of the 1 bits of a non-negative integer, lowest first.", '''
def set_bit_positions(n):
    """Indexes (least significant first) of the 1 bits of a non-negative integer."""
    positions = []
    i = 0
    while n:
        if n & 1:
            positions.append(i)
        n >>= 1
        i += 1
    return positions
''', [("        i += 1", None, "missing-line")], [
        "assert set_bit_positions(0) == []",
        "assert set_bit_positions(1) == [0]",
        "assert set_bit_positions(0b1011) == [0, 1, 3]",
        "assert set_bit_positions(8) == [3]",
    ], [
        "assert set_bit_positions(0b100000) == [5]",
        "assert set_bit_positions(255) == list(range(8))",
        "assert set_bit_positions(2 ** 40 + 1) == [0, 40]",
        "assert set_bit_positions(6) == [1, 2]",
    ])

    task("is-power-of-two", "Tell whether an integer is a power of two (1, 2, 4, ...).", '''
def is_power_of_two(n):
    """True when the integer n is 1, 2, 4, 8, ...; False for zero and negative numbers."""
    if n <= 0:
        return False
    return (n & (n - 1)) == 0
''', [
        ("    if n <= 0:", "    if n < 0:", "comparison"),
        ("    return (n & (n - 1)) == 0", "    return (n & (n + 1)) == 0", "wrong-operator"),
    ], [
        "assert is_power_of_two(1) is True",
        "assert is_power_of_two(64) is True",
        "assert is_power_of_two(0) is False",
        "assert is_power_of_two(12) is False",
    ], [
        "assert is_power_of_two(-8) is False",
        "assert is_power_of_two(2 ** 50) is True",
        "assert is_power_of_two(2 ** 50 + 2) is False",
        "assert is_power_of_two(3) is False",
    ])

    task("next-power-of-two", "Return the smallest power of two that is at least n.", '''
def next_power_of_two(n):
    """The smallest power of two that is >= n (1 for n <= 1)."""
    p = 1
    while p < n:
        p <<= 1
    return p
''', [("    while p < n:", "    while p <= n:", "comparison")], [
        "assert next_power_of_two(5) == 8",
        "assert next_power_of_two(8) == 8",
        "assert next_power_of_two(0) == 1",
        "assert next_power_of_two(1) == 1",
    ], [
        "assert next_power_of_two(1000) == 1024",
        "assert next_power_of_two(1024) == 1024",
        "assert next_power_of_two(-3) == 1",
        "assert next_power_of_two(2) == 2",
    ])

    task("reverse-bits-width", "Reverse the lowest `width` bits of an integer.", '''
def reverse_bits(n, width):
    """Reverse the lowest `width` bits of n (higher bits are dropped)."""
    out = 0
    for _ in range(width):
        out = (out << 1) | (n & 1)
        n >>= 1
    return out
''', [
        ("    for _ in range(width):", "    for _ in range(width - 1):", "off-by-one"),
        ("        out = (out << 1) | (n & 1)", "        out = (out << 1) & (n & 1)", "wrong-operator"),
    ], [
        "assert reverse_bits(0b0001, 4) == 0b1000",
        "assert reverse_bits(0b1101, 4) == 0b1011",
        "assert reverse_bits(0, 8) == 0",
        "assert reverse_bits(1, 1) == 1",
    ], [
        "assert reverse_bits(0b10110000, 8) == 0b00001101",
        "assert reverse_bits(0xFF, 8) == 0xFF",
        "assert reverse_bits(0b111, 2) == 0b11",
        "assert reverse_bits(6, 3) == 3",
    ])

    task("with-bit", "Return n with one bit set or cleared, leaving the other bits alone.", '''
def with_bit(n, index, on):
    """n with bit `index` set to 1 when `on`, else cleared to 0 (other bits unchanged)."""
    mask = 1 << index
    if on:
        return n | mask
    return n & ~mask
''', [("    return n & ~mask", "    return n ^ mask", "wrong-operator")], [
        "assert with_bit(0b1010, 0, True) == 0b1011",
        "assert with_bit(0b1010, 1, False) == 0b1000",
        "assert with_bit(0b1010, 2, False) == 0b1010",
        "assert with_bit(0, 3, True) == 8",
    ], [
        "assert with_bit(0b1111, 3, False) == 0b0111",
        "assert with_bit(0b0101, 1, False) == 0b0101",
        "assert with_bit(0, 5, False) == 0",
        "assert with_bit(255, 0, False) == 254",
    ])

    task("binary-gap", "Return the longest run of zero bits between two one bits of n.", '''
def binary_gap(n):
    """Longest run of 0 bits between two 1 bits of n (0 when there is none)."""
    best, last = 0, None
    i = 0
    while n:
        if n & 1:
            if last is not None:
                best = max(best, i - last - 1)
            last = i
        n >>= 1
        i += 1
    return best
''', [("                best = max(best, i - last - 1)", "                best = max(best, i - last)", "off-by-one")], [
        "assert binary_gap(0b1001) == 2",
        "assert binary_gap(0b1000) == 0",
        "assert binary_gap(0b10100) == 1",
        "assert binary_gap(0b1111) == 0",
    ], [
        "assert binary_gap(0b1000010001) == 4",
        "assert binary_gap(1) == 0",
        "assert binary_gap(0) == 0",
        "assert binary_gap(0b110000011) == 5",
    ])

    task("unpack-rgb", "Split a 24-bit 0xRRGGBB colour into its red, green and blue bytes.", '''
def unpack_rgb(value):
    """Split a 24-bit 0xRRGGBB colour into (r, g, b); ValueError outside 0..0xFFFFFF."""
    if not 0 <= value <= 0xFFFFFF:
        raise ValueError(f"not a 24-bit colour: {value}")
    r = (value >> 16) & 0xFF
    g = (value >> 8) & 0xFF
    b = value & 0xFF
    return r, g, b
''', [("    g = (value >> 8) & 0xFF", "    g = (value >> 8) & 0xF", "wrong-value")], [
        "assert unpack_rgb(0x12AB34) == (0x12, 0xAB, 0x34)",
        "assert unpack_rgb(0) == (0, 0, 0)",
        "assert unpack_rgb(0xFFFFFF) == (255, 255, 255)",
        raises("unpack_rgb(0x1000000)"),
    ], [
        "assert unpack_rgb(0x00FF00) == (0, 255, 0)",
        "assert unpack_rgb(0x808080) == (128, 128, 128)",
        "assert unpack_rgb(0x010203) == (1, 2, 3)",
        raises("unpack_rgb(-1)"),
    ])

    task("int-to-bytes-be", "Encode a non-negative integer as big-endian bytes of a fixed length.", '''
def to_bytes_be(n, length):
    """Big-endian bytes of the non-negative integer n in exactly `length` bytes; OverflowError if it does not fit."""
    out = []
    for _ in range(length):
        out.append(n & 0xFF)
        n >>= 8
    if n:
        raise OverflowError(f"does not fit in {length} bytes")
    return bytes(reversed(out))
''', [("    return bytes(reversed(out))", "    return bytes(out)", "missing-call")], [
        "assert to_bytes_be(258, 2) == bytes([1, 2])",
        "assert to_bytes_be(0, 3) == bytes([0, 0, 0])",
        "assert to_bytes_be(255, 1) == bytes([255])",
        raises("to_bytes_be(256, 1)", "OverflowError"),
    ], [
        "assert to_bytes_be(0x010203, 4) == bytes([0, 1, 2, 3])",
        "assert to_bytes_be(1, 2) == bytes([0, 1])",
        "assert to_bytes_be(0, 0) == bytes()",
        raises("to_bytes_be(2 ** 32, 4)", "OverflowError"),
    ])

    # ---------------------------------------------------------------- numbers
    task("proper-divisors", "Return the sorted divisors of n that are smaller than n.", '''
def proper_divisors(n):
    """Sorted divisors of n smaller than n itself (n >= 1)."""
    divisors = [1] if n > 1 else []
    i = 2
    while i * i <= n:
        if n % i == 0:
            divisors.append(i)
            if i != n // i:
                divisors.append(n // i)
        i += 1
    return sorted(divisors)
''', [
        ("    while i * i <= n:", "    while i * i < n:", "comparison"),
        ("    return sorted(divisors)", "    return divisors", "missing-call"),
    ], [
        "assert proper_divisors(12) == [1, 2, 3, 4, 6]",
        "assert proper_divisors(16) == [1, 2, 4, 8]",
        "assert proper_divisors(1) == []",
        "assert proper_divisors(7) == [1]",
    ], [
        "assert proper_divisors(28) == [1, 2, 4, 7, 14]",
        "assert proper_divisors(49) == [1, 7]",
        "assert proper_divisors(36) == [1, 2, 3, 4, 6, 9, 12, 18]",
        "assert proper_divisors(97) == [1]",
    ])

    task("reverse-integer-digits", "Reverse the decimal digits of an integer, keeping its sign.", '''
def reverse_digits(n):
    """The integer whose decimal digits are those of n reversed, keeping n's sign (-120 -> -21)."""
    sign = -1 if n < 0 else 1
    n = abs(n)
    result = 0
    while n:
        result = result * 10 + n % 10
        n //= 10
    return sign * result
''', [("        n //= 10", "        n /= 10", "int-division")], [
        "assert reverse_digits(123) == 321",
        "assert reverse_digits(-120) == -21",
        "assert reverse_digits(0) == 0",
        "assert reverse_digits(7) == 7",
    ], [
        "assert reverse_digits(1000) == 1",
        "assert reverse_digits(-5) == -5",
        "assert reverse_digits(9876543210) == 123456789",
        "assert reverse_digits(1221) == 1221",
    ])

    task("binomial-coefficient", "Compute the binomial coefficient C(n, k) exactly with integers.", '''
def choose(n, k):
    """Binomial coefficient C(n, k) with exact integer arithmetic; 0 when k < 0 or k > n."""
    if k < 0 or k > n:
        return 0
    k = min(k, n - k)
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i
    return result
''', [("        result = result * (n - k + i) // i", "        result = result // i * (n - k + i)", "int-division")], [
        "assert choose(5, 2) == 10",
        "assert choose(6, 3) == 20",
        "assert choose(4, 5) == 0",
        "assert choose(7, 0) == 1",
    ], [
        "assert choose(10, 4) == 210",
        "assert choose(52, 5) == 2598960",
        "assert choose(3, -1) == 0",
        "assert choose(20, 10) == 184756",
    ])

    task("mod-inverse", "Return the modular inverse of a modulo m with the extended Euclidean algorithm.", '''
def mod_inverse(a, m):
    """The x in [0, m) with a * x % m == 1 (extended Euclid); ValueError when gcd(a, m) != 1."""
    old_r, r = a % m, m
    old_s, s = 1, 0
    while r:
        q = old_r // r
        old_r, r = r, old_r - q * r
        old_s, s = s, old_s - q * s
    if old_r != 1:
        raise ValueError(f"{a} has no inverse modulo {m}")
    return old_s % m
''', [
        ("    old_s, s = 1, 0", "    old_s, s = 0, 1", "initial-value"),
        ("    return old_s % m", "    return old_s", "missing-modulo"),
    ], [
        "assert mod_inverse(3, 7) == 5",
        "assert mod_inverse(10, 17) == 12",
        "assert mod_inverse(1, 5) == 1",
        raises("mod_inverse(4, 8)"),
    ], [
        "assert mod_inverse(17, 3120) == 2753",
        "assert mod_inverse(2, 9) == 5",
        "assert mod_inverse(100, 7) == 4",
        raises("mod_inverse(6, 9)"),
    ])

    task("add-fractions", "Add two fractions given as (numerator, denominator) and reduce the result.", '''
from math import gcd


def add_fractions(a, b):
    """a + b for fractions given as (numerator, denominator), in lowest terms with a positive denominator."""
    num = a[0] * b[1] + b[0] * a[1]
    den = a[1] * b[1]
    g = gcd(num, den)
    num, den = num // g, den // g
    if den < 0:
        num, den = -num, -den
    return num, den
''', [
        ("    num = a[0] * b[1] + b[0] * a[1]", "    num = a[0] * b[1] + b[0] * b[1]", "wrong-index"),
        ("    if den < 0:\n        num, den = -num, -den", None, "missing-line"),
    ], [
        "assert add_fractions((1, 2), (1, 3)) == (5, 6)",
        "assert add_fractions((1, 4), (1, 4)) == (1, 2)",
        "assert add_fractions((1, -2), (1, 3)) == (-1, 6)",
        "assert add_fractions((1, 2), (-1, 2)) == (0, 1)",
    ], [
        "assert add_fractions((2, 3), (3, 4)) == (17, 12)",
        "assert add_fractions((-1, 3), (-1, 6)) == (-1, 2)",
        "assert add_fractions((3, -4), (0, 1)) == (-3, 4)",
        "assert add_fractions((5, 10), (0, 7)) == (1, 2)",
    ])

    task("first-out-of-range", "Return the index of the first value outside [lo, hi], or -1.", '''
def first_out_of_range(values, lo, hi):
    """Index of the first value outside [lo, hi], or -1 when every value is inside."""
    for i, v in enumerate(values):
        if not lo <= v <= hi:
            return i
    return -1
''', [("    return -1", "        return -1", "early-return")], [
        "assert first_out_of_range([1, 5, 3], 0, 4) == 1",
        "assert first_out_of_range([1, 2, 3], 0, 4) == -1",
        "assert first_out_of_range([], 0, 1) == -1",
        "assert first_out_of_range([2, 3, 9, -1], 2, 8) == 2",
    ], [
        "assert first_out_of_range([0, 4], 0, 4) == -1",
        "assert first_out_of_range([5], 0, 4) == 0",
        "assert first_out_of_range([1, 1, 1, 7], 1, 1) == 3",
        "assert first_out_of_range([0, -3], -2, 2) == 1",
    ])

    task("human-bytes", "Format a byte count in binary units (B, KiB, MiB, GiB, TiB) with one decimal.", '''
def human_bytes(n):
    """A byte count with one decimal in B, KiB, MiB, GiB or TiB: the largest unit keeping it below 1024."""
    size = float(n)
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    for unit in units[:-1]:
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} {units[-1]}"
''', [("        if size < 1024:", "        if size <= 1024:", "comparison")], [
        "assert human_bytes(1024) == '1.0 KiB'",
        "assert human_bytes(0) == '0.0 B'",
        "assert human_bytes(1536) == '1.5 KiB'",
        "assert human_bytes(5 * 1024 ** 3) == '5.0 GiB'",
    ], [
        "assert human_bytes(1023) == '1023.0 B'",
        "assert human_bytes(1024 ** 2) == '1.0 MiB'",
        "assert human_bytes(2 ** 50) == '1024.0 TiB'",
        "assert human_bytes(1024 ** 4) == '1.0 TiB'",
    ])

    # ---------------------------------------------------------------- money
    task("split-bill", "Split a bill in cents among people so the shares differ by at most one cent.", '''
def split_bill(total_cents, people):
    """Shares of total_cents for `people` payers, differing by at most a cent, larger shares first."""
    base, extra = divmod(total_cents, people)
    return [base + 1 if i < extra else base for i in range(people)]
''', [("    return [base + 1 if i < extra else base for i in range(people)]",
           "    return [base + 1 if i <= extra else base for i in range(people)]", "off-by-one")], [
        "assert split_bill(100, 3) == [34, 33, 33]",
        "assert split_bill(90, 3) == [30, 30, 30]",
        "assert split_bill(5, 2) == [3, 2]",
        "assert split_bill(7, 1) == [7]",
    ], [
        "assert split_bill(1001, 4) == [251, 250, 250, 250]",
        "assert split_bill(2, 5) == [1, 1, 0, 0, 0]",
        "assert split_bill(0, 2) == [0, 0]",
        "assert sum(split_bill(12345, 7)) == 12345",
    ])

    task("format-cents", "Format an integer number of cents as a dollar string with thousands separators.", '''
def format_cents(cents):
    """Format an integer amount of cents as '$1,234.56' (negative amounts as '-$5.00')."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
''', [("    dollars, rest = divmod(abs(cents), 100)", "    dollars, rest = divmod(cents, 100)", "missing-call")], [
        "assert format_cents(123456) == '$1,234.56'",
        "assert format_cents(5) == '$0.05'",
        "assert format_cents(-505) == '-$5.05'",
        "assert format_cents(100) == '$1.00'",
    ], [
        "assert format_cents(0) == '$0.00'",
        "assert format_cents(-1) == '-$0.01'",
        "assert format_cents(123456789) == '$1,234,567.89'",
        "assert format_cents(-100000) == '-$1,000.00'",
    ])

    task("parse-cents", "Parse a money amount such as '$1,234.5' into integer cents.", '''
def parse_cents(text):
    """Parse an amount like '$1,234.5', '-12.05' or '7' into integer cents (at most two decimals)."""
    text = text.strip().replace("$", "").replace(",", "")
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    cents = int(whole or "0") * 100 + int(frac.ljust(2, "0"))
    return -cents if negative else cents
''', [('    cents = int(whole or "0") * 100 + int(frac.ljust(2, "0"))',
           '    cents = int(whole or "0") * 100 + int(frac.rjust(2, "0"))', "string-method")], [
        "assert parse_cents('$1,234.5') == 123450",
        "assert parse_cents('-12.05') == -1205",
        "assert parse_cents('7') == 700",
        "assert parse_cents(' .99 ') == 99",
    ], [
        "assert parse_cents('0.1') == 10",
        "assert parse_cents('1,000,000') == 100000000",
        "assert parse_cents('-0.5') == -50",
        "assert parse_cents('12.') == 1200",
    ])

    task("add-tax-basis-points", "Add tax given in basis points to an amount in cents, rounding the tax half up.", '''
def add_tax(cents, rate_bp):
    """cents plus tax at rate_bp basis points (1 bp = 0.01%), the tax rounded to the nearest cent, halves up."""
    tax = (cents * rate_bp + 5000) // 10000
    return cents + tax
''', [("    tax = (cents * rate_bp + 5000) // 10000", "    tax = (cents * rate_bp + 500) // 10000", "wrong-value")], [
        "assert add_tax(1000, 825) == 1083",
        "assert add_tax(0, 825) == 0",
        "assert add_tax(200, 250) == 205",
        "assert add_tax(1000, 0) == 1000",
    ], [
        "assert add_tax(2, 2500) == 3",
        "assert add_tax(12345, 1000) == 13580",
        "assert add_tax(99, 10000) == 198",
        "assert add_tax(1, 4999) == 1",
    ])

    task("greedy-change", "Make change greedily with the largest coins first, as a {coin: count} dict.", '''
def make_change(cents, coins=(1, 5, 10, 25)):
    """Greedy change for `cents`: {coin: count}, largest coins first, leaving out unused coins."""
    result = {}
    for coin in sorted(coins, reverse=True):
        count, cents = divmod(cents, coin)
        if count:
            result[coin] = count
    return result
''', [("    for coin in sorted(coins, reverse=True):", "    for coin in sorted(coins):", "wrong-keyword")], [
        "assert make_change(41) == {25: 1, 10: 1, 5: 1, 1: 1}",
        "assert make_change(0) == {}",
        "assert make_change(30) == {25: 1, 5: 1}",
        "assert make_change(7, (5, 2)) == {5: 1, 2: 1}",
    ], [
        "assert make_change(99) == {25: 3, 10: 2, 1: 4}",
        "assert make_change(100, (50, 20)) == {50: 2}",
        "assert make_change(4) == {1: 4}",
        "assert make_change(65, (10, 25, 5)) == {25: 2, 10: 1, 5: 1}",
    ])

    task("overtime-pay", "Weekly pay in cents with time and a half for hours beyond a threshold.", '''
def weekly_pay(hours, rate_cents, threshold=40):
    """Pay in cents: hours up to `threshold` at the rate, hours beyond it at time and a half (rounded down)."""
    regular = min(hours, threshold)
    overtime = max(0, hours - threshold)
    return regular * rate_cents + overtime * rate_cents * 3 // 2
''', [
        ("    regular = min(hours, threshold)", "    regular = max(hours, threshold)", "wrong-call"),
        ("    overtime = max(0, hours - threshold)", "    overtime = hours - threshold", "missing-clamp"),
    ], [
        "assert weekly_pay(40, 2000) == 80000",
        "assert weekly_pay(45, 2000) == 95000",
        "assert weekly_pay(30, 2000) == 60000",
        "assert weekly_pay(44, 1000, threshold=42) == 45000",
    ], [
        "assert weekly_pay(41, 1001) == 41541",
        "assert weekly_pay(50, 1000, threshold=35) == 57500",
        "assert weekly_pay(10, 1000, threshold=8) == 11000",
        "assert weekly_pay(7, 1000, threshold=8) == 7000",
    ])

    task("page-bounds", "Return the item index range of a 1-based page, rejecting pages past the last.", '''
def page_bounds(total, per_page, page):
    """(start, end) item indexes of 1-based `page`; ValueError past the last page (page 1 always exists)."""
    pages = max(1, (total + per_page - 1) // per_page)
    if not 1 <= page <= pages:
        raise ValueError(f"no page {page}")
    start = (page - 1) * per_page
    return start, min(start + per_page, total)
''', [
        ("    pages = max(1, (total + per_page - 1) // per_page)", "    pages = max(1, (total + per_page) // per_page)", "off-by-one"),
        ("    return start, min(start + per_page, total)", "    return start, start + per_page", "missing-clamp"),
    ], [
        "assert page_bounds(25, 10, 3) == (20, 25)",
        "assert page_bounds(25, 10, 1) == (0, 10)",
        raises("page_bounds(20, 10, 3)"),
        "assert page_bounds(0, 10, 1) == (0, 0)",
    ], [
        raises("page_bounds(30, 5, 7)"),
        raises("page_bounds(5, 10, 0)"),
        raises("page_bounds(0, 10, 2)"),
        "assert page_bounds(101, 25, 5) == (100, 101)",
    ])

    # ---------------------------------------------------------------- time
    task("business-days", "Count the Monday-to-Friday dates in a half-open date range.", '''
from datetime import date, timedelta


def business_days(start, end):
    """Number of Monday-to-Friday dates in [start, end) (end excluded; 0 when end <= start)."""
    days = 0
    current = start
    while current < end:
        if current.weekday() < 5:
            days += 1
        current += timedelta(days=1)
    return days
''', [
        ("    while current < end:", "    while current <= end:", "off-by-one"),
        ("        if current.weekday() < 5:", "        if current.weekday() <= 5:", "comparison"),
    ], [
        "assert business_days(date(2024, 1, 1), date(2024, 1, 8)) == 5",
        "assert business_days(date(2024, 1, 5), date(2024, 1, 8)) == 1",
        "assert business_days(date(2024, 1, 3), date(2024, 1, 3)) == 0",
        "assert business_days(date(2024, 1, 1), date(2024, 1, 2)) == 1",
    ], [
        "assert business_days(date(2024, 1, 6), date(2024, 1, 8)) == 0",
        "assert business_days(date(2024, 2, 1), date(2024, 3, 1)) == 21",
        "assert business_days(date(2024, 1, 10), date(2024, 1, 1)) == 0",
        "assert business_days(date(2023, 12, 29), date(2024, 1, 2)) == 2",
    ])

    task("shift-minutes", "Total the minutes worked over (start, end) shifts, some of them past midnight.", '''
def worked_minutes(shifts):
    """Total minutes of (start, end) shifts given as (hour, minute); an end before its start is past midnight."""
    total = 0
    for start, end in shifts:
        s = start[0] * 60 + start[1]
        e = end[0] * 60 + end[1]
        if e < s:
            e += 24 * 60
        total += e - s
    return total
''', [("        e = end[0] * 60 + end[1]", "        e = end[0] * 60 + start[1]", "copy-paste")], [
        "assert worked_minutes([((9, 0), (17, 30))]) == 510",
        "assert worked_minutes([((22, 0), (6, 15))]) == 495",
        "assert worked_minutes([]) == 0",
        "assert worked_minutes([((8, 0), (12, 0)), ((13, 0), (17, 0))]) == 480",
    ], [
        "assert worked_minutes([((23, 45), (0, 15))]) == 30",
        "assert worked_minutes([((10, 10), (10, 10))]) == 0",
        "assert worked_minutes([((0, 0), (23, 59))]) == 1439",
        "assert worked_minutes([((6, 30), (7, 0)), ((21, 0), (1, 0))]) == 270",
    ])

    task("age-in-years", "Return someone's age in full years on a given date.", '''
from datetime import date


def age_on(birth, today):
    """Full years from the date `birth` to the date `today`; the birthday itself counts."""
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years
''', [("    if (today.month, today.day) < (birth.month, birth.day):",
           "    if (today.month, today.day) <= (birth.month, birth.day):", "comparison")], [
        "assert age_on(date(2000, 5, 20), date(2024, 5, 20)) == 24",
        "assert age_on(date(2000, 5, 20), date(2024, 5, 19)) == 23",
        "assert age_on(date(2000, 5, 20), date(2024, 12, 1)) == 24",
        "assert age_on(date(1999, 1, 1), date(2000, 1, 1)) == 1",
    ], [
        "assert age_on(date(2000, 2, 29), date(2023, 3, 1)) == 23",
        "assert age_on(date(2000, 2, 29), date(2023, 2, 28)) == 22",
        "assert age_on(date(2024, 1, 1), date(2024, 1, 1)) == 0",
        "assert age_on(date(1990, 12, 31), date(2024, 12, 31)) == 34",
    ])

    task("fiscal-quarter", "Return the quarter of a month in a fiscal year that starts in a given month.", '''
def fiscal_quarter(month, start_month=1):
    """Quarter (1-4) of calendar `month` (1-12) in a fiscal year that starts in `start_month`."""
    offset = (month - start_month) % 12
    return offset // 3 + 1
''', [("    offset = (month - start_month) % 12", "    offset = month - start_month", "missing-modulo")], [
        "assert fiscal_quarter(1) == 1",
        "assert fiscal_quarter(12) == 4",
        "assert fiscal_quarter(4, 4) == 1",
        "assert fiscal_quarter(2, 4) == 4",
    ], [
        "assert fiscal_quarter(3, 10) == 2",
        "assert fiscal_quarter(9, 10) == 4",
        "assert fiscal_quarter(10, 10) == 1",
        "assert fiscal_quarter(6) == 2",
    ])

    task("round-to-quarter-hour", "Round a clock time to the nearest quarter hour, wrapping past midnight.", '''
def round_to_quarter(hour, minute):
    """Round a 24-hour (hour, minute) to the nearest quarter hour (7 minutes down, 8 up), wrapping at midnight."""
    total = hour * 60 + minute
    total = (total + 7) // 15 * 15
    total %= 24 * 60
    return total // 60, total % 60
''', [("    total %= 24 * 60", None, "missing-line")], [
        "assert round_to_quarter(9, 7) == (9, 0)",
        "assert round_to_quarter(9, 8) == (9, 15)",
        "assert round_to_quarter(23, 55) == (0, 0)",
        "assert round_to_quarter(10, 52) == (10, 45)",
    ], [
        "assert round_to_quarter(23, 52) == (23, 45)",
        "assert round_to_quarter(23, 59) == (0, 0)",
        "assert round_to_quarter(23, 53) == (0, 0)",
        "assert round_to_quarter(6, 29) == (6, 30)",
    ])

    # ---------------------------------------------------------------- intervals and ranges
    task("intersect-intervals", "Intersect two sorted lists of disjoint closed intervals.", '''
def intersect_intervals(a, b):
    """Intersections of two sorted lists of disjoint closed intervals (start, end)."""
    i = j = 0
    out = []
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out
''', [
        ("        if lo <= hi:", "        if lo < hi:", "comparison"),
        ("        if a[i][1] < b[j][1]:", "        if a[i][0] < b[j][0]:", "wrong-index"),
    ], [
        "assert intersect_intervals([(0, 2), (5, 10)], [(1, 5), (8, 12)]) == [(1, 2), (5, 5), (8, 10)]",
        "assert intersect_intervals([(0, 10)], [(1, 2), (4, 5)]) == [(1, 2), (4, 5)]",
        "assert intersect_intervals([], [(1, 2)]) == []",
        "assert intersect_intervals([(1, 3)], [(4, 6)]) == []",
    ], [
        "assert intersect_intervals([(1, 2), (3, 4)], [(0, 5)]) == [(1, 2), (3, 4)]",
        "assert intersect_intervals([(0, 0)], [(0, 0)]) == [(0, 0)]",
        "assert intersect_intervals([(1, 5), (6, 9)], [(2, 3), (5, 7), (8, 20)]) == [(2, 3), (5, 5), (6, 7), (8, 9)]",
        "assert intersect_intervals([(3, 8)], [(1, 4), (6, 7), (8, 9)]) == [(3, 4), (6, 7), (8, 8)]",
    ])

    task("free-slots", "List the free gaps of a working day around a list of busy intervals.", '''
def free_slots(busy, day_start, day_end):
    """Free (start, end) gaps of [day_start, day_end] not covered by the busy (start, end) intervals."""
    free = []
    current = day_start
    for start, end in sorted(busy):
        if start > current:
            free.append((current, start))
        current = max(current, end)
    if current < day_end:
        free.append((current, day_end))
    return free
''', [
        ("    for start, end in sorted(busy):", "    for start, end in busy:", "missing-call"),
        ("        current = max(current, end)", "        current = end", "wrong-expression"),
    ], [
        "assert free_slots([(10, 11), (13, 14)], 9, 17) == [(9, 10), (11, 13), (14, 17)]",
        "assert free_slots([(13, 15), (9, 10)], 9, 17) == [(10, 13), (15, 17)]",
        "assert free_slots([(9, 12), (10, 11)], 9, 17) == [(12, 17)]",
        "assert free_slots([], 9, 17) == [(9, 17)]",
    ], [
        "assert free_slots([(15, 16), (9, 14), (10, 11)], 9, 17) == [(14, 15), (16, 17)]",
        "assert free_slots([(8, 10), (16, 18)], 9, 17) == [(10, 16)]",
        "assert free_slots([(11, 12), (11, 13), (15, 16)], 9, 17) == [(9, 11), (13, 15), (16, 17)]",
        "assert free_slots([(14, 15), (10, 16), (9, 9)], 9, 17) == [(9, 10), (16, 17)]",
    ])

    task("covered-length", "Return the total length covered by the union of half-open intervals.", '''
def covered_length(intervals):
    """Total length of the union of half-open intervals [start, end)."""
    total = 0
    run_start = run_end = None
    for start, end in sorted(intervals):
        if run_end is None or start > run_end:
            if run_end is not None:
                total += run_end - run_start
            run_start, run_end = start, end
        else:
            run_end = max(run_end, end)
    if run_start is not None:
        total += run_end - run_start
    return total
''', [("    if run_start is not None:\n        total += run_end - run_start", None, "missing-line")], [
        "assert covered_length([(1, 3), (2, 5)]) == 4",
        "assert covered_length([(0, 1), (5, 7)]) == 3",
        "assert covered_length([]) == 0",
        "assert covered_length([(5, 7), (0, 1), (6, 10)]) == 6",
    ], [
        "assert covered_length([(0, 10), (2, 3)]) == 10",
        "assert covered_length([(1, 2), (2, 3)]) == 2",
        "assert covered_length([(3, 3)]) == 0",
        "assert covered_length([(0, 5), (10, 12), (11, 20), (30, 31)]) == 16",
    ])

    task("find-range", "Find which of a sorted list of disjoint inclusive ranges contains a value.", '''
import bisect


def find_range(ranges, x):
    """Index of the inclusive (start, end) range holding x in a sorted list of disjoint ranges, or -1."""
    starts = [start for start, _ in ranges]
    i = bisect.bisect_right(starts, x) - 1
    if i >= 0 and x <= ranges[i][1]:
        return i
    return -1
''', [
        ("    i = bisect.bisect_right(starts, x) - 1", "    i = bisect.bisect_left(starts, x) - 1", "wrong-call"),
        ("    if i >= 0 and x <= ranges[i][1]:", "    if i >= 0 and x < ranges[i][1]:", "comparison"),
    ], [
        "assert find_range([(1, 3), (5, 8)], 5) == 1",
        "assert find_range([(1, 3), (5, 8)], 3) == 0",
        "assert find_range([(1, 3), (5, 8)], 4) == -1",
        "assert find_range([(1, 3), (5, 8)], 0) == -1",
    ], [
        "assert find_range([(1, 3), (5, 8)], 8) == 1",
        "assert find_range([(1, 3), (5, 8)], 9) == -1",
        "assert find_range([(0, 0), (2, 2), (4, 10)], 2) == 1",
        "assert find_range([(0, 0), (2, 2), (4, 10)], 7) == 2",
    ])

    task("split-range", "Split a half-open integer range into a number of nearly equal consecutive pieces.", '''
def split_range(lo, hi, parts):
    """Split [lo, hi) into `parts` consecutive (start, end) pieces whose sizes differ by at most one."""
    size, extra = divmod(hi - lo, parts)
    pieces = []
    start = lo
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        pieces.append((start, end))
        start = end
    return pieces
''', [("        start = end", None, "missing-line")], [
        "assert split_range(0, 10, 3) == [(0, 4), (4, 7), (7, 10)]",
        "assert split_range(5, 7, 2) == [(5, 6), (6, 7)]",
        "assert split_range(0, 0, 1) == [(0, 0)]",
        "assert split_range(3, 9, 3) == [(3, 5), (5, 7), (7, 9)]",
    ], [
        "assert split_range(10, 20, 5) == [(10, 12), (12, 14), (14, 16), (16, 18), (18, 20)]",
        "assert split_range(0, 2, 4) == [(0, 1), (1, 2), (2, 2), (2, 2)]",
        "assert split_range(-3, 3, 2) == [(-3, 0), (0, 3)]",
        "assert split_range(0, 7, 1) == [(0, 7)]",
    ])

    task("range-sums", "Answer inclusive range-sum queries with a prefix-sum table.", '''
def range_sums(values, queries):
    """For each inclusive (i, j) query, the sum of values[i..j], using a prefix-sum table."""
    prefix = [0]
    for v in values:
        prefix.append(prefix[-1] + v)
    return [prefix[j + 1] - prefix[i] for i, j in queries]
''', [("    return [prefix[j + 1] - prefix[i] for i, j in queries]",
           "    return [prefix[j] - prefix[i] for i, j in queries]", "off-by-one")], [
        "assert range_sums([1, 2, 3, 4], [(0, 3), (1, 2)]) == [10, 5]",
        "assert range_sums([5], [(0, 0)]) == [5]",
        "assert range_sums([1, 2], []) == []",
    ], [
        "assert range_sums([3, -1, 4, -1, 5], [(2, 2), (0, 4), (1, 3)]) == [4, 10, 2]",
        "assert range_sums([0, 0, 7], [(2, 2), (0, 1)]) == [7, 0]",
        "assert range_sums([2, 4, 6], [(0, 0), (2, 2), (0, 2)]) == [2, 6, 12]",
    ])

    # ---------------------------------------------------------------- matrices
    task("identity-matrix", "Build the n x n identity matrix as a list of lists.", '''
def identity(n):
    """The n x n identity matrix as a list of independent row lists."""
    m = [[0] * n for _ in range(n)]
    for i in range(n):
        m[i][i] = 1
    return m
''', [("    m = [[0] * n for _ in range(n)]", "    m = [[0] * n] * n", "aliasing")], [
        "assert identity(2) == [[1, 0], [0, 1]]",
        "assert identity(1) == [[1]]",
        "assert identity(0) == []",
    ], [
        "assert identity(3) == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]",
        "m = identity(2)\nm[0][1] = 5\nassert m[1] == [0, 1]",
        "assert sum(map(sum, identity(5))) == 5",
    ])

    task("is-symmetric", "Tell whether a matrix is square and equal to its transpose.", '''
def is_symmetric(m):
    """True when the square matrix m equals its transpose; False for a matrix that is not square."""
    n = len(m)
    if any(len(row) != n for row in m):
        return False
    for i in range(n):
        for j in range(i + 1, n):
            if m[i][j] != m[j][i]:
                return False
    return True
''', [
        ("    if any(len(row) != n for row in m):\n        return False", None, "missing-check"),
        ("            if m[i][j] != m[j][i]:", "            if m[i][j] != m[j][j]:", "wrong-index"),
    ], [
        "assert is_symmetric([[1, 2], [2, 1]]) is True",
        "assert is_symmetric([[1, 2], [3, 1]]) is False",
        "assert is_symmetric([[1, 2, 3], [2, 1, 4]]) is False",
        "assert is_symmetric([]) is True",
    ], [
        "assert is_symmetric([[5]]) is True",
        "assert is_symmetric([[1, 7, 3], [7, 4, 5], [3, 5, 6]]) is True",
        "assert is_symmetric([[1, 7, 3], [7, 4, 5], [3, 6, 6]]) is False",
        "assert is_symmetric([[1, 2], [2]]) is False",
    ])

    task("saddle-points", "Find the entries that are smallest in their row and largest in their column.", '''
def saddle_points(m):
    """(row, col) of each entry that is the smallest in its row and the largest in its column."""
    points = []
    for r, row in enumerate(m):
        for c, value in enumerate(row):
            column = [m[k][c] for k in range(len(m))]
            if value == min(row) and value == max(column):
                points.append((r, c))
    return points
''', [("            column = [m[k][c] for k in range(len(m))]",
           "            column = [m[k][c] for k in range(len(row))]", "wrong-variable")], [
        "assert saddle_points([[1, 2, 3], [4, 5, 6]]) == [(1, 0)]",
        "assert saddle_points([[9, 8, 7], [5, 3, 2], [6, 6, 7]]) == [(0, 2)]",
        "assert saddle_points([[1, 2], [3, 4]]) == [(1, 0)]",
        "assert saddle_points([]) == []",
    ], [
        "assert saddle_points([[5, 5], [5, 5]]) == [(0, 0), (0, 1), (1, 0), (1, 1)]",
        "assert saddle_points([[1, 2, 3], [3, 1, 2], [2, 3, 1]]) == []",
        "assert saddle_points([[4, 10, 12], [2, 1, 0]]) == [(0, 0)]",
        "assert saddle_points([[2, 9, 9, 9], [1, 0, 0, 0]]) == [(0, 0)]",
    ])

    task("life-step", "Compute one generation of Conway's Life on a bounded grid.", '''
def life_step(grid):
    """One step of Conway's Life on a bounded grid of 0/1 cells (cells outside the grid are dead)."""
    rows, cols = len(grid), len(grid[0])
    new = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            live = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if (dr or dc) and 0 <= r + dr < rows and 0 <= c + dc < cols:
                        live += grid[r + dr][c + dc]
            if live == 3 or (live == 2 and grid[r][c]):
                new[r][c] = 1
    return new
''', [
        ("                    if (dr or dc) and 0 <= r + dr < rows and 0 <= c + dc < cols:",
         "                    if (dr and dc) and 0 <= r + dr < rows and 0 <= c + dc < cols:", "boolean-logic"),
        ("            if live == 3 or (live == 2 and grid[r][c]):", "            if live == 3 or live == 2:", "missing-condition"),
    ], [
        "assert life_step([[0, 1, 0], [0, 1, 0], [0, 1, 0]]) == [[0, 0, 0], [1, 1, 1], [0, 0, 0]]",
        "assert life_step([[1, 1, 0, 0], [1, 1, 0, 0]]) == [[1, 1, 0, 0], [1, 1, 0, 0]]",
        "assert life_step([[1]]) == [[0]]",
        "assert life_step([[0, 0], [0, 0]]) == [[0, 0], [0, 0]]",
    ], [
        "assert life_step([[0, 0, 0], [1, 1, 1], [0, 0, 0]]) == [[0, 1, 0], [0, 1, 0], [0, 1, 0]]",
        "assert life_step([[1, 1], [1, 0]]) == [[1, 1], [1, 1]]",
        "assert life_step([[0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]]) == "
        "[[0, 0, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0], [0, 1, 0, 0]]",
        "assert life_step([[1, 0, 1]]) == [[0, 0, 0]]",
    ])

    task("determinant", "Compute the determinant of a square matrix by cofactor expansion.", '''
def determinant(m):
    """Determinant of a square matrix (list of rows) by cofactor expansion along the first row."""
    n = len(m)
    if n == 1:
        return m[0][0]
    total = 0
    for c in range(n):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        total += (-1) ** c * m[0][c] * determinant(minor)
    return total
''', [
        ("        minor = [row[:c] + row[c + 1:] for row in m[1:]]", "        minor = [row[:c] + row[c + 1:] for row in m]", "wrong-argument"),
        ("        total += (-1) ** c * m[0][c] * determinant(minor)", "        total += -1 ** c * m[0][c] * determinant(minor)", "precedence"),
    ], [
        "assert determinant([[2]]) == 2",
        "assert determinant([[1, 2], [3, 4]]) == -2",
        "assert determinant([[2, 0, 1], [1, 3, 2], [1, 1, 2]]) == 6",
        "assert determinant([[3, 1], [2, 5]]) == 13",
    ], [
        "assert determinant([[0, 1], [1, 0]]) == -1",
        "assert determinant([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == 0",
        "assert determinant([[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 5]]) == 120",
        "assert determinant([[0, 2, 0], [1, 0, 0], [0, 0, 3]]) == -6",
    ])

    # ---------------------------------------------------------------- statistics
    task("pearson-correlation", "Compute the Pearson correlation coefficient of two equal-length samples.", '''
def correlation(xs, ys):
    """Pearson correlation of two equal-length samples (neither constant)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sx = sum((x - mx) ** 2 for x in xs) ** 0.5
    sy = sum((y - my) ** 2 for y in ys) ** 0.5
    return cov / (sx * sy)
''', [("    sy = sum((y - my) ** 2 for y in ys) ** 0.5", "    sy = sum((y - mx) ** 2 for y in ys) ** 0.5", "wrong-variable")], [
        "assert round(correlation([1, 2, 3], [2, 4, 6]), 9) == 1.0",
        "assert round(correlation([1, 2, 3], [3, 2, 1]), 9) == -1.0",
        "assert round(correlation([1, 2, 3, 4], [1, 3, 2, 4]), 9) == 0.8",
        "assert round(correlation([1, 2], [5, 1]), 9) == -1.0",
    ], [
        "assert round(correlation([0, 0, 1, 1], [0, 1, 0, 1]), 9) == 0.0",
        "assert round(correlation([101, 102, 103], [2, 4, 6]), 9) == 1.0",
        "assert round(correlation([10, 20, 30], [1, 2, 4]), 6) == 0.981981",
        "assert round(correlation([2, 4, 6, 8], [40, 30, 20, 10]), 9) == -1.0",
    ])

    task("trimmed-mean", "Mean of a sample after dropping a fraction of the lowest and highest values.", '''
def trimmed_mean(values, fraction):
    """Mean of values after dropping int(len * fraction) of the smallest and as many of the largest."""
    k = int(len(values) * fraction)
    ordered = sorted(values)
    kept = ordered[k:len(ordered) - k]
    return sum(kept) / len(kept)
''', [
        ("    ordered = sorted(values)", "    ordered = values", "missing-call"),
        ("    kept = ordered[k:len(ordered) - k]", "    kept = ordered[k:-k]", "off-by-one"),
    ], [
        "assert trimmed_mean([100, 1, 3, 2, 4], 0.2) == 3.0",
        "assert trimmed_mean([1, 2, 3], 0) == 2.0",
        "assert trimmed_mean([1, 2, 3, 4], 0.25) == 2.5",
        "assert trimmed_mean([4, 6], 0.4) == 5.0",
    ], [
        "assert trimmed_mean([5], 0.1) == 5.0",
        "assert trimmed_mean([10, -10, 0, 1, -1, 7], 0.34) == 0.5",
        "assert trimmed_mean([9, 8, 7, 6], 0) == 7.5",
        "assert trimmed_mean([2, 2, 2, 100, -100], 0.2) == 2.0",
    ])

    task("equal-width-bins", "Count values into equal-width bins over [lo, hi], the top edge in the last bin.", '''
def bin_counts(values, lo, hi, bins):
    """Counts of the values in `bins` equal-width bins over [lo, hi]; hi goes in the last bin, values outside are skipped."""
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        if lo <= v <= hi:
            index = min(int((v - lo) / width), bins - 1)
            counts[index] += 1
    return counts
''', [("            index = min(int((v - lo) / width), bins - 1)", "            index = int((v - lo) / width)", "missing-clamp")], [
        "assert bin_counts([0, 1, 2, 3, 4], 0, 4, 2) == [2, 3]",
        "assert bin_counts([], 0, 1, 3) == [0, 0, 0]",
        "assert bin_counts([-1, 0.5, 9], 0, 1, 2) == [0, 1]",
    ], [
        "assert bin_counts([10], 0, 10, 5) == [0, 0, 0, 0, 1]",
        "assert bin_counts([0, 0, 0], 0, 3, 3) == [3, 0, 0]",
        "assert bin_counts([1, 2, 3, 4, 5, 6], 1, 6, 5) == [1, 1, 1, 1, 2]",
    ])

    task("exponential-moving-average", "Smooth a series with an exponential moving average.", '''
def ema(values, alpha):
    """Exponential moving average: starts at the first value, then alpha * x + (1 - alpha) * previous."""
    out = []
    for x in values:
        if not out:
            out.append(x)
        else:
            out.append(alpha * x + (1 - alpha) * out[-1])
    return out
''', [("            out.append(alpha * x + (1 - alpha) * out[-1])", "            out.append(alpha * x + (1 - alpha) * out[0])", "wrong-index")], [
        "assert ema([4, 8, 0], 0.5) == [4, 6.0, 3.0]",
        "assert ema([], 0.3) == []",
        "assert ema([7], 0.9) == [7]",
    ], [
        "assert ema([0, 16, 16, 16], 0.5) == [0, 8, 12, 14]",
        "assert ema([1, 2, 3], 1.0) == [1, 2, 3]",
        "assert ema([8, 0, 0, 0], 0.5) == [8, 4, 2, 1]",
    ])

    task("linear-quantile", "Return a quantile of a sample, interpolating linearly between ranks.", '''
def quantile(values, q):
    """The q-quantile (0 <= q <= 1) of values, interpolating linearly between the two closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
''', [
        ("    pos = (len(ordered) - 1) * q", "    pos = len(ordered) * q", "off-by-one"),
        ("    hi = min(lo + 1, len(ordered) - 1)", "    hi = lo + 1", "missing-clamp"),
    ], [
        "assert quantile([1, 2, 3, 4, 5], 0.5) == 3",
        "assert quantile([10, 20], 1) == 20",
        "assert quantile([3, 1, 2], 0) == 1",
        "assert quantile([0, 10], 0.25) == 2.5",
    ], [
        "assert quantile([7], 0.5) == 7",
        "assert quantile([1, 2, 3, 4], 0.5) == 2.5",
        "assert quantile([5, 1, 4, 2, 3], 1) == 5",
        "assert quantile([0, 100, 200], 0.75) == 150.0",
    ])

    task("average-ranks", "Rank values from 1, giving tied values the average of their ranks.", '''
def average_ranks(values):
    """1-based ranks of the values; tied values share the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks
''', [
        ("        for k in range(i, j + 1):", "        for k in range(i, j):", "off-by-one"),
        ("            ranks[order[k]] = (i + j) / 2 + 1", "            ranks[order[k]] = (i + j) // 2 + 1", "int-division"),
    ], [
        "assert average_ranks([10, 30, 20]) == [1, 3, 2]",
        "assert average_ranks([5, 5, 1]) == [2.5, 2.5, 1]",
        "assert average_ranks([]) == []",
        "assert average_ranks([7, 7]) == [1.5, 1.5]",
    ], [
        "assert average_ranks([2, 2, 2]) == [2, 2, 2]",
        "assert average_ranks([4, 1, 4, 1, 9]) == [3.5, 1.5, 3.5, 1.5, 5]",
        "assert average_ranks([-1]) == [1]",
        "assert average_ranks([3, 1, 2, 2]) == [4, 1, 2.5, 2.5]",
    ])
