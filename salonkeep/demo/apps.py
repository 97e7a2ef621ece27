from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "salonkeep.demo"
    label = "demo"
