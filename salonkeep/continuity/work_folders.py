"""Removing work folders that a stopped process left behind.

Backups, restores, exports and uploads work in private folders under
``SALONKEEP_HOME/tmp`` and remove them when done. A process killed part-way (power cut,
``kill -9``, a service manager's timeout) cannot, and its folder, often a full copy of
the database, would stay forever. So at the start of ``serve``, ``worker`` and every
backup and restore, folders that are both:

* older than STALE_AFTER (nothing Salonkeep does takes hours; a backup takes minutes), and
* not held by a running process

are removed, with a log line each. "Held" is decided by a lock, not a guess: each process
holds an exclusive ``flock`` on its own lock file (``locks/process-<random>.lock``) for
as long as it lives, and marks each work folder it creates with that lock file's name. The
kernel releases the lock when the process ends however it ends, so a folder whose lock
can be taken belongs to nobody. Folders without a mark (made by code that does not mark
them, or on a system without ``flock``) are judged by age alone. Partly uploaded photos
(``photos/.incoming``) are cleaned by age the same way.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from salonkeep.clients.photo_store import INCOMING_FOLDER, photos_root

logger = logging.getLogger(__name__)

WORK_FOLDER = "tmp"
LOCKS_FOLDER = "locks"  # beside tmp, so tmp is empty between runs
HELD_BY_FILE = ".held-by"
STALE_AFTER = timedelta(hours=6)
_LOCK_PREFIX = "process-"

# This process's lock file per data folder (tests switch data folders), kept open (and so
# locked) until the process ends.
_held_locks: dict[Path, tuple[int, str]] = {}
_held_locks_guard = threading.Lock()
MAX_HELD_LOCKS = 8


def work_root() -> Path:
    return Path(settings.SALONKEEP_HOME) / WORK_FOLDER


def locks_root() -> Path:
    return Path(settings.SALONKEEP_HOME) / LOCKS_FOLDER


def mark_in_use(folder: Path) -> None:
    """Record that this process uses ``folder`` (a new work folder under work_root()), so
    no cleanup removes it while this process runs, however old it gets."""
    name = _process_lock_name()
    if name is None:
        return
    try:
        (folder / HELD_BY_FILE).write_text(name, encoding="ascii")
    except OSError as error:
        # The folder is still protected for STALE_AFTER by its age; do not fail the backup.
        logger.warning("Could not mark work folder %s as in use: %s", folder, error)


def remove_stale_work_folders(now: float | None = None) -> list[Path]:
    """Remove the stale work folders and partial photo uploads; return what was removed.
    Never raises: a folder that cannot be removed is logged and tried again next time."""
    root = work_root()
    cutoff = (_file_system_now(root) if now is None else now) - STALE_AFTER.total_seconds()
    removed: list[Path] = []
    for entry in _entries(root):
        if not _older_than(entry, cutoff):
            continue
        if entry.is_dir() and _is_held(entry):
            continue
        if _remove(entry):
            removed.append(entry)
    for entry in _entries(photos_root() / INCOMING_FOLDER):
        if _older_than(entry, cutoff) and _remove(entry):
            removed.append(entry)
    _remove_dead_lock_files(locks_root())
    return removed


def _file_system_now(root: Path) -> float:
    """The time as the file system stamps files: what folder ages are compared with. A
    probe file rather than time.time(), because test clocks (time_machine) and the
    Python clock can disagree with the file times."""
    probe = locks_root() / ".clock"
    try:
        if not root.is_dir():
            return time.time()
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.touch()
        return probe.stat().st_mtime
    except OSError:
        return time.time()


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _older_than(entry: Path, cutoff: float) -> bool:
    """Last changed before ``cutoff``. A folder's time moves whenever a file is added to
    or removed from it, so a folder still being filled never looks old."""
    try:
        return entry.lstat().st_mtime < cutoff
    except OSError:
        return False


def _remove(entry: Path) -> bool:
    try:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        logger.warning("Could not remove the stale work folder %s: %s", entry, error)
        return False
    logger.info(
        "Removed %s: left behind by a backup, restore or upload that did not finish "
        "(older than %d hours, no running process holds it)",
        entry,
        STALE_AFTER.total_seconds() // 3600,
    )
    return True


def _is_held(folder: Path) -> bool:
    try:
        name = (folder / HELD_BY_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    if not name.startswith(_LOCK_PREFIX) or "/" in name or "\\" in name:
        return False
    return _lock_is_held(locks_root() / name)


if sys.platform == "win32":

    def _process_lock_name() -> str | None:
        return None  # no flock: work folders are judged by age alone

    def _lock_is_held(lock_file: Path) -> bool:
        return False

    def _remove_dead_lock_files(locks: Path) -> None:
        return None

else:
    import fcntl

    def _process_lock_name() -> str | None:
        """The name of this process's lock file, created and locked on first use."""
        locks = locks_root()
        with _held_locks_guard:
            held = _held_locks.get(locks)
            if held is not None:
                return held[1]
            if len(_held_locks) >= MAX_HELD_LOCKS:
                # Only a test run switches data folders this often; let the oldest go.
                oldest = next(iter(_held_locks))
                os.close(_held_locks.pop(oldest)[0])
            name = f"{_LOCK_PREFIX}{uuid.uuid4().hex}.lock"
            try:
                locks.mkdir(parents=True, exist_ok=True)
                # Locked under a temporary name first, so a lock file that cleanup can see
                # is always already locked (never taken for a dead process's).
                temporary = locks / f".new-{name}"
                fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.replace(temporary, locks / name)
            except OSError as error:
                logger.warning("Cannot create a work folder lock in %s: %s", locks, error)
                return None
            _held_locks[locks] = (fd, name)
            return name

    def _lock_is_held(lock_file: Path) -> bool:
        try:
            fd = os.open(lock_file, os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError:
            return False
        except OSError:
            return True  # cannot tell: keep the folder
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return True
        finally:
            os.close(fd)
        return False

    def _remove_dead_lock_files(locks: Path) -> None:
        """Lock files of processes that have ended, so they do not pile up."""
        own = {name for _, name in _held_locks.values()}
        for lock_file in _entries(locks):
            if lock_file.name in own or not lock_file.name.startswith((_LOCK_PREFIX, ".new-")):
                continue
            if not _lock_is_held(lock_file):
                lock_file.unlink(missing_ok=True)
