"""The overview page: the latest full year's national KPIs in French, freshness, unavailability."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard import queries
from dashboard.app import create_app
from dashboard.components.kpi_card import change_text, kpi_card
from dashboard.kpis import COUNT, RATE, KpiFigure, latest_full_year, year_figures
from dashboard.queries import DataVersion
from pipelines import sample
from tests.conftest import query, run, settings_for

NNBSP = "\u202f"
KPI_COLUMNS = [
    "year",
    "new_parcours",
    "closed_parcours",
    "active_people",
    "return_to_employment_rate",
    "positive_exit_rate",
]
CARDS = [  # (column of marts.kpi_by_year, id of its card on the page, is a rate)
    ("new_parcours", "overview-kpi-new-parcours", False),
    ("active_people", "overview-kpi-active-people", False),
    ("return_to_employment_rate", "overview-kpi-return-to-employment-rate", True),
    ("positive_exit_rate", "overview-kpi-positive-exit-rate", True),
    ("closed_parcours", "overview-kpi-closed-parcours", False),
]


@pytest.fixture(autouse=True)
def dashboard_env(settings, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
    monkeypatch.delenv("COPILOTE_ENV", raising=False)
    yield
    queries.close()


@pytest.fixture(scope="module")
def _shared_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("dashboard-overview")
    sample.write(root / "landing")
    shared = settings_for(root / "landing", root / "warehouse")
    assert run(shared).exit_code == 0
    return shared


@pytest.fixture
def served(_shared_warehouse, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(_shared_warehouse.warehouse_dir))
    return _shared_warehouse


@pytest.fixture(scope="module")
def page():
    """The page module as Dash imports it (register_page needs an app to exist first)."""
    create_app()
    from dashboard.pages import overview

    return overview


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            yield from _walk(child)


def _texts(tree) -> list[str]:
    return [node for node in _walk(tree) if isinstance(node, str)]


def _by_id(tree, identifier: str):
    return next(node for node in _walk(tree) if getattr(node, "id", None) == identifier)


# Independent French formats (the test does not reuse the dashboard's helpers).
def _fr(number: float, digits: int, signed: bool = False) -> str:
    text = f"{number:{'+' if signed else ''},.{digits}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("+-")
    return text.replace(",", NNBSP).replace(".", ",")


def _expected_cards(settings) -> tuple[date, int, dict[str, tuple[str, str]]]:
    (as_of,) = query(settings, "select as_of from meta.runs")[0]
    rows = query(settings, "select * from marts.kpi_by_year order by year")
    by_year = {row[0]: dict(zip(KPI_COLUMNS, row, strict=True)) for row in rows}
    year = max(y for y in by_year if y < as_of.year)
    current, previous = by_year[year], by_year[year - 1]
    expected = {}
    for column, _, is_rate in CARDS:
        value, before = current[column], previous[column]
        if is_rate:
            shown = _fr(value * 100, 1) + f"{NNBSP}%"
            change = _fr((value - before) * 100, 1, signed=True) + f"{NNBSP}pt vs {year - 1}"
        else:
            shown = _fr(value, 0)
            relative = (value - before) / before * 100
            change = _fr(relative, 1, signed=True) + f"{NNBSP}% vs {year - 1}"
        expected[column] = (shown, change)
    return as_of, year, expected


def test_the_overview_shows_the_latest_full_year_in_french(served, page):
    as_of, year, expected = _expected_cards(served)  # before the dashboard opens the build
    assert year == as_of.year - 1  # the sample has full years: 2024 and 2025 before 2026
    tree = page.layout()
    texts = _texts(tree)
    assert "Vue d'ensemble — France" in texts
    assert f"Données au {as_of:%d/%m/%Y}" in texts
    for column, card, _ in CARDS:
        shown, change = expected[column]
        assert _by_id(tree, f"{card}-value").children == shown, column
        assert _by_id(tree, f"{card}-change").children == change, column
    assert "Personnes distinctes ayant au moins un parcours actif dans l'année." in texts


def test_the_overview_in_english(served, page):
    texts = _texts(page.layout(lang="en"))
    assert "Overview — France" in texts
    assert f"Data as of {sample.SAMPLE_DAY}" in texts
    assert "Return-to-employment rate" in texts
    assert "Vue d'ensemble — France" in _texts(page.layout(lang="<script>"))


def _says_unavailable(tree) -> bool:
    texts = _texts(tree)
    return (
        _by_id(tree, "overview-unavailable") is not None
        and "Données indisponibles" in texts
        and any("Lancez le pipeline" in text for text in texts)
    )


def test_without_a_build_the_page_says_so(settings, page):
    assert not settings.pointer_path.exists()
    assert _says_unavailable(page.layout())


def test_a_corrupt_build_gives_a_sentence_then_the_page_recovers(settings, page):
    settings.builds_dir.mkdir(parents=True)
    (settings.builds_dir / "broken.duckdb").write_bytes(b"not a database" * 1000)
    settings.pointer_path.write_text("builds/broken.duckdb\n", encoding="utf-8")
    assert _says_unavailable(page.layout())
    outcome = run(settings)  # published: the next page load shows the figures, no restart
    assert outcome.exit_code == 0, outcome.message
    assert "Données au 24/11/2026" in _texts(page.layout())


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=KPI_COLUMNS, orient="row")


def test_a_warehouse_without_a_full_year_says_so(page):
    version = DataVersion("r1", date(2026, 11, 24))
    tree = page.overview(version, _frame([(2026, 2, 1, 3, 1.0, 1.0)]))
    assert _by_id(tree, "overview-no-full-year") is not None
    assert not any(str(getattr(n, "id", "")).startswith("overview-kpi") for n in _walk(tree))


def test_the_latest_full_year_is_strictly_before_the_as_of_year():
    frame = _frame([(2023, 1, 0, 1, None, None), (2024, 4, 4, 5, 0.5, 0.5)])
    assert latest_full_year(frame, date(2026, 1, 2)) == 2024
    assert latest_full_year(frame, date(2024, 12, 31)) == 2023
    assert latest_full_year(frame, date(2023, 6, 1)) is None


def test_changes_without_a_comparison_say_so():
    frame = _frame([(2024, 0, 0, 0, None, None), (2025, 1234, 3, 5, 0.5, None)])
    figures = {f.key: f for f in year_figures(frame, 2025)}
    assert figures["new_parcours"].change is None  # previous year 0: no percentage
    assert change_text(figures["new_parcours"]) == "Pas de comparaison possible avec 2024"
    assert figures["return_to_employment_rate"].change is None  # previous rate null
    assert figures["positive_exit_rate"].value is None
    only_year = {f.key: f for f in year_figures(frame.filter(pl.col("year") == 2025), 2025)}
    assert only_year["active_people"].previous_value is None


def test_a_card_shows_value_change_and_definition():
    figure = KpiFigure("new_parcours", COUNT, 2025, 1234, 2024, 1196)
    texts = _texts(kpi_card(figure))
    assert texts[:3] == ["Nouveaux parcours", f"1{NNBSP}234", f"+3,2{NNBSP}% vs 2024"]
    rate = KpiFigure("positive_exit_rate", RATE, 2025, 0.482, 2024, 0.496)
    assert _texts(kpi_card(rate))[1:3] == [f"48,2{NNBSP}%", f"-1,4{NNBSP}pt vs 2024"]
    missing = KpiFigure("positive_exit_rate", RATE, 2025, None, 2024, 0.5)
    assert _texts(kpi_card(missing))[1] == "—"
