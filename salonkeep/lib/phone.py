"""Telephone numbers compared by their digits, so "07700 900123" finds "+44 7700 900123"."""

import re

_NON_DIGITS = re.compile(r"\D+")


def phone_digits(text: str) -> str:
    """The digits of a number, without a leading international 44/0 distinction."""
    return _NON_DIGITS.sub("", text or "")


def phone_key(text: str) -> str:
    """The last nine digits: the part of a number that survives every national prefix."""
    return phone_digits(text)[-9:]
