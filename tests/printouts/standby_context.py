"""What the standby's context processor provides, for testing the freshness line."""

from __future__ import annotations

from types import SimpleNamespace


def standby(request):
    return {
        "standby": SimpleNamespace(
            level="amber", as_of_text="Book as of 09:14 (Europe/London), 37 min ago"
        )
    }
