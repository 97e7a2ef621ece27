from django.apps import AppConfig


class BookConfig(AppConfig):
    name = "salonkeep.book"
    label = "book"
