"""The demo salon's till: retail products, VAT, and a week of checked-out visits.

Every sale goes through the app's own services (tickets, payments, gift cards), so the
rows are exactly what a real checkout writes; each is then dated at the end of its
visit (demo/backdate.py). Today's visits are left for whoever tries the demo to check
out, and a few recent visits are left as payments owed so that list is not empty.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from salonkeep.accounts.models import Business, User
from salonkeep.activity.recorder import acting_as
from salonkeep.book.models import Appointment, Status
from salonkeep.demo import names
from salonkeep.demo.backdate import Backdater
from salonkeep.demo.menu import scaled_price
from salonkeep.giftcards.ledger import redeem, sell_gift_card
from salonkeep.lib.dates import local_day_bounds
from salonkeep.paylinks.links import link_for
from salonkeep.sales.models import PaymentMethod, Product, TaxRate, Ticket
from salonkeep.sales.payments import Tender, owed_payments, take_payment
from salonkeep.sales.tickets import (
    TIP_EVENLY,
    TIP_SERVICE_VALUE,
    add_product,
    covered_amount,
    open_for_appointment,
    price_of,
    set_tips,
)

PAST_DAYS = 7
PRODUCT_SHARE = 0.15  # of visits that buy something to take home
TIP_SHARE = 0.2
CASH_SHARE = 0.3
OWED_DAYS = 3  # one visit on each of the last three open days is left to pay later
GIFT_CARD_VALUE = 5000
GIFT_CARD_SPEND = 3000
TIPS = (200, 300, 500, 500, 1000)
CASH_NOTE = 1000  # cash is handed over rounded up to the next £10

# (name, SKU, price in pence, stock)
PRODUCTS = (
    ("Colour-care shampoo 300 ml", "JHB-1001", 1650, 18),
    ("Colour-care conditioner 300 ml", "JHB-1002", 1750, 16),
    ("Bond repair treatment 100 ml", "JHB-1003", 2800, 12),
    ("Argan finishing oil 100 ml", "JHB-1004", 3200, 10),
    ("Heat protection spray 150 ml", "JHB-1005", 1400, 20),
    ("Matt texture paste 75 ml", "JHB-1006", 1200, 14),
    ("Wide-tooth detangling comb", "JHB-1007", 450, 24),
)


@dataclass
class CheckoutSummary:
    tickets: int = 0
    products: int = 0
    owed: int = 0
    gift_cards: int = 0


def create_shop(business: Business) -> list[Product]:
    """VAT at 20 %, included in prices and charged on services (unless the salon already
    has a services rate), and a shelf of retail products."""
    vat = TaxRate.objects.filter(business=business, for_services=True).first()
    if vat is None:
        vat = TaxRate.objects.create(
            business=business, name="VAT 20 %", basis_points=2000, inclusive=True, for_services=True
        )
    return [
        Product.objects.create(
            business=business,
            name=name,
            sku=sku,
            price=scaled_price(price, business.currency),
            tax_rate=vat,
            stock=stock,
        )
        for name, sku, price, stock in PRODUCTS
    ]


def visits_to_check_out(business: Business, today: date, days: int) -> list[Appointment]:
    """Completed visits of the ``days`` days before today, in the order they ended."""
    start, _ = local_day_bounds(today - timedelta(days=days), business.tz)
    end, _ = local_day_bounds(today, business.tz)
    return list(
        Appointment.objects.filter(
            business=business, status=Status.COMPLETED, starts_at__gte=start, ends_at__lt=end
        )
        .select_related("client")
        .prefetch_related("lines__team_member")
        .order_by("ends_at", "pk")
    )


@dataclass
class Till:
    business: Business
    desk: User
    products: list[Product]
    rng: random.Random

    def money(self, pence: int) -> int:
        return scaled_price(pence, self.business.currency)

    def check_out_past_days(
        self, now: datetime, days: int = PAST_DAYS, last_open_days: int | None = None
    ) -> CheckoutSummary:
        """Check out the completed visits of the ``days`` days before today, or of only
        the last ``last_open_days`` of them that had visits."""
        today = now.astimezone(self.business.tz).date()
        by_day: dict[date, list[Appointment]] = defaultdict(list)
        for visit in visits_to_check_out(self.business, today, days):
            by_day[visit.ends_at.astimezone(self.business.tz).date()].append(visit)
        open_days = sorted(by_day)[-last_open_days:] if last_open_days else sorted(by_day)
        visits = [visit for day in open_days for visit in by_day[day]]
        # The gift card is sold at the first visit of the week and part-spent by
        # somebody else on the last open day but one.
        gift_sale = visits[0] if visits else None
        owed = {
            self.rng.choice([v for v in by_day[day] if v is not gift_sale] or by_day[day]).pk
            for day in open_days[-OWED_DAYS:]
        }
        owed.discard(gift_sale.pk if gift_sale else 0)
        redeeming = None
        if len(open_days) >= 3 and gift_sale is not None:
            candidates = [
                visit
                for visit in by_day[open_days[-2]]
                if visit.pk not in owed and visit.client_id != gift_sale.client_id
            ]
            redeeming = self.rng.choice(candidates) if candidates else None

        summary = CheckoutSummary()
        backdater = Backdater(self.business)
        card_code = ""
        with acting_as(self.desk):
            for visit in visits:
                ticket = open_for_appointment(self.business, self.desk, visit)
                if visit.pk in owed:
                    self._pay(ticket, PaymentMethod.OWED)
                    summary.owed += 1
                elif visit is gift_sale:
                    card_code = f"{self.rng.randrange(10**11, 10**12)}"
                    recipient = f"{self.rng.choice(names.FIRST_NAMES)} "
                    recipient += self.rng.choice(names.LAST_NAMES)
                    sell_gift_card(
                        ticket, self.money(GIFT_CARD_VALUE), recipient=recipient, code=card_code
                    )
                    self._pay(ticket, PaymentMethod.CARD)
                    summary.gift_cards += 1
                elif visit is redeeming:
                    spend = min(self.money(GIFT_CARD_SPEND), price_of(ticket).due)
                    redeem(ticket, self.desk, card_code, spend)
                    self._pay(ticket, PaymentMethod.CARD)
                else:
                    summary.products += self._extras(ticket, visit)
                    method = PaymentMethod.CASH
                    if self.rng.random() >= CASH_SHARE:
                        method = PaymentMethod.CARD
                    self._pay(ticket, method)
                summary.tickets += 1
                backdater.date_new_rows(visit.ends_at)
        return summary

    def _extras(self, ticket: Ticket, visit: Appointment) -> int:
        """Sometimes a product to take home, sometimes a tip; the number of products."""
        members = list(dict.fromkeys(line.team_member for line in visit.lines.all()))
        sold = 0
        on_shelf = [product for product in self.products if product.stock > 0]
        if on_shelf and self.rng.random() < PRODUCT_SHARE:
            product = self.rng.choice(on_shelf)
            add_product(ticket, product, 1, members[0])
            product.stock -= 1
            sold = 1
        if self.rng.random() < TIP_SHARE:
            how = TIP_SERVICE_VALUE if len(members) > 1 else TIP_EVENLY
            set_tips(ticket, self.money(self.rng.choice(TIPS)), members, how, [])
        return sold

    def _pay(self, ticket: Ticket, method: str) -> None:
        """Pay what is left on the ticket: cash rounded up to the next note (the rest is
        change), the exact amount on the card terminal, or the whole of it owed."""
        left = price_of(ticket).due - covered_amount(ticket)
        if left <= 0:
            return
        if method == PaymentMethod.CASH:
            note = self.money(CASH_NOTE)
            take_payment(ticket, self.desk, Tender(method, -(-left // note) * note))
        elif method == PaymentMethod.CARD:
            last4 = f"{self.rng.randrange(10_000):04d}"
            take_payment(ticket, self.desk, Tender(method, left, card_last4=last4))
        else:
            take_payment(ticket, self.desk, Tender(method, left))


def check_out_demo_week(
    business: Business,
    desk: User,
    rng: random.Random,
    now: datetime,
    last_open_days: int | None = None,
) -> CheckoutSummary:
    """Set up the shop and check out the past week (``desk`` takes the payments)."""
    products = create_shop(business)
    till = Till(business, desk, products, rng)
    summary = till.check_out_past_days(now, last_open_days=last_open_days)
    # The newest payment owed has had a payment link made this morning, not yet paid:
    # the payments owed list shows a link's state.
    newest = owed_payments(business).last()
    if newest is not None:
        with acting_as(desk):
            link_for(newest, desk, now)
    return summary
