"""The funders page (/financeurs) and the impact report (/financeurs/rapport): the pure
computations (progress, costs, reconciliation, money in words), the figures on the hand-made
sample, and, on a small demo build, an oracle written apart from the product's SQL: every
funder's figures by share plus the unattributed part equal the association's total."""

from __future__ import annotations

from datetime import date

import dash
import polars as pl
import pytest

from dashboard import exports, queries
from dashboard.app import create_app
from dashboard.components.funder_report import compact_money, progress_sentence
from dashboard.components.navbar import navbar
from dashboard.funders_data import (
    SHARED,
    FundersView,
    cost,
    progress,
    reconciliation,
    sort_key,
)
from dashboard.kpis import AMBER, GREEN, RED
from dashboard.state import ViewState, year_period
from pipelines import sample
from tests.component_tree import by_id, texts, walk
from tests.conftest import query, run, settings_for
from tests.landing_files import write_table

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

N = "\u202f"
AS_OF = date(2026, 11, 24)
POSITIVE = "('emploi_durable', 'emploi_transition', 'formation')"
UNATTRIBUTED = "Part non financée par un programme (fonds propres de l'association)"
DIFFERENCE = "Écart (total − financeurs − part non financée)"


@pytest.fixture(scope="module")
def pages():
    """The page modules as Dash imports them (register_page needs an app to exist first)."""
    create_app()
    from dashboard.pages import funder_report, funders

    return funders, funder_report


def _layout(page, **query_values):
    """A page for a URL query; the dashboard's connection is closed after (so that the test
    may open the build itself, with another configuration)."""
    try:
        return page.layout(**query_values)
    finally:
        queries.close()


def _export(builder, **values) -> exports.Export:
    try:
        return builder(queries.Scope.national_internal(), ViewState(**values))
    finally:
        queries.close()


def _cells(tree, table_id: str) -> list[list[str]]:
    """A table's body as text, one list of cell texts per row."""
    table = by_id(tree, table_id)
    assert table is not None, table_id
    body = next(n for n in walk(table) if type(n).__name__ == "Tbody")
    rows = body.children if isinstance(body.children, list) else [body.children]
    return [["".join(texts(cell)) for cell in row.children] for row in rows]


def _number(text: str) -> float:
    """A French figure read back: '1 234,56 €' → 1234.56."""
    bare = text.replace(N, "").replace("€", "").replace("%", "").strip().replace(",", ".")
    return float(bare)


# --- pure: progress, costs, money in words -----------------------------------------------------

CONVENTION = (date(2024, 1, 1), date(2026, 12, 31))  # 1,096 days


@pytest.mark.parametrize(("started", "status"), [(530, GREEN), (450, AMBER), (400, RED)])
def test_progress_is_pro_rata_of_the_days_elapsed(started, status):
    found = progress(started, 1096, CONVENTION, date(2025, 7, 1))  # 548 days elapsed
    assert found.expected == pytest.approx(548)
    assert found.ratio == pytest.approx(started / 548)
    assert found.status == status
    assert found.projected_on == date(2025, 12, 31)  # the as-of year's end
    assert found.projected == pytest.approx(started * 731 / 548)  # at the pace since the start
    assert found.expected_then == pytest.approx(731)
    assert not found.is_over


def test_an_ended_convention_keeps_its_final_count_and_one_not_begun_has_no_progress():
    ended = progress(1000, 1096, CONVENTION, date(2027, 3, 1))
    assert (ended.expected, ended.projected, ended.projected_on) == (1096, 1000, CONVENTION[1])
    assert ended.is_over and ended.status == AMBER  # 91 % of its target
    soon = progress(10, 1096, CONVENTION, date(2026, 12, 1))
    assert soon.projected_on == date(2026, 12, 31) and soon.expected_then == pytest.approx(1096)
    assert progress(0, 1096, CONVENTION, date(2023, 12, 31)) is None
    assert progress(10, None, CONVENTION, date(2025, 1, 1)) is None


def test_costs_need_a_payment_and_a_count():
    assert cost(1000.0, 4.0) == 250.0
    assert cost(0.0, 4.0) is None and cost(None, 4.0) is None and cost(1000.0, 0.0) is None


