"""The nightly schedule: the first instant ≥ 02:30 Europe/Paris of each local day, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pipelines.schedule import PARIS, first_instant_at_or_after, loop, next_run


def test_ordinary_winter_and_summer_days():
    assert first_instant_at_or_after(date(2026, 1, 15)) == datetime(2026, 1, 15, 1, 30, tzinfo=UTC)
    assert first_instant_at_or_after(date(2026, 7, 15)) == datetime(2026, 7, 15, 0, 30, tzinfo=UTC)


def test_spring_forward_night_runs_at_three():
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist
    instant = first_instant_at_or_after(date(2026, 3, 29))
    assert instant == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert instant.astimezone(PARIS).strftime("%H:%M %Z") == "03:00 CEST"


def test_fall_back_night_runs_once_at_the_first_0230():
    # 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice
    first = first_instant_at_or_after(date(2026, 10, 25))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    after_first = next_run(first + timedelta(seconds=1))
    assert after_first == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)  # not 01:30 UTC that night


def test_next_run_from_any_moment():
    assert next_run(datetime(2026, 11, 25, 1, 29, tzinfo=UTC)) == datetime(
        2026, 11, 25, 1, 30, tzinfo=UTC
    )
    assert next_run(datetime(2026, 11, 25, 1, 30, tzinfo=UTC)) == datetime(
        2026, 11, 26, 1, 30, tzinfo=UTC
    )


def test_one_run_per_local_day_over_a_year():
    runs, moment = [], datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2027, 1, 1, tzinfo=UTC):
        moment = next_run(moment)
        runs.append(moment)
    days = [r.astimezone(PARIS).date() for r in runs[:-1]]
    assert len(days) == len(set(days)) == 365
    assert all(r.astimezone(PARIS).strftime("%H:%M") in {"02:30", "03:00"} for r in runs)


def test_loop_sleeps_until_the_instant_then_runs(capsys):
    clock = [datetime(2026, 11, 25, 0, 0, tzinfo=UTC)]
    slept, ran = [], []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += timedelta(seconds=seconds)

    def run_once():
        ran.append(clock[0])
        return 0

    loop(run_once, now=lambda: clock[0], sleep=sleep, max_runs=2)
    assert ran == [
        datetime(2026, 11, 25, 1, 30, tzinfo=UTC),
        datetime(2026, 11, 26, 1, 30, tzinfo=UTC),
    ]
    assert max(slept) <= 600
    assert "next pipeline run at 2026-11-25 02:30 CET" in capsys.readouterr().out
