from django.apps import AppConfig


class DrawerConfig(AppConfig):
    name = "salonkeep.drawer"
    label = "drawer"
    verbose_name = "Cash drawer and close-out"
    default_auto_field = "django.db.models.BigAutoField"
