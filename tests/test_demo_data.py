"""The demo-data generator: deliveries as LANDING.md describes them, the association's story at
the defaults (PRODUCT.md), determinism, and realistic defects the pipeline catches."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines import demo
from pipelines.__main__ import main
from pipelines.contract import TABLES
from tests.conftest import query, run, settings_for

AS_OF = date(2026, 11, 24)
SQL = Path(__file__).parent / "sql"


@pytest.fixture(scope="module")
def default_landing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "landing"
    demo.generate(out, 200_000, seed=1, as_of=AS_OF)
    return out


@pytest.fixture(scope="module")
def default_build(default_landing: Path, tmp_path_factory):
    settings = settings_for(default_landing, tmp_path_factory.mktemp("demo") / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    return settings


def in_use(landing: Path, name: str) -> Path:
    """The file of the newest delivery holding `name` (what the pipeline reads)."""
    return sorted(landing.glob(f"*/{name}.csv"))[-1]


def story(name: str, landing: Path) -> list[tuple]:
    """Run tests/sql/story_<name>.sql on the files in use of `landing`."""
    files = {
        "parcours": in_use(landing, "parcours"),
        "surveys": in_use(landing, "trip_surveys"),
        "links": in_use(landing, "parcours_programmes"),
        "trainings": in_use(landing, "trainings"),
    }
    sql = (SQL / f"story_{name}.sql").read_text(encoding="utf-8")
    params: dict = {k: str(v) for k, v in files.items() if f"${k}" in sql}
    if "$c2e" in sql:
        params["c2e"] = c2e_programmes(in_use(landing, "programmes"))
    return duckdb.connect().execute(sql, params).fetchall()


def c2e_programmes(path: Path) -> list[str]:
    """Programme ids of the energy-savings obliged funders (a French cp1252 file)."""
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="cp1252")), delimiter=";")
    return [row["programme_id"] for row in rows if row["funder_type"] == "cee_oblige"]


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_deliveries_follow_the_landing_contract(default_landing: Path):
    folders = sorted(p for p in default_landing.iterdir() if p.is_dir())
    assert len(folders) >= 3
    assert all((folder / "_READY").is_file() for folder in folders)
    assert folders[-1].name == AS_OF.isoformat()
    for table in TABLES:
        assert list(default_landing.glob(f"*/{table.name}.csv")), table.name
    french = [p for p in default_landing.glob("*/*.csv") if p.read_bytes()[:200].count(b";") > 2]
    assert french, "at least one table in the French spreadsheet dialect"
    cp1252 = in_use(default_landing, "programmes").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1252.decode("utf-8")
    assert "Énergies du Quotidien" in cp1252.decode("cp1252")


def test_return_to_employment_rate_of_each_full_year(default_landing: Path):
    rates = dict(story("return_rate", default_landing))
    full_years = range(2019, AS_OF.year)
    assert all(0.45 <= rates[year] <= 0.51 for year in full_years), rates


def test_one_third_of_energy_precarious_drivers_save_30_percent(default_landing: Path):
    [(measured, share)] = story("energy_saving", default_landing)
    assert measured > 10_000
    assert 0.28 <= share <= 0.38


def test_c2e_programme_funds_about_90000_parcours_in_2019_2022(default_landing: Path):
    [(parcours,)] = story("c2e_parcours", default_landing)
    assert 80_000 <= parcours <= 100_000


def test_71_professionals_trained_in_2021(default_landing: Path):
    assert dict(story("trained", default_landing))[2021] == 71


def test_pipeline_loads_everything_and_every_check_passes(default_build):
    assert query(default_build, "select count(*) from quarantine.rejects") == [(0,)]
    statuses = query(default_build, 'select "check", status from meta.check_results')
    assert statuses and all(status == "pass" for _, status in statuses), statuses


def test_footprint_regions_departements_sites_zones(default_build):
    [(regions, deps, zones, sites, has_971, years)] = query(
        default_build,
        "select count(distinct reg_code), count(distinct dep_code), count(distinct ze_code), "
        "count(*), bool_or(dep_code = '971'), count(distinct year(opened_on)) from marts.dim_site",
    )
    assert (regions, deps, has_971) == (11, 52, True)
    assert 230 <= sites <= 270 and 130 <= zones <= 170
    assert years >= 8, "sites open over time"


def test_activity_has_a_summer_dip_growth_and_regional_differences(default_build):
    monthly = query(
        default_build,
        "select year(started_on), month(started_on), count(*) from marts.fct_parcours "
        "where year(started_on) between 2021 and 2025 group by all",
    )
    for year in range(2021, 2026):
        counts = {m: n for y, m, n in monthly if y == year}
        others = [n for m, n in counts.items() if m not in (7, 8)]
        assert counts[8] < 0.75 * sum(others) / len(others), year
    yearly = {
        y: n for y, n in query(default_build, "select year, new_parcours from marts.kpi_by_year")
    }
    assert yearly[2025] > yearly[2024] > yearly[2023]
    rates = [r for (r,) in query(
        default_build,
        "select avg(is_return_to_employment::int) from marts.fct_parcours "
        "where is_in_outcome_base group by reg_code",
    )]  # fmt: skip
    assert max(rates) - min(rates) >= 0.04


def test_programmes_funders_and_co_funding(default_build):
    [(count, kinds, c2e_budget)] = query(
        default_build,
        "select count(*), count(distinct funder_type), "
        "sum(budget_eur) filter (where funder_type = 'cee_oblige') from marts.dim_programme",
    )
    assert 25 <= count <= 35 and kinds == 9 and c2e_budget == 12_000_000
    [(co_funded,)] = query(
        default_build,
        "select avg((n > 1)::int) from (select count(*) as n from staging.stg_parcours_programmes "
        "group by parcours_id)",
    )
    assert 0.1 <= co_funded <= 0.6


def test_barometer_editions_and_territories(default_build):
    rows = query(
        default_build,
        "select edition, geo_level, count(distinct geo_code) from staging.stg_barometer "
        "group by all",
    )
    assert {e for e, _, _ in rows} == {2020, 2022, 2024}
    assert {(level, n) for _, level, n in rows} == {("france", 1), ("region", 14),
                                                    ("type_territoire", 4)}  # fmt: skip


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path):
    for name in ("a", "b"):
        demo.generate(tmp_path / name, 3000, seed=7, as_of=AS_OF)
    demo.generate(tmp_path / "c", 3000, seed=8, as_of=AS_OF)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_defects_are_caught_repaired_and_still_published(tmp_path: Path):
    demo.generate(tmp_path / "landing", 20_000, seed=3, as_of=AS_OF, defect_rate=0.01)
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    rules = {rule for (rule,) in query(settings, "select distinct rule from quarantine.rejects")}
    assert {"unknown_code", "invalid_commune_code", "date_order", "future_date", "duplicate",
            "conflicting_duplicate", "out_of_range", "not_first_of_month",
            "parent_quarantined"} <= rules  # fmt: skip
    repairs = dict(query(settings, "select table_name, sum(repairs) from meta.load_log group by 1"))
    assert repairs["sites"] >= 1 and repairs["parcours"] >= 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--parcours", "10"], "at least 1000"),
        (["--as-of", "2019-02-01"], "2019-07-01"),
        (["--defect-rate", "0.5"], "between 0 and 0.2"),
    ],
)
def test_cli_refuses_options_it_cannot_honour(tmp_path: Path, capsys, options, message):
    assert main(["demo-data", "--out", str(tmp_path), *options]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_cli_writes_deliveries(tmp_path: Path, capsys):
    code = main(
        ["demo-data", "--out", str(tmp_path), "--parcours", "2000", "--as-of", "2025-06-30"]
    )
    assert code == 0
    assert "2025-06-30" in capsys.readouterr().out
    assert (tmp_path / "2025-06-30" / "_READY").is_file()


@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2030, 6, 30)])
def test_the_story_holds_for_other_as_of_dates(tmp_path: Path, as_of: date):
    """`--as-of` defaults to yesterday: the headline figures hold from mid-2024 on."""
    demo.generate(tmp_path, 200_000, seed=1, as_of=as_of)
    rates = dict(story("return_rate", tmp_path))
    assert all(0.45 <= rates[year] <= 0.51 for year in range(2019, as_of.year)), rates
    [(parcours,)] = story("c2e_parcours", tmp_path)
    assert 80_000 <= parcours <= 100_000
    assert dict(story("trained", tmp_path))[2021] == 71


@pytest.mark.parametrize(
    "as_of",
    [
        demo.EARLIEST_AS_OF,  # parcours still open, no follow-up due, no targets yet
        date(2025, 3, 1),  # a Saturday the 1st: no working day yet in the month
        date(2025, 6, 1),  # a Sunday the 1st
        date(2026, 1, 2),  # the current year has barely begun
        date(2024, 2, 29),  # a leap day: 6-month follow-ups and month ends
    ],
)
def test_nothing_is_quarantined_at_defect_rate_zero(tmp_path: Path, as_of: date):
    demo.generate(tmp_path / "landing", 3000, seed=11, as_of=as_of)
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert query(settings, "select rule, count(*) from quarantine.rejects group by 1") == []
    [(latest,)] = query(settings, "select max(started_on) from marts.fct_parcours")
    assert latest <= as_of


def test_first_appointments_on_working_days_spread_evenly(default_build):
    by_weekday = dict(
        query(
            default_build, "select isodow(started_on), count(*) from marts.fct_parcours group by 1"
        )
    )
    assert set(by_weekday) == {1, 2, 3, 4, 5}
    assert max(by_weekday.values()) < 1.1 * min(by_weekday.values())


def test_people_come_back_to_the_same_site_after_their_first_parcours(default_build):
    [(people, parcours, same_site, overlapping, ages_apart)] = query(
        default_build,
        "with pairs as (select a.site_id = b.site_id as same_site, "
        "  b.started_on <= coalesce(a.ended_on, b.started_on) as is_overlap, "
        "  a.birth_year <> b.birth_year as other_age "
        "  from marts.fct_parcours a join marts.fct_parcours b "
        "  on a.beneficiary_id = b.beneficiary_id and a.started_on < b.started_on) "
        "select (select count(distinct beneficiary_id) from marts.fct_parcours), "
        "(select count(*) from marts.fct_parcours), bool_and(same_site), "
        "count(*) filter (where is_overlap), count(*) filter (where other_age) from pairs",
    )
    assert 0.03 <= 1 - people / parcours <= 0.1
    assert same_site and overlapping == 0 and ages_apart == 0
