"""Payment links: a page where a client pays what they owe.

A link is always for a payment owed (``sales.Payment`` with method OWED): at checkout,
"send a payment link" first records the amount as owed, so the ticket, the payments
owed list and the close-out already know about it. When the client pays, the owed row
is collected by a payment of method PAYMENT_LINK, exactly as a telephone payment would
collect it. One owed payment has at most one live link at a time; a cancelled or
expired link is kept, and a new one can be sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from salonkeep.accounts.models import Business, BusinessOwned
from salonkeep.sales.models import Payment


class Provider(models.TextChoices):
    BUILT_IN = "built_in", "Built-in (the salon marks it paid)"
    STRIPE = "stripe", "Stripe"


class LinkState(models.TextChoices):
    ACTIVE = "active", "Waiting for payment"
    PROMISED = "promised", "Client says they have paid"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


LIVE_STATES = (LinkState.ACTIVE, LinkState.PROMISED)


class PaymentLink(BusinessOwned):
    owed = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="links")
    # In the link's address: unguessable, and the only thing the client's page knows.
    token = models.CharField(max_length=64, unique=True)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    state = models.CharField(max_length=20, choices=LinkState.choices, default="active")
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    # Where and when it was e-mailed (empty: only copied, e.g. into a text message).
    sent_to = models.EmailField(max_length=254, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    # Built-in provider: what the client said on the page.
    promised_at = models.DateTimeField(null=True, blank=True)
    promise_name = models.CharField(max_length=120, blank=True)
    promise_note = models.CharField(max_length=300, blank=True)
    # Stripe: the current Checkout Session and how many were started for this link
    # (part of each session's idempotency key).
    checkout_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    checkouts = models.PositiveSmallIntegerField(default=0)
    # The payment that collected the owed amount through this link.
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owed"],
                condition=Q(state__in=["active", "promised"]),
                name="one_live_link_per_owed_payment",
            )
        ]
        indexes = [models.Index(fields=["checkout_id"])]

    def __str__(self) -> str:
        return f"Payment link for {self.description}"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES


class LinkSettings(models.Model):
    """What a salon's payment link pages say, and how long links stay valid."""

    business = models.OneToOneField(Business, on_delete=models.CASCADE, related_name="+")
    instructions = models.TextField(
        "How to pay (built-in links)",
        max_length=1000,
        blank=True,
        help_text="Shown on the client's page when Stripe is not set up: e.g. your bank "
        "details for a transfer, or 'call us on ... to pay by card'.",
    )
    valid_days = models.PositiveSmallIntegerField(
        "Links stay valid for (days)",
        default=14,
        help_text="Between 1 and 60. An expired link shows the salon's phone number instead.",
    )

    def __str__(self) -> str:
        return f"Payment link settings of {self.business}"
