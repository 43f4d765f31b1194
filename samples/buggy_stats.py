def mean(values):
    """Arithmetic mean of a non-empty list."""
    total = 0
    for v in values:
        total += v
    return total / len(values)


def count_above(values, threshold):
    """How many values are strictly greater than threshold."""
    count = 0
    for v in values:
        if v >= threshold:
            count += 1
    return count