def test_money_in_words():
    assert compact_money(1_234_567, "fr") == f"1,2{N}M€"
    assert compact_money(45_300, "fr") == f"45{N}k€"
    assert compact_money(980.4, "fr") == f"980{N}€"
    assert compact_money(1_234_567, "en") == "€1.2M"
    assert compact_money(None, "fr") == "—"


def test_a_progress_sentence_says_the_status_and_the_projection():
    row = {"programme_name": "P", "progress": progress(530, 1096, CONVENTION, date(2025, 7, 1))}
    assert progress_sentence(row, "fr") == (
        f"P : 530 parcours démarrés pour 548 attendus à date (96,7{N}%, Dans la cible) ; "
        f"au rythme actuel, 707 au 31/12/2025 pour 731 attendus."
    )
    row["progress"] = progress(1000, 1096, CONVENTION, date(2027, 3, 1))
    assert "convention terminée le 31/12/2026" in progress_sentence(row, "fr")
    assert progress_sentence({"programme_name": "P", "progress": None}, "fr") is None


def _view(impact: list[dict], territoire: str = "FR") -> FundersView:
    programmes = pl.DataFrame(
        {
            "funder_id": ["F-E", "F-A"],
            "funder_name": ["État", "Agence"],
            "programme_id": ["P-E", "P-A"],
            "programme_name": ["Programme E", "Programme A"],
            "period_start": [date(2024, 1, 1)] * 2,
        }
    )
    frame = pl.DataFrame(impact, schema={"level": pl.String, "funder_id": pl.String,
                                         **dict.fromkeys(SHARED, pl.Float64)})  # fmt: skip
    state = ViewState(territoire=territoire)
    return FundersView(AS_OF, year_period(2026), state, programmes, frame, frame)


def _row(level: str, funder: str | None, *values: float | None) -> dict:
    return {"level": level, "funder_id": funder, **dict(zip(SHARED, values, strict=True))}


def test_the_reconciliation_adds_funders_and_the_unattributed_part():
    view = _view(
        [
            _row("funder", "F-E", 2.5, 1.0, 100.0, 30.0, 1000.25),
            _row("funder", "F-A", 1.5, 0.5, None, None, 0.0),
            _row("unattributed", None, 3.0, 1.5, 20.0, 6.0, None),
            _row("association", None, 7.0, 3.0, 120.0, 36.0, 1000.25),
        ]
    )
    found = reconciliation(view)
    assert [r["funder_name"] for r in found.funders] == ["Agence", "État"]  # É sorts with E
    assert found.funders_total["parcours_started_by_share"] == 4.0
    assert found.funders[1]["share_of_total"] == pytest.approx(2.5 / 7)
    assert found.difference == dict.fromkeys(SHARED, 0.0)


def test_a_funder_with_nothing_in_the_view_is_left_out_unless_chosen():
    rows = [
        _row("funder", "F-E", 2.5, 1.0, 100.0, 30.0, 10.0),
        _row("funder", "F-A", 0.0, 0.0, None, None, 0.0),
        _row("unattributed", None, 1.0, 0.0, None, None, None),
        _row("association", None, 3.5, 1.0, 100.0, 30.0, 10.0),
    ]
    assert [r["funder_id"] for r in reconciliation(_view(rows)).funders] == ["F-E"]
    chosen = _view(rows)
    chosen = FundersView(AS_OF, chosen.period, ViewState(financeur="F-A"), chosen.programmes,
                         chosen.conventions, chosen.impact)  # fmt: skip
    assert [r["funder_id"] for r in reconciliation(chosen).funders] == ["F-A", "F-E"]


def test_the_reconciliation_shows_a_gap_and_hides_payments_outside_the_national_view():
    rows = [
        _row("funder", "F-E", 2.5, 1.0, 100.0, 30.0, 10.0),
        _row("funder", "F-A", 1.5, 0.5, None, None, 0.0),
        _row("unattributed", None, 2.0, 1.5, 20.0, 6.0, None),
        _row("association", None, 7.0, 3.0, 120.0, 36.0, 10.0),
    ]
    assert reconciliation(_view(rows)).difference["parcours_started_by_share"] == 1.0
    territorial = reconciliation(_view(rows, territoire="R84"))
    assert territorial.association["payments_eur"] is None
    assert all(r["payments_eur"] is None for r in territorial.funders)


def test_french_alphabetical_order():
    names = ["Région", "État", "Agence", "éducation", "Zèbre"]
    assert sorted(names, key=sort_key) == ["Agence", "éducation", "État", "Région", "Zèbre"]


