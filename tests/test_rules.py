"""Each LANDING.md row rule, broken by one added row: quarantined with its rule, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import sample
from tests.conftest import query, run, settings_for
from tests.landing_files import mark_ready, write_table

DAY = sample.SAMPLE_DAY

# (table, base row index in the sample, changes, expected column, expected rule)
CASES = [
    ("sites", 0, {"site_name": ""}, "site_name", "required"),
    ("sites", 0, {"site_type": "agence"}, "site_type", "unknown_code"),
    ("sites", 0, {"commune_code": "ABCDE"}, "commune_code", "invalid_commune_code"),
    ("sites", 0, {"commune_code": "20004"}, "commune_code", "invalid_commune_code"),
    ("sites", 0, {"opened_on": "2024-13-01"}, "opened_on", "invalid_date"),
    ("sites", 0, {"opened_on": "01/02/2024"}, "opened_on", "invalid_date"),
    ("sites", 0, {"closed_on": "2017-12-31"}, "closed_on", "date_order"),
    ("parcours", 0, {"beneficiary_id": "jean"}, "beneficiary_id", "pseudonym_too_short"),
    (
        "parcours",
        0,
        {"beneficiary_id": "jean.dupont@example.org"},
        "beneficiary_id",
        "not_pseudonymous",
    ),
    (
        "parcours",
        0,
        {"beneficiary_id": "1 85 05 78 006 084 36"},
        "beneficiary_id",
        "not_pseudonymous",
    ),
    ("parcours", 0, {"site_id": "S99"}, "site_id", "foreign_key"),
    ("parcours", 0, {"prescriber_type": "pole_emploi"}, "prescriber_type", "unknown_code"),
    ("parcours", 0, {"referred_on": ""}, "referred_on", "required"),
    ("parcours", 0, {"referred_on": "2024-02-01"}, "referred_on", "date_order"),
    (
        "parcours",
        0,
        {
            "referred_on": "2026-11-20",
            "started_on": "2026-11-25",
            "ended_on": "",
            "exit_outcome": "",
            "outcome_6m": "",
        },
        "started_on",
        "future_date",
    ),
    ("parcours", 0, {"ended_on": "2023-12-31"}, "ended_on", "date_order"),
    ("parcours", 0, {"sex": "H"}, "sex", "unknown_code"),
    ("parcours", 0, {"birth_year": "2013"}, "birth_year", "out_of_range"),
    ("parcours", 0, {"birth_year": "1990.0"}, "birth_year", "invalid_integer"),
    (
        "parcours",
        0,
        {"residence_commune_code": "750561"},
        "residence_commune_code",
        "invalid_commune_code",
    ),
    ("parcours", 0, {"is_qpv": "oui"}, "is_qpv", "invalid_boolean"),
    ("parcours", 0, {"energy_precarious": ""}, "energy_precarious", "required"),
    ("parcours", 0, {"entry_status": "chomeur"}, "entry_status", "unknown_code"),
    ("parcours", 0, {"minimum_social": "rmi"}, "minimum_social", "unknown_code"),
    ("parcours", 0, {"exit_outcome": ""}, "exit_outcome", "null_mismatch"),
    ("parcours", 0, {"exit_outcome": "succes"}, "exit_outcome", "unknown_code"),
    ("parcours", 7, {}, None, None),  # P08 clone is valid: a control row
    ("parcours", 7, {"outcome_6m": "emploi"}, "outcome_6m", "outcome_not_due"),
    ("solutions", 0, {"parcours_id": "P99"}, "parcours_id", "foreign_key"),
    ("solutions", 0, {"status": "terminee"}, "status", "unknown_code"),
    ("solutions", 0, {"started_on": ""}, "started_on", "required"),
    ("solutions", 0, {"completed_on": "2024-01-01"}, "completed_on", "date_order"),
    ("solutions", 0, {"amount_eur": "-5"}, "amount_eur", "out_of_range"),
    ("solutions", 0, {"amount_eur": "12,5"}, "amount_eur", "invalid_decimal"),
    ("solutions", 0, {"solution_code": "taxi"}, "solution_code", "unknown_code"),
    (
        "trip_surveys",
        0,
        {"parcours_id": "P02", "km_per_week": "3500"},
        "km_per_week",
        "out_of_range",
    ),
    (
        "trip_surveys",
        0,
        {"parcours_id": "P03", "litres_per_100km": ""},
        "litres_per_100km",
        "required",
    ),
    (
        "trip_surveys",
        0,
        {"parcours_id": "P04", "fuel": "aucun"},
        "litres_per_100km",
        "null_mismatch",
    ),
    (
        "trip_surveys",
        0,
        {"parcours_id": "P06", "litres_per_100km": "30"},
        "litres_per_100km",
        "out_of_range",
    ),
    ("trip_surveys", 0, {"parcours_id": "P07", "wave": "t9"}, "wave", "unknown_code"),
    ("trip_surveys", 0, {"parcours_id": "P08", "main_mode": "avion"}, "main_mode", "unknown_code"),
    ("programmes", 1, {"perimeter": "R99"}, "perimeter", "invalid_perimeter"),
    ("programmes", 1, {"perimeter": "R84|X1"}, "perimeter", "invalid_perimeter"),
    ("programmes", 1, {"budget_eur": "0"}, "budget_eur", "out_of_range"),
    ("programmes", 1, {"period_end": "2023-12-31"}, "period_end", "date_order"),
    ("programmes", 1, {"kwh_cumac_per_eur": "10"}, "kwh_cumac_per_eur", "null_mismatch"),
    ("programmes", 1, {"target_return_rate": "1.5"}, "target_return_rate", "out_of_range"),
    ("programmes", 1, {"funder_type": "banque"}, "funder_type", "unknown_code"),
    ("funding_movements", 0, {"movement_type": "avance"}, "movement_type", "unknown_code"),
    ("funding_movements", 0, {"amount_eur": "0"}, "amount_eur", "out_of_range"),
    ("funding_movements", 0, {"programme_id": "PRG-NOPE"}, "programme_id", "foreign_key"),
    ("parcours_programmes", 0, {"parcours_id": "P03", "share": "0"}, "share", "out_of_range"),
    (
        "parcours_programmes",
        0,
        {"parcours_id": "P06", "programme_id": "PRG-NOPE"},
        "programme_id",
        "foreign_key",
    ),
    (
        "parcours_programmes",
        0,
        {"parcours_id": "P05", "programme_id": "PRG-R84", "share": "0.5"},
        "share",
        "share_sum_exceeds_one",
    ),
    ("barometer", 0, {"geo_level": "region", "geo_code": "99"}, "geo_code", "unknown_territory"),
    ("barometer", 0, {"indicator": "sans_permis", "value": "1.2"}, "value", "out_of_range"),
    ("barometer", 0, {"indicator": "sans_vehicule", "ci_low": "0.5"}, "ci_low", "out_of_range"),
    (
        "barometer",
        0,
        {"indicator": "dependance_voiture", "n_respondents": "0"},
        "n_respondents",
        "out_of_range",
    ),
    ("trainings", 0, {"region_code": "99"}, "region_code", "unknown_territory"),
    ("trainings", 0, {"participants": "0"}, "participants", "out_of_range"),
    ("trainings", 0, {"hours": "1,5"}, "hours", "invalid_decimal"),
    ("staffing", 0, {"month": "2024-02-15"}, "month", "not_first_of_month"),
    (
        "staffing",
        0,
        {"month": "2024-03-01", "counsellor_fte": "-1"},
        "counsellor_fte",
        "out_of_range",
    ),
    ("staffing", 0, {"site_id": "S99", "month": "2024-04-01"}, "site_id", "foreign_key"),
    ("targets", 0, {"kpi": "satisfaction"}, "kpi", "unknown_code"),
    (
        "targets",
        0,
        {"territory_level": "departement", "territory_code": "999"},
        "territory_code",
        "unknown_territory",
    ),
]


def _new_key(table_name: str, number: int, row: dict[str, str]) -> dict[str, str]:
    """A fresh primary key for an added row (composite keys keep their other parts)."""
    first = {
        "sites": "site_id",
        "parcours": "parcours_id",
        "solutions": "solution_id",
        "programmes": "programme_id",
        "funding_movements": "movement_id",
        "trainings": "session_id",
    }
    if table_name in first:
        return {first[table_name]: f"X{number:03d}"}
    if table_name == "barometer":
        return {"edition": str(2000 + number)}
    if table_name == "targets":
        return {"year": str(2000 + number)}
    return {}  # trip_surveys, parcours_programmes, staffing: the case sets a fresh key


@pytest.fixture(scope="module")
def defects(tmp_path_factory) -> dict:
    """One run over the sample plus one broken row per case (threshold lifted to see them all)."""
    root: Path = tmp_path_factory.mktemp("rules")
    tables = sample.tables()
    expected = []
    for number, (name, base, changes, column, rule) in enumerate(CASES):
        row = dict(tables[name][base]) | changes
        row |= _new_key(name, number, row)
        tables[name].append(row)
        line = len(tables[name]) + 1  # header is line 1
        expected.append((name, line, column, rule))
    folder = root / "landing" / DAY
    for name, rows in tables.items():
        write_table(folder, name, rows)
    mark_ready(folder)
    settings = settings_for(root / "landing", root / "warehouse", copilote_max_quarantine_share="1")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    rejects = query(
        settings,
        "select table_name, line_number, record_key, column_name, rule, "
        "value from quarantine.rejects",
    )
    return {"settings": settings, "rejects": rejects, "expected": expected, "tables": tables}


@pytest.mark.parametrize(
    "case", range(len(CASES)), ids=[f"{c[0]}-{c[4] or 'valid'}-{i}" for i, c in enumerate(CASES)]
)
def test_broken_rule_is_quarantined_with_its_line(defects, case):
    name, line, column, rule = defects["expected"][case]
    found = {(r[3], r[4]) for r in defects["rejects"] if r[0] == name and r[1] == line}
    if rule is None:
        assert found == set()
    else:
        assert (column, rule) in found


def test_only_the_broken_rows_are_quarantined(defects):
    broken = {(name, line) for name, line, _, rule in defects["expected"] if rule}
    broken.add(("parcours_programmes", 5))  # P05's own share, pushed over 1 by the added one
    quarantined = {(r[0], r[1]) for r in defects["rejects"]}
    assert quarantined == broken


def test_every_row_is_accounted_for(defects):
    rows = query(
        defects["settings"],
        "select table_name, rows_read, rows_loaded, "
        "rows_quarantined from meta.load_log where in_use",
    )
    counted = {}
    for name, *_ in defects["rejects"]:
        counted.setdefault(name, set())
    for name, line, *_ in defects["rejects"]:
        counted[name].add(line)
    for name, read, loaded, quarantined in rows:
        assert read == len(defects["tables"][name])
        assert read == loaded + quarantined
        assert quarantined == len(counted.get(name, ()))


def test_personal_looking_identifiers_are_masked_in_quarantine(defects):
    values = [r[5] for r in defects["rejects"] if r[3] == "beneficiary_id"]
    assert values and all(v.startswith("<masqué") for v in values)
    assert not any("dupont" in (r[5] or "") for r in defects["rejects"])


def test_record_key_names_the_row(defects):
    keys = {r[2] for r in defects["rejects"] if r[0] == "staffing"}
    assert "S99|2024-04-01" in keys
