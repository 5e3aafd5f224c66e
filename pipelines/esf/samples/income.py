"""Income-support payments (försörjningsstöd) 2010-2016: Osby (FIA) and six Blekinge kommuner (KLARA).

Households get support in runs of months (a third long-term). FIA and Klara Livet
participants are applicants whose support runs before and during their participation and
mostly stops after an exit to work or studies. A few households are built by hand so that
the 10-month boundary of `long_term_income_support_share` is exercised.
"""

from __future__ import annotations

from pathlib import Path
from random import Random

from .common import Fmt, People, month_of, month_start, od, write_delimited

# kommun, households at scale 1, id prefix; Osby has its own file, the rest share one
KOMMUNER = (
    ("Osby", 700, "OSB"),
    ("Karlskrona", 900, "KKR"),
    ("Karlshamn", 500, "KHN"),
    ("Ronneby", 450, "RBY"),
    ("Sölvesborg", 250, "SBG"),
    ("Olofström", 200, "OFS"),
    ("Bromölla", 200, "BML"),
)
LO, HI = 2010 * 12, 2016 * 12 + 11  # absolute months 2010-01 .. 2016-12
DATA_END = od(2016, 12, 31)
BASES = (4200, 5600, 6900, 8450, 9800, 11900, 14300)
HINDER = ("arbetslos", "arbetslos", "sjuk", "ofullstandig_etablering", "sociala_skal")
HEADER = (
    "Utbetalning-ID",
    "Personnummer",
    "Hushåll-ID",
    "Kommun",
    "Utbetalningsdatum",
    "Avser månad",
    "Belopp",
    "Biståndstyp",
    "Försörjningshinder",
)
# hand-made households: months with support in one year are exactly 10, 9, and 11 paid of which one
# is fully repaid (so 10 with net support)
SPECIAL = (
    ("H90001", range(2012 * 12 + 1, 2012 * 12 + 11), None),
    ("H90002", range(2012 * 12 + 2, 2012 * 12 + 11), None),
    ("H90003", range(2013 * 12, 2013 * 12 + 11), 2013 * 12 + 5),
)

Payment = tuple[int, int, int, str]  # pay date, avser month, öre, bistandstyp


def _general_months(rng: Random) -> list[int]:
    if rng.random() < 0.33:
        s = rng.randint(LO - 24, HI)
        ms = [m for m in range(s, s + rng.randint(10, 60)) if rng.random() > 0.04]
    else:
        ms = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            s = rng.randint(LO - 3, HI)
            ms += range(s, s + rng.randint(1, 8))
    return sorted({m for m in ms if LO <= m <= HI})


def _participant_months(rng: Random, parts: list[tuple[int, int | None, str]]) -> list[int]:
    """Support before and during the participations; after the last exit it mostly stops for work/studies."""
    s0, (_s, e, why) = month_of(parts[0][0]), parts[-1]
    ms = list(range(s0 - rng.randint(14, 40), s0))
    if rng.random() < 0.15:
        gaps = rng.sample(range(s0 - 12, s0), rng.randint(2, 4))
        ms = [m for m in ms if m not in gaps]
    if e is None:
        ms += range(s0, month_of(od(2014, 6, 30)) + rng.randint(0, 30) + 1)
    else:
        em = month_of(e)
        ms += range(s0, em + 1)
        if why in ("arbete", "studier"):
            if rng.random() < 0.15:
                ms += range(em + 1, em + 1 + rng.randint(1, 2))
        elif rng.random() < 0.75:
            ms += range(em + 1, em + 1 + rng.randint(4, 30))
    return sorted({m for m in ms if LO <= m <= HI})


def _payments(rng: Random, months: list[int], base: int, plain: bool = False) -> list[Payment]:
    """Monthly payments; some paid late for the previous month, a few in advance, some extras and repayments."""
    out: list[Payment] = []
    for m in months:
        ore = (base + (0 if rng.random() < 0.3 else rng.randint(-400, 400))) * 100
        ore += rng.randint(1, 99) if rng.random() < 0.1 else 0
        r, ms = rng.random(), month_start(m)
        if plain:
            pay = ms + rng.randint(0, 21)
        elif r < 0.08 and m < HI:
            pay = month_start(m + 1) + rng.randint(1, 7)  # paid next month, for this one
        elif r < 0.13 and m > LO:
            pay = ms - rng.randint(3, 7)  # paid in advance at the end of the previous month
        else:
            pay = ms + rng.randint(0, 21)
        out.append((pay, m, ore, "forsorjningsstod"))
        if plain:
            continue
        if rng.random() < 0.12:
            out.append((ms + rng.randint(5, 25), m, rng.randint(200, 3000) * 100, "livsforing_ovrigt"))
        if rng.random() < 0.012 and m < HI - 1:  # repayment of part of this month's support
            out.append((month_start(m + 1) + rng.randint(5, 40), m, -rng.randint(300, 2000) * 100, "forsorjningsstod"))
    return [p for p in out if p[0] <= DATA_END]


