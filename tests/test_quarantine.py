"""Duplicates, cascades and the threshold (LANDING.md: what the pipeline does with a bad row)."""

from __future__ import annotations

from pipelines import history, publish, sample
from tests.conftest import query, run, settings_for
from tests.landing_files import write_table

DAY = sample.SAMPLE_DAY


def _lifted(landing_dir, warehouse_dir):
    return settings_for(landing_dir, warehouse_dir, copilote_max_quarantine_share="1")


def test_identical_copy_is_a_duplicate_and_the_first_is_loaded(landing_dir, warehouse_dir):
    tables = sample.tables()
    copy = dict(tables["solutions"][1])
    copy["amount_eur"] = "310.00"  # the same value once parsed
    tables["solutions"].append(copy)
    write_table(landing_dir / DAY, "solutions", tables["solutions"])
    settings = _lifted(landing_dir, warehouse_dir)
    assert run(settings).exit_code == 0
    assert query(settings, "select line_number, record_key, rule from quarantine.rejects") == [
        (8, "SOL02", "duplicate")
    ]
    assert query(
        settings, "select count(*) from staging.stg_solutions where solution_id = 'SOL02'"
    ) == [(1,)]


def test_rows_sharing_a_key_but_differing_are_all_refused(landing_dir, warehouse_dir):
    tables = sample.tables()
    tables["sites"].append(dict(tables["sites"][0]) | {"site_name": "Autre nom"})
    tables["staffing"] = [r for r in tables["staffing"] if r["site_id"] != "S01"]
    tables["parcours"] = [r for r in tables["parcours"] if r["site_id"] != "S01"]
    for name in ("sites", "staffing", "parcours"):
        write_table(landing_dir / DAY, name, tables[name])
    settings = _lifted(landing_dir, warehouse_dir)
    assert run(settings).exit_code == 0
    assert query(
        settings,
        "select line_number, rule from quarantine.rejects where table_name = 'sites' order by 1",
    ) == [(2, "conflicting_duplicate"), (5, "conflicting_duplicate")]
    assert query(settings, "select count(*) from staging.stg_sites where site_id = 'S01'") == [(0,)]


def test_cascade_counts_toward_the_parent_table(landing_dir, warehouse_dir):
    tables = sample.tables()
    tables["parcours"][0]["sex"] = "H"  # P01 refused: its 2 solutions, 2 surveys, 2 shares follow
    write_table(landing_dir / DAY, "parcours", tables["parcours"])
    settings = _lifted(landing_dir, warehouse_dir)
    assert run(settings).exit_code == 0
    cascaded = query(
        settings,
        "select table_name, record_key, column_name, value "
        "from quarantine.rejects where rule = 'parent_quarantined' "
        "order by 1, 2",
    )
    assert cascaded == [
        ("parcours_programmes", "P01|PRG-C2E", "parcours_id", "P01"),
        ("parcours_programmes", "P01|PRG-R84", "parcours_id", "P01"),
        ("solutions", "SOL01", "parcours_id", "P01"),
        ("solutions", "SOL02", "parcours_id", "P01"),
        ("trip_surveys", "P01|t0", "parcours_id", "P01"),
        ("trip_surveys", "P01|t3", "parcours_id", "P01"),
    ]
    shares = dict(query(settings, "select table_name, rows_charged from meta.quarantine_shares"))
    assert shares["parcours"] == 7  # its own row + 6 cascaded rows
    assert shares["solutions"] == shares["trip_surveys"] == shares["parcours_programmes"] == 0
    quarantined = dict(
        query(settings, "select table_name, rows_quarantined from meta.load_log where in_use")
    )
    assert quarantined["solutions"] == 2 and quarantined["parcours"] == 1


def test_two_level_cascade_is_charged_to_the_root(landing_dir, warehouse_dir):
    tables = sample.tables()
    tables["sites"][2]["site_type"] = "agence"  # S03 refused → P06, P07 → SOL05
    write_table(landing_dir / DAY, "sites", tables["sites"])
    settings = _lifted(landing_dir, warehouse_dir)
    assert run(settings).exit_code == 0
    charged = dict(query(settings, "select table_name, rows_charged from meta.quarantine_shares"))
    assert charged["sites"] == 1 + 2 + 1 + 1  # the site, 2 parcours, 1 solution, 1 staffing row
    assert charged["parcours"] == charged["solutions"] == 0


def test_threshold_passed_keeps_the_served_build(settings, landing_dir):
    first = run(settings)
    assert first.exit_code == 0
    served_before = settings.pointer_path.read_text()
    tables = sample.tables()
    tables["solutions"][0]["status"] = "terminee"  # 1 of 6 rows: 16.7 % > 5 %
    write_table(landing_dir / DAY, "solutions", tables["solutions"])
    second = run(settings)
    assert second.exit_code == 1
    assert "solutions (16.7 %)" in second.message
    assert settings.pointer_path.read_text() == served_before
    runs = history.runs(settings.history_path)
    assert [r.status for r in runs] == ["published", "failed"]
    assert "solutions" in runs[-1].message
    assert publish.build_path(settings, second.run_id).exists()  # kept for inspection
    assert query(settings, "select status from meta.runs", run_id=second.run_id) == [("failed",)]
    assert query(settings, "select count(*) from quarantine.rejects", run_id=second.run_id) == [
        (1,)
    ]


def test_threshold_is_configurable(landing_dir, warehouse_dir):
    tables = sample.tables()
    tables["solutions"][0]["status"] = "terminee"
    write_table(landing_dir / DAY, "solutions", tables["solutions"])
    settings = settings_for(landing_dir, warehouse_dir, copilote_max_quarantine_share="0.2")
    assert run(settings).exit_code == 0
