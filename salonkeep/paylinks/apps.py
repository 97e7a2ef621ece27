from django.apps import AppConfig


class PaylinksConfig(AppConfig):
    name = "salonkeep.paylinks"
    label = "paylinks"
    verbose_name = "Payment links"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from salonkeep.paylinks.ending import expire_links, on_payment_saved
        from salonkeep.sales.models import Payment
        from salonkeep.system.jobs import register_job

        post_save.connect(on_payment_saved, sender=Payment, dispatch_uid="paylinks-collected")
        register_job("paylinks.expire_links", expire_links)