# --- registration -------------------------------------------------------------------------------


def test_the_pages_register_and_the_report_stays_out_of_the_navigation(pages):
    funders = dash.page_registry["dashboard.pages.funders"]
    report = dash.page_registry["dashboard.pages.funder_report"]
    assert (funders["path"], funders["nav_key"], funders["order"]) == (
        "/financeurs",
        "nav.funders",
        2,
    )
    assert (report["path"], report["nav"]) == ("/financeurs/rapport", False)
    bar = navbar(dash.page_registry.values(), ViewState(), "/financeurs", as_of=None, is_demo=False)
    link = by_id(bar, "nav-funders")
    assert link.children == "Financeurs" and link.active
    assert by_id(bar, "nav-funder_report") is None


# --- the sample, by hand -------------------------------------------------------------------------


def test_conventions_on_the_sample(sample_build, serve, pages):
    """PRG-C2E funds P01 (half, emploi durable) and P05 (whole, emploi de transition), paid
    1.5 M€, 540 kWh cumac per euro; PRG-R84 funds P01 (half) and P02 (whole, formation)."""
    serve(sample_build)
    costs = _export(exports.TABLES[pages[0].EXPORTS["costs"]]).frame
    rows = {row["Programme"]: row for row in costs.iter_rows(named=True)}
    c2e, r84 = rows["Eco mobilité inclusive"], rows["Mobilité emploi Auvergne-Rhône-Alpes"]
    money = ["Budget (€)", "Engagé à date (€)", "Versé à date (€)", "kWh cumac (C2E)"]
    assert [c2e[k] for k in money] == [12e6, 3e6, 1.5e6, 810_000_000]
    assert [r84[k] for k in money] == [450_000, 150_000, 75_000.25, None]
    shares = ["Parcours, par part", "Sorties positives, par part"]
    assert [c2e[k] for k in shares] == [r84[k] for k in shares] == [1.5, 1.5]
    assert c2e["Coût par parcours (€)"] == c2e["Coût par sortie positive (€)"] == 1e6
    assert r84["Coût par parcours (€)"] == 50_000  # 75,000.25 ÷ 1.5, to the euro
    total = rows["Total, tous les programmes"]
    assert total["Versé à date (€)"] == 1_575_000.25 and total["Parcours, par part"] == 3.0
    conventions = {
        row["Programme"]: row
        for row in _export(exports.TABLES[pages[0].EXPORTS["conventions"]]).frame.iter_rows(
            named=True
        )
    }
    first, last = date(2019, 1, 1), date(2027, 12, 31)
    elapsed, days = (AS_OF - first).days + 1, (last - first).days + 1
    assert conventions["Eco mobilité inclusive"]["Parcours démarrés depuis le début"] == 2
    expected = conventions["Eco mobilité inclusive"]["Objectif à date (prorata)"]
    assert expected == pytest.approx(90_000 * elapsed / days)
    assert conventions["Eco mobilité inclusive"]["Statut"] == "En retard"
    assert conventions["Total, tous les programmes"]["Parcours démarrés depuis le début"] is None


def test_the_reconciliation_of_2024_on_the_sample(sample_build, serve, pages):
    """2024: P01–P04 start (P01 half C2E, half Région; P02 Région; P03 and P04 own funds);
    P01 and P10 (own funds) end positively; P01 saves 5,070 kWh (1,607.19 kg CO₂e); C2E pays
    1,500,000 € and the Région 75,000.25 €."""
    serve(sample_build)
    frame = _export(exports.TABLES[pages[0].EXPORTS["reconciliation"]], periode="2024").frame
    rows = {row[0]: row[1:] for row in frame.iter_rows()}
    assert rows["Fournisseur d'énergie"] == (0.5, 12.5, 0.5, 2535.0, 0.8, 1_500_000)
    assert rows["Région Auvergne-Rhône-Alpes"][:3] == (1.5, 37.5, 0.5)
    assert rows["Région Auvergne-Rhône-Alpes"][5] == 75_000.25
    assert rows[UNATTRIBUTED] == (2.0, 50.0, 1.0, 0.0, 0.0, None)
    assert rows["Somme des financeurs"][0] == 2.0
    whole = (4.0, 100.0, 2.0, 5070.0, 1.6, 1_575_000.25)  # as the screen rounds them
    assert rows["Total de l'association"] == whole
    assert rows[DIFFERENCE] == (0.0, None, 0.0, 0.0, 0.0, 0.0)


