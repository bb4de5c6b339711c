"""CSV exports of the data-quality page: every table of /qualite, for the view in the URL, equals
the table on screen (headers exactly, cells once the screen's French number formats are read
back), holds the view in its first lines, and the quarantined rows are refused to anyone but the
data steward (403) — on the real build of tests/test_dashboard_quality.py."""

from __future__ import annotations

import re

import flask
import pytest

from dashboard import exports, queries
from dashboard.app import create_app
from dashboard.i18n import NNBSP, t
from dashboard.state import ViewState
from pipelines import build
from tests import test_dashboard_quality as screen
from tests.accounts import log_in
from tests.conftest import query, run, settings_for

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

built = screen.built  # the module's build: demo data with defects, a failed then a served run
dashboard_env = screen.dashboard_env
page = screen.page

TABLES = ("runs", "sources", "checks", "quarantine-shares", "quarantine", "rejects", "completeness")
NUMBER = re.compile(rf"-?[0-9][0-9{NNBSP}]*(,[0-9]+)?")
DATES = {"Livraison", "Données au"}  # the columns of dates, and of decimals (and months)
DECIMALS = {"Part (%)", "Seuil (%)"}
MONTH = re.compile(r"\S+ 20[0-9]{2}")


@pytest.fixture
def client(page):
    signed = create_app().server.test_client()
    log_in(signed, "admin")
    return signed


@pytest.fixture(scope="module")
def views(built) -> dict[str, dict[str, str]]:
    """A view per table: the default one; a région for completeness, and the source table
    with the most rejects for the quarantined rows."""
    [(region,)] = query(
        built.settings,
        "select reg_code from marts.fct_site_month group by 1 order by count(distinct dep_code) "
        "desc, 1 limit 1",
    )
    [(name,)] = query(
        built.settings,
        "select reg_name from marts.dim_region where reg_code = $c",
        params={"c": region},
    )
    [(table,)] = query(
        built.settings,
        "select table_name from quarantine.rejects group by 1 order by count(*) desc limit 1",
    )
    return {
        "completeness-region": {"territoire": f"R{region}"},
        "rejects": {"rejets": table},
        "region-name": {"name": name},
    }


# --- the screen's table, and cells compared ----------------------------------------------


def _screen_table(tree, table_id: str) -> list[list[str]]:
    """A table as shown: its header row, then the rows of its body and footer (the sentence
    shown when there is no row is no row)."""
    table = screen._by_id(tree, table_id)
    assert table is not None, table_id
    rows = [
        [_shown(cell) for cell in screen._cells(row)]
        for part in ("Thead", "Tbody", "Tfoot")
        if any(type(n).__name__ == part for n in screen._walk(table))
        for row in screen._part(table, part)
    ]
    return [row for row in rows if not (len(row) == 1 and len(rows[0]) > 1)]


def _shown(cell) -> str:
    """A cell's value as read: a completeness cell's share (not its counts), else its text
    (without what is there for screen readers only)."""
    value = next(
        (n for n in screen._walk(cell) if "completeness-value" in str(getattr(n, "className", ""))),
        None,
    )
    if value is not None:
        return screen._text(value)
    return "".join(_visible(cell))


def _visible(node):
    if "visually-hidden" in str(getattr(node, "className", "") or ""):
        return
    if isinstance(node, str):
        yield node
        return
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            yield from _visible(child)


def _normal(text: str) -> str | float:
    """A cell, screen or CSV, compared: the screen's French numbers (1 234 · 4,2 % · 80,0 %)
    and the CSV's (1234 · 4,2 · 80) as numbers, a dash and an empty cell alike, text as is."""
    text = text.strip().removesuffix("%").strip(NNBSP)
    if text in ("", "—"):
        return ""
    if NUMBER.fullmatch(text):
        return float(text.replace(NNBSP, "").replace(",", "."))
    return text


def _same(csv_table: list[list[str]], screen_table: list[list[str]]) -> None:
    """Headers exactly, then every cell once normalised."""
    assert csv_table[0] == screen_table[0]
    assert len(csv_table) == len(screen_table)
    for csv_row, screen_row in zip(csv_table[1:], screen_table[1:], strict=True):
        assert [_normal(c) for c in csv_row] == [_normal(c) for c in screen_row], (
            csv_row,
            screen_row,
        )


