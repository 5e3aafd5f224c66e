"""Employments and sick-leave spells for the PLUS and 4 Ess organisations (plus Lessebo as noise).

The story: mostly women in care, many part-timers; short-term sick leave rising 2009-2011
in the PLUS organisations (most among younger women), falling modestly 2016-2019 in the
4 Ess organisations. A participant's own absence follows `Employee.effect`, which the
register module sets before spells are simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from random import Random

from .common import Fmt, People, iso, od, write_delimited, year_of

# name as the HR system writes it, file group, first year, last year, persons at scale 1, id prefix
ORGS = (
    ("Kalmar", "kalmar", 2009, 2014, 700, "KAL"),
    ("Nybro", "kalmar", 2009, 2014, 280, "NYB"),
    ("Emmaboda", "kalmar", 2009, 2014, 160, "EMM"),
    ("Borgholm", "norra", 2009, 2014, 150, "BOR"),
    ("Högsby", "norra", 2009, 2014, 110, "HOG"),
    ("Mörbylånga", "norra", 2009, 2014, 170, "MBL"),
    ("Uppvidinge", "norra", 2009, 2014, 130, "UPP"),
    ("Landstinget i Kalmar län", "landstinget", 2009, 2014, 650, "LTK"),
    ("Lessebo", "lessebo", 2009, 2014, 120, "LES"),
    ("Torsås", "torsas", 2009, 2021, 230, "TOR"),
    ("Ljungby", "ljungby_vimmerby", 2015, 2021, 620, "LJU"),
    ("Vimmerby", "ljungby_vimmerby", 2015, 2021, 380, "VIM"),
)
PLUS_ORGS = (
    "Borgholm",
    "Emmaboda",
    "Högsby",
    "Kalmar",
    "Mörbylånga",
    "Nybro",
    "Torsås",
    "Uppvidinge",
    "Landstinget i Kalmar län",
)
ESS4_ORGS = ("Ljungby", "Torsås", "Vimmerby")

# yearly multipliers of the short-spell and long-case rates (2009-2014 PLUS story, 2015- 4 Ess)
TREND = {
    2008: 0.84,
    2009: 0.84,
    2010: 0.94,
    2011: 1.06,
    2012: 1.08,
    2013: 1.05,
    2014: 1.02,
    2015: 1.02,
    2016: 1.0,
    2017: 0.98,
    2018: 0.92,
    2019: 0.85,
    2020: 1.12,
    2021: 1.03,
}
LONG_TREND = {
    2008: 1.05,
    2009: 1.05,
    2010: 1.0,
    2011: 0.98,
    2012: 0.97,
    2013: 0.97,
    2014: 1.0,
    2015: 1.02,
    2016: 1.0,
    2017: 0.99,
    2018: 0.94,
    2019: 0.88,
    2020: 1.1,
    2021: 1.04,
}
SHORT_PER_YEAR, LONG_PER_YEAR = 2.0, 0.045
SHORT_DAYS = (1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 10, 14)
LONG_SHAPES = ((100,), (100,), (100, 50), (100, 50, 25), (50,), (100, 75, 50), (75, 50))
GRADES = {"K": (100, 100, 100, 80, 80, 75, 75, 75, 50, 50), "M": (100, 100, 100, 100, 100, 80, 75, 50)}
JOBS = {
    "K": ("Undersköterska",) * 5
    + ("Vårdbiträde",) * 3
    + (
        "Sjuksköterska",
        "Sjuksköterska",
        "Personlig assistent",
        "Barnskötare",
        "Förskollärare",
        "Lärare",
        "Lokalvårdare",
        "Kock",
        "Administratör",
    ),
    "M": (
        "Undersköterska",
        "Vårdbiträde",
        "Personlig assistent",
        "Lärare",
        "Vaktmästare",
        "Fritidsledare",
        "Administratör",
        "Sjuksköterska",
    ),
}
PLACES = (
    "Hemtjänst Norr",
    "Hemtjänst Söder",
    "Särskilt boende Solgården",
    "Särskilt boende Linden",
    "Förskolan Humlan",
    "Centralskolan",
    "Kommunkansliet",
    "Kostenheten",
    "LSS-boendet Eken",
)
PLACES_LTK = (
    "Länssjukhuset Kalmar",
    "Hälsocentral Nybro",
    "Hälsocentral Emmaboda",
    "Västerviks sjukhus",
    "Psykiatrin Kalmar",
    "Folktandvården",
)


@dataclass(slots=True)
class Employee:
    pnr: str
    org: int  # index into ORGS
    spans: list[tuple[str, int, int | None, int, str, str]]  # id, from, tom, grade, job, place
    frailty: float
    chef: bool
    # participation: (start, end, factor before, during, after) applied to both spell rates
    effect: tuple[int, int, float, float, float] | None = None

    @property
    def first(self) -> int:
        return min(s[1] for s in self.spans)

    @property
    def last(self) -> int | None:
        ends = [s[2] for s in self.spans]
        return None if None in ends else max(ends)  # type: ignore[type-var]

    def employed(self, start: int, end: int) -> bool:
        """Employed over the whole of [start, end] (ongoing employments count as open)."""
        last = self.last
        return self.first <= start and (last is None or last >= end)


def make_employees(rng: Random, people: People, scale: float) -> list[Employee]:
    """Everyone employed in an organisation at some time in its window; scale < 0.5 acts as 0.5
    so that the registers (which need ~900 distinct PLUS attendees) always find their people."""
    out: list[Employee] = []
    for oi, (_name, _grp, y0, y1, n1, prefix) in enumerate(ORGS):
        ws, we = od(y0, 1, 1), od(y1, 12, 31)
        counter = 0
        for _ in range(max(1, round(n1 * max(scale, 0.5)))):
            sex = "K" if rng.random() < 0.8 else "M"
            pnr = people.new(rng, sex, max(1950, y0 - 58), min(1995, y1 - 20))
            by = int(pnr[:4])
            chef = rng.random() < 0.08
            job = "Enhetschef" if chef else rng.choice(JOBS[sex])
            place = rng.choice(PLACES_LTK if prefix == "LTK" else PLACES)
            earliest = max(od(by + 19, 8, 1), od(1988, 1, 1))
            if earliest < ws and rng.random() < 0.72:
                start = rng.randint(earliest, ws - 1)
            else:
                start = rng.randint(max(ws, earliest), we - 60)
            end = rng.randint(start + 60, we) if rng.random() < 0.2 else None
            retire = od(by + 65, 6, 30)
            if retire <= we and (end is None or end > retire):
                end = retire
            if end is not None and end < max(start, ws) + 30:
                continue
            grade = rng.choice(GRADES[sex])
            last = we if end is None else end
            plan: list[tuple[int, int | None, int, str]] = []
            if rng.random() < 0.12 and last - max(start, ws) > 500:  # change of grade: new employment
                cut = rng.randint(max(start, ws) + 200, last - 200)
                plan += [(start, cut, grade, place), (cut + 1, end, rng.choice((50, 75, 80, 100)), place)]
            else:
                plan.append((start, end, grade, place))
                # a second, concurrent employment (when the first leaves room for one: a short one may not)
                if grade <= 75 and rng.random() < 0.07 and last - max(start, ws) >= 40:
                    s2 = rng.randint(max(start, ws), last - 40)
                    e2 = s2 + rng.randint(40, 540)
                    plan.append((s2, e2 if e2 < last else end, 25, rng.choice(PLACES)))
            spans = []
            for s, e, g, pl in plan:
                counter += 1
                spans.append((f"{prefix}-{counter:06d}", s, e, g, job, pl))
            out.append(Employee(pnr, oi, spans, rng.gammavariate(2.0, 0.5), chef))
    return out


def _spells(e: Employee, rng: Random) -> list[tuple[int, int | None, int]]:
    """Sick spells (from, tom or None, omfattning) as a renewal process over the employment.

    The process starts a year before the window so that cases running into it are there too
    (an extract holds every spell that overlaps its period)."""
    _n, _g, y0, y1, _c, _p = ORGS[e.org]
    ws, we = od(y0, 1, 1), od(y1, 12, 31)
    a, last = max(e.first, ws - 365), e.last
    b = we if last is None else min(last, we)
    sex_f, by = (1.25 if int(e.pnr[10]) % 2 == 0 else 0.85), int(e.pnr[:4])
    part_f = 1.1 if e.spans[0][3] < 100 else 1.0
    long_f = (0.5 + 0.5 * e.frailty) * sex_f
    out: list[tuple[int, int | None, int]] = []

    def rates(t: int) -> tuple[float, float]:
        y = year_of(t)
        f = e.frailty * sex_f * part_f * TREND[y]
        if sex_f > 1 and y - by < 35 and y <= 2014:
            f *= 1 + 0.08 * (min(y, 2011) - 2009)
        fl = long_f * LONG_TREND[y]
        if e.effect:
            s, en, before, during, after = e.effect
            m = before if t < s else during if t <= en else after
            f, fl = f * m, fl * m
        return f * SHORT_PER_YEAR / 365, fl * LONG_PER_YEAR / 365

    ls, ll = rates(a)
    t = a + int(rng.expovariate(ls + ll))
    while t <= b:
        ls, ll = rates(t)
        if rng.random() * (ls + ll) < ll:  # a long case, perhaps with changes of degree
            length, degs = int(rng.triangular(20, 420, 70)), rng.choice(LONG_SHAPES)
            cuts = sorted(rng.sample(range(5, length - 5), len(degs) - 1))
            bounds = [t, *(t + c for c in cuts), t + length]
            rows = [(bounds[i], bounds[i + 1] - 1, d) for i, d in enumerate(degs)]
            is_long = True
        else:
            is_long = False
            deg = 100 if rng.random() < 0.92 else rng.choice((50, 50, 25, 75))
            rows = [(t, t + rng.choice(SHORT_DAYS) - 1, deg)]
        end = rows[-1][1]
        for s, en, d in rows:
            if s > b:
                break
            if en < ws:
                continue
            # a long case still running at the extract date is delivered without sjuk_tom
            ongoing = is_long and en > b and b == we and last is None
            out.append((s, None if ongoing else min(en, b), d))
        if end >= b:
            break
        t = end + 2 + int(rng.expovariate(ls + ll))
    return out


# file group -> (anstallningar file, its format, sjukfranvaro file, its format)
FILES = {
    "norra": (
        "2015-01_borgholm_hogsby_morbylanga_uppvidinge.csv",
        Fmt(encoding="cp1252", eol="\r\n"),
        "2015-01_borgholm_hogsby_morbylanga_uppvidinge.csv",
        Fmt(pnr="dash10"),
    ),
    "kalmar": ("2015-01_kalmar_nybro_emmaboda.csv", Fmt(), "2015-01_kalmar_nybro_emmaboda.csv", Fmt()),
    "landstinget": (
        "2015-01_landstinget.txt",
        Fmt(delim="\t", pnr="plain12", dates="compact"),
        "2015-01_landstinget.csv",
        Fmt(pnr="plain12"),
    ),
    "lessebo": ("2015-01_lessebo.csv", Fmt(delim=","), "2015-01_lessebo.csv", Fmt()),
    "torsas": ("2022-01_torsas.csv", Fmt(encoding="utf-8-sig"), "2022-01_torsas.csv", Fmt()),
    "ljungby_vimmerby": (
        "2022-01_ljungby_vimmerby.csv",
        Fmt(delim="|", pnr="plain12"),
        "2022-01_ljungby_vimmerby.csv",
        Fmt(encoding="utf-8-sig"),
    ),
}
ANST_SV = (
    "Anställning-ID",
    "Personnummer",
    "Organisation",
    "Sysselsättningsgrad",
    "Anställning from",
    "Anställning tom",
    "Befattning",
    "Arbetsplats",
)
ANST_SNAKE = (
    "anstallning_id",
    "personnummer",
    "organisation",
    "sysselsattningsgrad",
    "anstallning_from",
    "anstallning_tom",
    "befattning",
    "arbetsplats",
)
SJUK_SV = ("Frånvaro-ID", "Personnummer", "Organisation", "Sjuk From", "Sjuk Tom", "Omfattning")
SNAKE_GROUPS = ("landstinget", "lessebo", "ljungby_vimmerby")
CORRECTION_FILE = "2015-02_rattelse_kalmar.csv"


def _hr_name(org: str) -> str:
    """Kalmar's HR system writes NYBRO (its sick-leave extract writes Nybro): matching is case-insensitive."""
    return org.upper() if org == "Nybro" else org