def test_a_funder_funding_one_parcours_through_two_programmes_counts_it_once(
    tmp_path, serve, pages
):
    """P01 is funded half by C2E and a quarter by each of two overlapping Région programmes:
    the Région funded two parcours (P01, P02), 1.5 by share, and its programmes three links."""
    tables = sample.tables()
    second = {**tables["programmes"][1], "programme_id": "PRG-R84B",
              "programme_name": "Second programme régional"}  # fmt: skip
    links = tables["parcours_programmes"]
    links[1]["share"] = "0.25"  # P01, PRG-R84
    links.append({"parcours_id": "P01", "programme_id": "PRG-R84B", "share": "0.25"})
    sample.write(tmp_path / "landing")
    folder = tmp_path / "landing" / sample.SAMPLE_DAY
    write_table(folder, "programmes", [*tables["programmes"], second])
    write_table(folder, "parcours_programmes", links)
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    assert run(settings).exit_code == 0
    serve(settings)
    costs = _export(exports.TABLES[pages[0].EXPORTS["conventions"]], financeur="F-R84").frame
    started = dict(costs.select("Programme", "Parcours démarrés depuis le début").iter_rows())
    assert started == {
        "Mobilité emploi Auvergne-Rhône-Alpes": 2,
        "Second programme régional": 1,
        "Total — Région Auvergne-Rhône-Alpes": 2,
    }
    impact = _export(
        exports.TABLES[pages[0].EXPORTS["impact"]], financeur="F-R84", periode="2024"
    ).frame
    total = impact.filter(pl.col("Programme") == "Total — Région Auvergne-Rhône-Alpes")
    assert total.row(0)[1:3] == (2, 1.5)  # P01 and P02, whole; by share 0.25 + 0.25 + 1


# --- the demo build: an independent oracle ----------------------------------------------------


def _oracle(settings, start: date, end: date, where: str) -> tuple[dict, dict]:
    """(per funder: parcours started, positive exits, energy, by share; the association's
    whole totals) — the glossary written again, straight on the marts."""
    params = {"s": start, "e": end}
    funders = query(
        settings,
        f"""select g.funder_name,
               sum(l.share) filter (where f.started_on between $s and $e),
               sum(l.share) filter (where f.ended_on between $s and $e
                                    and f.exit_outcome in {POSITIVE}),
               sum(l.share * f.energy_saved_kwh) filter (where f.ended_on between $s and $e)
        from marts.fct_parcours_programme as l
        join marts.fct_parcours as f using (parcours_id)
        join (select distinct funder_id, funder_name from marts.dim_programme) as g
            using (funder_id)
        where {where}
        group by 1""",
        params=params,
    )
    [whole] = query(
        settings,
        f"""select count(*) filter (where started_on between $s and $e),
                   count(*) filter (where ended_on between $s and $e
                                    and exit_outcome in {POSITIVE}),
                   sum(energy_saved_kwh) filter (where ended_on between $s and $e)
        from marts.fct_parcours as f where {where}""",
        params=params,
    )
    return {name: tuple(v or 0 for v in values) for name, *values in funders}, dict(
        zip(("parcours", "exits", "energy"), whole, strict=True)
    )


