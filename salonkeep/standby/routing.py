"""Which snapshot a request reads: the one of the salon the visitor logged in to.

The salon is kept in the (signed-cookie) session; the middleware puts its database
alias in a context variable for the length of the request, and the router sends every
query of every model there. No alias set means no snapshot: queries go to the
standby's "default" database, which is a dummy that refuses to be used.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

current_alias: ContextVar[str | None] = ContextVar("standby_alias", default=None)


class SnapshotRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return current_alias.get()

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return current_alias.get()

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True if current_alias.get() else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db.startswith("standby_") else None
