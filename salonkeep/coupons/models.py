"""Coupons: a code that takes an amount or a percentage off what it applies to, between
two dates, a limited number of times. A use belongs to a ticket; a voided ticket's use
no longer counts, and taking the coupon off a ticket releases it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from salonkeep.accounts.models import BusinessOwned
from salonkeep.catalog.models import Service, ServiceCategory
from salonkeep.clients.models import Client
from salonkeep.sales.models import Product, Ticket

COUPON_CODE_MAX_LENGTH = 30


class CouponKind(models.TextChoices):
    AMOUNT = "amount", "Amount off"
    PERCENT = "percent", "Percent off"


class CouponScope(models.TextChoices):
    EVERYTHING = "all", "Everything (services and products)"
    SERVICES = "services", "Services only"
    PRODUCTS = "products", "Products only"
    CATEGORY = "category", "Services of one category"
    SERVICE = "service", "One service"
    PRODUCT = "product", "One product"


class Coupon(BusinessOwned):
    code = models.CharField(max_length=COUPON_CODE_MAX_LENGTH)
    description = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=8, choices=CouponKind.choices)
    # Minor units for an amount, basis points for a percentage.
    value = models.PositiveIntegerField()
    scope = models.CharField(max_length=8, choices=CouponScope.choices, default="all")
    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Dates in the business's time zone, both days included.
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    limit_total = models.PositiveIntegerField("Uses in all", null=True, blank=True)
    limit_per_client = models.PositiveIntegerField("Uses per client", null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["business", "code"], name="coupon_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class CouponUse(BusinessOwned):
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="uses")
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="coupon_uses")
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One coupon at a time on a ticket.
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(released_at__isnull=True),
                name="one_coupon_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coupon} on {self.ticket}"
