from django.urls import path

from salonkeep.notices.feeds import NoticeFeed, notice_calendar
from salonkeep.notices.views import status

app_name = "status"

urlpatterns = [
    path("", status.installation_status, name="installation"),
    path("feed.atom", NoticeFeed(), name="feed"),
    path("calendar.ics", notice_calendar, name="calendar"),
    path("<slug:slug>/", status.business_status, name="business"),
    path("<slug:slug>/feed.atom", NoticeFeed(), name="business_feed"),
    path("<slug:slug>/calendar.ics", notice_calendar, name="business_calendar"),
]
