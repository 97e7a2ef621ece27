"""Date, time and money fields as the book's forms use them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from salonkeep.book.grid import EARLIEST_DAY, LATEST_DAY, is_plausible_day
from salonkeep.lib.money import format_money, parse_money

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
DATE_ERROR = "Enter a date such as 2026-11-24 (or 24/11/2026)."
TIME_ERROR = "Enter a time such as 14:30."
# More than any single service costs; keeps amounts well inside the database column.
MAX_PRICE_MINOR = 100_000_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class BookDateField(forms.DateField):
    """A calendar date within the years the book can show."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": DATE_ERROR, "required": "Choose a date."})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> date | None:
        day: date | None = super().clean(value)
        if day is not None and not is_plausible_day(day):
            raise forms.ValidationError(
                f"Choose a date between {EARLIEST_DAY:%Y} and {LATEST_DAY:%Y}."
            )
        return day


def time_field(label: str, *, required: bool, help_text: str = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=TIME_INPUT_FORMATS,
        widget=TimeInput(),
        error_messages={"invalid": TIME_ERROR, "required": "Choose a time."},
    )


def clean_price_text(text: str, currency: str) -> int | None:
    """Money typed by a person ("45", "45.50", "£45") in minor units; blank is None."""
    text = text.strip()
    if not text:
        return None
    try:
        minor = parse_money(text, currency)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None
    if minor < 0:
        raise forms.ValidationError("A price cannot be negative.")
    if minor > MAX_PRICE_MINOR:
        raise forms.ValidationError(
            f"A price above {format_money(MAX_PRICE_MINOR, currency)} is not accepted."
        )
    return minor
