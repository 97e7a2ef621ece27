"""Which tables are business data: every model is classified, and a new table with a
`business` key is backed up without anyone listing it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from salonkeep.accounts.models import Business, User
from salonkeep.activity.models import ActivityEntry
from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.continuity import tables
from salonkeep.continuity.tables import (
    NOT_BUSINESS_DATA,
    UnclassifiedTables,
    business_tables,
    classify,
)


def test_it_classifies_every_model_django_knows():
    found = classify(apps.get_models(include_auto_created=True))
    assert found.unclassified == [], (
        "Not classified as business data or not: "
        + ", ".join(found.unclassified)
        + ". Give the model a `business` foreign key, or list it in "
        "salonkeep/continuity/tables.py NOT_BUSINESS_DATA with the reason."
    )


def test_it_lists_only_models_that_exist_as_not_business_data():
    labels = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}
    assert set(NOT_BUSINESS_DATA) <= labels


def test_it_backs_up_every_model_with_a_business_key():
    """Except those explicitly listed, with a reason, as not business data."""
    backed_up = {table.model for table in business_tables()}
    for model in apps.get_models():
        if model._meta.label_lower in NOT_BUSINESS_DATA:
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "business"), None)
        if isinstance(field, models.ForeignKey) and field.related_model is Business:
            assert model in backed_up, model._meta.label


@pytest.mark.parametrize(
    ("model", "scope"),
    [
        (Business, "id"),
        (User, "business_id"),
        (Appointment, "business_id"),
        (AppointmentService, "business_id"),
        (ActivityEntry, "business_id"),
    ],
)
def test_it_scopes_each_table_to_one_business(model, scope):
    table = next(table for table in business_tables() if table.model is model)
    assert table.scope == scope


@pytest.mark.parametrize("label", ["sessions.session", "auth.permission", "accounts.user_groups"])
def test_it_leaves_out_what_is_not_business_data(label):
    assert label not in {table.label for table in business_tables()}


def test_it_orders_referenced_tables_first():
    order = [table.model for table in business_tables()]
    assert order[0] is Business
    for position, model in enumerate(order):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if isinstance(field, models.ForeignKey) and target in order and target is not model:
                assert order.index(target) < position, f"{model} before {target}"


def test_it_never_points_from_business_data_to_other_tables():
    """A restore puts rows back with their keys; a key into a table that migrate rebuilds
    (content types, say) would point at the wrong row on another installation."""
    backed_up = {table.model for table in business_tables()}
    for model in backed_up:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                assert field.related_model in backed_up, f"{model._meta.label}.{field.name}"


@isolate_apps("salonkeep.continuity")
def test_it_refuses_to_back_up_with_an_unclassified_table(monkeypatch):
    class Gadget(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "continuity"

    monkeypatch.setattr(tables, "installed_models", lambda: [*apps.get_models(), Gadget])
    with pytest.raises(UnclassifiedTables, match=r"continuity\.gadget"):
        tables.business_tables()


@isolate_apps("salonkeep.continuity")
def test_it_includes_a_new_table_by_its_business_key_and_its_join_tables():
    class Kit(models.Model):  # noqa: DJ008
        business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "continuity"

    class Locker(models.Model):  # noqa: DJ008
        business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
        kits = models.ManyToManyField(Kit)

        class Meta:
            app_label = "continuity"

    through = Locker.kits.through
    found = classify([Business, Kit, Locker, through])
    assert found.unclassified == []
    scopes = {table.model: table.scope for table in found.business}
    assert scopes[Kit] == "business_id"
    assert scopes[through] == "locker__business_id"
    order = [table.model for table in found.business]
    assert order.index(through) > order.index(Locker) > order.index(Business)


@isolate_apps("salonkeep.continuity")
def test_it_does_not_guess_about_a_join_table_to_other_data():
    class Badge(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "continuity"

    class Wearer(models.Model):  # noqa: DJ008
        business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
        badges = models.ManyToManyField(Badge)

        class Meta:
            app_label = "continuity"

    found = classify([Business, Wearer, Badge, Wearer.badges.through])
    assert found.unclassified == ["continuity.badge", "continuity.wearer_badges"]
