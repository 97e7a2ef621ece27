"""`salonkeep backup`, `salonkeep backups` and `salonkeep verify`."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from salonkeep.continuity import command_line
from salonkeep.continuity.manifest import DATA_FILE
from tests.continuity.helpers import rewrite_manifest

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
SUMMER = datetime(2026, 6, 17, 10, 5, 9, tzinfo=UTC)  # 11:05 in London


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_backs_up_the_only_salon_and_prints_the_folder(salon, location, monkeypatch):
    # A quick run prints no progress; "quick" made independent of how busy the machine is.
    monkeypatch.setattr(command_line, "PROGRESS_AFTER_SECONDS", 600.0)
    with time_machine.travel(SUMMER, tick=False):
        out, err = run("backup", "--to", str(location))
    path = location / salon.business.slug / "20260617T100509Z-manual"
    assert out == f"{path}\n"
    assert err == ""  # quick: no progress lines
    assert (path / DATA_FILE).is_file()


def test_it_backs_up_into_the_data_folder_by_default(salon):
    out, _ = run("backup")
    assert Path(out.strip()).parent.parent == settings.SALONKEEP_HOME / "backups"


def test_it_needs_business_when_there_are_several(salon, other, location):
    with pytest.raises(CommandError, match="several salons; say which with --business"):
        run("backup", "--to", str(location))
    out, _ = run("backup", "--to", str(location), "--business", other.business.slug)
    assert f"/{other.business.slug}/" in out


def test_it_names_an_unknown_business(salon, location):
    with pytest.raises(CommandError, match="no salon with the slug 'nope'"):
        run("backup", "--to", str(location), "--business", "nope")


def test_it_says_when_there_is_no_salon(db, location):
    with pytest.raises(CommandError, match="no salon in this installation"):
        run("backup", "--to", str(location))


@pytest.mark.parametrize("keep", ["0", "-3", "many"])
def test_it_refuses_a_bad_keep(salon, location, keep):
    with pytest.raises(CommandError, match="--keep"):
        run("backup", "--to", str(location), "--keep", keep)
    assert not location.exists()


def test_it_keeps_only_the_newest_backups(salon, location):
    for second in range(3):
        with time_machine.travel(SUMMER.replace(second=second), tick=False):
            run("backup", "--to", str(location), "--keep", "2")
    names = sorted(p.name for p in (location / salon.business.slug).iterdir())
    assert names == ["20260617T100501Z-manual", "20260617T100502Z-manual"]


def test_it_fails_clearly_when_the_location_is_unusable(salon, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(
        CommandError, match=r"No backup was made\. The backup location .* is a file"
    ):
        run("backup", "--to", str(target))


def test_it_shows_progress_on_long_runs(salon, location, monkeypatch):
    monkeypatch.setattr(command_line, "PROGRESS_AFTER_SECONDS", 0.0)
    out, err = run("backup", "--to", str(location))
    assert "Copying" in err and "verifying" in err
    assert len(out.splitlines()) == 1  # stdout stays just the path, for scripts


def test_it_lists_backups_in_utc_and_the_salon_zone(salon, location):
    with time_machine.travel(SUMMER, tick=False):
        run("backup", "--to", str(location))
    out, _ = run("backups", "--to", str(location))
    assert "Rose & Thorn (rose-thorn)" in out
    header = next(line for line in out.splitlines() if "trigger" in line)
    assert header.split()[:3] == ["UTC", "Europe/London", "trigger"]
    row = next(line for line in out.splitlines() if "20260617T100509Z-manual" in line).split()
    assert row[:5] == ["2026-06-17", "10:05", "2026-06-17", "11:05", "manual"]
    assert row[6] in ("KB", "MB") and row[-2:] == ["yes", "20260617T100509Z-manual"]


def test_it_lists_a_damaged_backup_with_its_problem(salon, location):
    out, _ = run("backup", "--to", str(location))
    rewrite_manifest(Path(out.strip()), lambda d: d["row_counts"].update(clients_client=9))
    listing, _ = run("backups", "--to", str(location))
    assert " NO " in listing
    assert "problem: table clients_client has 1 rows, the manifest says 9" in listing
    quick, _ = run("backups", "--to", str(location), "--quick")
    assert " yes " in quick  # the quick check only sees files present and complete


def test_it_lists_only_one_salon_when_asked(salon, other, location):
    run("backup", "--to", str(location), "--business", salon.business.slug)
    run("backup", "--to", str(location), "--business", other.business.slug)
    both, _ = run("backups", "--to", str(location))
    assert "Rose & Thorn" in both and "Other Salon" in both
    one, _ = run("backups", "--to", str(location), "--business", other.business.slug)
    assert "Other Salon" in one and "Rose & Thorn" not in one


def test_it_says_when_there_are_no_backups(db, location):
    out, _ = run("backups", "--to", str(location))
    assert out == f"No backups in {location}.\n"


def test_it_verifies_a_good_backup(salon, location):
    out, _ = run("backup", "--to", str(location))
    path = out.strip()
    result, _ = run("verify", path)
    assert result.startswith(f"OK {path}: Rose & Thorn (rose-thorn), taken ")
    assert "rows in" in result


def test_it_lists_every_reason_a_backup_fails(salon, location):
    out, _ = run("backup", "--to", str(location))
    path = Path(out.strip())
    rewrite_manifest(path, lambda d: d["row_counts"].update(clients_client=9, team_teammember=0))
    err = StringIO()
    with pytest.raises(CommandError, match=r"is not a usable backup \(2 problem\(s\)\)"):
        call_command("verify", str(path), stdout=StringIO(), stderr=err)
    assert "clients_client has 1 rows" in err.getvalue()
    assert "team_teammember has 3 rows" in err.getvalue()


def test_it_exits_non_zero_from_the_command_line(tmp_path):
    """The real command line: exit status 1 and the reason, for scripts and schedulers."""
    result = subprocess.run(
        [sys.executable, "-m", "salonkeep", "--home", str(tmp_path), "verify", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "is not a Salonkeep backup (no manifest.json)" in result.stderr
