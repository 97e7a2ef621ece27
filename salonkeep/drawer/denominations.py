"""The notes and coins of each business currency, in minor units, largest first.

Counting by denomination is how a till is cashed up: the counts are kept with the
close-out so a difference can be traced to "one £20 note short".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from salonkeep.lib.money import format_money, minor_digits

# (notes, coins) per currency, minor units.
_SETS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "GBP": ((5000, 2000, 1000, 500), (200, 100, 50, 20, 10, 5, 2, 1)),
    "EUR": ((50000, 20000, 10000, 5000, 2000, 1000, 500), (200, 100, 50, 20, 10, 5, 2, 1)),
    "USD": ((10000, 5000, 2000, 1000, 500, 200, 100), (100, 50, 25, 10, 5, 1)),
    "CAD": ((10000, 5000, 2000, 1000, 500), (200, 100, 25, 10, 5)),
    "AUD": ((10000, 5000, 2000, 1000, 500), (200, 100, 50, 20, 10, 5)),
    "NZD": ((10000, 5000, 2000, 1000, 500), (200, 100, 50, 20, 10)),
    "CHF": ((100000, 20000, 10000, 5000, 2000, 1000), (500, 200, 100, 50, 20, 10, 5)),
    "SEK": ((100000, 50000, 20000, 10000, 5000, 2000), (1000, 500, 200, 100)),
    "NOK": ((100000, 50000, 20000, 10000, 5000), (2000, 1000, 500, 100)),
    "DKK": ((100000, 50000, 20000, 10000, 5000), (2000, 1000, 500, 200, 100, 50)),
    "ZAR": ((20000, 10000, 5000, 2000, 1000), (500, 200, 100, 50, 20, 10)),
    "JPY": ((10000, 5000, 2000, 1000), (500, 100, 50, 10, 5, 1)),
}

MAX_PIECES = 100_000  # more of one note or coin than any till holds


@dataclass(frozen=True)
class Denomination:
    value: int  # minor units
    is_note: bool
    currency: str

    @property
    def key(self) -> str:
        # USD has both a $1 bill and a $1 coin: the key tells them apart.
        return f"{'n' if self.is_note else 'c'}{self.value}"

    @property
    def label(self) -> str:
        amount = format_money(self.value, self.currency)
        if minor_digits(self.currency) and self.value % 10 ** minor_digits(self.currency) == 0:
            amount = amount.rsplit(".", 1)[0]
        elif self.value < 10 ** minor_digits(self.currency):
            amount = f"{self.value}{'c' if self.currency != 'GBP' else 'p'}"
        return f"{amount} {'notes' if self.is_note else 'coins'}"


def denominations(currency: str) -> list[Denomination]:
    notes, coins = _SETS.get(currency, _SETS["EUR"])
    return [Denomination(v, True, currency) for v in notes] + [
        Denomination(v, False, currency) for v in coins
    ]


def total_of(counts: Mapping[str, int], currency: str) -> int:
    """The value of a count {key: pieces}; unknown keys are refused, not ignored."""
    by_key = {d.key: d for d in denominations(currency)}
    total = 0
    for key, pieces in counts.items():
        if key not in by_key:
            raise ValueError(f"{key} is not a {currency} note or coin.")
        if pieces < 0:
            raise ValueError("A count cannot be negative.")
        total += by_key[key].value * pieces
    return total
