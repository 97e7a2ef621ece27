from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "salonkeep.catalog"
    label = "catalog"
