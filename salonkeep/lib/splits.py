"""Splitting an amount of money into parts that add up exactly.

Every split works in integer minor units with the largest-remainder method: each part
first gets the whole minor units of its exact share, then the minor units left over go
one each to the parts with the largest fractions (ties to the earlier part). The parts
therefore always add up to the amount, and no part is more than one minor unit away from
its exact share.
"""

from __future__ import annotations

from collections.abc import Sequence


def split_by_weights(amount: int, weights: Sequence[int]) -> list[int]:
    """Split ``amount`` (>= 0) in proportion to ``weights`` (>= 0, not all zero)."""
    if amount < 0:
        raise ValueError("cannot split a negative amount")
    if not weights or any(weight < 0 for weight in weights):
        raise ValueError("weights must be zero or more")
    total = sum(weights)
    if total == 0:
        raise ValueError("at least one weight must be more than zero")
    parts = [amount * weight // total for weight in weights]
    remainders = [amount * weight % total for weight in weights]
    left_over = amount - sum(parts)
    # Largest fraction first; equal fractions in the order given.
    order = sorted(range(len(weights)), key=lambda index: (-remainders[index], index))
    for index in order[:left_over]:
        parts[index] += 1
    return parts


def split_evenly(amount: int, count: int) -> list[int]:
    """Split ``amount`` into ``count`` parts differing by at most one minor unit."""
    if count < 1:
        raise ValueError("split between at least one")
    return split_by_weights(amount, [1] * count)
