"""Marts against rows computed by hand from the sample delivery (pipelines/sample.py)."""

from __future__ import annotations

import pytest

from tests.conftest import query


def test_kpi_by_year_matches_the_hand_computed_rows(settings, published):
    rows = query(settings, "select * from marts.kpi_by_year order by year")
    # 2023: P10 started. 2024: P01–P04 started; P01, P03, P04, P10 closed; P04 (a move) leaves
    # the outcome base → P01 (durable), P03 (drop-out), P10 (transition): 2 returns of 3.
    # 2025: P05–P07 started; P02 (formation), P05 (transition), P06 (mobility only) closed.
    # 2026 (partial): P08, P09 started; P08 closed in durable employment.
    # Active people: B9 in 2023; B1, B2, B3, B4, B9 in 2024; B2, B1 (P05), B5, B6 in 2025;
    # B6 (still open), B7, B8 in 2026.
    assert rows == [
        (2023, 1, 0, 1, None, None),
        (2024, 4, 4, 5, pytest.approx(2 / 3), pytest.approx(2 / 3)),
        (2025, 3, 3, 4, pytest.approx(1 / 3), pytest.approx(2 / 3)),
        (2026, 2, 1, 3, 1.0, 1.0),
    ]


def test_dimensions_carry_the_whole_reference(settings, published):
    counts = dict(
        query(
            settings,
            """
        select 'regions', count(*) from marts.dim_region union all
        select 'departements', count(*) from marts.dim_departement union all
        select 'zones', count(*) from marts.dim_zone_emploi union all
        select 'communes', count(*) from marts.dim_commune""",
        )
    )
    assert counts == {"regions": 18, "departements": 101, "zones": 307, "communes": 34955}
    assert query(
        settings,
        "select dep_code, reg_code from marts.dim_departement "
        "where dep_code in ('2A', '971') order by 1",
    ) == [("2A", "94"), ("971", "01")]


def test_sites_are_placed_in_their_territory(settings, published):
    sites = query(
        settings, "select site_id, ze_code, dep_code, reg_code from marts.dim_site order by 1"
    )
    assert sites == [
        ("S01", "8421", "69", "84"),
        ("S02", "8405", "01", "84"),
        ("S03", "0104", "971", "01"),
    ]


def test_fct_parcours_flags(settings, published):
    row = query(
        settings,
        "select is_under_26, is_priority_public, is_in_outcome_base, "
        "is_return_to_employment, is_positive_exit, solutions_realised, "
        "funded_share, is_follow_up_due from marts.fct_parcours "
        "where parcours_id = 'P01'",
    )
    assert row == [(False, True, True, True, True, 2, 1.0, True)]
    young = query(
        settings,
        "select is_under_26, is_priority_public from marts.fct_parcours where parcours_id = 'P02'",
    )
    assert young == [(True, True)]  # born 2003, started 2024: 21


def test_programme_funding_counts_parcours_by_share(settings, published):
    rows = query(
        settings,
        "select programme_id, committed_eur, paid_eur, parcours_funded, "
        "parcours_funded_by_share, kwh_cumac from marts.programme_funding "
        "order by 1",
    )
    assert rows == [
        ("PRG-C2E", 3_000_000, 1_500_000, 2, 1.5, 1_500_000 * 540),
        ("PRG-R84", 150_000, 75_000.25, 2, 1.5, None),
    ]
    total = query(settings, "select sum(parcours_funded_by_share) from marts.programme_funding")
    funded = query(settings, "select sum(funded_share) from marts.fct_parcours")
    assert total == funded


def test_fct_parcours_duration_autonomy_drop_out_and_follow_up_flags(sample_build):
    rows = query(
        sample_build,
        "select parcours_id, duration_days, days_to_first_appointment, has_solution_realised, "
        "is_autonomous_at_exit, is_drop_out, has_outcome_6m_known, is_employed_6m, "
        "is_follow_up_due, is_follow_up_reached from marts.fct_parcours "
        "where parcours_id in ('P01', 'P03', 'P04', 'P07', 'P08', 'P10') order by 1",
    )
    assert rows == [
        # 2024-01-10 → 2024-06-30; referred 5 days before; 2 solutions realised, durable job,
        # employed at 6 months
        ("P01", 172, 5, True, True, False, True, True, True, True),
        # drop-out without prescriber (no referral date), follow-up due but no answer recorded
        ("P03", 198, None, False, False, True, False, False, True, False),
        # a move is outside the outcome base: neither autonomous nor a drop-out
        ("P04", 235, 9, False, False, False, False, False, True, False),
        # still open: no duration, no follow-up due
        ("P07", None, 14, False, False, False, False, False, False, False),
        # ended 2026-09-30: the 6-month follow-up is not due at the as-of date 2026-11-24
        ("P08", 241, 22, False, False, False, False, False, False, False),
        # transition job at exit, sans_emploi at 6 months: known, not employed, reached
        ("P10", 100, 19, False, False, False, True, False, True, True),
    ]


def test_fct_parcours_keeps_its_columns_and_appends_the_new_ones(sample_build):
    columns = [
        name
        for (name,) in query(
            sample_build,
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = 'fct_parcours' order by ordinal_position",
        )
    ]
    assert columns[:3] == ["parcours_id", "beneficiary_id", "site_id"]
    assert columns[27:29] == ["solutions_realised", "funded_share"]  # the last of before
    assert columns[29:] == [
        "duration_days", "days_to_first_appointment", "has_solution_realised",
        "is_autonomous_at_exit", "is_drop_out", "has_outcome_6m_known", "is_employed_6m",
        "is_follow_up_reached", "has_other_parcours", "t0_kwh", "after_kwh", "energy_saved_kwh",
        "has_measured_saving", "is_saving_30", "co2e_avoided_kg",
    ]  # fmt: skip
    order = query(sample_build, "select parcours_id from marts.fct_parcours")
    assert [p for (p,) in order][:3] == ["P10", "P01", "P02"]  # sorted by started_on


def test_has_other_parcours_marks_exactly_the_people_with_several_parcours(sample_build):
    found = query(
        sample_build,
        "select count(*) filter (where has_other_parcours <> (n > 1)), "
        "count(*) filter (where has_other_parcours) "
        "from (select *, count(*) over (partition by beneficiary_id) as n from marts.fct_parcours)",
    )
    assert found[0][0] == 0 and found[0][1] > 0  # the sample holds a returning person
