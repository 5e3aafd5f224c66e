"""The report's section on the effect against a comparison group and its socio-economic
estimate (SPEC §8.3, §5.5–§5.6): formats what marts.effect_estimates and
marts.report_figures disclose, and says in plain Swedish what the estimate can and cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from esf.reports import charts, data, swedish

# the catalog's report_section of the §5.6 sums: shown here, not among the other tables
SOCIO_ECONOMIC = "socio_economic"
# a difference is in months, or in percentage points for a rate
DIFFERENCE_UNIT = {"months": ("\u00a0mån", "månader"), "percent": ("\u00a0p.e.", "procentenheter")}


@dataclass(frozen=True)
class Outcome:
    name: str
    period: str
    unit_name: str
    rows: list[tuple[str, list[str]]]  # (group, cells)
    chart: str
    summary: str
    hidden_note: str


@dataclass(frozen=True)
class SocioEconomic:
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    period: str
    hidden_note: str


COLUMNS = [
    "Deltagarnas förändring",
    "Jämförelsegruppens förändring",
    "Skillnad",
    "95 % intervall",
    "Matchade deltaganden",
    "Ej matchade",
    "Personer i jämförelsegruppen",
]


def _amount(value: float | None, unit: str) -> str:
    text = swedish.number(value, 2)
    return f"{text}{DIFFERENCE_UNIT[unit][0]}" if text else "–"


def _cells(r: data.EffectRow) -> list[str]:
    if r.hidden:
        return [swedish.SUPPRESSED] * len(COLUMNS)
    interval = f"{swedish.number(r.ci_low, 2)} till {swedish.number(r.ci_high, 2)}" if r.ci_low is not None else "–"
    return [
        _amount(r.units_change, r.unit),
        _amount(r.comparison_change, r.unit),
        _amount(r.effect, r.unit),
        interval,
        swedish.number(r.matched_units),
        swedish.number(r.unmatched_units),
        swedish.number(r.n_comparison_persons),
    ]


def _summary(total: data.EffectRow) -> str:
    """What the whole project's estimate says, in plain Swedish; nothing when it is hidden."""
    if total.hidden or total.effect is None:
        return (
            ("Skattningen för hela projektet visas inte: för få deltagare eller jämförelsepersoner kunde matchas.")
            if total.hidden
            else "Inga deltaganden kunde matchas mot jämförelsegruppen."
        )
    words = DIFFERENCE_UNIT[total.unit][1]
    direction = "mindre" if total.effect < 0 else "mer"
    text = (
        f"Deltagarnas förändring var {swedish.number(total.units_change, 2)} {words}, jämförelsegruppens "
        f"{swedish.number(total.comparison_change, 2)}. Deltagarna fick alltså {swedish.number(abs(total.effect), 2)} "
        f"{words} {direction} än liknande personer som inte deltog."
    )
    if total.ci_low is None:
        return text + " Med så få matchade deltaganden går det inte att beräkna någon osäkerhet."
    if total.ci_low <= 0 <= total.ci_high:
        return text + (" Intervallet innehåller noll: skillnaden är så osäker att den lika gärna kan bero på slumpen.")
    return text + " Intervallet innehåller inte noll: skillnaden är troligen inte bara slump."


def outcomes(con: duckdb.DuckDBPyConnection, project: str) -> list[Outcome]:
    """One part per outcome the project has an estimate for."""
    rows = data.effect_estimates(con, project)
    out = []
    for indicator in dict.fromkeys(r.indicator for r in rows):
        group = [r for r in rows if r.indicator == indicator]
        first = group[0]
        words = DIFFERENCE_UNIT[first.unit][1]
        points = [
            charts.Estimate(
                swedish.GENDER[r.gender],
                None if r.hidden else r.effect,
                None if r.hidden else r.ci_low,
                None if r.hidden else r.ci_high,
            )
            for r in group
        ]
        shown = [
            f"{p.label} {swedish.number(p.effect, 2)} ({swedish.number(p.low, 2)} till {swedish.number(p.high, 2)})"
            for p in points
            if p.effect is not None and p.low is not None
        ]
        chart = charts.effect_chart(
            points,
            f"{first.name}: skillnad mot jämförelsegruppen med 95 % intervall",
            ("Skillnad i " + words + " med 95 % intervall: " + "; ".join(shown) + ".")
            if shown
            else "Ingen skattning får visas.",
            f"Skillnad mot jämförelsegruppen ({words}); under noll = mindre än jämförelsegruppen",
        )
        total = next((r for r in group if r.gender == "T"), first)
        out.append(
            Outcome(
                name=first.name,
                period=swedish.period(first.period, "project_to_date"),
                unit_name=words,
                rows=[(swedish.GENDER[r.gender], _cells(r)) for r in group],
                chart=chart,
                summary=_summary(total),
                hidden_note=swedish.hidden_note(
                    {r.hidden_reason for r in group if r.hidden and r.hidden_reason}, what="skattningen", it="den"
                ),
            )
        )
    return out


def socio_economic(con: duckdb.DuckDBPyConnection, project: str) -> SocioEconomic | None:
    """The §5.6 sums as marts.report_figures discloses them, T, K and M."""
    cells = [f for f in data.figures(con, project) if f.section == SOCIO_ECONOMIC]
    if not cells:
        return None
    indicators = list(dict.fromkeys(f.indicator for f in cells))
    names = {f.indicator: f"{f.name} ({swedish.unit_label(f.unit)})" for f in cells}
    by_gender: dict[str, dict[str, str]] = {}
    for f in cells:
        # whole kronor: öre in a sum of millions is noise
        by_gender.setdefault(f.row, {})[f.indicator] = swedish.shown(
            None if f.value is None else round(f.value), f.hidden, f.unit
        )
    genders = [g for g in swedish.GENDER if g in by_gender]
    reasons = {f.hidden_reason for f in cells if f.hidden and f.hidden_reason}
    note = swedish.hidden_note(reasons)
    return SocioEconomic(
        columns=[names[i] for i in indicators],
        rows=[(swedish.GENDER[g], [by_gender[g].get(i, "") for i in indicators]) for g in genders],
        period=swedish.period(data.latest_ptd_period(con, project), "project_to_date"),
        hidden_note=note,
    )