def write_hr(landing: Path, employees: list[Employee], rng: Random) -> tuple[int, int, dict]:
    """Write both HR folders; returns (employment rows, spell rows, notes for the README)."""
    n_anst = n_sjuk = 0
    notes: dict = {}
    for grp, (afile, afmt, sfile, sfmt) in FILES.items():
        members = [e for e in employees if ORGS[e.org][1] == grp]
        rows = []
        for i, e in enumerate(members):
            for sid, s, en, g, job, place in e.spans:
                grade = f"{g}%" if grp == "torsas" and i % 5 == 0 else str(g)
                rows.append((sid, afmt.p(e.pnr), _hr_name(ORGS[e.org][0]), grade, afmt.d(s), afmt.d(en), job, place))
        if grp == "lessebo":  # a genuine typo in the extract: wrong check digit
            bad = rows[len(rows) // 2]
            rows.insert(len(rows) // 2 + 1, ("LES-900001", f"{bad[1][:-1]}{(int(bad[1][-1]) + 1) % 10}", *bad[2:]))
        n_anst += write_delimited(
            landing / "anstallningar" / afile, ANST_SNAKE if grp in SNAKE_GROUPS else ANST_SV, rows, afmt
        )

        spells = []
        for e in members:
            spells += [(s, e.pnr, en, d, e.org) for s, en, d in _spells(e, rng)]
        spells.sort()
        counters: dict[int, int] = {}
        srows = []
        for j, (s, pnr, en, d, oi) in enumerate(spells):
            counters[oi] = counters.get(oi, 0) + 1
            om = f"{d},0" if grp == "kalmar" and d < 100 else f"{d}%" if grp == "torsas" and j % 7 == 0 else str(d)
            srows.append([f"{ORGS[oi][5]}-F{counters[oi]:07d}", sfmt.p(pnr), ORGS[oi][0], sfmt.d(s), sfmt.d(en), om])
        noise = None
        if grp == "landstinget":  # an extract glitch: one spell delivered twice, and empty lines
            dup = len(srows) // 3
            srows.insert(dup + 1, list(srows[dup]))
            notes["duplicate_spell"] = srows[dup][0]
            noise = {10: "", 11: "", 200: ";;;;;"}
        if grp == "kalmar":
            notes["corrections"] = _correction(landing, srows, rng)
            n_sjuk += len(notes["corrections"])
        n_sjuk += write_delimited(
            landing / "sjukfranvaro" / sfile,
            SJUK_SV
            if grp in ("norra", "kalmar", "torsas")
            else ("franvaro_id", "personnummer", "organisation", "sjuk_from", "sjuk_tom", "omfattning"),
            srows,
            sfmt,
            noise,
        )
    return n_anst, n_sjuk, notes


def _correction(landing: Path, srows: list[list[str]], rng: Random) -> list[str]:
    """A later file re-delivering three Kalmar spells: one new omfattning, one tom a day
    earlier, one tom two days later (each picked where the next spell is well clear)."""
    starts = {(r[1], r[3]) for r in srows}

    def clear(r: list[str]) -> bool:
        return all((r[1], iso(od(*map(int, r[4].split("-"))) + k)) not in starts for k in (1, 2, 3))

    picks = [r for r in srows[len(srows) // 2 :] if r[4] and r[4] != r[3] and r[5] in ("100", "50,0") and clear(r)][:40]
    out = []
    for k, idx in enumerate(sorted(rng.sample(range(len(picks)), 3))):
        r = list(picks[idx])
        if k == 0:
            r[5] = "50" if r[5] == "100" else "100"
        else:
            y, m, d = map(int, r[4].split("-"))
            r[4] = iso(od(y, m, d) + (-1 if k == 1 else 2))
        out.append(r)
    write_delimited(landing / "sjukfranvaro" / CORRECTION_FILE, SJUK_SV, out, Fmt())
    return [r[0] for r in out]
