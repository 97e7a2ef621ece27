"""Businesses (salon accounts), their locations, and the staff who log in."""

from __future__ import annotations

import zoneinfo
from datetime import time
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

CURRENCIES = [
    ("GBP", "Pound sterling (GBP)"),
    ("EUR", "Euro (EUR)"),
    ("USD", "US dollar (USD)"),
    ("CAD", "Canadian dollar (CAD)"),
    ("AUD", "Australian dollar (AUD)"),
    ("NZD", "New Zealand dollar (NZD)"),
    ("CHF", "Swiss franc (CHF)"),
    ("SEK", "Swedish krona (SEK)"),
    ("NOK", "Norwegian krone (NOK)"),
    ("DKK", "Danish krone (DKK)"),
    ("ZAR", "South African rand (ZAR)"),
    ("JPY", "Japanese yen (JPY)"),
]

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(f"“{name}” is not a time zone name such as Europe/London.")


class Business(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="GBP")
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "businesses"

    def __str__(self) -> str:
        return self.name

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class BusinessOwned(models.Model):
    """Every record of business data belongs to exactly one business."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Location(BusinessOwned):
    name = models.CharField(max_length=120)
    address = models.TextField(max_length=500, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def hours_on(self, weekday: int) -> tuple[time, time] | None:
        for hours in self.opening_hours.all():
            if hours.weekday == weekday:
                return hours.opens, hours.closes
        return None


class OpeningHours(BusinessOwned):
    """A location's opening hours on one weekday; a weekday with no row is closed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["location", "weekday"], name="one_hours_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="opening_hours_open_before_close",
            ),
        ]

    def __str__(self) -> str:
        # Read in the activity log, where "OpeningHours object (12)" would tell nobody anything.
        return f"{self.location}, {self.get_weekday_display()}"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MANAGER = "manager", "Manager"
    FRONT_DESK = "front_desk", "Front desk"
    STYLIST = "stylist", "Stylist / therapist"


class User(AbstractUser):
    """A staff login. Usernames are unique across the installation."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, null=True, blank=True, related_name="users"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STYLIST)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def can_manage(self) -> bool:
        """Owners and managers run the business: menu, schedules, team, activity log."""
        return self.role in (Role.OWNER, Role.MANAGER)

    @property
    def can_book(self) -> bool:
        """Owners, managers and the front desk make and change appointments."""
        return self.role in (Role.OWNER, Role.MANAGER, Role.FRONT_DESK)

    def activity_fields(self) -> dict[str, Any]:
        return {"username": self.username, "role": self.role, "is_active": self.is_active}