def _download(client, tree, name: str, comma: bool = False) -> str:
    """The file behind the page's download link of table `name`."""
    link = screen._by_id(tree, f"quality-{name}-export" + ("-comma" if comma else ""))
    assert link is not None and link.download == ""
    answer = client.get(link.href)
    assert answer.status_code == 200, (link.href, answer.status_code)
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert f'filename="copilote-qualite-{name}.csv"' in answer.headers["Content-Disposition"]
    return answer.get_data(as_text=True)


# --- every table equals its CSV ------------------------------------------------------------


@pytest.mark.parametrize("table", [*TABLES, "completeness-region"])
def test_every_table_downloads_as_the_csv_of_the_table_on_screen(built, page, client, views, table):
    name = table.removesuffix("-region")
    view = views.get(table, {})
    tree = screen._layout(page, **view)
    text = _download(client, tree, name)
    assert text.startswith("\ufeffCopilote — Qualité des données\r\n")
    csv_table = exports.read_table(text)
    shown = _screen_table(tree, f"quality-{name}-table")
    assert len(shown) > 2, table  # the demo's defects fill every table
    _same(csv_table, shown)
    lines = text.split("\r\n")
    run_id = built.published.run_id
    assert {"Données au;24/11/2026", f"Version des données;{run_id}"} <= set(lines)
    assert lines[1].startswith("Tableau;")
    if table == "completeness":
        assert "Territoire;France entière" in lines
        assert csv_table[-1][0] == "France entière"  # the whole territory, last as on screen
    if table == "completeness-region":
        region = views["region-name"]["name"]
        assert f"Territoire;{region}" in lines and csv_table[-1][0] == f"Ensemble : {region}"
    if table == "rejects":
        assert f"Table source;{view['rejets']}" in lines


def test_numbers_and_dates_are_typed_in_the_file_in_both_languages(client, page, views):
    """Counts are plain numbers, shares percentages with a decimal comma, dates as the dialect
    writes them (not the screen's text)."""
    tree = screen._layout(page)
    sources = exports.read_table(_download(client, tree, "sources"))
    header = sources[0]
    first = dict(zip(header, sources[1], strict=True))
    assert re.fullmatch(r"[0-9]{2}/[0-9]{2}/20[0-9]{2}", first["Livraison"])
    assert re.fullmatch(r"[0-9]+", first["Lignes lues"])
    shares = exports.read_table(_download(client, tree, "quarantine-shares"))
    assert shares[0][4:6] == ["Part (%)", "Seuil (%)"]
    assert all(re.fullmatch(r"[0-9]+(,[0-9])?", row[5]) for row in shares[1:])
    english = screen._layout(page, lang="en", rejets=views["rejects"]["rejets"])
    for name in TABLES:
        text = _download(client, english, name)
        assert text.split("\r\n")[:2] == [
            "\ufeffCopilote — Data quality",
            f"Table;{t(f'quality.export.name.{name}', 'en')}",
        ]
        header = _screen_table(english, f"quality-{name}-table")[0]
        assert exports.read_table(text)[0] == header


def test_the_comma_option(client, page, views):
    tree = screen._layout(page, **views["rejects"])
    for name in TABLES:
        french = exports.read_table(_download(client, tree, name))
        text = _download(client, tree, name, comma=True)
        assert text.startswith("\ufeffCopilote — Qualité des données")  # BOM: UTF-8 for Excel
        assert "Données au,24/11/2026" in text.split("\r\n")
        comma = exports.read_table(text, french=False)
        assert comma[0] == french[0] and len(comma) == len(french)
        for comma_row, french_row in zip(comma[1:], french[1:], strict=True):
            for header, comma_cell, french_cell in zip(
                french[0], comma_row, french_row, strict=True
            ):
                if header in DATES and french_cell:  # a date: ISO
                    day, month, year = french_cell.split("/")
                    assert comma_cell == f"{year}-{month}-{day}"
                elif header in DECIMALS or MONTH.fullmatch(header):  # a decimal: point
                    assert comma_cell == french_cell.replace(",", ".")
                else:  # text (a quarantined value "12,5" or "15/01/2023" is kept as read)
                    assert comma_cell == french_cell


