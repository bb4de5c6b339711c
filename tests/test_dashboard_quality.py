"""The data-quality page (/qualite): served build and run history, freshness per source, checks,
quarantine (row details for the data steward only) and data completeness — on a real build of
demo data with defects, every expected figure computed here from the warehouse, independently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dash
import pytest

from dashboard import queries
from dashboard.app import create_app
from dashboard.components.navbar import navbar
from dashboard.components.quality import format_delivery, format_duration
from dashboard.components.quality_completeness import completeness_cell, completeness_months
from dashboard.components.tables import format_moment
from dashboard.config import load_settings
from dashboard.i18n import t
from dashboard.runlog import recent_runs
from dashboard.state import ViewState
from pipelines import build, demo, history
from pipelines.config import Settings
from tests.component_tree import by_id as _by_id
from tests.component_tree import texts as _texts
from tests.component_tree import walk as _walk
from tests.conftest import query, run, settings_for

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

AS_OF = date(2026, 11, 24)
N = "\u202f"  # narrow no-break space: French thousands separator and before %
MONTHS = [date(2025, 11, 1), date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 11)]
COMMITTEE = queries.Scope("committee")


@dataclass
class Built:
    settings: Settings
    failed: build.Outcome
    published: build.Outcome


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """Demo data with defects: a strict run fails on its quarantined share, then a tolerant run
    publishes the same deliveries (quarantined rows included)."""
    root = tmp_path_factory.mktemp("quality")
    demo.generate(root / "landing", 3000, seed=3, as_of=AS_OF, defect_rate=0.02)
    strict = settings_for(root / "landing", root / "warehouse", copilote_max_quarantine_share="0")
    failed = run(strict)
    assert failed.exit_code == build.EXIT_NOT_PUBLISHED, failed.message
    tolerant = settings_for(
        root / "landing", root / "warehouse", copilote_max_quarantine_share="0.5"
    )
    published = run(tolerant)
    assert published.exit_code == build.EXIT_PUBLISHED, published.message
    return Built(tolerant, failed, published)


@pytest.fixture(autouse=True)
def dashboard_env(built, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(built.settings.warehouse_dir))
    monkeypatch.delenv("COPILOTE_ENV", raising=False)
    # a protected server where the data steward may read quarantined rows
    monkeypatch.setenv("COPILOTE_QUARANTINE_DETAILS", "1")
    yield
    queries.close()


@pytest.fixture(scope="module")
def page():
    """The page module as Dash imports it (register_page needs an app to exist first)."""
    create_app()
    from dashboard.pages import quality

    return quality


def _layout(page, **query):
    """The page for a URL query; the dashboard's connection is closed after (the test then
    opens the build itself, with another configuration)."""
    try:
        return page.layout(**query)
    finally:
        queries.close()


# --- walking a component tree ----------------------------------------------------------------


def _text(tree) -> str:
    return "".join(_texts(tree))


def _part(table, name: str) -> list:
    """The rows (Tr) of a table's Thead, Tbody or Tfoot."""
    section = next(n for n in _walk(table) if type(n).__name__ == name)
    rows = section.children
    return rows if isinstance(rows, list) else [rows]


def _cells(row) -> list:
    return row.children if isinstance(row.children, list) else [row.children]


def _rows(tree, table_id: str) -> list[list[str]]:
    """The body of a table as text, one list of cell texts per row."""
    table = _by_id(tree, table_id)
    assert table is not None, table_id
    return [[_text(cell) for cell in _cells(row)] for row in _part(table, "Tbody")]


# Independent French formats (the test does not reuse the dashboard's helpers).
def _int(number: int) -> str:
    return f"{number:,}".replace(",", N)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f}".replace(".", ",") + f"{N}%"


# --- registration, languages -----------------------------------------------------------------


def test_the_page_registers_at_qualite_with_its_navigation_label(page):
    entry = dash.page_registry["dashboard.pages.quality"]
    assert (entry["path"], entry["nav_key"]) == ("/qualite", "nav.quality")
    bar = navbar(dash.page_registry.values(), ViewState(), "/qualite", as_of=None, is_demo=False)
    link = _by_id(bar, "nav-quality")
    assert link.children == "Qualité des données" and link.active
    assert t("nav.quality", "en") == "Data quality"


