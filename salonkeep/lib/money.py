"""Money as integer minor units with a currency. Never floats."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Currencies whose minor unit is not 1/100.
MINOR_DIGITS = {"JPY": 0}
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "JPY": "¥"}

_AMOUNT = re.compile(r"^\s*(-)?\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS.get(currency, 2)


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.minor - other.minor, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __str__(self) -> str:
        return format_money(self.minor, self.currency)


def format_money(minor: int, currency: str) -> str:
    """12345, "GBP" -> "£123.45"; the symbol is the currency code where none is known."""
    digits = minor_digits(currency)
    sign = "-" if minor < 0 else ""
    whole, part = divmod(abs(minor), 10**digits) if digits else (abs(minor), 0)
    amount = f"{whole:,}" + (f".{part:0{digits}d}" if digits else "")
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


def parse_money(text: str, currency: str) -> int:
    """Turn "45", "45.5" or "45.50" into 4550 minor units.

    Raises ValueError with a message people read."""
    match = _AMOUNT.match(text.replace(SYMBOLS.get(currency, "\0"), ""))
    if not match:
        raise ValueError(f"“{text}” is not an amount such as 45.00")
    negative, whole, fraction = match.groups()
    digits = minor_digits(currency)
    if fraction and digits == 0:
        raise ValueError(f"{currency} amounts have no fractional part")
    fraction_minor = int((fraction or "0").ljust(digits, "0")[:digits] or "0")
    minor: int = int(whole) * 10**digits + fraction_minor
    return -minor if negative else minor


def minor_to_text(minor: int, currency: str) -> str:
    """The plain number for a form field: 4550 -> "45.50"."""
    digits = minor_digits(currency)
    if not digits:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, part = divmod(abs(minor), 10**digits)
    return f"{sign}{whole}.{part:0{digits}d}"
