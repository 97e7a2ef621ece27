"""The team: who works here, where, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from salonkeep.accounts.models import WEEKDAYS, BusinessOwned, Location


class TeamMember(BusinessOwned):
    """A person who can be booked. They may or may not have a login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_member",
    )
    name = models.CharField(max_length=80)
    title = models.CharField(max_length=80, blank=True, help_text="e.g. Senior stylist")
    colour = models.CharField(max_length=7, default="#7c9cbf")
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class WorkingHours(BusinessOwned):
    """Regular weekly hours at a location. Several rows on one weekday make a split shift."""

    team_member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="hours")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")),
                name="working_hours_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display()
        return f"{self.team_member}, {day} {self.starts:%H:%M}–{self.ends:%H:%M}"


class ScheduleChange(BusinessOwned):
    """A one-off change for one date. Any change rows for a date replace that date's weekly
    hours entirely; a row without times means not working that day."""

    team_member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="changes")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    starts = models.TimeField(null=True, blank=True)
    ends = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "starts"]
        indexes = [models.Index(fields=["team_member", "date"])]

    def __str__(self) -> str:
        return f"{self.team_member}, {self.date:%Y-%m-%d}"


class TimeOff(BusinessOwned):
    """Holiday, sickness, training: the team member cannot be booked between two instants."""

    team_member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="time_off")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="time_off_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_member}, time off"