def test_the_links_carry_the_view(page, views):
    tree = screen._layout(page, territoire="R84", lang="en")
    link = screen._by_id(tree, "quality-completeness-export")
    assert link.href == "/export/qualite-completeness.csv?lang=en&territoire=R84"
    comma = screen._by_id(tree, "quality-completeness-export-comma")
    assert comma.href == link.href + "&separateur=virgule"
    assert screen._by_id(tree, "quality-sources-export").href.startswith(
        "/export/qualite-sources.csv?"
    )
    assert screen._by_id(tree, "quality-rejects-export") is None  # no table chosen
    table = views["rejects"]["rejets"]
    chosen = screen._layout(page, **views["rejects"])
    link = screen._by_id(chosen, "quality-rejects-export")
    assert link.href == f"/export/qualite-rejects.csv?rejets={table}"
    assert "rejets" not in screen._by_id(chosen, "quality-rejects-hide").href


# --- the quarantined rows: the data steward only -----------------------------------------


def test_a_non_steward_scope_is_refused_every_quality_export(client, page, views, monkeypatch):
    committee = queries.Scope("committee")
    with pytest.raises(queries.ScopeRefused):
        page.export_rejects(committee, ViewState(rejets=views["rejects"]["rejets"]))
    with pytest.raises(queries.ScopeRefused):
        page.export_rejects(committee, ViewState(rejets="no_such_table"))  # before any read
    client = create_app().server.test_client()
    for username in ("comite", "direction-84", "financeur-ft"):
        log_in(client, username)
        for name in TABLES:
            answer = client.get(f"/export/qualite-{name}.csv?rejets={views['rejects']['rejets']}")
            assert answer.status_code == 403, name
            assert "quarantine" not in answer.get_data(as_text=True)


def test_a_scope_refused_export_answers_403():
    def refused(scope: queries.Scope, state: ViewState) -> exports.Export:
        raise queries.ScopeRefused("not for this scope")

    exports.register_table("test-refused")(refused)
    try:
        context = flask.Flask(__name__).test_request_context("/export/test-refused.csv")
        with context, pytest.raises(Exception) as refusal:
            exports.response("test-refused", {})
        assert getattr(refusal.value, "code", None) == 403
    finally:
        del exports.TABLES["test-refused"]


def test_rejects_of_no_or_an_unknown_table_are_not_found(client, page):
    assert client.get("/export/qualite-rejects.csv").status_code == 404
    assert client.get("/export/qualite-rejects.csv?rejets=no_such_table").status_code == 404


# --- no build served: the run history still exports ---------------------------------------


def test_without_a_served_build_the_run_history_still_exports(tmp_path, page, monkeypatch):
    (tmp_path / "landing").mkdir()
    empty = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    outcome = run(empty)
    assert outcome.exit_code == build.EXIT_NOT_PUBLISHED
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(empty.warehouse_dir))
    client = create_app().server.test_client()
    log_in(client, "admin")
    tree = screen._layout(page)
    text = _download(client, tree, "runs")
    assert "Données au;—" in text.split("\r\n")
    _same(exports.read_table(text), _screen_table(tree, "quality-runs-table"))
    assert client.get("/export/qualite-sources.csv").status_code == 503


def test_quarantined_rows_are_off_unless_asked_for(client, views, monkeypatch):
    """The quarantined rows (personal
    data) are exported to the data steward, unless COPILOTE_QUARANTINE_DETAILS=0 hides them."""
    query = "&".join(f"{k}={v}" for k, v in views["rejects"].items())
    monkeypatch.setenv("COPILOTE_QUARANTINE_DETAILS", "0")
    assert client.get(f"/export/qualite-rejects.csv?{query}").status_code == 403
    page = client.get(f"/qualite?{query}")
    assert page.status_code == 200
    monkeypatch.delenv("COPILOTE_QUARANTINE_DETAILS")
    assert client.get(f"/export/qualite-rejects.csv?{query}").status_code == 200
