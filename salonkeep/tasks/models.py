"""A simple shared task list: things someone in the salon must chase.

Close-out adds one for every anomaly it finds (a payment owed carried over, a cash
difference) so the next day starts with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from salonkeep.accounts.models import BusinessOwned
from salonkeep.clients.models import Client
from salonkeep.sales.models import Payment, Ticket
from salonkeep.team.models import TeamMember


class Task(BusinessOwned):
    title = models.CharField(max_length=200)
    due = models.DateField("Due date")
    assignee = models.ForeignKey(
        TeamMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment_owed = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["business", "done_at", "due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
