"""next_backup_after: the owner's wall-clock schedule turned into UTC instants, checked
against a minute-by-minute oracle across the 2026 DST changes."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.schedule import next_backup_after, slot_times

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# The four clock changes of 2026 in the two zones, as UTC instants.
CHANGES = {
    LONDON: [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)],
    NEW_YORK: [datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC)],
}
MINUTE = timedelta(minutes=1)


def schedule(**fields):
    return BackupSettings(**fields)


def runs_between(backup_settings, tz, start, end):
    """Every scheduled instant in (start, end), by calling next_backup_after repeatedly."""
    found = []
    current = start
    while True:
        current = next_backup_after(backup_settings, tz, current)
        if current is None or current >= end:
            return found
        found.append(current)


def local_day(day, tz):
    """The UTC bounds of a local calendar day."""
    start = datetime.combine(day, time(0), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def wall(instant, tz):
    return instant.astimezone(tz).strftime("%H:%M")


def oracle(backup_settings, tz, start, end):
    """The expected runs in (start, end), found independently of the code under test:
    walk every UTC minute; a minute is a run when its wall time is the first showing of a
    slot on a chosen weekday, or when the clock just jumped over a slot."""
    slots = {slot.strftime("%H:%M") for slot in slot_times(backup_settings)}
    days = {int(digit) for digit in backup_settings.weekdays}
    expected = []
    minute = start.replace(second=0, microsecond=0) + MINUTE
    while minute < end:
        local = minute.astimezone(tz)
        previous = (minute - MINUTE).astimezone(tz)
        is_run = False
        if local.weekday() in days:
            if local.strftime("%H:%M") in slots and local.fold == 0:
                is_run = True
            wall_previous = previous.replace(tzinfo=None)
            wall_now = local.replace(tzinfo=None)
            if wall_now - wall_previous > MINUTE:
                skipped = wall_previous + MINUTE
                while skipped < wall_now:
                    if skipped.strftime("%H:%M") in slots:
                        is_run = True
                    skipped += MINUTE
        if is_run:
            expected.append(minute)
        minute += MINUTE
    return expected


def test_it_runs_every_hour_23_times_when_the_clocks_go_forward():
    start, end = local_day(date(2026, 3, 29), LONDON)
    assert end - start == timedelta(hours=23)
    runs = runs_between(
        schedule(every_hours=1, all_day=True), LONDON, start - timedelta(seconds=1), end
    )
    assert len(runs) == 23
    # 01:00 never shows on the clock: that slot runs at 02:00 BST, together with (not as
    # well as) the 02:00 slot.
    assert [wall(run, LONDON) for run in runs[:3]] == ["00:00", "02:00", "03:00"]


def test_it_runs_every_hour_24_times_in_the_25_hour_day():
    start, end = local_day(date(2026, 10, 25), LONDON)
    assert end - start == timedelta(hours=25)
    runs = runs_between(
        schedule(every_hours=1, all_day=True), LONDON, start - timedelta(seconds=1), end
    )
    assert len(runs) == 24
    # 01:00 happens twice that night; the backup runs at the first one (BST) only.
    one_oclock = [run for run in runs if wall(run, LONDON) == "01:00"]
    assert one_oclock == [datetime(2026, 10, 25, 0, tzinfo=UTC)]


def test_it_runs_a_skipped_slot_once_when_the_clock_jumps():
    nightly = schedule(every_hours=24, from_time=time(2, 30), to_time=time(2, 30))
    runs = runs_between(
        nightly,
        NEW_YORK,
        datetime(2026, 3, 7, 12, tzinfo=UTC),
        datetime(2026, 3, 9, 12, tzinfo=UTC),
    )
    # 02:30 does not exist on 8 March: the run is at 03:00 EDT, when the clock jumps.
    assert runs == [datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 3, 9, 6, 30, tzinfo=UTC)]


def test_it_runs_a_repeated_slot_once_when_the_clocks_go_back():
    nightly = schedule(every_hours=24, from_time=time(1, 30), to_time=time(1, 30))
    runs = runs_between(
        nightly,
        NEW_YORK,
        datetime(2026, 11, 1, 0, tzinfo=UTC),
        datetime(2026, 11, 2, 0, tzinfo=UTC),
    )
    assert runs == [datetime(2026, 11, 1, 5, 30, tzinfo=UTC)]


def test_it_counts_two_slots_on_the_same_instant_once():
    # The skipped 01:00 slot moves to 02:00 BST, the very instant of the 02:00 slot.
    all_day = schedule(every_hours=1, all_day=True)
    runs = runs_between(
        all_day,
        LONDON,
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
    )
    assert runs == [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 3, 29, 2, tzinfo=UTC)]


def test_it_follows_the_window_and_the_weekdays():
    # Mondays and Wednesdays, every 4 hours from 08:00 to 20:00.
    window = schedule(every_hours=4, from_time=time(8), to_time=time(20), weekdays="02")
    runs = runs_between(
        window, LONDON, datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 8, tzinfo=UTC)
    )
    assert [run.astimezone(LONDON).strftime("%a %H:%M") for run in runs] == [
        "Mon 08:00",
        "Mon 12:00",
        "Mon 16:00",
        "Mon 20:00",
        "Wed 08:00",
        "Wed 12:00",
        "Wed 16:00",
        "Wed 20:00",
    ]


def test_it_is_strictly_after_the_given_instant():
    slot = datetime(2026, 6, 1, 7, tzinfo=UTC)  # 08:00 BST
    window = schedule(every_hours=4, from_time=time(8), to_time=time(20))
    assert next_backup_after(window, LONDON, slot - timedelta(microseconds=1)) == slot
    assert next_backup_after(window, LONDON, slot) == slot + timedelta(hours=4)


@pytest.mark.parametrize(
    "fields", [{"enabled": False}, {"weekdays": ""}], ids=["disabled", "no-weekdays"]
)
def test_it_has_no_next_run_when_switched_off(fields):
    assert next_backup_after(schedule(**fields), LONDON, datetime(2026, 6, 1, tzinfo=UTC)) is None


def test_it_refuses_a_naive_instant():
    with pytest.raises(ValueError, match="aware"):
        next_backup_after(schedule(), LONDON, datetime(2026, 6, 1))


def test_it_runs_a_window_ending_before_it_starts_until_midnight():
    late = schedule(every_hours=2, from_time=time(20), to_time=time(2))
    assert [slot.hour for slot in slot_times(late)] == [20, 22]


settings_strategy = st.builds(
    lambda every, all_day, start, end, weekdays: schedule(
        every_hours=every,
        all_day=all_day,
        from_time=start,
        to_time=end,
        weekdays="".join(sorted(weekdays)),
    ),
    st.integers(1, 24),
    st.booleans(),
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 59])),
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 59])),
    st.sets(st.sampled_from("0123456"), min_size=1),
)


@st.composite
def near_a_clock_change(draw):
    tz = draw(st.sampled_from([LONDON, NEW_YORK]))
    change = draw(st.sampled_from(CHANGES[tz]))
    offset = draw(st.integers(-36 * 60, 12 * 60))
    seconds = draw(st.sampled_from([0, 0, 1, 59]))
    return tz, change + timedelta(minutes=offset, seconds=seconds)


@settings(max_examples=60, deadline=None)
@given(settings_strategy, near_a_clock_change())
def test_it_matches_the_minute_by_minute_oracle(backup_settings, where):
    tz, start = where
    end = start + timedelta(hours=48)
    runs = runs_between(backup_settings, tz, start, end)
    assert runs == oracle(backup_settings, tz, start, end)
    # Strictly increasing, and never two runs for the same local slot.
    assert all(earlier < later for earlier, later in pairwise(runs))
    assert all(run.astimezone(tz).fold == 0 for run in runs)
    labels = [(run.astimezone(tz).date(), run.astimezone(tz).strftime("%H:%M")) for run in runs]
    assert len(labels) == len(set(labels))


@settings(max_examples=60, deadline=None)
@given(settings_strategy, near_a_clock_change())
def test_it_lands_on_a_slot_or_where_the_clock_jumped_to(backup_settings, where):
    tz, start = where
    found = next_backup_after(backup_settings, tz, start)
    assert found is not None and found > start
    local = found.astimezone(tz)
    slots = {slot.strftime("%H:%M") for slot in slot_times(backup_settings)}
    on_a_slot = local.strftime("%H:%M") in slots and local.fold == 0
    just_jumped = (found - MINUTE).astimezone(tz).utcoffset() != local.utcoffset()
    assert on_a_slot or just_jumped
    assert str(local.weekday()) in backup_settings.weekdays
    # Nothing due was skipped between `start` and the answer.
    assert oracle(backup_settings, tz, start, found) == []
