"""Gift cards and gift certificates: a balance the salon owes its holder, and the ledger
of every movement. A gift certificate is a gift card used once, whole (see
salonkeep/giftcards/certificates.py).

A card sold at checkout is a ticket line. Until that ticket is paid the card is only
reserved (``issued_at`` empty, no movement, balance 0); when the ticket is paid the card
is issued: an "issued" movement puts its value on it. From then on the balance changes
only together with a movement row, in the same transaction, under a lock on the card row,
so the balance is always the sum of the movements and never negative.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from salonkeep.accounts.models import BusinessOwned
from salonkeep.catalog.models import Service
from salonkeep.clients.models import Client
from salonkeep.sales.models import Payment, TicketLine

CODE_MAX_LENGTH = 20


class GiftCardRules(BusinessOwned):
    """How this business runs gift cards. Many places forbid gift cards that expire, so
    expiry is off unless the owner or a manager turns it on."""

    expiry_allowed = models.BooleanField(
        "Gift cards may expire",
        default=False,
        help_text="Only where the law allows it; without this no card ever expires.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business"], name="one_gift_card_rules_per_business")
        ]

    def __str__(self) -> str:
        return "Gift card rules"


class GiftCard(BusinessOwned):
    code = models.CharField(max_length=CODE_MAX_LENGTH)
    initial_value = models.PositiveIntegerField()
    # Kept equal to the sum of the movements (see the module docstring).
    balance = models.IntegerField(default=0)
    recipient = models.CharField("Who it is for", max_length=120, blank=True)
    purchaser = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_on = models.DateField(null=True, blank=True)
    # A gift certificate is used once, whole: for its value, or for one named service.
    is_certificate = models.BooleanField(default=False)
    certificate_service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sold_on = models.OneToOneField(TicketLine, on_delete=models.CASCADE, related_name="gift_card")
    issued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["business", "code"], name="gift_card_code_unique"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="gift_card_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name} {self.code}"

    @property
    def kind_name(self) -> str:
        return "Gift certificate" if self.is_certificate else "Gift card"

    @property
    def code_display(self) -> str:
        return " ".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class MovementKind(models.TextChoices):
    ISSUED = "issued", "Issued"
    REDEEMED = "redeemed", "Redeemed"
    REFUNDED = "refunded", "Refunded back onto the card"
    ADJUSTED = "adjusted", "Adjusted"


class GiftCardMovement(BusinessOwned):
    card = models.ForeignKey(GiftCard, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=10, choices=MovementKind.choices)
    amount = models.IntegerField()  # + onto the card, − off it
    balance_after = models.IntegerField()
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    business_date = models.DateField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["business", "business_date"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="gift_card_movement_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.card}"
