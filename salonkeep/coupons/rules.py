"""Applying a coupon to a ticket and taking it off again.

A coupon is checked in full before anything changes (active, dates in the salon's time
zone, usage limits overall and per client, what it applies to) and then applied as line
discounts on the lines it covers, all in one transaction with the ticket and the coupon
locked: two tills cannot both take the last use, and a refusal leaves nothing half done.
A percentage goes on each covered line; an amount is shared between them in proportion
to their prices, so the shares add up to the amount exactly.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.clients.models import Client
from salonkeep.coupons.models import COUPON_CODE_MAX_LENGTH, Coupon, CouponScope, CouponUse
from salonkeep.lib.splits import split_by_weights
from salonkeep.sales.daylock import SaleError, ensure_day_open
from salonkeep.sales.models import LineKind, Ticket, TicketLine, TicketStatus
from salonkeep.sales.tickets import lock_open_ticket

CODE_MIN_LENGTH = 3


class CouponError(SaleError):
    pass


def normalise_code(text: str) -> str:
    code = text.strip().replace(" ", "").upper()
    allowed = all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in code)
    if not (CODE_MIN_LENGTH <= len(code) <= COUPON_CODE_MAX_LENGTH and allowed):
        raise CouponError(
            "That is not a coupon code: 3 to 30 letters, digits, dashes or underscores, "
            "such as SPRING-10."
        )
    return code


def _day(day: date, today: date) -> str:
    return f"{day:%-d %B}" if day.year == today.year else f"{day:%-d %B %Y}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def scope_text(coupon: Coupon) -> str:
    if coupon.scope == CouponScope.SERVICES:
        return "services"
    if coupon.scope == CouponScope.PRODUCTS:
        return "products"
    if coupon.scope == CouponScope.CATEGORY and coupon.category is not None:
        return f"{coupon.category.name} services"
    if coupon.scope == CouponScope.SERVICE and coupon.service is not None:
        return coupon.service.name
    if coupon.scope == CouponScope.PRODUCT and coupon.product is not None:
        return coupon.product.name
    return "services and products"


def covers(coupon: Coupon, line: TicketLine) -> bool:
    service = line.appointment_service.service if line.appointment_service else None
    scope = coupon.scope
    if line.kind == LineKind.SERVICE:
        if scope == CouponScope.CATEGORY:
            return service is not None and service.category_id == coupon.category_id
        if scope == CouponScope.SERVICE:
            return service is not None and service.pk == coupon.service_id
        return scope in (CouponScope.EVERYTHING, CouponScope.SERVICES)
    if line.kind == LineKind.PRODUCT:
        if scope == CouponScope.PRODUCT:
            return line.product_id == coupon.product_id
        return scope in (CouponScope.EVERYTHING, CouponScope.PRODUCTS)
    return False  # gift cards are sold at their value


def live_uses(coupon: Coupon) -> QuerySet[CouponUse]:
    """Uses that count against the limits: not taken off, not on a voided ticket."""
    return CouponUse.objects.filter(coupon=coupon, released_at__isnull=True).exclude(
        ticket__status=TicketStatus.VOIDED
    )


def live_use_on(ticket: Ticket) -> CouponUse | None:
    return (
        CouponUse.objects.filter(ticket=ticket, released_at__isnull=True)
        .select_related("coupon")
        .first()
    )


def _check_limits(coupon: Coupon, client: Client | None) -> None:
    uses = live_uses(coupon)
    if coupon.limit_total is not None and uses.count() >= coupon.limit_total:
        raise CouponError(
            f"Coupon {coupon.code} has been used {_times(coupon.limit_total)} — its limit."
        )
    if coupon.limit_per_client is not None:
        if client is None:
            raise CouponError(
                f"Coupon {coupon.code} has a limit per client: choose the client first."
            )
        if uses.filter(client=client).count() >= coupon.limit_per_client:
            raise CouponError(
                f"{client.full_name} has already used coupon {coupon.code} "
                f"{_times(coupon.limit_per_client)} — the limit per client."
            )


def apply_coupon(ticket: Ticket, user: User, text: str) -> CouponUse:
    code = normalise_code(text)
    now = timezone.now()
    with transaction.atomic():
        locked = lock_open_ticket(ticket)
        business: Business = locked.business
        if locked.payments.exists():
            raise CouponError(
                "A payment has been taken on this ticket, so what is on it can no longer change."
            )
        coupon = (
            Coupon.objects.select_for_update(of=("self",))
            .filter(business=business, code=code)
            .select_related("category", "service", "product")
            .first()
        )
        if coupon is None:
            raise CouponError(f"No such coupon: {code}.")
        today = ensure_day_open(business, now)
        if not coupon.is_active:
            raise CouponError(f"Coupon {code} is no longer in use.")
        if coupon.valid_from is not None and today < coupon.valid_from:
            raise CouponError(f"Coupon {code} starts on {_day(coupon.valid_from, today)}.")
        if coupon.valid_until is not None and today > coupon.valid_until:
            raise CouponError(f"Coupon {code} expired on {_day(coupon.valid_until, today)}.")
        current = live_use_on(locked)
        if current is not None:
            raise CouponError(
                f"This ticket already has coupon {current.coupon.code}: take it off first."
            )
        if locked.discount_kind:
            raise CouponError(
                "The ticket has a whole-ticket discount: take it off before using a coupon."
            )
        lines = [
            line
            for line in locked.lines.select_related("appointment_service__service")
            if covers(coupon, line)
        ]
        if not lines:
            raise CouponError(f"Coupon {code} applies to {scope_text(coupon)} only.")
        for line in lines:
            if line.discount_kind:
                raise CouponError(
                    f"{line.description} already has a discount: a coupon does not add to it."
                )
        _check_limits(coupon, locked.client)
        if coupon.kind == "percent":
            shares = [coupon.value] * len(lines)
        else:
            amounts = [line.unit_price * line.quantity for line in lines]
            off = min(coupon.value, sum(amounts))
            shares = split_by_weights(off, amounts) if off else [0] * len(lines)
        for line, share in zip(lines, shares, strict=True):
            line.discount_kind, line.discount_value = (coupon.kind, share) if share else ("", 0)
            line.save(update_fields=["discount_kind", "discount_value"])
        return CouponUse.objects.create(
            business=business,
            ticket=locked,
            coupon=coupon,
            client=locked.client,
            created_at=now,
            created_by=user,
        )


def remove_coupon(ticket: Ticket) -> Coupon:
    """Take the coupon off an unpaid ticket: its discounts go and its use is released."""
    with transaction.atomic():
        locked = lock_open_ticket(ticket)
        if locked.payments.exists():
            raise CouponError(
                "A payment has been taken on this ticket, so what is on it can no longer change."
            )
        use = live_use_on(locked)
        if use is None:
            raise CouponError("There is no coupon on this ticket.")
        for line in locked.lines.select_related("appointment_service__service"):
            if covers(use.coupon, line) and line.discount_kind:
                line.discount_kind, line.discount_value = "", 0
                line.save(update_fields=["discount_kind", "discount_value"])
        use.released_at = timezone.now()
        use.save(update_fields=["released_at"])
        return use.coupon
