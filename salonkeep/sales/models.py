"""Checkout: retail products, tax rates, tickets (sales) and their payments.

Money is integer minor units of the business's currency. Nothing that was sold or paid
is ever deleted: a void marks the ticket, a refund is a new, negative payment row, and
an owed payment is settled by a later payment row that points at it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from salonkeep.accounts.models import BusinessOwned
from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.clients.models import Client
from salonkeep.team.models import TeamMember

MAX_BASIS_POINTS = 10_000  # 100 %


class TaxRate(BusinessOwned):
    name = models.CharField(max_length=60)
    basis_points = models.PositiveIntegerField(
        validators=[MaxValueValidator(MAX_BASIS_POINTS)],
        help_text="The rate in hundredths of a percent: 20 % is 2000.",
    )
    inclusive = models.BooleanField(
        default=True, help_text="Prices already include this tax (usual for VAT in the UK)."
    )
    for_services = models.BooleanField(
        default=False, help_text="Charged on services at checkout (one rate at most)."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(BusinessOwned):
    """A retail product the salon sells over the counter."""

    name = models.CharField(max_length=120)
    sku = models.CharField("SKU or barcode", max_length=60, blank=True)
    price = models.PositiveIntegerField()
    tax_rate = models.ForeignKey(
        TaxRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stock = models.IntegerField("Stock on hand", default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class TicketStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    VOIDED = "voided", "Voided"


class DiscountKind(models.TextChoices):
    NONE = "", "No discount"
    AMOUNT = "amount", "Amount off"
    PERCENT = "percent", "Percent off"


class Ticket(BusinessOwned):
    """One sale: services, products, discounts, tax, tips and the payments for them."""

    number = models.PositiveIntegerField()
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    status = models.CharField(max_length=8, choices=TicketStatus.choices, default="open")
    discount_kind = models.CharField(
        max_length=8, choices=DiscountKind.choices, default="", blank=True
    )
    # Minor units for an amount, basis points for a percentage.
    discount_value = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["business", "number"], name="ticket_number_unique"),
            # An appointment is checked out once; a voided ticket frees it for another.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=~Q(status="voided"),
                name="one_live_ticket_per_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"Ticket {self.number}"


class LineKind(models.TextChoices):
    SERVICE = "service", "Service"
    PRODUCT = "product", "Product"
    # A gift card or certificate sold (salonkeep.giftcards): owed to its holder, not revenue.
    GIFT_CARD = "giftcard", "Gift card"


class TicketLine(BusinessOwned):
    """A service or product on a ticket, with its price and tax copied when added."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=8, choices=LineKind.choices)
    appointment_service = models.ForeignKey(
        AppointmentService, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team_member = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=120)
    unit_price = models.PositiveIntegerField()
    quantity = models.PositiveSmallIntegerField(default=1)
    tax_name = models.CharField(max_length=60, blank=True)
    tax_basis_points = models.PositiveIntegerField(default=0)
    tax_inclusive = models.BooleanField(default=True)
    discount_kind = models.CharField(
        max_length=8, choices=DiscountKind.choices, default="", blank=True
    )
    discount_value = models.PositiveIntegerField(default=0)
    # Products brought back on a refund; they went back into stock.
    returned_quantity = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.description} × {self.quantity}"


class Tip(BusinessOwned):
    """A team member's tip from a ticket. Tips are not revenue: they are theirs."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="tips")
    team_member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Tip for {self.team_member}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    CARD = "card", "Card (terminal)"
    TELEPHONE = "telephone", "Card by telephone"
    GIFT_CARD = "gift_card", "Gift card"
    GIFT_CERTIFICATE = "gift_certificate", "Gift certificate"
    PAYMENT_LINK = "payment_link", "Payment link"
    OWED = "owed", "Pay later (owed)"


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", "Payment"
    REFUND = "refund", "Refund"


class Payment(BusinessOwned):
    """Money taken for a ticket (positive) or given back (a refund: negative).

    An OWED row is a promise: it covers its part of the ticket but is not money in the
    till. Collecting it adds a second row (cash or card) with ``collects`` pointing at the
    owed row; that row is money taken but does not cover the ticket a second time.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=8, choices=PaymentKind.choices, default="payment")
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    amount = models.IntegerField()
    # Cash only: what the client handed over, and the change given back.
    tendered = models.PositiveIntegerField(null=True, blank=True)
    change = models.PositiveIntegerField(null=True, blank=True)
    card_last4 = models.CharField("Last 4 digits", max_length=4, blank=True)
    reference = models.CharField(max_length=80, blank=True)
    note = models.CharField(max_length=200, blank=True)
    collects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="collection"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The business's local date of the payment: the day it belongs to at close-out.
    business_date = models.DateField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["business", "business_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="refund", amount__lt=0) | Q(kind="payment", amount__gt=0),
                name="payment_sign_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_method_display()} on ticket {self.ticket_id}"


class ClosedDay(BusinessOwned):
    """A business day that has been closed out: no sale or payment may be dated into it."""

    date = models.DateField()
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["business", "date"], name="one_close_per_day")
        ]

    def __str__(self) -> str:
        return f"Closed {self.date:%Y-%m-%d}"
