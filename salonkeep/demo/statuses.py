"""How a generated appointment stands relative to "now", the way a real book looks."""

from __future__ import annotations

from datetime import datetime, timedelta

from salonkeep.book.models import Status

# Roughly what salons report: 1 in 12 appointments cancelled, 1 in 30 a no-show.
CANCELLED_SHARE = 0.08
NO_SHOW_SHARE = 0.035


def status_for(starts_at: datetime, ends_at: datetime, now: datetime, roll: float) -> Status:
    """`roll` is a uniform random number in [0, 1) chosen by the caller, so the same
    seed gives the same book."""
    if roll < CANCELLED_SHARE:
        return Status.CANCELLED
    if ends_at <= now:
        return Status.NO_SHOW if roll < CANCELLED_SHARE + NO_SHOW_SHARE else Status.COMPLETED
    if starts_at <= now:
        return Status.IN_PROGRESS
    if starts_at - now <= timedelta(minutes=20):
        return Status.ARRIVED if roll < 0.6 else Status.CONFIRMED
    if starts_at - now <= timedelta(days=2):
        return Status.CONFIRMED if roll < 0.75 else Status.BOOKED
    return Status.CONFIRMED if roll < 0.3 else Status.BOOKED


def cancelled_at(starts_at: datetime, now: datetime, roll: float) -> datetime:
    """Cancellations come between a week and an hour before the appointment, never in
    the future."""
    before = timedelta(hours=1 + roll * 167)
    return min(starts_at - before, now)
