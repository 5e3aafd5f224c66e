"""Swedish labels and number, percent and date formats for what steering groups read.

The labels come from the code lists of `schemas/codes.yml` (one source of truth); this
module only formats.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

from esf.contracts import code_lists, labels

LOCALE = "sv_SE"

# (symbol, text): the status is shown as text and symbol, never by colour alone (SPEC §8.3)
STATUS = {code: (spec["symbol"], spec["label"]) for code, spec in code_lists()["status"].items()}
GENDER = labels("gender")
BREAKDOWN = labels("breakdown")
ACTIVITY_TYPE = labels("activity_type")
EXIT_REASON = labels("exit_reason")
SOURCE = labels("source")
ROLE = labels("roll")
AGE_GROUP = labels("age_group")
REPORT_SECTION = labels("report_section")
GENDER_HEADER = "Kön"
REASON = labels("reason")
UNIT = labels("unit")
DISCLOSURE = labels("disclosure")
UNIT_SUFFIX = {
    "percent": "\u00a0%",
    "count": "",
    "sek": "\u00a0kr",
    "months": "\u00a0mån",
    "hours": "\u00a0tim",
    "ratio": "",
}
SUPPRESSED = "–"  # SPEC §8.4: shown instead of a value that may not be shown


def number(value: float | None, decimals: int = 1) -> str:
    """`1 234,5`: space as thousands separator, decimal comma; whole numbers without decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        decimals = 0
    return format_decimal(
        round(value, decimals), format=f"#,##0.{'0' * decimals}" if decimals else "#,##0", locale=LOCALE
    )


def tick(value: float) -> str:
    """An axis label: `87,5`, `1 200`, `0,25`; no trailing zeros."""
    return format_decimal(round(value, 6), format="#,##0.##", locale=LOCALE)


def with_unit(value: float | None, unit: str | None) -> str:
    text = number(value)
    return f"{text}{UNIT_SUFFIX.get(unit or '', '')}" if text else ""


def shown(value: float | None, hidden: bool, unit: str | None) -> str:
    """A value as the marts disclose it: `–` where hidden, else the number with its unit."""
    return SUPPRESSED if hidden else with_unit(value, unit)


def unit_label(unit: str | None) -> str:
    """A unit for a table header or an axis: `procent`, `antal`; a manual goal's own enhet as written."""
    return UNIT.get(unit or "count", unit or "")


def date(value: dt.date) -> str:
    """`5 mars 2013`."""
    return format_date(value, format="d MMMM y", locale=LOCALE)


def month(value: dt.date) -> str:
    """`mars 2013`."""
    return format_date(value, format="LLLL y", locale=LOCALE)


def period(label: str, period_type: str | None) -> str:
    """`juni 2014`, `t.o.m. juni 2014` (from the project's start), `kvartal 2 2013`, `2013`."""
    if period_type == "year":
        return label
    if period_type == "quarter":
        year, quarter = label.split("-Q")
        return f"kvartal {quarter} {year}"
    text = month(dt.date.fromisoformat(label[:7] + "-01"))
    return f"t.o.m. {text}" if period_type == "project_to_date" else text


def hidden_note(reasons: set[str], what: str = "värdet", it: str = "det") -> str:
    """The note for `–` (SPEC §8.4) naming the disclosure rules that hid something; empty when none did."""
    if not reasons:
        return ""
    rules = " eller ".join(DISCLOSURE[r] for r in sorted(reasons))
    return f"{SUPPRESSED} = {what} visas inte eftersom {it} bygger på {rules}; när kvinnor eller män döljs, döljs båda."


def label(codes: dict[str, str], code: str) -> str:
    """The Swedish label of a code; an unknown code is shown as written, with _ as a space."""
    return codes.get(code, code.replace("_", " "))
