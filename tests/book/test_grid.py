"""Laying out the book: parts of a line, the time axis, side-by-side blocks, shading."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from salonkeep.book.grid import (
    Axis,
    Block,
    Span,
    assign_lanes,
    axis_for,
    minute_of_day,
    off_spans,
    parts_of,
)

LONDON = ZoneInfo("Europe/London")


def line(initial, processing=0, finish=0, blocked=0, pk=1):
    return SimpleNamespace(
        pk=pk,
        initial_minutes=initial,
        processing_minutes=processing,
        finish_minutes=finish,
        blocked_minutes=blocked,
    )


def test_it_draws_a_colour_in_four_parts():
    parts = parts_of(line(30, 45, 30, 15), top=60)
    assert [(p.kind, p.start, p.length) for p in parts] == [
        ("busy", 60, 30),
        ("processing", 90, 45),
        ("finish", 135, 30),
        ("cleanup", 165, 15),
    ]
    assert [p.css_class for p in parts] == ["", "processing", "", "blocked"]


def test_it_draws_a_plain_service_as_one_busy_part_and_skips_empty_parts():
    assert [(p.kind, p.start, p.length) for p in parts_of(line(45), top=0)] == [("busy", 0, 45)]
    assert [(p.kind, p.start) for p in parts_of(line(0, 40, 20), top=10)] == [
        ("processing", 10),
        ("finish", 50),
    ]


def test_the_axis_runs_from_opening_to_closing_in_whole_hours():
    assert axis_for([(time(9, 30), time(17, 15))]) == Axis(9 * 60, 18 * 60)
    assert axis_for([None]) == Axis(8 * 60, 20 * 60)  # closed: 08:00-20:00
    # An appointment outside the hours (booked before they changed) widens it.
    assert axis_for([(time(9), time(18))], [(7 * 60 + 30, 8 * 60)]) == Axis(7 * 60, 18 * 60)
    assert Axis(540, 1080).hour_labels()[:2] == [(0, "09:00"), (60, "10:00")]
    assert Axis(540, 1080).hours == 9


def test_overlapping_blocks_go_side_by_side():
    def block(pk, top, length):
        parts = parts_of(line(length, pk=pk), top)
        return Block(
            line=line(length, pk=pk),
            parts=parts,
            line_minute=0,
            appointment_minute=0,
            appointment_day=date(2026, 1, 1),
        )

    colour = Block(
        line=line(30, 45, 30, 15, pk=1),
        parts=parts_of(line(30, 45, 30, 15), 0),
        line_minute=0,
        appointment_minute=0,
        appointment_day=date(2026, 1, 1),
    )
    during_processing = block(2, 30, 30)
    after = block(3, 120, 30)
    assign_lanes([after, during_processing, colour])
    assert (colour.lane, during_processing.lane, after.lane) == (0, 1, 0)
    assert during_processing.shift_percent > 0 and colour.shift_percent == 0


def test_it_shades_the_time_outside_working_periods():
    axis = Axis(9 * 60, 18 * 60)
    day = date(2026, 11, 24)
    working = [
        (datetime(2026, 11, 24, 10, tzinfo=UTC), datetime(2026, 11, 24, 13, tzinfo=UTC)),
        (datetime(2026, 11, 24, 14, tzinfo=UTC), datetime(2026, 11, 24, 17, tzinfo=UTC)),
    ]
    assert off_spans(working, axis, day, LONDON) == [Span(0, 60), Span(240, 60), Span(480, 60)]
    assert off_spans([], axis, day, LONDON) == [Span(0, 540)]


def test_positions_are_wall_clock_minutes_in_the_business_zone():
    summer = date(2026, 7, 1)
    # 08:00 UTC is 09:00 in London in summer.
    assert minute_of_day(datetime(2026, 7, 1, 8, tzinfo=UTC), summer, LONDON) == 9 * 60
    assert minute_of_day(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), summer, LONDON) == 24 * 60 + 30
