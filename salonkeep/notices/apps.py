from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Telling the salon about incidents, maintenance windows, closures and restored
    service: banners, a notices page, a public status page, feeds and e-mail."""

    name = "salonkeep.notices"
    label = "notices"

    def ready(self) -> None:
        from salonkeep.notices.automatic import watch_backups
        from salonkeep.notices.offline import write_status_pages_job
        from salonkeep.notices.sender import send_outbox
        from salonkeep.system.jobs import register_job

        register_job("notices.send_mail", send_outbox)
        register_job("notices.watch_backups", watch_backups)
        register_job("notices.write_status_pages", write_status_pages_job)
