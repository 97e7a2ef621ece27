from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class MailRefused(RuntimeError):
    pass


class RefusingBackend(BaseEmailBackend):
    """The standby's e-mail backend: nothing leaves the standby, ever."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise MailRefused("The read-only backup book never sends e-mail.")
