"""The sparklines' monthly counts: the nightly site-month path (a view without a public, funder
or programme filter) gives exactly what the path over every parcours gives."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import queries
from dashboard.queries.sqlfiles import frame

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

NATIONAL = queries.Scope.national_internal()


@pytest.mark.parametrize(
    ("territory", "first", "last"),
    [
        ({}, date(2025, 12, 1), date(2026, 11, 1)),
        ({}, date(2019, 1, 1), date(2019, 12, 1)),  # the first months: nothing before them
        ({"reg_code": "84"}, date(2024, 1, 1), date(2024, 12, 1)),
        ({"dep_code": "69"}, date(2022, 7, 1), date(2023, 6, 1)),
        ({"ze_code": "8421"}, date(2025, 12, 1), date(2026, 11, 1)),
    ],
)
def test_both_paths_give_the_same_months(demo_dashboard, territory, first, last):
    params = {
        "start": first, "end": last, "previous_start": first, "previous_end": last,
        "reg_code": None, "dep_code": None, "ze_code": None, "funder_id": None,
        "programme_id": None, "segment": None, "spark_start": first, "spark_end": last,
        **territory,
    }  # fmt: skip
    every = frame(NATIONAL, "overview_monthly", **params)
    nightly = frame(NATIONAL, "overview_monthly_all", **params)
    assert nightly.columns == every.columns and nightly.height == every.height == 12
    assert nightly.get_column("active_people").sum() > 0
    exact = [c for c in every.columns if c not in ("energy_saved_kwh", "co2e_avoided_kg")]
    assert nightly.select(exact).rows() == every.select(exact).rows()
    for column in ("energy_saved_kwh", "co2e_avoided_kg"):  # float sums: order may differ
        assert nightly[column].fill_null(0).to_list() == pytest.approx(
            every[column].fill_null(0).to_list()
        )


def test_a_filter_by_public_or_funder_reads_every_parcours(demo_dashboard, monkeypatch):
    from dashboard.queries import sqlfiles

    asked: list[str] = []
    real = sqlfiles.frame
    monkeypatch.setattr(
        queries, "_frame", lambda scope, name, **p: asked.append(name) or real(scope, name, **p)
    )
    f = queries.Filters(date(2025, 1, 1), date(2025, 12, 31), date(2024, 1, 1), date(2024, 12, 31))
    queries.overview_monthly(NATIONAL, f, date(2025, 1, 1), date(2025, 12, 1))
    queries.overview_monthly(
        NATIONAL, queries.Filters(**{**f.params(), "segment": "qpv"}), date(2025, 1, 1),
        date(2025, 12, 1),
    )  # fmt: skip
    assert asked == ["overview_monthly_all", "overview_monthly"]
