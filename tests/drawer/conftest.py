import pytest
import time_machine

from tests.book.helpers import at


@pytest.fixture(autouse=True)
def _on_the_day_of_the_appointments():
    """Tuesday 24 November 2026, 11:00 in London (= UTC): the book's test day."""
    with time_machine.travel(at(11), tick=True):
        yield
