from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    """Keeping the salon's data safe: backups, their verification, retention and restore."""

    name = "salonkeep.continuity"
    label = "continuity"
