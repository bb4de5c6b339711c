"""CSV exports: French spreadsheet dialect by default, the view's filters written in the file,
and the file equal to the table on screen."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from dashboard import exports, queries
from dashboard.app import create_app
from dashboard.i18n import format_decimal
from tests.accounts import log_in
from tests.component_tree import by_id as _by_id
from tests.component_tree import walk as _walk

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

N = "\u202f"


def test_the_french_dialect_is_semicolon_bom_and_decimal_comma():
    export = exports.Export(
        "Titre",
        [("Période", "2025"), ("Territoire", "Ain (01)")],
        pl.DataFrame(
            {"Indicateur": ["Taux; de retour"], "Valeur": [48.25], "Jour": [date(2025, 3, 1)]}
        ),
    )
    text = exports.to_csv(export)
    assert text.startswith("\ufeffTitre\r\nPériode;2025\r\nTerritoire;Ain (01)\r\n\r\n")
    assert '"Taux; de retour";48,25;01/03/2025' in text
    assert exports.read_table(text) == [
        ["Indicateur", "Valeur", "Jour"],
        ["Taux; de retour", "48,25", "01/03/2025"],
    ]
    comma = exports.to_csv(export, french=False)
    assert comma.startswith("\ufeffTitre") and "Taux; de retour,48.25,2025-03-01" in comma


@pytest.fixture
def client(settings, published, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
    app = create_app()
    signed = app.server.test_client()
    log_in(signed, "admin")
    yield signed
    queries.close()


def _screen_table(view: dict) -> list[list[str]]:
    from dashboard.pages import overview

    table = _by_id(overview.layout(**view), "overview-table")
    rows = []
    for node in _walk(table):
        if type(node).__name__ == "Tr":
            rows.append([cell.children for cell in node.children])
    return rows


def _as_shown(value: str) -> str:
    """A CSV number written as the screen writes it (1 decimal, French)."""
    if not value:
        return "—"
    try:
        return format_decimal(float(value.replace(",", ".")), "fr", digits=1)
    except ValueError:
        return value


@pytest.mark.parametrize("view", [{"periode": "2025"}, {"periode": "2024", "territoire": "R84"}])
def test_the_csv_equals_the_table_on_screen(client, view):
    query = "&".join(f"{k}={v}" for k, v in view.items())
    answer = client.get(f"/export/vue-ensemble-indicateurs.csv?{query}")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in answer.headers["Content-Disposition"]
    text = answer.get_data(as_text=True)
    header, *rows = exports.read_table(text)
    screen_header, *screen_rows = _screen_table(view)
    assert header == screen_header
    assert [[r[0], *map(_as_shown, r[1:])] for r in rows] == screen_rows
    assert f"Période;{view['periode']}" in text
    if "territoire" in view:
        assert "Territoire;Auvergne-Rhône-Alpes" in text


def test_the_comma_option_and_unknown_exports(client):
    text = client.get("/export/vue-ensemble-indicateurs.csv?periode=2025&separateur=virgule")
    assert text.get_data(as_text=True).splitlines()[1] == "Période,2025"
    assert client.get("/export/nothing.csv").status_code == 404


def test_the_monthly_values_behind_the_sparklines(client, settings):
    from tests.conftest import query

    monthly = dict(  # read before the dashboard opens the build with its own configuration
        query(
            settings,
            "select strftime(date_trunc('month', started_on), '%d/%m/%Y'), count(*) "
            "from marts.fct_parcours where year(started_on) = 2025 group by 1",
        )
    )
    text = client.get("/export/vue-ensemble-series-mensuelles.csv?periode=2025").get_data(
        as_text=True
    )
    header, *rows = exports.read_table(text)
    assert header[0] == "Mois" and "Nouveaux parcours (nombre)" in header
    assert len(rows) == 12 and rows[0][0] == "01/01/2025" and rows[-1][0] == "01/12/2025"
    column = header.index("Nouveaux parcours (nombre)")
    shown = {row[0]: int(float(row[column].replace(",", "."))) for row in rows}
    assert {m: n for m, n in shown.items() if n} == monthly


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+33 1 23", "-2+3", "@SUM(A1)", "\t=1"])
def test_text_that_looks_like_a_formula_is_made_inert(name):
    export = exports.Export(name, [("Programme", name)], pl.DataFrame({"Nom": [name], "n": [-1.5]}))
    text = exports.to_csv(export)
    header, row = exports.read_table(text)
    assert header == ["Nom", "n"]
    assert row == ["'" + name, "-1,5"]  # numbers stay numbers, negative ones included
    metadata = list(csv.reader(text.removeprefix("\ufeff").split("\r\n")[:2], delimiter=";"))
    assert metadata == [["'" + name], ["Programme", "'" + name]]


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (-5, "-5", "-5"),
        (Decimal("12.50"), "12,5", "12.5"),
        (float("nan"), "", ""),
        (-0.0000001, "0", "0"),
        (1e-7, "0", "0"),
        (1234567.25, "1234567,25", "1234567.25"),
    ],
)
def test_numbers_are_written_as_numbers(value, french, english):
    assert exports.cell(value, True) == french and exports.cell(value, False) == english
