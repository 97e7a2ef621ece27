from django.apps import AppConfig


class CouponsConfig(AppConfig):
    name = "salonkeep.coupons"
    label = "coupons"
    verbose_name = "Coupons"
    default_auto_field = "django.db.models.BigAutoField"
