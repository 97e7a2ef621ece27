from django.urls import path

from salonkeep.notices.views import banner, notices, post, subscribe

app_name = "notices"

urlpatterns = [
    path("", notices.notice_list, name="list"),
    path("new/<str:kind>/", post.notice_create, name="create"),
    path("<int:pk>/", notices.notice_detail, name="detail"),
    path("<int:pk>/edit/", post.notice_edit, name="edit"),
    path("<int:pk>/update/", post.incident_update, name="update"),
    path("<int:pk>/withdraw/", post.notice_withdraw, name="withdraw"),
    path("<int:pk>/dismiss/", banner.dismiss, name="dismiss"),
    path("email/", subscribe.subscription, name="subscription"),
    path("email/stop/", subscribe.stop, name="stop"),
    path("email/confirm/<str:token>/", subscribe.confirm, name="confirm"),
    path("email/unsubscribe/<str:token>/", subscribe.unsubscribe, name="unsubscribe"),
]
