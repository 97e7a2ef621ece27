"""What a ticket costs: discounts, tax and totals, in integer minor units.

The rules (also in docs/admin-guide.md, "Checkout and payments owed"):

- A line's amount is unit price × quantity. A line discount (an amount, or a percentage
  of the line) comes off first.
- A whole-ticket discount (an amount, or a percentage of what is left) is shared between
  the lines in proportion to their amounts after line discounts, by the largest-remainder
  method, so the shares add up exactly to the discount.
- Tax is worked out per line on its amount after both discounts, rounded to the nearest
  minor unit with halves rounded up (the usual till rounding, and HMRC's "round to the
  nearest penny" per line). An inclusive rate's tax is contained in the price
  (tax = amount × rate ÷ (1 + rate)); an exclusive rate's tax is added on top.
- Percentages are held in basis points (12.5 % = 1250). Tips are neither discounted nor
  taxed: they belong to the team members, not to the salon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from salonkeep.lib.splits import split_by_weights

WHOLE = 10_000  # 100 % in basis points


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator to the nearest whole number, halves up (both >= 0)."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("round_half_up takes a non-negative numerator")
    return (2 * numerator + denominator) // (2 * denominator)


def discount_of(amount: int, kind: str, value: int) -> int:
    """The discount on ``amount``: ``kind`` "amount" (minor units, at most the amount),
    "percent" (basis points, at most 100 %), or "" for none."""
    if kind == "amount":
        return min(max(value, 0), amount)
    if kind == "percent":
        return round_half_up(amount * min(max(value, 0), WHOLE), WHOLE)
    return 0


@dataclass(frozen=True)
class LineInput:
    unit_price: int
    quantity: int
    tax_basis_points: int = 0
    tax_inclusive: bool = True
    discount_kind: str = ""
    discount_value: int = 0


@dataclass(frozen=True)
class LinePrice:
    amount: int  # unit price × quantity
    line_discount: int
    ticket_discount: int  # this line's share of the whole-ticket discount
    net: int  # after both discounts, as priced (tax included when inclusive)
    tax: int
    total: int  # what the client pays for the line


@dataclass(frozen=True)
class TicketPrice:
    lines: list[LinePrice]
    subtotal: int
    discount: int
    tax: int
    total: int
    tips: int

    @property
    def due(self) -> int:
        """Everything the client pays: the sale and the tips."""
        return self.total + self.tips


def price_ticket(
    lines: Sequence[LineInput], discount_kind: str = "", discount_value: int = 0, tips: int = 0
) -> TicketPrice:
    amounts = [line.unit_price * line.quantity for line in lines]
    after_line = [
        amount - discount_of(amount, line.discount_kind, line.discount_value)
        for amount, line in zip(amounts, lines, strict=True)
    ]
    ticket_discount = discount_of(sum(after_line), discount_kind, discount_value)
    shares = split_by_weights(ticket_discount, after_line) if ticket_discount else [0] * len(lines)
    priced = []
    for line, amount, after, share in zip(lines, amounts, after_line, shares, strict=True):
        net = after - share
        rate = line.tax_basis_points
        if line.tax_inclusive:
            tax = round_half_up(net * rate, WHOLE + rate)
            total = net
        else:
            tax = round_half_up(net * rate, WHOLE)
            total = net + tax
        priced.append(LinePrice(amount, amount - after, share, net, tax, total))
    return TicketPrice(
        lines=priced,
        subtotal=sum(amounts),
        discount=sum(p.line_discount + p.ticket_discount for p in priced),
        tax=sum(p.tax for p in priced),
        total=sum(p.total for p in priced),
        tips=tips,
    )
