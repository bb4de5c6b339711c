"""Deliveries, the file in use, dialects, unreadable files and fallbacks (LANDING.md)."""

from __future__ import annotations

import shutil

from pipelines import sample
from tests.conftest import query, run
from tests.landing_files import mark_ready, write_table

NEWER = "2026-11-25"


def _log(settings, table_name):
    return query(
        settings,
        "select delivery, file_name, dialect, rows_read, rows_loaded, "
        "rows_quarantined, repairs, warnings, in_use from meta.load_log "
        "where table_name = ? order by in_use, delivery",
        params=[table_name],
    )


def test_delivery_without_ready_marker_is_left_alone(settings, landing_dir):
    rows = sample.tables()["parcours"][:3]
    write_table(landing_dir / NEWER, "parcours", rows)  # no _READY: still being written
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert "left alone: 2026-11-25" in outcome.log
    assert query(settings, "select as_of, deliveries from meta.runs") == [
        (sample_day(), sample.SAMPLE_DAY)
    ]
    assert query(settings, "select count(*) from staging.stg_parcours") == [(10,)]


def sample_day():
    from datetime import date

    return date.fromisoformat(sample.SAMPLE_DAY)


def test_newest_ready_delivery_holding_a_table_is_used(settings, landing_dir):
    tables = sample.tables()
    mark_ready(write_table(landing_dir / NEWER, "sites", tables["sites"][:2]).parent)
    # P06 and P07 (site S03) now point at a site that no longer exists; SOL05 (P07) cascades
    outcome = run(settings)
    assert outcome.exit_code == 1
    assert "parcours (27.3 %)" in outcome.message and "staffing (33.3 %)" in outcome.message
    tables["parcours"] = [r for r in tables["parcours"] if r["site_id"] != "S03"]
    tables["solutions"] = [r for r in tables["solutions"] if r["parcours_id"] != "P07"]
    tables["staffing"] = [r for r in tables["staffing"] if r["site_id"] != "S03"]
    for name in ("parcours", "solutions", "staffing"):
        write_table(landing_dir / NEWER, name, tables[name])
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert query(settings, "select as_of::varchar from meta.runs") == [(NEWER,)]
    files = dict(query(settings, "select table_name, delivery from meta.load_log where in_use"))
    assert files["sites"] == files["parcours"] == NEWER
    assert files["trip_surveys"] == sample.SAMPLE_DAY
    assert query(settings, "select count(*) from marts.dim_site") == [(2,)]


def test_french_spreadsheet_export_in_cp1252(settings, landing_dir):
    tables = sample.tables()
    tables["sites"][0]["site_name"] = "Plateforme œuvre — 10 € le trajet"
    folder = landing_dir / sample.SAMPLE_DAY
    for name in ("sites", "solutions", "parcours"):
        (folder / f"{name}.csv").unlink()
        write_table(folder, name, tables[name], dialect="fr", encoding="cp1252")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert _log(settings, "sites")[0][2] == "csv fr cp1252"
    assert query(settings, "select site_name from staging.stg_sites where site_id = 'S01'") == [
        ("Plateforme œuvre — 10 € le trajet",)
    ]
    amount = query(
        settings,
        "select amount_eur, started_on::varchar from staging.stg_solutions "
        "where solution_id = 'SOL01'",
    )
    assert amount == [(1200.5, "2024-01-15")]
    flags = query(
        settings,
        "select is_qpv, energy_precarious from staging.stg_parcours where parcours_id = 'P02'",
    )
    assert flags == [(False, False)]
    assert query(settings, "select count(*) from quarantine.rejects") == [(0,)]


def test_french_dialect_in_utf8_with_bom_and_canonical_with_bom(settings, landing_dir):
    tables = sample.tables()
    folder = landing_dir / sample.SAMPLE_DAY
    write_table(folder, "programmes", tables["programmes"], dialect="fr", encoding="utf-8-sig")
    write_table(folder, "trainings", tables["trainings"], encoding="utf-8-sig")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert _log(settings, "programmes")[0][2] == "csv fr utf-8 bom"
    assert _log(settings, "trainings")[0][2] == "csv canonical utf-8 bom"
    assert query(settings, "select sum(participants) from staging.stg_trainings") == [(21,)]
    assert query(
        settings, "select perimeter from staging.stg_programmes where programme_id = 'PRG-R84'"
    ) == [("R84|D69",)]


def test_parquet_file(settings, landing_dir):
    folder = landing_dir / sample.SAMPLE_DAY
    (folder / "solutions.csv").unlink()
    write_table(folder, "solutions", sample.tables()["solutions"], dialect="parquet")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert _log(settings, "solutions")[0][1:5] == ("solutions.parquet", "parquet", 6, 6)
    assert query(settings, "select count(*) from staging.stg_solutions") == [(6,)]


def test_leading_zero_repair_is_counted(settings, landing_dir):
    tables = sample.tables()
    tables["sites"][1]["commune_code"] = "1053"
    tables["parcours"][2]["residence_commune_code"] = "1053"
    folder = landing_dir / sample.SAMPLE_DAY
    write_table(folder, "sites", tables["sites"])
    write_table(folder, "parcours", tables["parcours"])
    assert run(settings).exit_code == 0
    assert _log(settings, "sites")[0][6] == 1
    assert _log(settings, "parcours")[0][6] == 1
    assert query(
        settings, "select commune_code, ze_code from marts.dim_site where site_id = 'S02'"
    ) == [("01053", "8405")]


