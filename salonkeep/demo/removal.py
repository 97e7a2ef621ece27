"""Removing a demo business and everything it owns, fast.

`Business.delete()` would walk every row through Django's collector (the activity-log
signals make fast deletes impossible) and log a deletion per row: hours for the large
demo. Demo data was never logged row by row, so it is removed with one DELETE per table.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction

from salonkeep.accounts.models import Business


def business_owned_models() -> list[type[models.Model]]:
    """Every installed model with a `business` foreign key, in an order where a model
    comes before the models it points to."""
    owned: list[type[models.Model]] = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field("business")
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is Business:
            owned.append(model)
    return _referrers_first(owned)


def _targets(model: type[models.Model]) -> set[type[models.Model]]:
    return {
        field.related_model
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and isinstance(field.related_model, type)
        and field.related_model is not model
    }


def _referrers_first(owned: list[type[models.Model]]) -> list[type[models.Model]]:
    remaining = list(owned)
    ordered: list[type[models.Model]] = []
    while remaining:
        # A model that no remaining model points to can go now.
        free = [m for m in remaining if not any(m in _targets(other) for other in remaining)]
        if not free:  # a cycle: the constraints are deferred, so any order commits
            free = remaining[:1]
        for model in free:
            ordered.append(model)
            remaining.remove(model)
    return ordered


@transaction.atomic
def delete_business(business: Business) -> None:
    """Delete the business and every row that belongs to it, in one transaction."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in business_owned_models():
            table = quote(model._meta.db_table)
            owner = model._meta.get_field("business")
            assert isinstance(owner, models.ForeignKey)
            column = quote(owner.column)
            pk = quote(model._meta.pk.attname)
            for many in model._meta.local_many_to_many:
                through = many.remote_field.through
                if through is not None and through._meta.auto_created:
                    cursor.execute(
                        f"DELETE FROM {quote(through._meta.db_table)} "
                        f"WHERE {quote(many.m2m_column_name())} IN "
                        f"(SELECT {pk} FROM {table} WHERE {column} = %s)",
                        [business.pk],
                    )
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [business.pk])
        cursor.execute(
            f"DELETE FROM {quote(Business._meta.db_table)} WHERE {quote('id')} = %s",
            [business.pk],
        )
