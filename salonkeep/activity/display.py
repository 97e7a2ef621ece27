"""Turn stored activity entries into what a salon owner can read: field names instead of
column names, names instead of ids, money as money, times in the business's zone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models

from salonkeep.accounts.models import Business
from salonkeep.activity.models import ActivityEntry
from salonkeep.lib.money import format_money

# Money is stored as integer minor units and the log keeps the stored number; fields
# with these names are money by the project's convention.
MONEY_FIELD_NAMES = {"price", "amount", "deposit", "fee", "total", "tip"}
# Written by the recorder in place of secrets; shown as they are.
PLACEHOLDERS = {"(set)", "(hidden)", "(changed)"}
EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class EntryRow:
    entry: ActivityEntry
    record_type: str
    changes: list[FieldChange] = field(default_factory=list)


def model_for(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def record_type_name(label: str) -> str:
    """ "catalog.service" -> "Service"; an unknown label is shown as stored."""
    model = model_for(label)
    if model is None:
        return label
    return str(model._meta.verbose_name).capitalize()


def is_money(field: models.Field[Any, Any]) -> bool:
    name = field.name
    return isinstance(field, models.IntegerField) and (
        name in MONEY_FIELD_NAMES or name.endswith(tuple(f"_{word}" for word in MONEY_FIELD_NAMES))
    )


class ValueFormatter:
    """Formats the stored values of one page of entries, looking up related records'
    names in a few queries (one per related model), only within this business."""

    def __init__(self, business: Business, entries: Iterable[ActivityEntry]) -> None:
        self.business = business
        self.names: dict[tuple[type[models.Model], str], str] = {}
        self._load_related_names(entries)

    def _load_related_names(self, entries: Iterable[ActivityEntry]) -> None:
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        for entry in entries:
            fields = _fields_by_attname(entry.model)
            for attname, (old, new) in _pairs(entry.changes):
                target = _related_model(fields.get(attname))
                if target is not None:
                    wanted[target].update(str(value) for value in (old, new) if value is not None)
        for target, ids in wanted.items():
            queryset = _scoped(target, self.business)
            if queryset is None:
                continue
            valid_ids = [value for value in ids if value.isdigit()]
            for record in queryset.filter(pk__in=valid_ids):
                self.names[(target, str(record.pk))] = str(record)

    def format(self, model_field: models.Field[Any, Any] | None, value: Any) -> str:
        if value is None or value == "":
            return EMPTY
        if isinstance(value, str) and value in PLACEHOLDERS:
            return value
        if model_field is None:
            return str(value)
        target = _related_model(model_field)
        if target is not None:
            return self.names.get((target, str(value)), f"#{value} (no longer exists)")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if is_money(model_field) and isinstance(value, int):
            return format_money(value, self.business.currency)
        if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            return self._local_datetime(value)
        if isinstance(model_field, models.TimeField) and isinstance(value, str):
            return value[:5]
        return str(value)

    def _local_datetime(self, text: str) -> str:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is None:
            return text
        local = moment.astimezone(self.business.tz)
        return f"{local.day} {local:%b %Y %H:%M}"


def describe_entries(business: Business, entries: list[ActivityEntry]) -> list[EntryRow]:
    formatter = ValueFormatter(business, entries)
    rows = []
    for entry in entries:
        fields = _fields_by_attname(entry.model)
        row = EntryRow(entry=entry, record_type=record_type_name(entry.model))
        for attname, (old, new) in _pairs(entry.changes):
            model_field = fields.get(attname)
            label = (
                str(model_field.verbose_name).capitalize()
                if model_field is not None
                else attname.replace("_", " ").capitalize()
            )
            row.changes.append(
                FieldChange(
                    label, formatter.format(model_field, old), formatter.format(model_field, new)
                )
            )
        rows.append(row)
    return rows


def _pairs(changes: Any) -> list[tuple[str, tuple[Any, Any]]]:
    if not isinstance(changes, dict):
        return []
    pairs = []
    for name, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            pairs.append((str(name), (value[0], value[1])))
    return pairs


def _fields_by_attname(label: str) -> dict[str, models.Field[Any, Any]]:
    model = model_for(label)
    if model is None:
        return {}
    return {model_field.attname: model_field for model_field in model._meta.concrete_fields}


def _related_model(model_field: models.Field[Any, Any] | None) -> type[models.Model] | None:
    if model_field is None or not model_field.is_relation or not model_field.many_to_one:
        return None
    target = model_field.related_model
    return target if isinstance(target, type) else None


def _scoped(target: type[models.Model], business: Business) -> models.QuerySet[Any] | None:
    """Records of ``target`` that this business may see, or None when ``target`` belongs
    to no business (its names are then not shown)."""
    if target is Business:
        return Business.objects.filter(pk=business.pk)
    if any(model_field.name == "business" for model_field in target._meta.concrete_fields):
        return target._default_manager.filter(business=business)
    return None
