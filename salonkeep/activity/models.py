"""The activity log: who changed what, when. It is business data and is backed up."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from salonkeep.accounts.models import Business


class Action(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"


class ActivityEntry(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text too, so the log still says who after a login is removed.
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["business", "-at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.model} {self.object_repr}"
