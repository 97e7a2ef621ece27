from django.urls import path

from salonkeep.continuity.views.backups import backup_list, backup_now, download
from salonkeep.continuity.views.banners import dismiss_reminder
from salonkeep.continuity.views.restore import restore
from salonkeep.continuity.views.settings import backup_settings

app_name = "continuity"

urlpatterns = [
    path("", backup_list, name="list"),
    path("now/", backup_now, name="now"),
    path("settings/", backup_settings, name="settings"),
    path("restore/", restore, name="restore"),
    path("reminder/dismiss/", dismiss_reminder, name="dismiss_reminder"),
    path("<str:name>/download/", download, name="download"),
]
