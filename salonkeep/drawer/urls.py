from django.urls import path

from salonkeep.drawer.views import close_out, drawer, report

app_name = "drawer"

urlpatterns = [
    path("", drawer.drawer_today, name="today"),
    path("open/", drawer.drawer_open, name="open"),
    path("<int:pk>/entries/", drawer.drawer_entry, name="entry"),
    path("<int:pk>/close/", close_out.close_out, name="close_out"),
    path("report/", report.report_page, name="report"),
    path("report/pdf/", report.report_pdf, name="report_pdf"),
]
