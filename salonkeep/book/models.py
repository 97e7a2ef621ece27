"""The appointment book."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from salonkeep.accounts.models import BusinessOwned, Location
from salonkeep.catalog.models import Service
from salonkeep.clients.models import Client
from salonkeep.team.models import TeamMember


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    CONFIRMED = "confirmed", "Confirmed"
    ARRIVED = "arrived", "Arrived"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


# Appointments in these states no longer hold anyone's time.
RELEASED_STATUSES = (Status.CANCELLED, Status.NO_SHOW)


class Appointment(BusinessOwned):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    notes = models.TextField(max_length=2000, blank=True)
    # The client's visit: from the first service's start to the last one's end (without
    # clean-up time). Kept in step with the services by the booking functions.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["location", "starts_at"]),
            models.Index(fields=["business", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.client} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def holds_time(self) -> bool:
        return self.status not in RELEASED_STATUSES


class AppointmentService(BusinessOwned):
    """One service within an appointment, with its price and timings fixed at booking."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    team_member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    service_name = models.CharField(max_length=120)
    price = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    # starts_at + every part including clean-up: the end of the stylist's involvement.
    ends_at = models.DateTimeField()
    initial_minutes = models.PositiveSmallIntegerField()
    processing_minutes = models.PositiveSmallIntegerField()
    finish_minutes = models.PositiveSmallIntegerField()
    blocked_minutes = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "position"]
        indexes = [models.Index(fields=["team_member", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.service_name} with {self.team_member}"

    @property
    def client_ends_at(self) -> datetime:
        return self.starts_at + timedelta(
            minutes=self.initial_minutes + self.processing_minutes + self.finish_minutes
        )

    def busy_periods(self) -> list[tuple[datetime, datetime]]:
        """When the team member is busy: initial, then finish plus clean-up.
        Processing time is free for them."""
        return busy_periods(
            self.starts_at,
            self.initial_minutes,
            self.processing_minutes,
            self.finish_minutes,
            self.blocked_minutes,
        )


def busy_periods(
    start: datetime, initial: int, processing: int, finish: int, blocked: int
) -> list[tuple[datetime, datetime]]:
    periods = []
    if processing == 0:
        total = initial + finish + blocked
        if total:
            periods.append((start, start + timedelta(minutes=total)))
        return periods
    if initial:
        periods.append((start, start + timedelta(minutes=initial)))
    tail = finish + blocked
    if tail:
        tail_start = start + timedelta(minutes=initial + processing)
        periods.append((tail_start, tail_start + timedelta(minutes=tail)))
    return periods