def test_both_languages_render(page):
    french, english = _texts(_layout(page)), _texts(_layout(page, lang="en"))
    assert "Qualité des données" in french and "Contrôles" in french
    assert "Data quality" in english and "Checks" in english
    assert "Served build and run history" in english and "Nov 2025" in english
    assert "nov. 2025" in french


# --- served build and run history ------------------------------------------------------------


def test_the_served_build_and_the_failed_run_with_its_reason(built, page):
    tree = _layout(page)
    assert _by_id(tree, "quality-served-run-id").children == built.published.run_id
    served = _text(_by_id(tree, "quality-served"))
    assert "24/11/2026" in served
    newest, older = _rows(tree, "quality-runs-table")[:2]
    assert newest[2] == "Publié — version servie" and newest[5] == built.published.run_id
    assert older[2] == "Échec" and older[5] == built.failed.run_id
    assert older[4] == built.failed.message
    assert "quarantined share above the threshold" in older[4]


def _write_history(path: Path, statuses: list[str | None]) -> None:
    """One run per status, a minute apart; None: started, never finished."""
    start = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    for i, status in enumerate(statuses):
        at = start + timedelta(days=i)
        history.append(path, {"event": "started", "run_id": f"r{i:02d}", "at": at.isoformat()})
        if status:
            end = (at + timedelta(seconds=65)).isoformat()
            event = {"event": "finished", "run_id": f"r{i:02d}", "status": status, "at": end,
                     "message": f"run {i}", "as_of": "2026-11-24"}  # fmt: skip
            history.append(path, event)


def test_the_history_keeps_the_last_15_runs_newest_first_with_their_status(tmp_path):
    settings = load_settings({"COPILOTE_WAREHOUSE_DIR": str(tmp_path)})
    _write_history(tmp_path / "runs.jsonl", ["published"] * 17 + ["failed", None, None])
    entries = recent_runs(queries.Scope.national_internal(), settings)
    assert [e.run_id for e in entries] == [f"r{i:02d}" for i in range(19, 4, -1)]
    assert [e.status for e in entries[:4]] == ["unfinished", "interrupted", "failed", "published"]
    assert entries[2].message == "run 17" and entries[2].as_of == AS_OF
    with pytest.raises(queries.ScopeRefused):
        recent_runs(COMMITTEE, settings)


def test_times_are_shown_in_paris_and_durations_in_words():
    winter, summer = datetime(2026, 11, 24, 1, 2, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    assert format_moment(winter) == "24/11/2026 02:02"
    assert format_moment(summer) == "01/07/2026 02:00"
    assert format_moment(winter, "en") == "2026-11-24 02:02"
    assert format_duration(winter, winter + timedelta(seconds=5)) == "5 s"
    assert format_duration(winter, winter + timedelta(seconds=125)) == "2 min 05 s"
    assert format_duration(winter, None) == "—"
    assert format_delivery("2026-11-24") == "24/11/2026"
    assert format_delivery("2026-11-24", "en") == "2026-11-24"
    assert format_delivery("livraison-x") == "livraison-x"


def test_without_a_served_build_the_history_still_says_why(tmp_path, page, monkeypatch):
    (tmp_path / "landing").mkdir()
    empty = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(empty)  # no ready delivery: fails, publishes nothing
    assert outcome.exit_code == build.EXIT_NOT_PUBLISHED
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(empty.warehouse_dir))
    tree = _layout(page)
    assert _by_id(tree, "quality-unavailable") is not None
    [row] = _rows(tree, "quality-runs-table")
    assert row[2] == "Échec" and row[4] == outcome.message


# --- freshness, checks -----------------------------------------------------------------------


