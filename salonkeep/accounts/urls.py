from django.urls import path

from salonkeep.accounts.views import locations, settings_hub, staff_logins

app_name = "accounts"

urlpatterns = [
    path("", settings_hub.settings_home, name="settings"),
    path("business/", settings_hub.business_details, name="business"),
    path("locations/", locations.location_list, name="locations"),
    path("locations/new/", locations.location_new, name="location_new"),
    path("locations/<int:pk>/", locations.location_edit, name="location_edit"),
    path("logins/", staff_logins.login_list, name="logins"),
    path("logins/new/", staff_logins.login_new, name="login_new"),
    path("logins/<int:pk>/", staff_logins.login_edit, name="login_edit"),
    path("logins/<int:pk>/password/", staff_logins.login_password, name="login_password"),
    path("logins/<int:pk>/deactivate/", staff_logins.login_deactivate, name="login_deactivate"),
]
