"""Record every change of business data in the activity log.

Hooked to Django's model signals, so a model added later is logged without anyone
remembering to call anything: a record is logged when it is business data, the same
rule backups follow (continuity/tables.py): the Business row itself, and any record
whose ``business`` foreign key is set, unless its table is listed in NOT_BUSINESS_DATA
(an installation's own bookkeeping: backup runs, the outbox...). A record whose
business is empty (a notice of the whole installation) is no salon's data. Bulk
operations (``QuerySet.update``, ``bulk_create``) bypass signals; business code changes
records one ``save()`` at a time for that reason.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.continuity.tables import business_data_field

# Who is making the current change: a signed-in user, or a label such as "command line".
_actor: ContextVar[User | str] = ContextVar("salonkeep_actor", default="system")

# Fields that change on their own or must never be written into a log.
SKIPPED_FIELDS = {"updated_at", "last_login", "phone_key"}
HIDDEN_FIELDS = {"password"}


@contextlib.contextmanager
def acting_as(actor: User | str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> User | str:
    return _actor.get()


# Which field holds a model's business never changes while the process runs.
_business_field = functools.cache(business_data_field)


def business_of(instance: models.Model) -> int | None:
    """The business whose data ``instance`` is, or None when it is nobody's."""
    field = _business_field(type(instance))
    return getattr(instance, field) if field is not None else None


def is_logged(instance: models.Model) -> bool:
    from salonkeep.activity.models import ActivityEntry

    return not isinstance(instance, ActivityEntry) and business_of(instance) is not None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _field_values(instance: models.Model, only: frozenset[str] | None = None) -> dict[str, Any]:
    """The logged fields' values by attname, as the database would give them back.

    ``only`` limits them to the fields a ``save(update_fields=...)`` writes: fields left
    out are not saved, so a different value in memory is not a change.
    """
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        if only is not None and field.name not in only and field.attname not in only:
            continue
        values[field.attname] = _normalised(field, getattr(instance, field.attname))
    return values


def _normalised(field: models.Field[Any, Any], value: Any) -> Any:
    # A value assigned in code ("09:00" for a time, 45 for a decimal) is stored as the
    # field's own type; compare it that way, or an unchanged record looks changed.
    if value is None or isinstance(field, models.ForeignKey):
        return value
    try:
        return field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return value


def _remember_before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance._state.adding or instance.pk is None:
        return
    if not is_logged(instance):
        return
    names = list(_field_values(instance))
    instance._activity_before = (  # type: ignore[attr-defined]
        type(instance)._base_manager.filter(pk=instance.pk).values(*names).first()
    )


def _record_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw") or not is_logged(instance):
        return
    update_fields = kwargs.get("update_fields")
    now = _field_values(instance, None if update_fields is None else frozenset(update_fields))
    if created:
        changes = {
            name: [None, "(set)" if name in HIDDEN_FIELDS else _plain(value)]
            for name, value in now.items()
            if name not in {"id", "business_id"} and value not in (None, "")
        }
        _write(instance, "created", changes)
        return
    before = getattr(instance, "_activity_before", None) or {}
    instance._activity_before = None  # type: ignore[attr-defined]  # one save, one snapshot
    changes = {}
    for name, value in now.items():
        if name in before and before[name] != value:
            if name in HIDDEN_FIELDS:
                changes[name] = ["(hidden)", "(changed)"]
            else:
                changes[name] = [_plain(before[name]), _plain(value)]
    if changes:
        _write(instance, "changed", changes)


def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_logged(instance) or isinstance(instance, Business):
        return
    if _is_business_deletion(kwargs.get("origin")):
        # The business's records go with it. An entry written now would point at a
        # business that is gone when the transaction commits: a foreign-key error that
        # would undo the whole deletion.
        return
    _write(instance, "deleted", {})


def _is_business_deletion(origin: object) -> bool:
    """Django names what a cascade started from (a model instance or a queryset)."""
    if isinstance(origin, Business):
        return True
    return isinstance(origin, models.QuerySet) and origin.model is Business


def _write(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    from salonkeep.activity.models import ActivityEntry

    actor = _actor.get()
    business_id = business_of(instance)
    assert business_id is not None  # is_logged() checked it
    ActivityEntry.objects.create(
        business_id=business_id,
        at=timezone.now(),
        actor=actor if isinstance(actor, User) else None,
        actor_name=actor.get_username() if isinstance(actor, User) else actor,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def connect_signals() -> None:
    pre_save.connect(_remember_before, dispatch_uid="activity_before")
    post_save.connect(_record_save, dispatch_uid="activity_save")
    post_delete.connect(_record_delete, dispatch_uid="activity_delete")