def test_freshness_lists_every_file_in_use_with_the_age_of_its_delivery(built, page):
    in_use = query(
        built.settings,
        "select table_name, delivery, file_name, rows_read, rows_loaded, rows_quarantined "
        "from meta.load_log where in_use order by table_name",
    )
    assert len(in_use) >= 10
    rows = _rows(_layout(page), "quality-sources-table")
    assert [r[0] for r in rows] == [r[0] for r in in_use]
    for shown, (_, delivery, file_name, read, loaded, quarantined) in zip(
        rows, in_use, strict=True
    ):
        day = date.fromisoformat(delivery)
        assert shown[1:4] == [f"{day:%d/%m/%Y}", str((AS_OF - day).days), file_name]
        assert shown[5:8] == [_int(read), _int(loaded), _int(quarantined)]


def test_every_check_is_shown_failing_ones_first(built, page):
    results = dict(query(built.settings, 'select "check", status from meta.check_results'))
    rows = _rows(_layout(page), "quality-checks-table")
    assert sorted(r[0] for r in rows) == sorted(results)
    words = {"fail": "Échec", "warn": "Avertissement", "pass": "Réussi"}
    assert [r[2] for r in rows] == [words[results[r[0]]] for r in rows]
    rank = {"Échec": 0, "Avertissement": 1, "Réussi": 2}
    assert [rank[r[2]] for r in rows] == sorted(rank[r[2]] for r in rows)


# --- quarantine ------------------------------------------------------------------------------


def test_quarantine_counts_equal_the_rejects(built, page):
    expected = {
        (table, rule): count
        for table, rule, count in query(
            built.settings,
            "select table_name, rule, count(*) from quarantine.rejects group by all",
        )
    }
    assert len(expected) > 3  # the demo's defects reach several tables and rules
    tree = _layout(page)
    shown = {
        (r[0], r[2]): int(r[3].replace(N, "")) for r in _rows(tree, "quality-quarantine-table")
    }
    assert shown == expected
    shares = query(
        built.settings, "select table_name, share, threshold from meta.quarantine_shares"
    )
    rows = {r[0]: r for r in _rows(tree, "quality-quarantine-shares-table")}
    for table, share, threshold in shares:
        assert rows[table][4:6] == [_percent(share), _percent(threshold)]


def test_the_data_steward_sees_the_first_200_rows_of_a_chosen_table(built, page):
    counts = query(
        built.settings,
        "select table_name, count(*) from quarantine.rejects group by 1 order by 2 desc",
    )
    table, count = counts[0]
    assert count > 200  # the limit is exercised
    first = query(
        built.settings,
        "select line_number, record_key, column_name, value from quarantine.rejects "
        "where table_name = $t order by line_number nulls first, column_name, rule limit 200",
        params={"t": table},
    )
    assert _by_id(_layout(page), "quality-rejects-table") is None  # nothing before a choice
    tree = _layout(page, rejets=table)
    rows = _rows(tree, "quality-rejects-table")
    assert len(rows) == 200
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (str(line), key, column, value or "—") for line, key, column, value in first
    ]
    assert f"les 200 premiers sur {_int(count)}" in _text(_by_id(tree, "quality-rejects-table"))
    links = [n for n in _walk(tree) if str(getattr(n, "id", "")).startswith("quality-rejects-link")]
    assert {link.id.removeprefix("quality-rejects-link-") for link in links} == {
        name for name, _ in counts
    }
    assert {link.href for link in links} >= {f"/qualite?periode=2026&rejets={table}"}
    assert _by_id(_layout(page, rejets="no_such_table"), "quality-rejects-table") is None


def test_a_scope_other_than_the_data_steward_gets_no_row_details(built, page):
    for scope in (
        COMMITTEE,
        queries.Scope("director", "84"),
        queries.Scope("funder", funder_id="FT"),
    ):
        with pytest.raises(queries.ScopeRefused):
            queries.quality_rejects(scope, "parcours")
    rules = queries.quality_quarantine_rules(queries.Scope.national_internal())
    section = page.rejects_section(COMMITTEE, rules, "parcours", None, ViewState(), AS_OF)
    assert _texts(section) == [t("quality.rejects.reserved")]
    with pytest.raises(queries.ScopeRefused):
        page.gather(COMMITTEE, ViewState(), "parcours")


