"""The memo of counts and menus: exact after a single change, bounded lag under a stream of writes."""

from __future__ import annotations

from collections.abc import Callable

from telcoradar.store.plan_pages import Memo


def counter(values: list[int]) -> Callable[[], int]:
    """A compute function that returns the next value each call (the store's count as it grows)."""
    calls = iter(values)
    return lambda: next(calls)


def test_an_answer_is_reused_while_the_store_is_unchanged_and_recomputed_after_one_change() -> None:
    memo = Memo(seconds=5, lag=1)
    compute = counter([10, 11, 12])
    assert memo.answer((1, 1), "count", compute, now=0.0) == 10
    assert memo.answer((1, 1), "count", compute, now=4.0) == 10  # unchanged: no recount
    assert memo.answer((1, 1), "count", compute, now=5.5) == 11  # never older than `seconds`
    # One change, long after the last: the next read is exact.
    assert memo.answer((2, 2), "count", compute, now=9.0) == 12


def test_under_a_stream_of_writes_answers_lag_by_at_most_lag_seconds() -> None:
    memo = Memo(seconds=5, lag=1)
    compute = counter([100, 105, 109, 120])
    assert memo.answer((1, 1), "count", compute, now=0.0) == 100
    assert memo.answer((2, 2), "count", compute, now=5.0) == 105  # first change after a quiet spell: exact
    # A second change 0.2 s after the first: a stream; the answer of 0.2 s ago is reused.
    assert memo.answer((3, 3), "count", compute, now=5.2) == 105
    assert memo.answer((4, 4), "count", compute, now=5.9) == 105
    # That answer is now 1 s old: recomputed.
    assert memo.answer((5, 5), "count", compute, now=6.0) == 109
    # The writes stop; once `lag` has passed, a read at the final state is exact again.
    assert memo.answer((6, 6), "count", compute, now=6.1) == 109
    assert memo.answer((6, 6), "count", compute, now=7.2) == 120


def test_keys_lag_separately_and_a_key_never_seen_is_computed() -> None:
    memo = Memo(seconds=5, lag=1)
    assert memo.answer((1, 1), "a", counter([1]), now=0.0) == 1
    assert memo.answer((2, 2), "a", counter([2]), now=3.0) == 2  # first change: exact
    assert memo.answer((3, 3), "b", counter([30]), now=3.1) == 30  # streaming, but nothing kept for "b"
    assert memo.answer((4, 4), "a", counter([99]), now=3.2) == 2
