"""Seeded generator of realistic landing deliveries, at any scale (`python -m pipelines demo-data`).

The same seed, size and as-of date give byte-identical files: every step draws from its own
random stream derived from the seed, so that changing one table's recipe leaves the others alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo import (
    context,
    defects,
    deliveries,
    funding,
    parcours,
    solutions,
    surveys,
    territory,
)

EARLIEST_AS_OF = date(2019, 7, 1)  # activity starts on 2019-01-01: at least six months of it
CAR_REPAIR = ("garage_solidaire", "leasing_social")


class DemoError(ValueError):
    """Options the generator cannot honour; the message says which and what to do."""


@dataclass(frozen=True)
class Summary:
    folders: list[Path]
    rows: dict[str, int]


def generate(out: Path, n: int, seed: int, as_of: date, defect_rate: float = 0.0) -> Summary:
    _check(n, as_of, defect_rate)
    streams = _streams(seed)
    deps = territory.departements()
    regions = {d.reg_code: _region_names()[d.reg_code] for d in deps}
    sites = territory.sites(streams["sites"], as_of)
    people = parcours.generate(streams["parcours"], n, as_of, sites, _communes(deps))
    used = solutions.generate(streams["solutions"], people, as_of)
    repaired = used.filter(pl.col("solution_code").is_in(CAR_REPAIR))["parcours_id"]
    found = funding.programmes(deps, regions)
    car_repair = people["parcours_id"].is_in(repaired.implode()).to_numpy()
    links = funding.attribute(streams["funding"], found, people, car_repair)
    finance_day = deliveries.delivery_day("programmes", as_of)
    funding.settle(streams["funding"], found, links, n, finance_day)
    tables = {
        "sites": sites,
        "parcours": people,
        "solutions": used,
        "trip_surveys": surveys.generate(streams["surveys"], people, as_of),
        "parcours_programmes": links,
        "staffing": territory.staffing(streams["staffing"], sites, as_of),
        "programmes": funding.programme_frame(found),
        "funding_movements": funding.movements(streams["funding"], found, finance_day),
        "barometer": context.barometer(
            streams["barometer"],
            _metropolitan_regions(),
            deliveries.delivery_day("barometer", as_of),
        ),
        "trainings": context.trainings(
            streams["trainings"], sorted(regions), deliveries.delivery_day("trainings", as_of)
        ),
        "targets": context.targets(
            streams["targets"], people, funding.DEPARTEMENT_PROGRAMMES, finance_day
        ),
    }
    tables = defects.apply(streams["defects"], tables, defect_rate, as_of)
    folders = deliveries.write_all(out, tables, as_of)
    return Summary(folders, {name: frame.height for name, frame in tables.items()})


def _check(n: int, as_of: date, defect_rate: float) -> None:
    if n < 1000:
        raise DemoError(f"--parcours {n}: give at least 1000 parcours so that every site has some")
    if as_of < EARLIEST_AS_OF:
        raise DemoError(f"--as-of {as_of}: activity starts on 2019-01-01; give {EARLIEST_AS_OF} "
                        "or later")  # fmt: skip
    if not 0 <= defect_rate <= 0.2:
        raise DemoError(f"--defect-rate {defect_rate}: give a share between 0 and 0.2")


def _streams(seed: int) -> dict[str, np.random.Generator]:
    names = ["sites", "parcours", "solutions", "surveys", "funding", "staffing", "barometer",
             "trainings", "targets", "defects"]  # fmt: skip
    return {name: np.random.default_rng([seed, i]) for i, name in enumerate(names)}


def _region_names() -> dict[str, str]:
    return {r["reg_code"]: r["reg_nom"] for r in territory.reference_rows("regions.csv")}


def _metropolitan_regions() -> list[str]:
    return sorted(
        r["reg_code"] for r in territory.reference_rows("regions.csv") if r["zone"] == "metro"
    )


def _communes(deps: list[territory.Departement]) -> dict[str, np.ndarray]:
    served = {d.dep_code for d in deps}
    found: dict[str, list[str]] = {}
    for row in territory.reference_rows("communes_ze2020.csv"):
        code = row["com_code"]
        dep = code[:3] if code.startswith("97") else code[:2]
        if dep in served:
            found.setdefault(dep, []).append(code)
    return {dep: np.array(codes) for dep, codes in found.items()}
