"""Which tables are business data, and how each one is narrowed to one business.

Every concrete model Django knows is either business data (it goes into a backup and
comes back on restore) or explicitly not (rebuilt by ``migrate`` on every installation,
or about this machine and this moment). A model with a ``business`` foreign key is
business data by that fact alone, so a table added later is backed up without anyone
remembering to list it. Anything else must be named in ``NOT_BUSINESS_DATA`` with the
reason; until it is, backups refuse to run and a test names it. Machine-local
configuration (``salonkeep.toml``, the secret key) lives in files, not tables, and is
never read by a backup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from salonkeep.accounts.models import Business

ModelClass = type[models.Model]

# Tables that are not business data, and why. Labels are ``app_label.model_name``.
NOT_BUSINESS_DATA: dict[str, str] = {
    "contenttypes.contenttype": "rebuilt by migrate on every installation",
    "auth.permission": "rebuilt by migrate on every installation",
    "auth.group": "Salonkeep uses roles, not Django's permission groups",
    "auth.group_permissions": "Salonkeep uses roles, not Django's permission groups",
    "accounts.user_groups": "Salonkeep uses roles, not Django's permission groups",
    "accounts.user_user_permissions": "Salonkeep uses roles, not Django's permissions",
    "sessions.session": "who is logged in on this machine right now",
    "continuity.backuprun": "this installation's record of backup attempts",
    "printouts.outagepackrun": "this installation's record of outage packs written",
    "notices.noticedismissal": "which notice banners a login has closed on this installation",
    "notices.outgoingmail": "e-mails waiting to be sent from this installation (an outbox)",
    "notices.servicefailure": "a service's recent failures here, kept until it recovers",
}


class UnclassifiedTables(Exception):
    """Some table is neither business data nor listed as not business data."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        super().__init__(
            "These tables are neither business data (no `business` foreign key) nor listed "
            "in salonkeep/continuity/tables.py NOT_BUSINESS_DATA, so a backup would silently "
            f"leave them out: {', '.join(labels)}"
        )


@dataclass(frozen=True)
class BusinessTable:
    """A table of business data and the ORM lookup that equals the business's id."""

    model: ModelClass
    scope: str

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, business_id: int, using: str) -> models.QuerySet[models.Model]:
        # The base manager: a default manager that hides rows would hide them from backups.
        return self.model._base_manager.using(using).filter(**{self.scope: business_id})


@dataclass
class Classification:
    business: list[BusinessTable] = field(default_factory=list)
    not_business: list[str] = field(default_factory=list)
    unclassified: list[str] = field(default_factory=list)


def _business_fk_scope(model: ModelClass) -> str | None:
    if model is Business:
        return "id"
    try:
        business = model._meta.get_field("business")
    except FieldDoesNotExist:
        return None
    if isinstance(business, models.ForeignKey) and business.related_model is Business:
        return business.attname
    return None


def business_data_field(model: ModelClass) -> str | None:
    """The attribute holding the business id of a record of ``model`` ("id" for the
    Business itself) when its records are business data with a business of their own;
    None otherwise (not business data, or a join table). The activity log uses it."""
    if model._meta.label_lower in NOT_BUSINESS_DATA:
        return None
    return _business_fk_scope(model)


def _through_owner(
    model: ModelClass,
) -> tuple[ModelClass, models.ManyToManyField[Any, Any]] | None:
    """For a table Django made for a many-to-many field: the model and field it serves."""
    owner = model._meta.auto_created
    if not isinstance(owner, type):
        return None
    for candidate in owner._meta.local_many_to_many:
        if candidate.remote_field.through is model:
            return owner, candidate
    return None


def classify(candidates: Iterable[ModelClass]) -> Classification:
    found = Classification()
    later: list[ModelClass] = []
    direct: dict[ModelClass, str] = {}
    for model in candidates:
        if model._meta.proxy:
            continue  # shares its concrete model's table
        label = model._meta.label_lower
        scope = _business_fk_scope(model)
        if label in NOT_BUSINESS_DATA:
            found.not_business.append(label)
        elif scope is not None:
            direct[model] = scope
        else:
            later.append(model)
    for model in later:
        # A join table of two business tables (a many-to-many field without its own
        # model) belongs to the business of the row that owns the field.
        served = _through_owner(model)
        if served is not None:
            owner, m2m = served
            if owner in direct and m2m.related_model in direct:
                direct[model] = f"{m2m.m2m_field_name()}__{direct[owner]}"
                continue
        found.unclassified.append(model._meta.label_lower)
    found.business = [
        BusinessTable(model, direct[model]) for model in _referenced_first(list(direct))
    ]
    found.not_business.sort()
    found.unclassified.sort()
    return found


def _targets(model: ModelClass) -> set[ModelClass]:
    return {
        fk.related_model
        for fk in model._meta.concrete_fields
        if isinstance(fk, models.ForeignKey)
        and isinstance(fk.related_model, type)
        and fk.related_model is not model
    }


def _referenced_first(owned: list[ModelClass]) -> list[ModelClass]:
    """A table comes after every table it points to, so rows can be inserted in this
    order and deleted in the reverse. Ties are broken by label, for a stable order. The
    foreign keys are deferred to commit anyway, so a cycle would still copy correctly."""
    remaining = sorted(owned, key=lambda model: model._meta.label_lower)
    ordered: list[ModelClass] = []
    while remaining:
        ready = [m for m in remaining if not (_targets(m) & set(remaining))] or remaining[:1]
        for model in ready:
            ordered.append(model)
            remaining.remove(model)
    return ordered


def installed_models() -> list[ModelClass]:
    return list(apps.get_models(include_auto_created=True))


def business_tables() -> list[BusinessTable]:
    """The business-data tables of this code, referenced tables first.
    Raises UnclassifiedTables rather than make an incomplete backup."""
    found = classify(installed_models())
    if found.unclassified:
        raise UnclassifiedTables(found.unclassified)
    return found.business
