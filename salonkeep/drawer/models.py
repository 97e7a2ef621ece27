"""The cash drawer of a business day, its pay-ins and pay-outs, and the close-out.

Money is integer minor units. A close-out keeps the counts and balances as they were
when the day was closed; nothing here is edited afterwards. A correction found later is
a new drawer entry on the day it is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from salonkeep.accounts.models import BusinessOwned, Location
from salonkeep.sales.models import PaymentMethod, Tip


class Drawer(BusinessOwned):
    """The till for one business day. ClosedDay locks a whole business day, so a business
    has one drawer per day, kept at one of its locations."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    opening_float = models.PositiveIntegerField()
    # {denomination key: pieces} when the float was counted note by note; empty if a total.
    opening_counts = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["business", "date"], name="one_drawer_per_day")
        ]

    def __str__(self) -> str:
        return f"Drawer {self.date:%Y-%m-%d}"


class EntryKind(models.TextChoices):
    PAY_IN = "pay_in", "Pay-in"
    PAY_OUT = "pay_out", "Pay-out"


class DrawerEntry(BusinessOwned):
    """Cash put into or taken out of the drawer other than by a sale."""

    drawer = models.ForeignKey(Drawer, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    amount = models.PositiveIntegerField()
    reason = models.CharField(max_length=200)
    # A card tip handed to the team member in cash.
    tip = models.ForeignKey(Tip, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="drawer_entry_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"


class CloseOut(BusinessOwned):
    """The cash-up of a day: what was counted, what was expected, and why they differ."""

    drawer = models.OneToOneField(Drawer, on_delete=models.PROTECT, related_name="close_out")
    date = models.DateField()
    cash_counts = models.JSONField(default=dict)
    # Kept in the drawer for tomorrow's opening float; the rest is banked.
    closing_float = models.PositiveIntegerField()
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["business", "date"], name="one_close_out_per_day")
        ]

    def __str__(self) -> str:
        return f"Close-out {self.date:%Y-%m-%d}"


class CloseOutLine(BusinessOwned):
    """Expected against counted for one payment type of a close-out."""

    close_out = models.ForeignKey(CloseOut, on_delete=models.CASCADE, related_name="lines")
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    expected = models.IntegerField()
    counted = models.IntegerField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.counted - self.expected:+d}"

    @property
    def difference(self) -> int:
        return self.counted - self.expected
