from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "salonkeep.clients"
    label = "clients"
