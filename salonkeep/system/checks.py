"""Start-up checks (Django's system-check framework): run by `serve` and `check`."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def data_folder_writable(app_configs: Any, **kwargs: Any) -> list[Error]:
    home = settings.SALONKEEP_HOME
    if not os.access(home, os.W_OK):
        return [Error(f"The data folder {home} is not writable.", id="salonkeep.E001")]
    return []


@register(deploy=True)
def debug_off(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.DEBUG:
        return [Warning("SALONKEEP_DEBUG is on: error pages show internals.", id="salonkeep.W001")]
    return []
