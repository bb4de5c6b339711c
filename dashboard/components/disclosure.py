"""What the screen says where the small-count rule withholds a figure (PRODUCT.md publishing
rule): "< 11" or "secret" in its place with a title saying why, one note under the figures, and
a sentence when the view asked for is not a published grain."""

from __future__ import annotations

from dash import html

from dashboard.i18n import t
from dashboard.queries import SMALL


def withheld_text(reason: str, lang: str) -> str:
    """ "< 11" for a count from 1 to 10, "secret" for any other withheld figure."""
    return t("disclosure.small" if reason == SMALL else "disclosure.hidden", lang)


def withheld_title(reason: str, lang: str) -> str:
    return t("disclosure.small_title" if reason == SMALL else "disclosure.hidden_title", lang)


def disclosure_note(lang: str, identifier: str) -> html.P:
    """The explanation under figures where one is withheld."""
    return html.P(t("disclosure.note", lang), id=identifier, className="small text-body-secondary")


def not_published(reason: str, lang: str, page: str) -> html.Div:
    """In place of a page's figures: why the view is not published and what to choose
    (id `<page>-not-published`)."""
    return html.Div(
        [
            html.H2(t("disclosure.not_published_title", lang), className="h5"),
            html.P(t(f"disclosure.not_published.{reason}", lang), className="mb-0"),
        ],
        id=f"{page}-not-published",
        className="alert alert-info",
        role="status",
    )


def export_refused(lang: str) -> str:
    return t("disclosure.export_refused", lang)
