"""Dating what the checkout services just wrote at a moment in the demo's past.

The demo checks its past visits out through the real services (salonkeep.sales,
salonkeep.giftcards), so every ticket, payment and gift card row is exactly what the app
writes. Those services stamp rows with ``timezone.now()``; a sale of last Tuesday must
carry last Tuesday's time and business date, or the end-of-day reports of the past days
stay empty and today's is wrong. So, after each checkout, the rows it wrote (found by
primary key: the demo command runs alone in its own transaction) get the checkout's
instant in place of "now", and their activity log entries the same instant, both as the
entry's time and inside the values it records.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.db import models
from django.db.models import Case, F, Max, Value, When

from salonkeep.accounts.models import Business
from salonkeep.activity.models import ActivityEntry
from salonkeep.giftcards.models import GiftCard, GiftCardMovement
from salonkeep.sales.daylock import business_date
from salonkeep.sales.models import Payment, Ticket

# Per model: the instants the services set to "now", and the business date derived from it.
STAMPS: tuple[tuple[type[models.Model], tuple[str, ...], str | None], ...] = (
    (Ticket, ("opened_at", "paid_at", "voided_at"), None),
    (Payment, ("created_at",), "business_date"),
    (GiftCard, ("created_at", "issued_at"), None),
    (GiftCardMovement, ("created_at",), "business_date"),
)
STAMPED_LABELS = {model._meta.label_lower: (instants, day) for model, instants, day in STAMPS}


class Backdater:
    """Call ``date_new_rows(at)`` after each checkout made through the services."""

    def __init__(self, business: Business) -> None:
        self.business = business
        self.seen = {model: self._last(model) for model, _, _ in STAMPS}
        self.seen[ActivityEntry] = self._last(ActivityEntry)

    def _last(self, model: type[models.Model]) -> int:
        last = model._default_manager.filter(business=self.business).aggregate(last=Max("pk"))
        return int(last["last"] or 0)

    def _new_rows(self, model: type[models.Model]) -> models.QuerySet[Any]:
        return model._default_manager.filter(business=self.business, pk__gt=self.seen[model])

    def date_new_rows(self, at: datetime) -> None:
        """Give every stamped row written since the last call the instant ``at`` (and its
        business date) instead of the moment it was really written."""
        day = business_date(self.business, at)
        for model, instants, day_field in STAMPS:
            changes: dict[str, Any] = {}
            for name in instants:
                field = model._meta.get_field(name)
                if field.null:  # set only once it happened (a ticket paid, a card issued)
                    changes[name] = Case(
                        When(**{f"{name}__isnull": False}, then=Value(at)), default=F(name)
                    )
                else:
                    changes[name] = at
            if day_field is not None:
                changes[day_field] = day
            if self._new_rows(model).update(**changes):
                self.seen[model] = self._last(model)
        self._date_log_entries(at, day)

    def _date_log_entries(self, at: datetime, day: date) -> None:
        entries = list(self._new_rows(ActivityEntry))
        if not entries:
            return
        instant, day_text = at.astimezone(UTC).isoformat(), day.isoformat()
        for entry in entries:
            entry.at = at
            instants, day_field = STAMPED_LABELS.get(entry.model, ((), None))
            for name, values in entry.changes.items():
                stamp = day_text if name == day_field else instant if name in instants else None
                if stamp is not None:
                    entry.changes[name] = [value if value is None else stamp for value in values]
        ActivityEntry.objects.bulk_update(entries, ["at", "changes"])
        self.seen[ActivityEntry] = max(entry.pk for entry in entries)
