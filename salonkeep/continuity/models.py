"""Automatic backup settings (business data) and the record of backup attempts
(this installation's bookkeeping, never part of a backup)."""

from __future__ import annotations

from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from salonkeep.accounts.models import Business, BusinessOwned


class BackupSettings(BusinessOwned):
    """The seed's "Automatic Backup Settings", one row per business. Times are wall-clock
    rules in the business's time zone."""

    enabled = models.BooleanField(default=True)
    keep = models.PositiveSmallIntegerField(
        default=25, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    every_hours = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    all_day = models.BooleanField(default=False)
    from_time = models.TimeField(default=time(8))
    to_time = models.TimeField(default=time(20))
    # Weekdays as digits, Monday = 0: "0123456" is every day.
    weekdays = models.CharField(
        max_length=7, default="0123456", validators=[RegexValidator(r"^[0-6]{0,7}$")]
    )
    backup_on_exit = models.BooleanField(default=True)
    # Empty: the default location, the "backups" folder in the data folder.
    location = models.CharField(max_length=500, blank=True)
    remind = models.BooleanField(default=True)
    remind_after_days = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    # Scheduler state, changed only with QuerySet.update() (an atomic claim), so it never
    # fills the activity log.
    next_due_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "backup settings"
        constraints = [
            models.UniqueConstraint(fields=["business"], name="one_backup_settings_per_business"),
        ]

    def __str__(self) -> str:
        return "Automatic backup settings"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    VERIFIED = "verified", "Verified"
    FAILED = "failed", "Failed"


class BackupRun(models.Model):
    """One attempt to back up a business, successful or not: what the backups page and
    the overdue/failed banners read. Not business data: a restore must not rewrite the
    history of backups made on this installation, so the foreign key has no database
    constraint and the table is listed in continuity.tables.NOT_BUSINESS_DATA."""

    business = models.ForeignKey(
        Business, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    trigger = models.CharField(max_length=20)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices)
    location = models.CharField(max_length=500)
    path = models.CharField(max_length=1000, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["business", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.trigger} backup at {self.started_at:%Y-%m-%d %H:%M} UTC: {self.status}"
