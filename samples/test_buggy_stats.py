from buggy_stats import count_above, mean


def test_mean():
    assert mean([1, 2, 3]) == 2


def test_count_above():
    assert count_above([1, 5, 7, 5], 5) == 1


def test_count_above_none():
    assert count_above([1, 2], 3) == 0
