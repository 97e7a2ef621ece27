from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "salonkeep.sales"
    label = "sales"
    verbose_name = "Checkout and sales"
    default_auto_field = "django.db.models.BigAutoField"
