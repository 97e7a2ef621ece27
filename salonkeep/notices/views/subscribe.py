"""Notices by e-mail: a staff member subscribes (all notices or chosen services),
confirms from the e-mailed link (double opt-in), and can stop with one click from any
notice e-mail. The links are signed; a changed link is refused."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salonkeep.accounts.access import BusinessRequest, staff_required
from salonkeep.notices.forms import SubscriptionForm
from salonkeep.notices.mail import BadLink, queue_confirmation, read_token, subscriber_of
from salonkeep.notices.models import Subscription


@require_http_methods(["GET", "POST"])
@staff_required()
def subscription(request: BusinessRequest) -> HttpResponse:
    now = timezone.now()
    current = subscriber_of(request.user)
    instance = current or Subscription(
        business=request.business, user=request.user, email=request.user.email, created_at=now
    )
    before = instance.email
    form = SubscriptionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changed_address = current is None or form.cleaned_data["email"] != before
        saved = form.save(commit=False)
        if changed_address or saved.confirmed_at is None:
            saved.confirmed_at = None
            saved.save()
            queue_confirmation(saved, now)
            messages.success(
                request,
                f"We sent a link to {saved.email}. Open it to confirm: "
                "nothing is sent until you do.",
            )
        else:
            saved.save()
            messages.success(request, "Saved which notices you get by e-mail.")
        return redirect("notices:subscription")
    return render(
        request,
        "notices/subscription.html",
        {
            "form": form,
            "current": current,
            "mail_configured": bool(settings.EMAIL_HOST),
        },
    )


@require_POST
@staff_required()
def stop(request: BusinessRequest) -> HttpResponse:
    Subscription.objects.filter(user=request.user).delete()
    messages.success(request, "You will get no more notices by e-mail.")
    return redirect("notices:subscription")


def _bad_link(request: HttpRequest, error: BadLink) -> HttpResponse:
    return render(
        request,
        "notices/email_link.html",
        {"title": "Link not valid", "text": str(error)},
        status=400,
    )


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = read_token(token, "confirm")
    except BadLink as error:
        return _bad_link(request, error)
    if found.confirmed_at is None:
        found.confirmed_at = timezone.now()
        found.save(update_fields=["confirmed_at"])
    text = f"{found.email} will now get {found.business.name}'s notices by e-mail."
    return render(request, "notices/email_link.html", {"title": "Subscribed", "text": text})


# Mail programs post the one-click unsubscribe (RFC 8058) without a CSRF token; the
# signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = read_token(token, "unsubscribe")
    except BadLink as error:
        return _bad_link(request, error)
    if request.method == "GET":
        # A link checker opening the page must not unsubscribe anyone: one click more.
        return render(request, "notices/unsubscribe.html", {"subscription": found})
    found.delete()
    text = f"{found.email} will get no more notices by e-mail."
    return render(request, "notices/email_link.html", {"title": "Unsubscribed", "text": text})
