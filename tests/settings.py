"""Settings for the test suite: the real settings, with a throwaway data folder."""

import os
import tempfile

if not os.environ.get("SALONKEEP_HOME"):
    os.environ["SALONKEEP_HOME"] = tempfile.mkdtemp(prefix="salonkeep-test-home-")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the main thread

from salonkeep.settings import *  # noqa: F403
from salonkeep.settings import DATABASES, SALONKEEP_HOME

# A file, not SQLite's shared in-memory database, so concurrent-request tests run against
# real SQLite locking, as in production.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(SALONKEEP_HOME / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SALONKEEP_LOGIN_ATTEMPTS = 5