def test_unknown_well_formed_commune_is_kept_in_zone_inconnue(settings, landing_dir):
    tables = sample.tables()
    tables["sites"][1]["commune_code"] = "01999"
    write_table(landing_dir / sample.SAMPLE_DAY, "sites", tables["sites"])
    assert run(settings).exit_code == 0
    site = query(
        settings,
        "select ze_code, dep_code, reg_code, is_commune_known "
        "from marts.dim_site where site_id = 'S02'",
    )
    assert site == [("0000", "01", "84", False)]
    assert query(
        settings,
        "select status, failing_rows from meta.check_results "
        "where \"check\" = 'assert_communes_known'",
    ) == [("warn", 1)]


def test_extra_column_is_ignored_with_a_warning(settings, landing_dir):
    rows = sample.tables()["trainings"]
    for row in rows:
        row["commentaire"] = "à revoir"
    columns = ["session_id", "commentaire", *list(rows[0])[1:-1]]
    write_table(landing_dir / sample.SAMPLE_DAY, "trainings", rows, columns=columns)
    assert run(settings).exit_code == 0
    log = _log(settings, "trainings")[0]
    assert log[3:5] == (2, 2)
    assert "unknown column(s) ignored: commentaire" in log[7]


def _newer_delivery_with(landing_dir, name, text):
    folder = landing_dir / NEWER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return mark_ready(folder)


def test_truncated_file_falls_back_to_the_previous_delivery(settings, landing_dir):
    text = (landing_dir / sample.SAMPLE_DAY / "parcours.csv").read_text(encoding="utf-8")
    _newer_delivery_with(landing_dir, "parcours", text[: len(text) // 2])  # cut mid-line
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    refused, used = _log(settings, "parcours")
    assert (refused[0], refused[3], refused[8]) == (NEWER, 0, False)
    assert "unreadable_file" in refused[7]
    assert (used[0], used[3], used[8]) == (sample.SAMPLE_DAY, 10, True)
    assert "fallback" in used[7]
    reject = query(
        settings, "select delivery, table_name, line_number, rule from quarantine.rejects"
    )
    assert reject == [(NEWER, "parcours", None, "unreadable_file")]


def test_missing_column_falls_back(settings, landing_dir):
    text = "site_id,site_name,site_type,opened_on,closed_on\nS01,A,plateforme,2018-01-01,\n"
    _newer_delivery_with(landing_dir, "sites", text)
    assert run(settings).exit_code == 0
    assert query(settings, "select rule, column_name, value from quarantine.rejects") == [
        ("missing_column", "commune_code", "required column(s) missing: commune_code")
    ]
    assert query(settings, "select count(*) from staging.stg_sites") == [(3,)]


def test_missing_column_without_fallback_is_not_published(settings, landing_dir):
    folder = landing_dir / sample.SAMPLE_DAY
    (folder / "sites.csv").write_text("site_id,site_name\nS01,A\n", encoding="utf-8")
    outcome = run(settings)
    assert outcome.exit_code == 1
    assert "table sites" in outcome.message and "missing" in outcome.message
    assert not (settings.pointer_path).exists()


def test_missing_required_table_is_not_published(settings, landing_dir):
    (landing_dir / sample.SAMPLE_DAY / "staffing.csv").unlink()
    outcome = run(settings)
    assert outcome.exit_code == 1
    assert "table staffing" in outcome.message


def test_optional_targets_may_be_absent(settings, landing_dir):
    (landing_dir / sample.SAMPLE_DAY / "targets.csv").unlink()
    assert run(settings).exit_code == 0
    assert query(settings, "select count(*) from staging.stg_targets") == [(0,)]


def test_line_numbers_follow_physical_lines(settings, landing_dir):
    """A quoted field spanning lines and a blank line shift the physical line of later records."""
    tables = sample.tables()
    tables["sites"][0]["site_name"] = "Plateforme\nsur deux lignes"
    tables["sites"][2]["site_type"] = "agence"
    path = write_table(landing_dir / sample.SAMPLE_DAY, "sites", tables["sites"])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:3], "", *lines[3:]]) + "\n", encoding="utf-8")
    assert run(settings).exit_code == 1  # S03 quarantined: its parcours cascade over 5 %
    failed = query(
        settings,
        "select line_number, record_key, rule from quarantine.rejects where table_name = 'sites'",
        run_id=_last_run_id(settings),
    )
    assert failed == [(6, "S03", "unknown_code")]


def _last_run_id(settings):
    from pipelines import history

    return history.runs(settings.history_path)[-1].run_id


def test_empty_landing_is_not_published(settings, landing_dir):
    shutil.rmtree(landing_dir / sample.SAMPLE_DAY)
    outcome = run(settings)
    assert outcome.exit_code == 1
    assert "no ready delivery" in outcome.message


def test_dates_are_judged_against_the_delivery_holding_the_file(landing_dir, warehouse_dir):
    """A start on 25/11 is in the future for the 24/11 export, even once a 26/11 delivery exists."""
    from tests.conftest import settings_for

    tables = sample.tables()
    tables["parcours"][8] |= {"referred_on": "2026-11-25", "started_on": "2026-11-25"}  # P09
    write_table(landing_dir / sample.SAMPLE_DAY, "parcours", tables["parcours"])
    mark_ready(write_table(landing_dir / "2026-11-26", "trainings", tables["trainings"]).parent)
    settings = settings_for(landing_dir, warehouse_dir, copilote_max_quarantine_share="1")
    assert run(settings).exit_code == 0
    assert query(settings, "select as_of::varchar from meta.runs") == [("2026-11-26",)]
    assert query(settings, "select record_key, rule from quarantine.rejects") == [
        ("P09", "future_date")
    ]
