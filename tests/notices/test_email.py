"""Notices by e-mail, against a real SMTP server on loopback: double opt-in, one-click
unsubscribe with signed links (changed links refused), threaded e-mails, and an outbox
that keeps e-mails while the mail server is down."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from salonkeep.notices.models import Kind, OutgoingMail, Subscription
from salonkeep.notices.publishing import new_notice, publish
from salonkeep.notices.sender import send_outbox
from salonkeep.system.jobs import registered_jobs
from tests.conftest import logged_in
from tests.mailserver import mail_server
from tests.notices.helpers import create_url, incident, maintenance

NOW = datetime(2026, 9, 18, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def link_in(message, name):
    path = re.search(
        rf"https://salon\.example(/notices/email/{name}/[^/\s]+/)", message.get_content()
    )
    assert path, message.get_content()
    return path.group(1)


def subscribe(http, email="sam@example.com", **extra):
    data = {"email": email, "all_services": "on", **extra}
    return http.post(reverse("notices:subscription"), data)


def confirmed_subscriber(http, inbox, email="sam@example.com", **extra):
    subscribe(http, email, **extra)
    send_outbox(timezone.now())
    confirmation = inbox.received.pop()
    assert http.get(link_in(confirmation, "confirm")).status_code == 200
    return Subscription.objects.get(email=email)


def test_it_needs_confirmation_before_sending_anything(mailbox, salon, as_owner):
    http = logged_in(salon.stylist)
    response = subscribe(http)
    assert response.status_code == 302
    as_owner.post(create_url("incident"), incident())
    assert send_outbox(timezone.now()) == 1
    [confirmation] = mailbox.received
    assert confirmation["To"] == "sam@example.com"
    assert "Confirm e-mail notices" in confirmation["Subject"]
    assert Subscription.objects.get().confirmed_at is None
    assert OutgoingMail.objects.filter(notice__isnull=False).count() == 0

    page = http.get(link_in(confirmation, "confirm")).content.decode()
    assert "sam@example.com will now get Rose &amp; Thorn&#x27;s notices by e-mail." in page
    assert Subscription.objects.get().confirmed_at == NOW


def test_a_changed_link_is_refused(mailbox, salon, client):
    subscribe(logged_in(salon.stylist))
    send_outbox(timezone.now())
    path = link_in(mailbox.received[0], "confirm")
    token = path.split("/")[-2]
    tampered = path.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    response = client.get(tampered)
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    # A confirm link does not work as an unsubscribe link either.
    response = client.post(path.replace("/confirm/", "/unsubscribe/"))
    assert response.status_code == 400 and Subscription.objects.exists()


def test_a_confirm_link_expires_after_a_week(mailbox, salon, client):
    subscribe(logged_in(salon.stylist))
    send_outbox(timezone.now())
    path = link_in(mailbox.received[0], "confirm")
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        response = client.get(path)
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_emails_for_one_notice_form_a_thread(mailbox, salon, as_owner):
    confirmed_subscriber(logged_in(salon.stylist), mailbox)
    as_owner.post(create_url("incident"), incident())
    notice_pk = as_owner.get(reverse("notices:list")).context["current"][0].pk
    as_owner.post(
        reverse("notices:update", args=[notice_pk]),
        {
            "progress": "resolved",
            "message": "Payments work again.",
            "window_start": "2026-09-18T09:45",
            "window_end": "2026-09-18T10:55",
        },
    )
    assert send_outbox(timezone.now()) == 2
    first, second = mailbox.received
    assert (
        first["Subject"].strip()
        == "[Rose & Thorn] Incident · Investigating: Card payments are failing"
    )
    assert (
        second["Subject"].strip() == "[Rose & Thorn] Incident · Resolved: Card payments are failing"
    )
    assert first["Message-ID"] != second["Message-ID"]
    assert second["In-Reply-To"] == first["Message-ID"] == second["References"]
    assert "affected between 9:45 and 10:55 on 18 September" in second.get_content()
    assert second["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe(mailbox, salon, as_owner, client):
    confirmed_subscriber(logged_in(salon.stylist), mailbox)
    as_owner.post(create_url("incident"), incident())
    send_outbox(timezone.now())
    url = mailbox.received[-1]["List-Unsubscribe"].strip().strip("<>")
    path = url.removeprefix("https://salon.example")
    assert "Unsubscribe" in client.get(path).content.decode()
    assert Subscription.objects.exists()  # opening the page changes nothing
    response = client.post(path)  # what a mail program's one-click button does
    assert response.status_code == 200 and not Subscription.objects.exists()
    as_owner.post(create_url("maintenance"), maintenance())
    assert send_outbox(timezone.now()) == 0


def test_chosen_services_only(mailbox, salon, as_owner):
    confirmed_subscriber(logged_in(salon.stylist), mailbox, all_services="", services=["backups"])
    as_owner.post(create_url("incident"), incident())  # card payments
    as_owner.post(create_url("maintenance"), maintenance(services=["backups"]))
    assert send_outbox(timezone.now()) == 1
    assert "Database upgrade" in mailbox.received[-1]["Subject"]


def test_another_salons_notices_are_not_sent_here(mailbox, salon, other):
    confirmed_subscriber(logged_in(salon.stylist), mailbox)
    logged_in(other.owner).post(create_url("incident"), incident())
    assert send_outbox(timezone.now()) == 0


def test_nothing_is_queued_when_the_change_is_rolled_back(mailbox, salon):
    confirmed_subscriber(logged_in(salon.stylist), mailbox)
    with pytest.raises(RuntimeError), transaction.atomic():
        notice = new_notice(Kind.INFORMATION, salon.business, "t", NOW)
        notice.title = "Never happened"
        publish(notice, "t", NOW)
        raise RuntimeError
    assert not OutgoingMail.objects.filter(notice__isnull=False).exists()


def test_emails_wait_while_the_mail_server_is_down_and_go_later(mail_settings, salon, as_owner):
    subscription = Subscription.objects.create(
        business=salon.business,
        user=salon.stylist,
        email="sam@example.com",
        created_at=NOW,
        confirmed_at=NOW,
    )
    as_owner.post(create_url("incident"), incident())
    assert send_outbox(NOW) == 0
    mail = OutgoingMail.objects.get()
    assert mail.attempts == 1 and mail.sent_at is None and mail.last_error
    assert mail.next_attempt_at == NOW + timedelta(minutes=1)
    with mail_server(mail_settings.EMAIL_PORT) as inbox:
        assert send_outbox(NOW + timedelta(seconds=30)) == 0  # not due yet
        assert send_outbox(NOW + timedelta(minutes=1)) == 1
    assert inbox.received[0]["To"] == subscription.email
    assert OutgoingMail.objects.get().sent_at == NOW + timedelta(minutes=1)


def test_without_a_mail_server_the_page_says_so_and_nothing_is_tried(settings, salon):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    http = logged_in(salon.stylist)
    assert (
        "E-mail is not set up on this installation"
        in http.get(reverse("notices:subscription")).content.decode()
    )
    subscribe(http)
    assert send_outbox(NOW) == 0
    assert OutgoingMail.objects.get().attempts == 0


def test_the_sender_is_a_registered_job():
    assert registered_jobs()["notices.send_mail"] is send_outbox


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "all_services": "on"}, "Enter a valid email address"),
        ({"email": "a@example.com"}, "choose at least one service"),
        ({"email": "a@example.com", "services": ["nope"]}, "not one of the available choices"),
        ({"email": "a" * 250 + "@example.com", "all_services": "on"}, "at most 254 characters"),
    ],
)
def test_it_refuses_bad_subscriptions(salon, data, message):
    response = logged_in(salon.stylist).post(reverse("notices:subscription"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Subscription.objects.exists() and not OutgoingMail.objects.exists()


def test_changing_services_keeps_the_confirmation_and_stop_ends_it(mailbox, salon):
    http = logged_in(salon.stylist)
    confirmed_subscriber(http, mailbox)
    subscribe(http, all_services="", services=["backups"])
    assert Subscription.objects.get().confirmed_at == NOW
    subscribe(http, email="new@example.com")
    assert Subscription.objects.get().confirmed_at is None  # a new address confirms again
    assert http.post(reverse("notices:stop")).status_code == 302
    assert not Subscription.objects.exists()


def test_subscribing_needs_a_login_and_the_right_method(client, salon):
    assert client.get(reverse("notices:subscription")).status_code == 302
    assert logged_in(salon.stylist).get(reverse("notices:stop")).status_code == 405
    assert client.delete("/notices/email/unsubscribe/abc/").status_code == 405


def test_emails_are_held_during_messaging_maintenance_and_sent_after(mailbox, salon, as_owner):
    confirmed_subscriber(logged_in(salon.stylist), mailbox)
    as_owner.post(
        create_url("maintenance"),
        maintenance(
            services=["messaging"],
            time_zone="Europe/London",
            window_start="2026-09-18T09:30",
            window_end="2026-09-18T11:00",
        ),
    )
    during = NOW + timedelta(minutes=45)  # 10:45 in London
    as_owner.post(create_url("incident"), incident())
    assert send_outbox(during) == 0
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 2
    assert {m.attempts for m in OutgoingMail.objects.filter(sent_at__isnull=True)} == {0}
    end = datetime(2026, 9, 18, 10, 0, tzinfo=UTC)
    assert send_outbox(end - timedelta(seconds=1)) == 0
    assert send_outbox(end) == 2
    assert len(mailbox.received) == 2
