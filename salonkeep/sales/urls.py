from django.urls import path

from salonkeep.sales.views import catalogue, changes, owed, payments, receipts, tickets

app_name = "sales"

urlpatterns = [
    path("", tickets.ticket_list, name="tickets"),
    path("walk-in/", tickets.walk_in, name="walk_in"),
    path("appointment/<int:pk>/", tickets.from_appointment, name="from_appointment"),
    path("<int:pk>/", tickets.ticket_detail, name="ticket"),
    path("<int:pk>/client/", tickets.ticket_client, name="client"),
    path("<int:pk>/products/", changes.product_add, name="add_product"),
    path("<int:pk>/lines/<int:line_pk>/remove/", changes.line_remove, name="remove_line"),
    path("<int:pk>/lines/<int:line_pk>/discount/", changes.line_discount, name="line_discount"),
    path("<int:pk>/discount/", changes.ticket_discount, name="discount"),
    path("<int:pk>/tips/", changes.tips, name="tips"),
    path("<int:pk>/payments/", payments.pay, name="pay"),
    path("<int:pk>/close/", payments.close_free, name="close_free"),
    path("<int:pk>/void/", payments.void, name="void"),
    path("<int:pk>/refund/", payments.refund_ticket, name="refund"),
    path("<int:pk>/receipt/", receipts.receipt, name="receipt"),
    path("<int:pk>/receipt/email/", receipts.email_receipt, name="email_receipt"),
    path("owed/", owed.owed_list, name="owed"),
    path("owed/<int:pk>/", owed.collect, name="collect"),
    path("products/", catalogue.product_list, name="products"),
    path("products/new/", catalogue.product_create, name="product_create"),
    path("products/<int:pk>/edit/", catalogue.product_edit, name="product_edit"),
    path("tax-rates/", catalogue.tax_rate_list, name="tax_rates"),
    path("tax-rates/new/", catalogue.tax_rate_create, name="tax_rate_create"),
    path("tax-rates/<int:pk>/edit/", catalogue.tax_rate_edit, name="tax_rate_edit"),
]
