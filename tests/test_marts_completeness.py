"""fct_site_month and data completeness (PRODUCT.md) against the sample's sites, staffing,
parcours and solutions, computed by hand."""

from __future__ import annotations

from datetime import date

from pipelines import sample
from tests.conftest import query, run, settings_for
from tests.landing_files import write_table

FLAGS = (
    "select site_id, month, counsellor_fte, is_open, is_expected, has_reported, "
    "parcours_started, parcours_ended from marts.fct_site_month "
)


def test_one_row_per_site_and_month_from_2019_or_opening_to_the_as_of_month(sample_build):
    # S01 opened 2018 → Jan 2019–Nov 2026: 95 months; S02 opened June 2019: 90; S03 2020: 83.
    ranges = query(
        sample_build,
        "select site_id, count(*), min(month), max(month) from marts.fct_site_month group by 1 "
        "order by 1",
    )
    assert ranges == [
        ("S01", 95, date(2019, 1, 1), date(2026, 11, 1)),
        ("S02", 90, date(2019, 6, 1), date(2026, 11, 1)),
        ("S03", 83, date(2020, 1, 1), date(2026, 11, 1)),
    ]
    territory = query(
        sample_build,
        "select distinct site_id, reg_code, dep_code, ze_code from marts.fct_site_month order by 1",
    )
    assert territory == [
        ("S01", "84", "69", "8421"),
        ("S02", "84", "01", "8405"),
        ("S03", "01", "971", "0104"),
    ]


def test_expected_and_reported_flags_of_the_staffed_month(sample_build):
    rows = query(sample_build, FLAGS + "where month in ('2024-01-01', '2024-02-01') order by 2, 1")
    assert rows == [
        # staffed 2.5 FTE; P01 started on the 10th (and SOL01 on the 15th): expected, reported
        ("S01", date(2024, 1, 1), 2.5, True, True, True, 1, 0),
        # staffed 1 FTE, none of its parcours (P03, P04, P08) moved: expected, not reported
        ("S02", date(2024, 1, 1), 1.0, True, True, False, 0, 0),
        # 0 FTE: open but not expected
        ("S03", date(2024, 1, 1), 0.0, True, False, False, 0, 0),
        # no staffing row: not expected; P02 started, P10 ended, SOL02 started → reported
        ("S01", date(2024, 2, 1), None, True, False, True, 1, 1),
        ("S02", date(2024, 2, 1), None, True, False, False, 0, 0),
        ("S03", date(2024, 2, 1), None, True, False, False, 0, 0),
    ]
    # a solution started or completed is a report: SOL04 (P05, S01) started and completed Feb 2025
    # while no parcours of S01 started or ended that month.
    assert query(sample_build, FLAGS + "where site_id = 'S01' and month = '2025-02-01'") == [
        ("S01", date(2025, 2, 1), None, True, False, True, 0, 0)
    ]


def test_completeness_of_the_sample(sample_build):
    [(expected, reported)] = query(
        sample_build,
        "select count(*) filter (where is_expected), "
        "count(*) filter (where is_expected and has_reported) from marts.fct_site_month",
    )
    assert (expected, reported) == (2, 1)  # only January 2024 is staffed: S01 reported, S02 not


def test_closing_future_events_and_the_low_completeness_warning(tmp_path):
    tables = sample.tables()
    tables["sites"][2]["closed_on"] = "2025-10-15"  # S03 closes mid-October 2025
    tables["solutions"][5]["completed_on"] = "2026-11-28"  # SOL06 (S02) ends after the as-of date
    # S02 staffed over the last 12 full months (Nov 2025 – Oct 2026): it reported in February
    # (P08 started, SOL06 started) and September (P08 ended) only → région 84: 2 of 12.
    tables["staffing"] += [
        {"site_id": "S02", "month": f"{year}-{month:02d}-01", "counsellor_fte": "1"}
        for year, month in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]
    ]
    sample.write(tmp_path / "landing")
    for name in ("sites", "solutions", "staffing"):
        write_table(tmp_path / "landing" / sample.SAMPLE_DAY, name, tables[name])
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message  # a warning does not block publication
    assert query(
        settings, "select count(*), max(month) from marts.fct_site_month where site_id = 'S03'"
    ) == [(70, date(2025, 10, 1))]
    assert query(settings, FLAGS + "where site_id = 'S02' and month = '2026-11-01'") == [
        ("S02", date(2026, 11, 1), None, True, False, False, 0, 0)
    ]
    assert query(
        settings,
        "select status, failing_rows from meta.check_results "
        "where \"check\" = 'assert_completeness_low'",
    ) == [("warn", 1)]
    assert query(
        settings,
        "select count(*) filter (where is_expected), "
        "count(*) filter (where is_expected and has_reported) from marts.fct_site_month "
        "where reg_code = '84' and month between '2025-11-01' and '2026-10-01'",
    ) == [(12, 2)]
