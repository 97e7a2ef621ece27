"""The outage pack settings (business data) and the record of packs written (this
installation's bookkeeping, never part of a backup)."""

from __future__ import annotations

from datetime import time

from django.db import models

from salonkeep.accounts.models import Business, BusinessOwned

DEFAULT_PACK_TIME = time(19)


class OutagePackSettings(BusinessOwned):
    """When the evening outage pack is written: a wall-clock time in the business's time
    zone. One row per business."""

    enabled = models.BooleanField(default=True)
    at = models.TimeField(default=DEFAULT_PACK_TIME)
    # Scheduler state, changed only with QuerySet.update() (an atomic claim), so it never
    # fills the activity log.
    next_due_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "outage pack settings"
        constraints = [
            models.UniqueConstraint(fields=["business"], name="one_outage_pack_settings"),
        ]

    def __str__(self) -> str:
        return "Outage pack settings"


class PackStatus(models.TextChoices):
    WRITTEN = "written", "Written"
    FAILED = "failed", "Failed"


class OutagePackRun(models.Model):
    """One attempt to write a pack into one location. Not business data, like
    continuity.BackupRun: listed in continuity.tables.NOT_BUSINESS_DATA."""

    business = models.ForeignKey(
        Business, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    day = models.DateField()
    trigger = models.CharField(max_length=20)
    location = models.CharField(max_length=1000)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=PackStatus.choices)
    files = models.PositiveSmallIntegerField(default=0)
    folder = models.CharField(max_length=1000, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["business", "-started_at"])]

    def __str__(self) -> str:
        return f"Outage pack for {self.day} at {self.started_at:%Y-%m-%d %H:%M} UTC: {self.status}"
