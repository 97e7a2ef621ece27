from django.urls import path

from salonkeep.activity.views.log import activity_log

app_name = "activity"

urlpatterns = [
    path("", activity_log, name="log"),
]
