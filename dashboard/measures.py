"""The KPIs a territory map can show (pure): PRODUCT.md's glossary, each computed from the counts
of one territory and one period (`territories_kpis.sql`, `territories_sites.sql`).

A measure has a value and, for a rate or a median, the count it rests on (shown in the hover and
the ranking, so that 100 % of 3 is not read as 100 % of 3 000). KPIs that are not territorial
are not measures: cost per parcours and convention progress (payments and conventions belong to
programmes, see /financeurs), professionals trained (sessions are by région), penetration and
the avoided public cost ratio (the barometer's view).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.i18n import format_decimal, format_int, format_percent, t
from dashboard.queries.disclosure import withheld

FTE_BASE = "fte"  # caseload rests on counsellors' FTE, not on a count of parcours
# the kinds of value (the overview's cards use the first four: dashboard.kpis)
COUNT, RATE, ENERGY, MONEY = "count", "rate", "energy", "money"
DAYS, RATIO, TONNES, CASELOAD = "days", "ratio", "tonnes", "caseload"


@dataclass(frozen=True)
class Measure:
    key: str  # catalog kpi.<key>.label / .definition
    kind: str
    value_column: str | None  # a count or a sum taken as is
    numerator: str | None = None  # a ratio: numerator ÷ base
    base: str | None = None  # what a rate or a median rests on (also shown as its count)
    scale: float = 1.0  # applied to the value (kg → t)

    def value(self, row: Mapping[str, object]) -> float | None:
        """The measure in a territory's row; none without a base, or when a count it rests on
        is withheld (null in a published row)."""
        if self.numerator:
            base, part = row.get(self.base), row.get(self.numerator, 0)
            return part / base if base and part is not None else None
        value = row.get(self.value_column)
        return None if value is None else float(value) * self.scale

    def count(self, row: Mapping[str, object]) -> float | None:
        """What the value rests on (parcours, or FTE for caseload); None for a plain count, or
        when withheld."""
        if self.base is None or (self.base in row and row[self.base] is None):
            return None
        return float(row.get(self.base) or 0)

    @property
    def inputs(self) -> tuple[str, ...]:
        """The counts of people or parcours the value rests on."""
        found = (self.value_column if self.kind == COUNT else None, self.numerator, self.base)
        return tuple(c for c in found if c and c != FTE_BASE)

    def withheld(self, row: Mapping[str, object]) -> str | None:
        """Why the small-count rule does not show the value in this row (None: shown, or
        simply empty)."""
        if self.value(row) is not None:
            return None
        return withheld(dict(row), self.inputs, self.kind == COUNT)


MEASURES = (
    Measure("active_people", COUNT, "active_people"),
    Measure("new_parcours", COUNT, "new_parcours"),
    Measure("return_to_employment_rate", RATE, None, "returns_to_employment", "outcome_base"),
    Measure("positive_exit_rate", RATE, None, "positive_exits", "outcome_base"),
    Measure("durable_employment_rate", RATE, None, "durable_employments", "outcome_base"),
    Measure("employment_6m", RATE, None, "employed_6m", "outcome_6m_known"),
    Measure("follow_up_reach_rate", RATE, None, "follow_up_reached", "follow_up_due"),
    Measure("autonomy_at_exit", RATE, None, "autonomous_exits", "outcome_base"),
    Measure("drop_out_rate", RATE, None, "drop_outs", "outcome_base"),
    Measure("median_duration", DAYS, "median_duration_days", base="closed_parcours"),
    Measure(
        "time_to_first_appointment",
        DAYS,
        "median_days_to_first_appointment",
        base="referred_parcours",
    ),
    Measure("solutions_per_parcours", RATIO, None, "solutions_realised", "closed_parcours"),
    Measure("priority_public_share", RATE, None, "new_priority_public", "new_parcours"),
    Measure("energy_saved", ENERGY, "energy_saved_kwh", base="energy_measured"),
    Measure("share_saving_30", RATE, None, "savings_30", "measured_savings"),
    Measure("co2e_avoided", TONNES, "co2e_avoided_kg", base="energy_measured", scale=0.001),
    Measure("caseload", CASELOAD, None, "active_people", FTE_BASE),
)
BY_KEY = {m.key: m for m in MEASURES}
DEFAULT = "active_people"


def measure(key: str | None) -> Measure:
    """The measure named in the URL, or the default one."""
    return BY_KEY.get(key or DEFAULT, BY_KEY[DEFAULT])


def format_value(kind: str, value: float | None, lang: str = "fr") -> str:
    """A value of that kind as the screen shows it, with its unit (cards, maps, tables)."""
    if value is None:
        return format_int(None, lang)
    if kind == RATE:
        return format_percent(value, lang)
    if kind == COUNT:
        return format_int(value, lang)
    if kind == ENERGY:
        return t("kpi.unit.energy", lang, value=format_int(value / 1000, lang))
    if kind == MONEY:
        return t("kpi.unit.money", lang, value=format_int(value, lang))
    if kind == TONNES:
        return t("measure.unit.tonnes", lang, value=format_decimal(value, lang))
    if kind == DAYS:
        return t("measure.unit.days", lang, value=format_int(value, lang))
    return format_decimal(value, lang, digits=1)


def plotted(kind: str, value: float | None) -> float | None:
    """The value as the map's colour scale holds it: rates in percent, energy in MWh/yr."""
    if value is None:
        return None
    if kind == RATE:
        return round(value * 100, 2)
    if kind == ENERGY:
        return round(value / 1000, 2)
    return round(value, 2)


def legend_title(kind: str, lang: str) -> str:
    """The colour bar's unit, in words."""
    return t(f"measure.legend.{kind}", lang)
