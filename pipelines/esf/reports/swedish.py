"""Swedish labels and number, percent and date formats for what steering groups read."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "sv_SE"

# (symbol, text): the status is shown as text and symbol, never by colour alone (SPEC §8.3)
STATUS = {
    "achieved": ("✓", "Uppnått"),
    "on_track": ("●", "I fas"),
    "at_risk": ("▲", "Risk att inte nås"),
    "not_achieved": ("✗", "Ej uppnått"),
    "no_data": ("○", "Uppgift saknas"),
}
GENDER = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
BREAKDOWN = {
    "organisation": "Organisation", "age_group": "Åldersgrupp", "insats": "Insats", "roll": "Roll",
    "activity_type": "Aktivitetstyp", "exit_reason": "Avslutsorsak", "question": "Fråga",
}
ACTIVITY_TYPE = {
    "natverkstraff": "Nätverksträff", "inspiratorstraff": "Inspiratörsträff", "forelasning": "Föreläsning",
    "workshop": "Workshop", "seminarium": "Seminarium", "handledning": "Handledning", "kartlaggning": "Kartläggning",
    "matchning": "Matchning", "arbetstraning": "Arbetsträning", "sprakcafe": "Språkcafé",
    "avstamningsmote": "Avstämningsmöte", "kursomgang": "Kursomgång",
}
EXIT_REASON = {
    "arbete": "Arbete", "studier": "Studier", "arbetssokande": "Arbetssökande", "vard_behandling": "Vård eller behandling",
    "annan_insats": "Annan insats", "flyttat": "Flyttat", "avbrott": "Avbrott", "annat": "Annat",
}
SOURCE = {
    "projekt": "Projektfiler", "anstallningar": "Anställningar", "sjukfranvaro": "Sjukfrånvaro",
    "forsorjningsstod": "Försörjningsstöd", "deltagare": "Deltagare", "aktiviteter": "Aktiviteter", "enkater": "Enkäter",
}
REASON = {
    "missing_value": "Värde saknas", "invalid_personnummer": "Ogiltigt personnummer", "invalid_date": "Ogiltigt datum",
    "invalid_number": "Ogiltigt tal", "invalid_value": "Otillåtet värde", "invalid_period": "Slut före start",
    "unknown_project": "Okänt projekt", "duplicate_key": "Dubblett i filen",
}
UNIT_SUFFIX = {"percent": "\u00a0%", "count": "", "sek": "\u00a0kr", "months": "\u00a0mån", "hours": "\u00a0tim", "ratio": ""}
SUPPRESSED = "–"  # SPEC §8.4: shown instead of a value behind 1–4 persons


def number(value: float | None, decimals: int = 1) -> str:
    """`1 234,5`: space as thousands separator, decimal comma; whole numbers without decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        decimals = 0
    return format_decimal(round(value, decimals), format=f"#,##0.{'0' * decimals}" if decimals else "#,##0", locale=LOCALE)


def with_unit(value: float | None, unit: str | None) -> str:
    text = number(value)
    return f"{text}{UNIT_SUFFIX.get(unit or '', '')}" if text else ""


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
    text = month(dt.date.fromisoformat(label + "-01"))
    return f"t.o.m. {text}" if period_type == "project_to_date" else text


def label(codes: dict[str, str], code: str) -> str:
    """The Swedish label of a code; an unknown code is shown as written, with _ as a space."""
    return codes.get(code, code.replace("_", " "))


def is_hidden(n_persons: int | None) -> bool:
    """A value behind 1–4 persons is hidden in everything written outside the analyst team (SPEC §8.4)."""
    return n_persons is not None and 1 <= n_persons <= 4