def _sek(ore: int, sep: str) -> str:
    kr, rest = divmod(abs(ore), 100)
    return f"{'-' if ore < 0 else ''}{f'{kr:,}'.replace(',', sep)},{rest:02d}"


def write_income(
    landing: Path, rng: Random, people: People, scale: float, plans: list[tuple[str, str, list]]
) -> tuple[int, dict]:
    """Write `forsorjningsstod/`; returns rows written and the special households for the README."""
    kidx = {k[0]: i for i, k in enumerate(KOMMUNER)}
    households: list[tuple[int, str, str, str, list[Payment]]] = []  # kommun, hushall_id, pnr, hinder, payments
    for ki, (name, n1, prefix) in enumerate(KOMMUNER):
        for h in range(1, max(1, round(n1 * scale)) + 1):
            months = _general_months(rng)
            pnr = people.new(rng, rng.choice("KM"), 1950, 1990)
            hid = "" if rng.random() < 0.05 else f"{prefix}-H{h:05d}"
            households.append((ki, hid, pnr, rng.choice(HINDER), _payments(rng, months, rng.choice(BASES))))
        if name in ("Osby", "Karlskrona"):
            for hid, months, repaid in SPECIAL:
                pays = _payments(rng, list(months), 8450, plain=True)
                if repaid is not None:
                    full = next(p for p in pays if p[1] == repaid)
                    pays.append((month_start(repaid + 1) + 9, repaid, -full[2], "forsorjningsstod"))
                households.append((ki, f"{prefix}-{hid}", people.new(rng, "K", 1970, 1990), "arbetslos", pays))
    for n, (pnr, kommun, parts) in enumerate(plans, start=1):
        if kommun != "Osby" and rng.random() < 0.3:  # on sickness benefit instead
            continue
        hid = "" if rng.random() < 0.05 else f"{KOMMUNER[kidx[kommun]][2]}-H{80000 + n}"
        hinder = rng.choice(("arbetslos", "ofullstandig_etablering") if kommun == "Osby" else ("sjuk", "arbetslos"))
        households.append(
            (kidx[kommun], hid, pnr, hinder, _payments(rng, _participant_months(rng, parts), rng.choice(BASES)))
        )

    def rows(flat: list, fmt: Fmt, osby: bool):
        """Rows in payment order, ids numbered per kommun; formatted lazily to keep memory flat."""
        counters = [0] * len(KOMMUNER)
        for j, (pay, hi, (_pay, m, ore, typ)) in enumerate(flat):
            ki, hid, pnr, hinder, _ = households[hi]
            counters[ki] += 1
            if ki == 0:
                avser, belopp = f"{m // 12}-{m % 12 + 1:02d}", _sek(ore, " ") + (" kr" if j % 40 == 7 else "")
            else:
                same = month_of(pay) == m and j % 33 == 5
                avser, belopp = "" if same else f"{m // 12}{m % 12 + 1:02d}", _sek(ore, "")
            row = (
                f"{KOMMUNER[ki][2]}-{counters[ki]:07d}",
                fmt.p(pnr),
                hid,
                KOMMUNER[ki][0],
                fmt.d(pay),
                avser,
                belopp,
                typ,
                hinder,
            )
            yield row
            if osby and j == len(flat) // 2:  # a genuine entry error in the extract: an amount of zero
                yield ("OSB-9999999", *row[1:6], "0,00", *row[7:])

    total = 0
    for fname, members, fmt in (
        ("blekinge_2010-2016.csv", range(1, 7), Fmt(encoding="cp1252", pnr="plain12", eol="\r\n")),
        ("osby_2010-2016.csv", range(0, 1), Fmt()),
    ):
        flat = sorted((p[0], hi, p) for hi, h in enumerate(households) if h[0] in members for p in h[4])
        total += write_delimited(
            landing / "forsorjningsstod" / fname, HEADER, rows(flat, fmt, fname.startswith("osby")), fmt
        )
        del flat
    notes = {"special": [f"{p}-{h}" for p in ("OSB", "KKR") for h, _m, _r in SPECIAL]}
    return total, notes
