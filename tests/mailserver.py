"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for every test
area that sends e-mail.

Fixtures (imported into tests/conftest.py, so every area can use them):

- `mail_settings`: Django's mail settings pointed at a free loopback port where nothing
  listens yet (to test "the mail server is down"; start one later with `mail_server(port)`).
- `mailbox`: `mail_settings` plus a server listening on that port; a `Mailbox` with
  `.received` (the messages, `email.message.EmailMessage`), `.recipients` (the envelope
  recipients of each message) and `.port`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.processes import free_port

PUBLIC_URL = "https://salon.example"
FROM_ADDRESS = "salon@example.test"


@dataclass
class Mailbox:
    port: int
    received: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        # policy.default gives EmailMessage (get_content(), decoded headers); it is
        # still an email.message.Message for tests that use the older API.
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@contextmanager
def mail_server(port: int) -> Iterator[Mailbox]:
    """Run an SMTP server on 127.0.0.1:port until the block ends."""
    box = Mailbox(port=port)
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def use_mail_server(settings, port: int) -> None:
    """Point Django's mail settings (the pytest-django `settings` fixture) at port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5  # a test waiting for a server that is down fails fast
    settings.DEFAULT_FROM_EMAIL = FROM_ADDRESS
    settings.SALONKEEP_PUBLIC_URL = PUBLIC_URL


@pytest.fixture
def mail_settings(settings):
    """Mail settings pointing at a loopback port where nothing listens yet."""
    use_mail_server(settings, free_port())
    return settings


@pytest.fixture
def mailbox(mail_settings) -> Iterator[Mailbox]:
    with mail_server(mail_settings.EMAIL_PORT) as box:
        yield box