# --- completeness ----------------------------------------------------------------------------

COMPLETENESS = """
    select {name}, month,
           count(*) filter (where is_expected),
           count(*) filter (where is_expected and has_reported)
    from marts.fct_site_month as m {join}
    where month between '2025-11-01' and '2026-10-01' {where}
    group by all
"""


def _expected_cell(expected: int, reported: int) -> str:
    if not expected:
        return "—aucun site attendu"
    share = reported / expected
    value = _percent(share) + f"{_int(reported)} / {_int(expected)}"
    return f"▼ {_percent(share)} (complétude faible){_int(reported)} / {_int(expected)}" if (
        share < 0.8) else value  # fmt: skip


def _check_grid(tree, figures: list[tuple]) -> None:
    table = _by_id(tree, "quality-completeness-table")
    by_cell = {(name, month): (e, r) for name, month, e, r in figures}
    rows = _part(table, "Tbody")
    assert sorted(_text(_cells(row)[0]) for row in rows) == sorted({f[0] for f in figures})
    for row in rows:
        name, *cells = _cells(row)
        for month, cell in zip(MONTHS, cells, strict=True):
            expected, reported = by_cell.get((_text(name), month), (0, 0))
            assert _text(cell) == _expected_cell(expected, reported), (_text(name), month)
            is_low = bool(expected) and reported / expected < 0.8
            assert ("table-warning" in cell.className) == is_low
    [total] = _part(table, "Tfoot")
    for month, cell in zip(MONTHS, _cells(total)[1:], strict=True):
        expected = sum(f[2] for f in figures if f[1] == month)
        reported = sum(f[3] for f in figures if f[1] == month)
        assert _text(cell) == _expected_cell(expected, reported)


FRENCH_MONTHS = ["nov. 2025", "déc. 2025"] + [
    f"{m} 2026"
    for m in ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.")
]


def test_completeness_of_the_regions_equals_reported_over_expected(built, page):
    figures = query(
        built.settings,
        COMPLETENESS.format(
            name="r.reg_name", join="join marts.dim_region as r using (reg_code)", where=""
        ),
    )
    assert any(r < 0.8 * e for *_, e, r in figures)  # both kinds of cells are checked
    assert any(r >= 0.8 * e > 0 for *_, e, r in figures)
    tree = _layout(page)
    table = _by_id(tree, "quality-completeness-table")
    assert [_text(c) for c in _cells(_part(table, "Thead")[0])] == ["Région", *FRENCH_MONTHS]
    assert _text(_cells(_part(table, "Tfoot")[0])[0]) == "France entière"
    _check_grid(tree, figures)


def test_completeness_of_a_region_lists_its_departements(built, page):
    [(region,)] = query(
        built.settings,
        "select reg_code from marts.fct_site_month group by 1 order by count(distinct dep_code) "
        "desc, 1 limit 1",
    )
    figures = query(
        built.settings,
        COMPLETENESS.format(
            name="d.dep_name || ' (' || m.dep_code || ')'",
            join="join marts.dim_departement as d using (dep_code)",
            where=f"and m.reg_code = '{region}'",
        ),
    )
    assert len({f[0] for f in figures}) > 1
    _check_grid(_layout(page, territoire=f"R{region}"), figures)


def test_the_last_full_months_and_the_low_mark():
    assert completeness_months(AS_OF) == MONTHS
    assert completeness_months(date(2026, 11, 30))[-1] == date(2026, 10, 1)  # never as-of's
    assert completeness_months(date(2026, 1, 15), 2) == [date(2025, 11, 1), date(2025, 12, 1)]
    assert _text(completeness_cell(10, 8)) == f"80,0{N}%8 / 10"
    low = completeness_cell(10, 7)
    assert _text(low) == f"▼ 70,0{N}% (complétude faible)7 / 10"
    assert "table-warning" in low.className
    assert _text(completeness_cell(0, 0)) == "—aucun site attendu"
