"""The CSV exports of the data-quality page (`/export/qualite-<table>.csv?<view>`): one builder
per table, registered with `dashboard.exports`, recomputes the table's `TableSpec` (or
completeness grid) from the view in the URL, as the screen does, so that the file equals the
table on screen.

The page (`dashboard.pages.quality`) imports this module: that registers the exports when Dash
imports the page.
"""

from __future__ import annotations

from collections.abc import Callable

import flask
import polars as pl

from dashboard import exports, queries
from dashboard.components.quality import EXPORT_PREFIX, checks_spec, runs_spec, sources_spec
from dashboard.components.quality_completeness import (
    completeness_frame,
    completeness_months,
    territory_label,
)
from dashboard.components.quality_quarantine import (
    quarantine_rules_spec,
    quarantine_shares_spec,
    rejects_spec,
    rejects_totals,
)
from dashboard.components.tables import TableSpec
from dashboard.config import load_settings
from dashboard.i18n import MISSING, format_date, t
from dashboard.quality_data import chosen_table, completeness, is_data_steward, served_run
from dashboard.runlog import recent_runs
from dashboard.state import ViewState


def _export(
    state: ViewState,
    name: str,
    served: pl.DataFrame | None,
    frame: pl.DataFrame,
    caption: str,
    view: list[tuple[str, str]] | None = None,
) -> exports.Export:
    """The export of table `name`, under the page's title: which table, the view's lines
    (territory, source table), the data's date and version (`served`: None when no build can
    be served) and the table's caption."""
    lang = state.lang
    table = t(f"quality.export.name.{name}", lang)
    metadata = [
        (t("quality.export.table", lang), table),
        *(view or []),
        (t("export.as_of", lang),
         format_date(served["as_of"][0], lang) if served is not None else MISSING),
        (t("export.version", lang),
         served["run_id"][0] if served is not None else MISSING),
        (t("quality.export.contents", lang), caption),
    ]  # fmt: skip
    return exports.Export(t("quality.export.title", lang), metadata, frame)


def _spec_export(
    state: ViewState,
    name: str,
    served: pl.DataFrame | None,
    spec: TableSpec,
    view: list[tuple[str, str]] | None = None,
) -> exports.Export:
    return _export(state, name, served, spec.frame(), spec.caption, view)


def _served_table(
    scope: queries.Scope,
    state: ViewState,
    name: str,
    read: Callable[[queries.Scope], pl.DataFrame],
    spec_of: Callable[[pl.DataFrame, str], TableSpec],
) -> exports.Export:
    """The export of a table drawn from one query of the served build (`read`)."""
    with queries.same_build():
        served, frame = served_run(scope), read(scope)
    return _spec_export(state, name, served, spec_of(frame, state.lang))


@exports.register_table(f"{EXPORT_PREFIX}runs")
def export_runs(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The run history, read from the history beside the builds as the page does: it is
    exported even when no build can be served."""
    runs = recent_runs(scope, load_settings())
    try:
        served = served_run(scope)
    except queries.DataUnavailable:
        served = None
    run_id = served["run_id"][0] if served is not None else None
    return _spec_export(state, "runs", served, runs_spec(runs, run_id, state.lang))


@exports.register_table(f"{EXPORT_PREFIX}sources")
def export_sources(scope: queries.Scope, state: ViewState) -> exports.Export:
    return _served_table(scope, state, "sources", queries.quality_sources, sources_spec)


@exports.register_table(f"{EXPORT_PREFIX}checks")
def export_checks(scope: queries.Scope, state: ViewState) -> exports.Export:
    return _served_table(scope, state, "checks", queries.quality_checks, checks_spec)


@exports.register_table(f"{EXPORT_PREFIX}quarantine-shares")
def export_quarantine_shares(scope: queries.Scope, state: ViewState) -> exports.Export:
    read, spec_of = queries.quality_quarantine_shares, quarantine_shares_spec
    return _served_table(scope, state, "quarantine-shares", read, spec_of)


@exports.register_table(f"{EXPORT_PREFIX}quarantine")
def export_quarantine(scope: queries.Scope, state: ViewState) -> exports.Export:
    read, spec_of = queries.quality_quarantine_rules, quarantine_rules_spec
    return _served_table(scope, state, "quarantine", read, spec_of)


@exports.register_table(f"{EXPORT_PREFIX}rejects")
def export_rejects(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The quarantined rows of the source table named by `rejets` (personal data): refused
    (queries.ScopeRefused) to anyone but the data steward, as on screen, before anything is
    read; 404 for a table without quarantined rows (the screen shows none)."""
    lang, chosen = state.lang, chosen_table(state)
    if not is_data_steward(scope):
        raise queries.ScopeRefused("quarantined rows hold personal data: the data steward only")
    with queries.same_build():
        served = served_run(scope)
        totals = rejects_totals(queries.quality_quarantine_rules(scope))
        if chosen not in totals:
            flask.abort(404)
        rows = queries.quality_rejects(scope, chosen)
    spec = rejects_spec(rows, chosen, totals[chosen], lang)
    view = [(t("quality.export.source_table", lang), chosen)]
    return _spec_export(state, "rejects", served, spec, view)


@exports.register_table(f"{EXPORT_PREFIX}completeness")
def export_completeness(scope: queries.Scope, state: ViewState) -> exports.Export:
    """The completeness table of the territory in the URL."""
    lang, territoire = state.lang, state.territoire
    with queries.same_build():
        served = served_run(scope)
        months = completeness_months(served["as_of"][0])
        frame = queries.quality_completeness(scope, territoire, months[0], months[-1])
        territories = queries.filter_territories(scope)
    grid = completeness(frame, months, state, territories)
    view = [
        (t("quality.export.territory", lang), territory_label(territoire, territories, lang)),
        (t("quality.export.values", lang), t("quality.export.completeness_values", lang)),
    ]
    return _export(state, "completeness", served, completeness_frame(grid), grid.caption, view)