@pytest.mark.parametrize(
    ("values", "start", "end", "where"),
    [
        ({"periode": "2025"}, date(2025, 1, 1), date(2025, 12, 31), "true"),
        ({}, date(2026, 1, 1), AS_OF, "true"),
        ({"periode": "2022"}, date(2022, 1, 1), date(2022, 12, 31), "true"),
        ({"periode": "2024", "territoire": "R84"}, date(2024, 1, 1), date(2024, 12, 31),
         "f.reg_code = '84'"),
        ({"periode": "2025-T2", "public": "qpv"}, date(2025, 4, 1), date(2025, 6, 30),
         "f.is_qpv"),
    ],
)  # fmt: skip
def test_funders_by_share_and_the_unattributed_part_add_up_to_the_association(
    demo_build, serve, pages, values, start, end, where
):
    funders, whole = _oracle(demo_build, start, end, where)  # before the dashboard opens it
    serve(demo_build)
    frame = _export(exports.TABLES[pages[0].EXPORTS["reconciliation"]], **values).frame
    rows = {row[0]: row for row in frame.iter_rows()}
    # by share, as the table's columns, and how far the screen's rounding may take them
    columns = {"parcours": (1, 0.005), "exits": (3, 0.005), "energy": (4, 0.5)}
    for name, row in rows.items():
        if name in funders:
            for position, (column, rounding) in enumerate(columns.values()):
                assert (row[column] or 0) == pytest.approx(funders[name][position], abs=rounding)
    unattributed, association = rows[UNATTRIBUTED], rows["Total de l'association"]
    shown = [row for name, row in rows.items() if name in funders]
    for key, (column, rounding) in columns.items():
        funded = sum(row[column] or 0 for row in shown)
        within = 0.01 if rounding < 0.5 else rounding * (len(shown) + 2)
        assert funded + (unattributed[column] or 0) == pytest.approx(whole[key] or 0, abs=within)
        assert association[column] == pytest.approx(whole[key] or 0, abs=rounding)
    assert whole["parcours"] > 20  # real volumes, co-funding included
    national = "territoire" not in values and "public" not in values  # payments are national
    assert rows[DIFFERENCE][1:] == (0, None, 0, 0, 0, *([0] if national else []))


def test_the_association_total_is_the_overviews_new_parcours(demo_build, serve, pages):
    serve(demo_build)
    frame = _export(exports.TABLES[pages[0].EXPORTS["reconciliation"]], periode="2025").frame
    total = frame.filter(pl.col(frame.columns[0]) == "Total de l'association").row(0)[1]
    from dashboard.pages import overview

    tree = _layout(overview, periode="2025")
    assert by_id(tree, "overview-kpi-new-parcours-value").children == f"{int(total):,}".replace(
        ",", N
    )


def test_conventions_to_date_against_the_marts(demo_build, serve, pages):
    [(started, by_share, paid)] = query(
        demo_build,
        """select
            (select count(*) from marts.fct_parcours_programme
             where programme_id = 'PRG-FT-2024' and started_on <= $as_of),
            (select sum(share) from marts.fct_parcours_programme
             where programme_id = 'PRG-FT-2024' and started_on <= $as_of),
            (select sum(amount_eur) from marts.fct_funding_movement
             where programme_id = 'PRG-FT-2024' and movement_type = 'versement'
               and movement_date <= $as_of)""",
        params={"as_of": AS_OF},
    )
    serve(demo_build)
    costs = _export(exports.TABLES[pages[0].EXPORTS["costs"]], financeur="FT").frame
    conventions = _export(exports.TABLES[pages[0].EXPORTS["conventions"]], financeur="FT").frame
    name = "Aides à la mobilité des demandeurs d'emploi 2024-2026"
    row = costs.filter(pl.col("Programme") == name).row(0, named=True)
    assert row["Versé à date (€)"] == pytest.approx(paid)
    assert row["Parcours, par part"] == pytest.approx(by_share)
    assert row["Coût par parcours (€)"] == round(paid / by_share)
    progress_row = conventions.filter(pl.col("Programme") == name).row(0, named=True)
    assert progress_row["Parcours démarrés depuis le début"] == started
    total = costs.filter(pl.col("Programme") == "Total — France Travail").row(0, named=True)
    assert total["Parcours, par part"] == pytest.approx(costs["Parcours, par part"][:-1].sum())


# --- the page -------------------------------------------------------------------------------------


def test_without_a_funder_every_funder_comes_first_with_the_reconciliation(
    demo_build, serve, pages
):
    [(count,)] = query(
        demo_build,
        """select count(distinct l.funder_id) from marts.fct_parcours_programme as l
        join marts.fct_parcours as f using (parcours_id)
        where year(f.started_on) = 2025 or year(f.ended_on) = 2025""",
    )  # the funders with parcours in 2025 (each has figures in 2025 here)
    serve(demo_build)
    tree = _layout(pages[0], periode="2025")
    assert by_id(tree, "funders-title").children == "Financeurs et programmes"
    rows = _cells(tree, "funders-reconciliation-table")
    assert len(rows) == count + 4
    assert rows[-1][1:3] == ["0,00", "—"]  # the difference: nothing lost, nothing counted twice
    sections = [n.id for n in walk(tree) if str(getattr(n, "id", "")).startswith("funders-")]
    assert sections.index("funders-reconciliation") < sections.index("funders-conventions")
    assert by_id(tree, "funders-summary") is None


