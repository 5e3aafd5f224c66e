"""The `bad/` landing directory: files that produce every file- and row-level reason of SPEC §2.1/§6.

Each row below carries the reason it must get (None = loads), following the one-reason
precedence of §2.1: columns in table order (empty, parse, rule), then invalid_period, then
unknown_project, then duplicate_key among the rows that passed everything else.
A `.xlsx` row file holds typed cells (dates, numbers, text), each read by its own type.
`expectations()` turns this into the table of data_samples/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from random import Random

import yaml

from esf.personnummer import luhn_check_digit

from .common import PNR_FORMS, Fmt, write_delimited, write_xlsx, wrong_check

Row = tuple[str | None, list[object]]


def _mk(y: int, m: int, d: int, serial: str) -> str:
    nine = f"{y % 100:02d}{m:02d}{d:02d}{serial}"
    return f"{y // 100}{nine}{luhn_check_digit(nine)}"


P1, P2, P3 = _mk(1985, 3, 12, "238"), _mk(1972, 11, 5, "457"), _mk(1990, 6, 21, "120")
P4, P5, P6 = _mk(1968, 1, 30, "333"), _mk(1979, 9, 9, "642"), _mk(1995, 12, 1, "771")
SAM = _mk(1983, 4, 75, "286")  # samordningsnummer: 15 April + 60
OLD = _mk(1915, 6, 12, "402")  # written YYMMDD+NNNN: aged 100 or more
d12, d10 = PNR_FORMS["dash12"], PNR_FORMS["dash10"]
NO_DATE = f"19850230-123{luhn_check_digit('850230123')}"  # right check digit, impossible date
ELEVEN = f"{P4[:8]}-{P4[8:11]}"  # 11 digits
YOUNG = _mk(2005, 6, 12, "123")  # its 10-digit form starts with 0: a number cell drops it
LETTERS = f"{P4[:8]}-12AB"


def _a(i: str, p: str, org: str = "Testkommun", g: str = "100", f: str = "2012-01-01", t: str = "") -> list[str]:
    return [i, p, org, g, f, t, "Undersköterska", "Hemtjänst"]


def _s(i: str, p: str, f: str = "2012-02-01", t: str = "2012-02-03", om: str = "100", org: str = "Testkommun"):
    return [i, d12(p) if p.isdigit() else p, org, f, t, om]


def _u(
    i: str,
    p: str,
    hh: str = "T-H001",
    k: str = "Testkommun",
    d: str = "2012-03-05",
    m: str = "2012-03",
    b: str = "8 450,00",
) -> list[str]:
    return [i, d12(p) if p.isdigit() else p, hh, k, d, m, b, "forsorjningsstod", "arbetslos"]


def _d(pr: str, p: str, s: str = "2012-01-10", e: str = "", why: str = "") -> list[str]:
    return [pr, p, s, e, why, "arbetstraning", "deltagare", ""]


def _k(
    pr: str = "TEST",
    aid: str = "T-001",
    d: str = "2012-03-01",
    typ: str = "workshop",
    p: str = "",
    roll: str = "medarbetare",
    h: str = "1,5",
) -> list[str]:
    return [pr, aid, d, typ, p, roll, h]


def _e(
    pr: str = "TEST", enk: str = "avslut", resp: str = "R001", d: str = "2012-05-02", q: str = "nojd", svar: str = "4"
) -> list[str]:
    return [pr, enk, resp, d, q, svar]


ROW_FILES: dict[str, tuple[tuple[str, ...], list[Row]]] = {
    "anstallningar/row_reasons.csv": (
        (
            "anstallning_id",
            "personnummer",
            "organisation",
            "sysselsattningsgrad",
            "anstallning_from",
            "anstallning_tom",
            "befattning",
            "arbetsplats",
        ),
        [
            (None, _a("A-001", d12(P1))),
            ("missing_value", _a("", d12(P2))),
            ("invalid_personnummer", _a("A-003", wrong_check(P3))),
            ("invalid_personnummer", _a("A-004", NO_DATE)),
            ("invalid_personnummer", _a("A-005", ELEVEN)),
            ("invalid_personnummer", _a("A-006", LETTERS)),
            ("missing_value", _a("A-007", d12(P4), org="")),
            ("invalid_number", _a("A-008", d12(P4), g="abc")),
            ("invalid_number", _a("A-009", d12(P4), g="12,3,4")),
            ("invalid_value", _a("A-010", d12(P5), g="0")),
            ("invalid_value", _a("A-011", d12(P5), g="120")),
            ("invalid_date", _a("A-012", d12(P5), f="2012-13-01")),
            ("invalid_date", _a("A-013", d12(P5), f="31/12/2012")),
            ("invalid_date", _a("A-014", d12(P5), t="2012-02-30")),
            ("invalid_period", _a("A-015", d12(P6), f="2012-06-01", t="2012-05-31")),
            ("duplicate_key", _a("A-001", d12(P6), g="50")),
            (None, _a("A-017", d12(P6), g="75%", f="2012-03-01", t="2013-02-28")),
            ("invalid_personnummer", _a("A-018", wrong_check(P2), g="0")),  # pnr is checked before the grade
            ("missing_value", _a("A-019", d12(P2), g="", f="2012-13-01")),  # empty grade comes first
            ("invalid_period", _a("A-001", d12(P3), f="2012-06-01", t="2012-01-01")),  # not duplicate_key
            (None, _a("A-021", d12(SAM), g="50,5")),
            ("missing_value", _a("A-022", "")),
            (None, _a("A-023", d10(P3), f="20120101")),
            ("missing_value", _a("A-024", d12(P3), f="")),
        ],
    ),
    # An HR export edited by hand: dates, date-times, numbers and text mixed in the same columns.
    "anstallningar/mixed_cells.xlsx": (
        (
            "anstallning_id",
            "personnummer",
            "organisation",
            "sysselsattningsgrad",
            "anstallning_from",
            "anstallning_tom",
            "befattning",
            "arbetsplats",
        ),
        [
            (None, ["M-001", int(P1), "Testkommun", 100, dt.datetime(2012, 1, 1), None, "Undersköterska", "Hemtjänst"]),
            (
                None,
                [
                    "M-002",
                    d12(P2),
                    "Testkommun",
                    50.0,
                    dt.datetime(2012, 2, 1, 8, 30),
                    dt.date(2012, 12, 31),
                    "Undersköterska",
                    "Hemtjänst",
                ],
            ),
            (None, ["M-003", d12(P3), "Testkommun", "75,5", "2012-03-01", "2012-12-31", "Vårdbiträde", "Hemtjänst"]),
            (None, [1004, d12(P4), "Testkommun", 80, 20120401, None, "Vårdbiträde", "Hemtjänst"]),
            ("invalid_date", ["M-005", d12(P5), "Testkommun", 100, "2012-02-30", None, "Vårdbiträde", "Hemtjänst"]),
            (
                "invalid_date",
                ["M-006", d12(P6), "Testkommun", 100, 40969, None, "Vårdbiträde", "Hemtjänst"],
            ),  # a serial
            (
                "invalid_personnummer",
                ["M-007", int(YOUNG[2:]), "Testkommun", 100, dt.date(2012, 5, 1), None, "Vårdbiträde", "Hemtjänst"],
            ),  # 9 digits: the leading zero is lost
            (
                None,
                [
                    "M-008",
                    int(P5[2:]),
                    "Testkommun",
                    37.5,
                    dt.date(2012, 5, 1),
                    dt.datetime(2012, 8, 31, 23, 59),
                    "Vårdbiträde",
                    "Hemtjänst",
                ],
            ),
        ],
    ),
    "sjukfranvaro/row_reasons.csv": (
        ("franvaro_id", "personnummer", "organisation", "sjuk_from", "sjuk_tom", "omfattning"),
        [
            (None, _s("S-001", P1)),
            (None, _s("S-002", P1, "2012-02-04", "2012-02-10", "50,0")),
            ("invalid_value", _s("S-003", P2, om="30")),
            ("invalid_number", _s("S-004", P2, om="abc")),
            ("missing_value", _s("S-005", P2, om="")),
            ("missing_value", _s("S-006", P2, f="")),
            ("invalid_date", _s("S-007", P2, f="20121301")),
            ("invalid_period", _s("S-008", P3, "2012-05-10", "2012-05-01")),
            ("duplicate_key", _s("S-001", P3, "2012-08-01", "2012-08-02")),
            ("missing_value", _s("", P3)),
            ("missing_value", _s("S-011", "")),
            (None, _s("S-012", SAM, "2012-11-20", "", "100%")),
            ("invalid_value", _s("S-013", P4, om="150")),
            ("invalid_personnummer", _s("S-014", wrong_check(P4), om="30")),
            ("invalid_date", _s("S-015", P4, "2012-04-20", "2012-04-31")),
            (None, _s("S-016", f"{OLD[2:8]}+{OLD[8:]}", "2012-03-01", "2012-03-02")),
            ("missing_value", _s("S-017", P5, org="")),
            (None, _s("S-018", P5, "2012-09-03", "2012-09-05", "25")),
        ],
    ),
    "forsorjningsstod/row_reasons.csv": (
        (
            "utbetalning_id",
            "personnummer",
            "hushall_id",
            "kommun",
            "utbetalningsdatum",
            "avser_manad",
            "belopp",
            "bistandstyp",
            "forsorjningshinder",
        ),
        [
            (None, _u("U-001", P1)),
            (None, _u("U-002", P1, d="2012-04-03", m="201203", b="-1 200,00")),
            (None, _u("U-003", P2, hh="", d="2012-03-10", m="", b="5 600 kr")),
            ("invalid_value", _u("U-004", P2, b="0")),
            ("invalid_value", _u("U-005", P2, b="250000")),
            (None, _u("U-006", P2, d="2012-05-02", m="2012-04", b="-250000")),  # repayments have no lower bound
            ("invalid_number", _u("U-007", P3, b="12,3,4")),
            ("invalid_date", _u("U-008", P3, m="2012-13")),
            ("invalid_date", _u("U-009", P3, m="201213")),
            ("invalid_date", _u("U-010", P3, d="2012-02-30")),
            ("missing_value", _u("U-011", P3, k="")),
            ("missing_value", _u("U-012", P4, b="")),
            ("duplicate_key", _u("U-001", P4, d="2012-06-01", m="2012-06")),
            ("missing_value", _u("U-014", P4, d="")),
            ("invalid_number", _u("U-015", P4, b="abc")),
            (None, _u("U-016", P5, b="1\u00a0234,50")),
            (None, _u("U-017", P5, b="200 000,00")),
            ("invalid_value", _u("U-018", P5, b="200 000,01")),
            ("invalid_personnummer", _u("U-019", LETTERS)),
            (None, _u("U-020", P6, d="20120705", m="")),
        ],
    ),
    "deltagare/row_reasons.csv": (
        ("projekt", "personnummer", "startdatum", "slutdatum", "avslutsorsak", "insats", "roll", "malgrupp"),
        [
            (None, _d("TEST", d12(P1), e="2012-06-30", why="arbete")),
            (None, _d("TEST", d12(P2), s="2012-02-01")),
            ("unknown_project", _d("NOPE", d12(P3))),
            ("missing_value", _d("", d12(P3))),
            ("missing_value", _d("TEST", d12(P4), e="2012-05-31")),  # slutdatum set, avslutsorsak empty
            ("invalid_value", _d("TEST", d12(P5), e="2012-05-31", why="semester")),
            ("invalid_period", _d("TEST", d12(P6), s="2012-06-01", e="2012-05-01", why="arbete")),
            ("invalid_period", _d("NOPE", d12(P6), s="2012-06-01", e="2012-05-01", why="arbete")),
            ("invalid_value", _d("NOPE", d12(P6), e="2012-05-31", why="semester")),
            ("duplicate_key", _d("TEST", d10(P1), e="2012-07-31", why="studier")),  # row 1's person and start
            ("missing_value", _d("TEST", d12(P5), s="")),
            ("unknown_project", _d("BADIND", d12(P5))),  # its project file is rejected
            (None, _d("TEST", d12(P1), s="2012-09-01")),
            ("invalid_date", _d("TEST", d12(P4), s="2012-03-01", e="2012-13-01")),
            ("missing_value", _d("NOPE", d12(P4), s="2012-04-01", e="2012-05-01")),
            ("invalid_personnummer", _d("TEST", wrong_check(P3))),
            (None, _d("TEST", d12(SAM), s="20120115", e="20120615", why="studier")),
            ("missing_value", _d("TEST", "")),
            ("duplicate_key", _d("TEST", d12(P2), s="2012-02-01")),  # copy of row 2
        ],
    ),
    "aktiviteter/row_reasons.csv": (
        ("projekt", "aktivitet_id", "datum", "aktivitetstyp", "personnummer", "roll", "timmar"),
        [
            (None, _k(p=d12(P1))),
            (None, _k(roll="", h="2")),  # unknown attendee
            ("duplicate_key", _k(roll="", h="2")),  # a second empty personnummer in the same occurrence
            ("duplicate_key", _k(p=d12(P1), h="3")),
            ("invalid_value", _k(aid="T-002", p=d12(P2), h="25")),
            ("invalid_value", _k(aid="T-002", p=d12(P3), h="0")),
            ("invalid_number", _k(aid="T-002", p=d12(P4), h="abc")),
            ("missing_value", _k(aid="T-003", d="", p=d12(P1))),
            ("missing_value", _k(aid="T-003", typ="", p=d12(P1))),
            ("missing_value", _k(aid="", p=d12(P1))),
            ("unknown_project", _k(pr="NOPE", p=d12(P1))),
            ("invalid_personnummer", _k(aid="T-002", p=NO_DATE)),
            (None, _k(aid="T-002", p=d12(P2), h="")),
            ("invalid_date", _k(aid="T-004", d="31/12/2012", p=d12(P1))),
            (None, _k(aid="T-004", d="2012-12-31", p=d12(P1), h="24")),
            ("missing_value", _k(pr="", p=d12(P5))),
            (None, _k(aid="T-004", d="2012-12-31", p=d10(P2), roll="chef", h="1.5")),
        ],
    ),
    "enkater/row_reasons.csv": (
        ("Projekt", "Enkät", "Respondent", "Besvarad", "Fråga", "Svar"),
        [
            (None, _e()),
            (None, _e(q="rekommendera", svar="ja")),
            (None, _e(resp=d12(P1), svar="5")),
            ("duplicate_key", _e(resp=d10(P1), svar="3")),  # the same person written another way
            ("invalid_personnummer", _e(resp=wrong_check(P2))),
            ("invalid_personnummer", _e(resp=wrong_check(P3).replace("-", "")[2:])),  # 10 digits
            (None, _e(resp="R-17", svar="2")),
            ("invalid_date", _e(resp="R002", d="2012-13-01")),
            ("missing_value", _e(resp="R002", q="")),
            ("missing_value", _e(enk="", resp="R002")),
            ("missing_value", _e(resp="")),
            (None, _e(resp="R002", svar="")),
            ("unknown_project", _e(pr="NOPE", resp="R003")),
            ("duplicate_key", _e(svar="5")),  # R001 / nojd again
            ("missing_value", _e(resp="R003", d="")),
            (None, _e(resp="R003", svar="4,0")),
            (None, _e(resp="R004", svar="vet ej")),
        ],
    ),
}

_GOAL = {"id": "deltagare", "text": "Minst fem deltagare", "indikator": "participants", "mal": 5, "riktning": ">="}
_BASE = {
    "kod": "TEST",
    "namn": "Testprojektet",
    "projektagare": "Testkommun",
    "startdatum": dt.date(2012, 1, 1),
    "slutdatum": dt.date(2013, 12, 31),
    "organisationer": ["Testkommun"],
    "kommuner": ["Testkommun"],
    "mal": [_GOAL],
}
PROJECT_FILES = {  # file -> (content, expected reason or None)
    "TEST.yml": (_BASE, None),
    "invalid_unknown_indicator.yml": (
        {**_BASE, "kod": "BADIND", "mal": [{**_GOAL, "indikator": "sick_days_total"}]},
        "invalid_project_file",
    ),
    "invalid_breakdown.yml": (
        {**_BASE, "kod": "BADBRK", "mal": [{**_GOAL, "uppdelning": {"activity_type": "workshop"}}]},
        "invalid_project_file",
    ),
    "invalid_missing_namn.yml": (
        {k: v for k, v in _BASE.items() if k != "namn"} | {"kod": "BADNAMN"},
        "invalid_project_file",
    ),
    "invalid_bad_date.yml": ({**_BASE, "kod": "BADDATE", "startdatum": "31/08/2011"}, "invalid_project_file"),
}
VALID_SMALL = [_a(f"V-00{i}", d12(p), f=f"2012-0{i}-01") for i, p in ((1, P1), (2, P2), (3, P3))]
# file-level outcomes: path -> (status, reason, rows_read)
FILE_LEVEL = {
    "anstallningar/missing_column_organisation.csv": ("rejected", "missing_column (organisation)", 2),
    "anstallningar/valid_small.csv": ("loaded", "", 3),
    "anstallningar/valid_small_duplicate_file.csv": ("duplicate", "duplicate_file", 0),
    "deltagare/export.pdf": ("rejected", "unsupported_format", 0),
    "deltagare/header_only.csv": ("loaded", "", 0),
    "deltagare/missing_column_personnummer.csv": ("rejected", "missing_column (personnummer)", 3),
    "deltagare/unreadable_binary.csv": ("rejected", "unreadable_file", 0),
    "enkater/unreadable_garbage.xlsx": ("rejected", "unreadable_file", 0),
}


def write_bad(bad: Path, rng: Random) -> int:
    """Write the whole bad/ directory; returns the number of files."""
    (bad / "projekt").mkdir(parents=True, exist_ok=True)
    for name, (content, _r) in PROJECT_FILES.items():
        text = yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
        (bad / "projekt" / name).write_text(text, encoding="utf-8")
    f = Fmt()
    for rel, (header, rows) in ROW_FILES.items():
        cells = [r for _why, r in rows]
        if rel.endswith(".xlsx"):
            write_xlsx(bad / rel, header, cells)
        else:
            write_delimited(bad / rel, header, cells, f)
    anst = ROW_FILES["anstallningar/row_reasons.csv"][0]
    write_delimited(bad / "anstallningar/valid_small.csv", anst, VALID_SMALL, f)
    (bad / "anstallningar/valid_small_duplicate_file.csv").write_bytes(
        (bad / "anstallningar/valid_small.csv").read_bytes()
    )
    write_delimited(
        bad / "anstallningar/missing_column_organisation.csv",
        [h for h in anst if h != "organisation"],
        [r[:2] + r[3:] for r in VALID_SMALL[:2]],
        f,
    )
    dl = ROW_FILES["deltagare/row_reasons.csv"][0]
    write_delimited(
        bad / "deltagare/missing_column_personnummer.csv",
        [h for h in dl if h != "personnummer"],
        [r[:1] + r[2:] for _w, r in ROW_FILES["deltagare/row_reasons.csv"][1][:3]],
        f,
    )
    write_delimited(bad / "deltagare/header_only.csv", dl, [], f)
    (bad / "deltagare/export.pdf").write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    (bad / "deltagare/unreadable_binary.csv").write_bytes(b"\x00\x81\x8d\x8f\x90\x9d\x00" + rng.randbytes(1024))
    (bad / "enkater/unreadable_garbage.xlsx").write_bytes(b"\x13\x37" + rng.randbytes(2048))
    return len(PROJECT_FILES) + len(ROW_FILES) + len(FILE_LEVEL)


Expectation = tuple[str, str, str, int | None, int | None, int | None, dict[str, int]]


def expectations() -> list[Expectation]:
    """(path, status, reason, rows_read, rows_loaded, rows_quarantined, quarantined per reason) per bad file;
    row counts of project files are left to the loader (None)."""
    out: list[Expectation] = [
        (f"projekt/{n}", "loaded" if r is None else "rejected", r or "", None, None, None, {})
        for n, (_c, r) in PROJECT_FILES.items()
    ]
    for rel, (_h, rows) in ROW_FILES.items():
        per: dict[str, int] = {}
        for why, _r in rows:
            if why:
                per[why] = per.get(why, 0) + 1
        q = sum(per.values())
        out.append((rel, "loaded", "", len(rows), len(rows) - q, q, dict(sorted(per.items()))))
    for rel, (status, reason, read) in FILE_LEVEL.items():
        loaded = read if status == "loaded" else 0
        out.append((rel, status, reason, read, loaded, 0, {}))
    return sorted(out)
