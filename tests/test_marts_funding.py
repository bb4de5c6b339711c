"""Funding, training and target marts against the sample rows, and the checks that guard them."""

from __future__ import annotations

import shutil
from datetime import date

from pipelines import build, sample
from pipelines.config import REFERENCE_DIR
from tests.conftest import query, run, settings_for
from tests.landing_files import write_table


def test_one_row_per_funding_link_with_funder_and_site_territory(sample_build):
    rows = query(sample_build, "select * from marts.fct_parcours_programme")
    # P01 (S01, Lyon: 84 / 69 / 8421, started 2024-01-10) is co-funded half and half.
    p01 = (date(2024, 1, 10), "84", "69", "8421")
    assert rows == [
        ("P01", "PRG-C2E", "F-CEE", "cee_oblige", 0.5, *p01),
        ("P01", "PRG-R84", "F-R84", "region", 0.5, *p01),
        ("P02", "PRG-R84", "F-R84", "region", 1.0, date(2024, 2, 15), "84", "69", "8421"),
        ("P05", "PRG-C2E", "F-CEE", "cee_oblige", 1.0, date(2025, 1, 10), "84", "69", "8421"),
    ]
    by_funder = query(
        sample_build,
        "select funder_id, sum(share) from marts.fct_parcours_programme group by 1 order by 1",
    )
    assert by_funder == [("F-CEE", 1.5), ("F-R84", 1.5)]  # = programme_funding, by share


def test_one_row_per_funding_movement(sample_build):
    assert query(sample_build, "select * from marts.fct_funding_movement") == [
        ("M01", "PRG-C2E", "F-CEE", "engagement", date(2024, 1, 1), 3_000_000),
        ("M03", "PRG-R84", "F-R84", "engagement", date(2024, 1, 15), 150_000),
        ("M04", "PRG-R84", "F-R84", "versement", date(2024, 3, 1), 75_000.25),
        ("M02", "PRG-C2E", "F-CEE", "versement", date(2024, 6, 30), 1_500_000),
    ]


def test_training_sessions_and_targets(sample_build):
    assert query(sample_build, "select * from marts.fct_training_session") == [
        ("F2021-01", date(2021, 3, 15), "84", 14.0, 12, "mission_locale", 2021),
        ("F2021-02", date(2021, 10, 5), "01", 7.0, 9, "association", 2021),
    ]
    assert query(sample_build, "select * from marts.dim_target") == [
        (2026, "france", "FR", "new_parcours", 5.0),
        (2026, "region", "84", "return_to_employment_rate", 0.48),
    ]


def test_shares_rounded_within_the_intake_tolerance_still_publish(tmp_path):
    links = sample.tables()["parcours_programmes"]
    links[0]["share"], links[1]["share"] = "0.50005", "0.50004"  # P01: 1.00009 ≤ 1.0001
    sample.write(tmp_path / "landing")
    write_table(tmp_path / "landing" / sample.SAMPLE_DAY, "parcours_programmes", links)
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert query(
        settings,
        "select status from meta.check_results "
        "where \"check\" = 'assert_programme_shares_reconcile'",
    ) == [("pass",)]


def test_a_missing_energy_factor_blocks_publication(tmp_path, monkeypatch):
    reference = tmp_path / "reference"
    reference.mkdir()
    for file_name in build.REFERENCE_FILES.values():
        shutil.copy(REFERENCE_DIR / file_name, reference / file_name)
    factors = (reference / "energy_factors.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in factors if not line.startswith("co2e_kg_per_litre_essence,")]
    (reference / "energy_factors.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    monkeypatch.setattr(build, "REFERENCE_DIR", reference)  # a real folder, one factor short
    sample.write(tmp_path / "landing")
    outcome = run(settings_for(tmp_path / "landing", tmp_path / "warehouse"))
    assert outcome.exit_code == 1
    assert "assert_energy_factors_present (1 rows)" in outcome.message