def test_a_funder_sees_its_programmes_in_words_and_its_report(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[0], financeur="ETAT-DGEFP", periode="2025")
    title = by_id(tree, "funders-title").children
    assert title == "Financeurs et programmes — État — Ministère du Travail (DGEFP)"
    impact = _cells(tree, "funders-impact-table")
    assert [r[0] for r in impact][:2] == [
        "Stratégie pauvreté — mobilité vers l'emploi",
        "Pacte des solidarités — mobilité",
    ]
    by_share = [_number(r[2]) for r in impact]
    assert by_share[-1] == pytest.approx(sum(by_share[:-1]), abs=0.005)  # the funder's total
    words = " ".join(texts(by_id(tree, "funders-summary")))
    assert "versés depuis le début de ses conventions" in words and "Sur la période 2025" in words
    link = by_id(tree, "funders-report-link")
    assert link.href == "/financeurs/rapport?periode=2025&financeur=ETAT-DGEFP"


def test_a_territory_or_a_public_leaves_payments_out(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[0], territoire="R84", financeur="REG-84")
    header = texts(by_id(tree, "funders-reconciliation-table"))
    assert "Versements de la période (€)" not in header
    notes = " ".join(texts(by_id(tree, "funders-notes")))
    assert "Les versements ne sont pas territorialisés" in notes
    assert "Auvergne-Rhône-Alpes" in by_id(tree, "funders-subtitle").children
    national = _layout(pages[0], financeur="REG-84")
    assert "Versements de la période (€)" in texts(by_id(national, "funders-reconciliation-table"))


def test_an_unknown_funder_says_so_and_shows_everyone(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[0], financeur="NOBODY")
    assert by_id(tree, "funders-unknown") is not None
    assert len(_cells(tree, "funders-conventions-table")) > 20


def test_english(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[0], financeur="OBL-C2E", lang="en", periode="2021")
    words = texts(tree)
    assert "Funders and programmes — Énergies du Quotidien SA (obligé C2E)" in words
    assert "Reconciliation with the association's total" in words
    assert any("kWh cumac since the convention began" in w for w in words)


def test_the_csv_equals_the_table_on_screen(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[0], periode="2025", financeur="FT")
    screen = _cells(tree, "funders-reconciliation-table")
    try:
        body = exports.response("financeurs-rapprochement", {"periode": "2025", "financeur": "FT"})
    finally:
        queries.close()
    csv_rows = exports.read_table(body.get_data(as_text=True))
    assert len(csv_rows) == len(screen) + 1  # the header
    for shown, written in zip(screen, csv_rows[1:], strict=True):
        assert shown[0] == written[0]
        for text, value in zip(shown[1:], written[1:], strict=True):
            if text == "—":
                assert value == ""
                continue
            assert _number(text) == float(value.replace(",", "."))  # as rounded on screen


# --- the impact report ----------------------------------------------------------------------------


def test_the_report_prints_the_filters_and_the_data_date(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[1], financeur="REG-84", periode="2025", territoire="D69")
    assert by_id(tree, "report-title").children == (
        "Rapport d'impact — Région Auvergne-Rhône-Alpes"
    )
    assert by_id(tree, "report-as-of").children == "Données au 24/11/2026"
    facts = texts(by_id(tree, "report-facts"))
    assert {"Période", "2025", "Territoire et public", "Rhône (69)", "24/11/2026"} <= set(facts)
    assert len(texts(by_id(tree, "report-summary"))) >= 3
    line = _cells(tree, "funders-reconciliation-table")
    assert line[0][0] == "Région Auvergne-Rhône-Alpes"
    assert line[-1][1] == "0,00"
    assert by_id(tree, "report-print") is not None


def test_the_report_without_a_funder_lists_the_funders_reports(demo_build, serve, pages):
    serve(demo_build)
    tree = _layout(pages[1], periode="2025")
    links = [n.href for n in walk(by_id(tree, "report-funders")) if hasattr(n, "href")]
    assert "/financeurs/rapport?periode=2025&financeur=FT" in links


def test_no_build_gives_a_sentence(settings, dashboard_env, pages):
    tree = _layout(pages[0])
    assert by_id(tree, "funders-unavailable") is not None
    report = _layout(pages[1], financeur="FT")
    assert "Lancez le pipeline" in " ".join(texts(report))
