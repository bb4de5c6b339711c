"""The impact report of one funder (pure builders): what its money did in plain words, its line
in the reconciliation with the association's total, and the report's header (the filters and
the data date printed on it)."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from dashboard.components.disclosure import withheld_text
from dashboard.components.filters import period_label
from dashboard.funders_data import (
    SHARED,
    FundersView,
    Progress,
    Reconciliation,
    convention_total,
    impact_total,
    withheld,
)
from dashboard.i18n import MISSING, format_date, format_decimal, format_int, format_percent, t

ID = "report"


def compact_money(value: float | None, lang: str) -> str:
    """'1,2 M€', '450 k€', '980 €' (fr) / '€1.2M', '€450k', '€980' (en)."""
    if value is None:
        return MISSING
    if abs(value) >= 1e6:
        return t("funders.millions", lang, value=format_decimal(value / 1e6, lang, 1))
    if abs(value) >= 1e4:
        return t("funders.thousands", lang, value=format_int(value / 1e3, lang))
    return t("funders.euros", lang, value=format_int(value, lang))


def summary_sentences(
    name: str, money_row: dict, period_row: dict, share: float | None, period: str, lang: str
) -> list[str]:
    """What the funder's money did: to date (its conventions) and over the period, in round
    figures (the tables give them to the cent)."""
    sentences = [
        t(
            "funders.sentence.to_date",
            lang,
            paid=compact_money(money_row.get("paid_eur"), lang),
            funder=name,
            parcours=_shown(money_row, "parcours_started_by_share", format_int, lang),
            exits=_shown(money_row, "positive_exits_by_share", format_int, lang),
            per_parcours=_shown(money_row, "cost_per_parcours", compact_money, lang),
            per_exit=_shown(money_row, "cost_per_positive_exit", compact_money, lang),
        ),
        t(
            "funders.sentence.period",
            lang,
            period=period,
            started=_shown(period_row, "parcours_started", format_int, lang),
            by_share=_shown(period_row, "parcours_started_by_share", format_int, lang),
            share=format_percent(share, lang),
        ),
        _outcomes(period_row, lang),
    ]
    if money_row.get("kwh_cumac"):
        kwh = format_int(money_row["kwh_cumac"], lang)
        sentences.append(t("funders.sentence.cumac", lang, kwh=kwh))
    return sentences


def funder_sentences(
    view: FundersView, found: Reconciliation | None, funder: str, name: str
) -> list[str]:
    """The funder's summary for the view: its conventions to date and the view's period (and
    its share of the association's total, when the scope holds the total)."""
    lang = view.state.lang
    mine = [r for r in found.funders if r["funder_id"] == funder] if found is not None else []
    return summary_sentences(
        name,
        convention_total(view, funder),
        impact_total(view, funder),
        mine[0]["share_of_total"] if mine else None,
        period_label(view.period, view.as_of, lang),
        lang,
    )


def _outcomes(period_row: dict, lang: str) -> str:
    if not period_row.get("outcome_base") and "outcome_base" not in withheld(period_row):
        return t("funders.sentence.no_outcomes", lang)
    return t(
        "funders.sentence.outcomes",
        lang,
        returns=_shown(period_row, "return_to_employment_rate", format_percent, lang),
        positive=_shown(period_row, "positive_exit_rate", format_percent, lang),
        energy=_shown(period_row, "energy_saved_kwh_by_share", format_int, lang),
        co2e=_shown(
            period_row, "co2e_avoided_t_by_share", lambda v, g: format_decimal(v, g, 1), lang
        ),
    )


def _shown(row: dict, key: str, formatter, lang: str) -> str:
    """A figure of the summary, or what the small-count rule shows in its place."""
    reason = withheld(row).get(key)
    return withheld_text(reason, lang) if reason else formatter(row.get(key), lang)


def progress_sentence(row: dict, lang: str) -> str | None:
    """'Programme : 1 234 parcours démarrés pour 1 300 attendus à date (94,9 %, À surveiller) ;
    au rythme actuel, 1 480 au 31/12/2026 pour 1 520 attendus.' (an ended convention: its final
    count against its target). None without a target."""
    found: Progress | None = row.get("progress")
    if found is None:
        return None
    values = {
        "programme": row["programme_name"],
        "started": format_int(found.started, lang),
        "expected": format_int(found.expected, lang),
        "ratio": format_percent(found.ratio, lang),
        "status": t(f"kpi.status.{found.status}", lang),
        "on": format_date(found.projected_on, lang),
    }
    if found.is_over:
        return t("funders.sentence.progress_ended", lang, **values)
    projected = format_int(found.projected, lang)
    expected_then = format_int(found.expected_then, lang)
    return t(
        "funders.sentence.progress",
        lang,
        **values,
        projected=projected,
        expected_then=expected_then,
    )


def summary(sentences: Sequence[str], identifier: str) -> html.Div:
    return html.Div(
        [html.P(sentence, className="mb-1") for sentence in sentences],
        id=identifier,
        className="funders-summary mb-3",
    )


def funder_line(found: Reconciliation, funder_id: str, lang: str) -> list[dict]:
    """The funder's line of the reconciliation, the other funders together, the unattributed
    part, the association's total and the difference."""
    mine = [r for r in found.funders if r["funder_id"] == funder_id]
    others = [r for r in found.funders if r["funder_id"] != funder_id]
    rest = {k: sum(r[k] or 0 for r in others) for k in (*SHARED, "share_of_total")}
    if found.association.get("payments_eur") is None:
        rest["payments_eur"] = None
    words = "funders.reconciliation"
    return [
        *({**r, "label": r["funder_name"]} for r in mine),
        {**rest, "label": t(f"{words}.others", lang, count=len(others))},
        {**found.unattributed, "label": t(f"{words}.unattributed", lang)},
        {**found.association, "share_of_total": 1.0, "label": t(f"{words}.association", lang)},
        {**found.difference, "label": t(f"{words}.difference", lang)},
    ]


def header_facts(facts: Sequence[tuple[str, str]], identifier: str) -> html.Dl:
    """The filters and the data date, printed with the report: a definition list."""
    items = []
    for label, value in facts:
        items.extend([html.Dt(label, className="col-sm-3"), html.Dd(value, className="col-sm-9")])
    return html.Dl(items, id=identifier, className="row mx-0 small mb-3")
