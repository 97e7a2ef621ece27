from django.urls import path

from salonkeep.coupons.views import checkout, manage

app_name = "coupons"

urlpatterns = [
    path("", manage.coupon_list, name="list"),
    path("new/", manage.coupon_create, name="create"),
    path("<int:pk>/edit/", manage.coupon_edit, name="edit"),
    path("apply/<int:ticket_pk>/", checkout.apply, name="apply"),
    path("remove/<int:ticket_pk>/", checkout.remove, name="remove"),
]
