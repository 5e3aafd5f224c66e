"""Project files (SPEC §6) and each project's own registers: participations, activities, surveys.

Persons are shared with the other sources: PLUS and 4 Ess participants are employees of
their organisations, Klara Livet and Fler i Arbete participants become income-support
applicants (see `income.py`, which receives their plans).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from random import Random

import yaml

from .common import Fmt, People, as_date, month_start, od, rng_for, write_delimited, write_xlsx
from .hr import ESS4_ORGS, ORGS, PLUS_ORGS, Employee

D = dt.date
Plan = tuple[str, str, list[tuple[int, int | None, str]]]  # person, kommun, participations


def _goal(gid: str, text: str, ind: str, mal: float, rikt: str = ">=", **extra: object) -> dict:
    return {"id": gid, "text": text, "indikator": ind, "mal": mal, "riktning": rikt, **extra}


def _survey(gid: str, text: str, q: str, mal: float) -> dict:
    return _goal(gid, text, "survey_agree_share", mal, uppdelning={"question": q})


def _board(code: str) -> list[dict]:
    return [
        {"namn": "Projektägare", "epost": f"styrgrupp.{code}@example.org"},
        {"namn": "Projektledare", "epost": f"projektledare.{code}@example.org"},
    ]


PROJECTS = [
    {
        "kod": "PLUS",
        "namn": "PLUS",
        "projektagare": "Arbetsgivarringen Kalmarsund AB",
        "programomrade": 1,
        "startdatum": D(2011, 8, 1),
        "slutdatum": D(2013, 7, 31),
        "organisationer": list(PLUS_ORGS),
        "styrgrupp": _board("plus"),
        "insatser": {
            "ALUP": "ALUP – Arbetslivsutveckling",
            "halsonatverk": "Hälsonätverket för chefer",
            "halsoinspirator": "Hälsoinspiratörer",
        },
        "enkatfragor": {
            "alup_avslut:sjalvkansla": "Har programmet gett dig stärkt självkänsla och insikt i ditt eget ansvar för hälsan?",
            "natverk_avslut:rustad": "Känner du dig bättre rustad för ett hälsofrämjande ledarskap?",
            "inspirator_avslut:grund": "Har utbildningen gett dig en bra grund för arbetet som hälsoinspiratör?",
            "bemanna_ratt:helhetssyn": "Har du fått en bättre helhetssyn på verksamheten?",
            "tillganglighet:kunskap": "Har du fått ökad kunskap om tillgänglighet och funktionshinder?",
            "jamstalldhet:kunskap": "Har du fått ökad kunskap om jämställdhetsfrågor?",
        },
        "mal": [
            _goal(
                "korttidsfranvaro-alup",
                "Korttidssjukfrånvaron ska minska med 30 % hos dem som genomgår programmet för Arbetslivsutveckling",
                "short_term_sick_leave_change",
                -30,
                "<=",
                uppdelning={"insats": "ALUP"},
                deadline=D(2014, 7, 31),
                kommentar="Följs upp ett år efter avslutat program; utvärderingen görs av studenter "
                "från Linnéuniversitetet.",
            ),
            _survey(
                "sjalvkansla-alup",
                "80 % av deltagarna i programmet för Arbetslivsutveckling ska uppge att "
                "de har fått stärkt självkänsla och insikt i det egna ansvaret för hälsan",
                "alup_avslut:sjalvkansla",
                80,
            ),
            _survey(
                "natverk-rustade",
                "95 % av deltagarna i hälsonätverket ska efter avslutad insats känna att "
                "de står bättre rustade för det hälsofrämjande ledarskapet",
                "natverk_avslut:rustad",
                95,
            ),
            _survey(
                "inspiratorer-grund",
                "95 % av deltagarna i utbildning av hälsoinspiratörer ska uppge att de "
                "har fått en bra grund att stå på för sitt arbete som inspiratörer",
                "inspirator_avslut:grund",
                95,
            ),
            _survey(
                "bemanna-ratt",
                "Efter programmet Bemanna rätt ska 80 % av personalen på Nybro-Emmaboda "
                "hälsocentral uppge att de fått bättre helhetssyn",
                "bemanna_ratt:helhetssyn",
                80,
            ),
            _goal(
                "chefer-halsonatverk",
                "Ca 55 chefer och nyckelpersoner kommer att delta i ett hälsonätverk",
                "participants",
                55,
                uppdelning={"insats": "halsonatverk"},
            ),
            _goal(
                "natverkstraffar",
                "Ett 50-tal nätverksträffar i olika konstellationer ska genomföras under projekttiden",
                "activities_held",
                50,
                uppdelning={"activity_type": "natverkstraff"},
            ),
            _goal(
                "halsoinspiratorer",
                "Ca 55 medarbetare kommer att få utbildning till hälsoinspiratörer",
                "participants",
                55,
                uppdelning={"insats": "halsoinspirator"},
            ),
            _goal(
                "inspiratorstraffar",
                "32 träffar för hälsoinspiratörer i mindre grupper kommer att genomföras under projekttiden",
                "activities_held",
                32,
                uppdelning={"activity_type": "inspiratorstraff"},
            ),
            _goal(
                "chefer-kompetenshojande",
                "Ca 500 chefer och nyckelpersoner kommer att delta i kompetenshöjande aktiviteter",
                "activity_attendees",
                500,
                uppdelning={"roll": "chef"},
            ),
            _goal(
                "medarbetare-kompetenshojande",
                "Ca 390 övriga medarbetare kommer att delta i kompetenshöjande aktiviteter",
                "activity_attendees",
                390,
                uppdelning={"roll": "medarbetare"},
            ),
            _survey(
                "tillganglighet-kunskap",
                "100 % av deltagarna i kompetensutveckling om tillgänglighet ska känna "
                "att de fått en ökad kunskap om tillgänglighet och funktionshinder",
                "tillganglighet:kunskap",
                100,
            ),
            _survey(
                "jamstalldhet-kunskap",
                "100 % av deltagarna i kompetensutveckling om jämställdhetsintegrering "
                "upplever att de fått ökad kunskap om jämställdhetsfrågor",
                "jamstalldhet:kunskap",
                100,
            ),
            _goal(
                "tidningen-personligt",
                "I fem nummer av tidningen Personligt ska projektet följas och beskrivas",
                "manual",
                5,
                enhet="nummer",
                varden=[
                    {"datum": D(y, m, 15), "varde": i + 1}
                    for i, (y, m) in enumerate(((2011, 12), (2012, 5), (2012, 10), (2013, 3), (2013, 6)))
                ],
            ),
        ],
    },
    {
        "kod": "KLARA",
        "namn": "Klara Livet",
        "projektagare": "Blekinge kompetenscenter",
        "programomrade": 2,
        "startdatum": D(2011, 2, 1),
        "slutdatum": D(2014, 8, 31),
        "kommuner": ["Bromölla", "Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg"],
        "styrgrupp": _board("klara"),
        "insatser": {"arbetspraktik": "Arbetspraktik", "inkubator": "Inkubatorn för sociala företag"},
        "enkatfragor": {
            "uppfoljning_90:nojd": "Är du nöjd med stödet du fick i projektet?",
            "uppfoljning_90:sysselsattning": "Vad gör du i dag, 90 dagar efter avslutet?",
        },
        "mal": [
            _goal(
                "deltagare-200",
                "Under de tre år som projektet pågår ska insatser göras för minst 200 personer",
                "participants",
                200,
            ),
            _goal(
                "tillbaka-arbetslivet",
                "100 personer ska ha kommit tillbaka till arbetslivet",
                "to_work_or_studies",
                100,
                kommentar="Indikatorn räknar även den som går vidare till studier.",
            ),
            _goal(
                "kursomgangar",
                "20 kursomgångar om 22 veckor (Liv i Livet och Klara Livet)",
                "activities_held",
                20,
                uppdelning={"activity_type": "kursomgang"},
            ),
            _goal(
                "jamn-konsfordelning",
                "Könsfördelningen bland deltagarna ska vara jämn",
                "women_share",
                60,
                "<=",
                kommentar="Nästan två av tre i målgruppen är kvinnor; rekryteringen av män förstärks.",
            ),
            _goal(
                "sociala-foretag",
                "Minst två nya sociala eller kooperativa företag",
                "manual",
                2,
                enhet="antal",
                varden=[{"datum": D(2012, 6, 30), "varde": 1}, {"datum": D(2013, 9, 30), "varde": 2}],
            ),
        ],
    },
    {
        "kod": "FIA",
        "namn": "Fler i Arbete",
        "projektagare": "Osby kommun, Utbildning och arbete",
        "programomrade": 2,
        "startdatum": D(2011, 9, 1),
        "slutdatum": D(2014, 6, 30),
        "kommuner": ["Osby"],
        "styrgrupp": _board("fia"),
        "insatser": {"kartlaggning": "Kartläggning", "matchning": "Matchning", "arbetstraning": "Arbetsträning"},
        "enkatfragor": {
            "avslut:bemotande": "Har du fått ett gott bemötande?",
            "avslut:narmare_arbetsmarknaden": "Står du närmare arbetsmarknaden i dag?",
            "avslut:positivt": "Har deltagandet varit positivt för dig?",
            "avslut:motiverad": "Är du mer motiverad att söka arbete eller studier?",
            "avslut:redskap": "Har du fått redskap för din personliga utveckling?",
        },
        "mal": [
            _goal(
                "arbete-studier",
                "60 % av deltagarna ska gå vidare till arbete eller studier",
                "share_to_work_or_studies",
                60,
            ),
            _goal("malgrupp", "Målgruppen omfattar ca 60 personer (30 män och 30 kvinnor)", "participants", 60),
            _survey("bemotande", "Deltagarna ska uppleva ett gott bemötande", "avslut:bemotande", 100),
            _survey(
                "narmare-arbetsmarknaden",
                "Deltagarna ska uppleva att de står närmare arbetsmarknaden",
                "avslut:narmare_arbetsmarknaden",
                95,
            ),
            _survey("positivt", "Deltagarna ska uppleva deltagandet som positivt", "avslut:positivt", 80),
            _survey(
                "motiverad",
                "Deltagarna ska känna sig mer motiverade att söka arbete eller studier",
                "avslut:motiverad",
                95,
            ),
            _survey("redskap", "Deltagarna ska ha fått redskap för sin personliga utveckling", "avslut:redskap", 80),
            _goal(
                "socialt-foretag",
                "Minst ett arbetsintegrerat socialt företag ska bildas",
                "manual",
                1,
                enhet="antal",
                varden=[{"datum": D(2014, 6, 30), "varde": 0}],
                kommentar="Inget socialt företag startades under projekttiden.",
            ),
            _goal(
                "forsorjningsstod-minskar",
                "Försörjningsstödet ska minska för deltagarna",
                "self_sufficient_after_exit_share",
                40,
            ),
        ],
    },
    {
        "kod": "ESS4",
        "namn": "4 Ess – Smart Samverkan i Småland Sydost",
        "projektagare": "Ljungby, Torsås och Vimmerby kommuner",
        "startdatum": D(2017, 2, 1),
        "slutdatum": D(2020, 1, 31),
        "organisationer": list(ESS4_ORGS),
        "styrgrupp": _board("4ess"),
        "insatser": {"individuell_del": "Den individuella delen"},
        "mal": [
            _goal(
                "sjukfranvaro-minskar",
                "Sjukfrånvaron ska minska jämfört med året före projektet",
                "sick_leave_rate",
                -10,
                "<=",
                jamfor_med="baslinje",
                deadline=D(2019, 12, 31),
            ),
            _goal(
                "korttidssjukfranvaro-minskar",
                "Korttidssjukfrånvaron ska minska jämfört med året före projektet",
                "short_term_sick_leave_rate",
                -15,
                "<=",
                jamfor_med="baslinje",
                deadline=D(2019, 12, 31),
            ),
            _goal(
                "avstamningsmoten",
                "Fasta tider för avstämningsmöten på vård- och hälsocentralerna",
                "activities_held",
                150,
                uppdelning={"activity_type": "avstamningsmote"},
            ),
            _goal("deltagare-individuella", "Anställda i den individuella delen", "participants", 120),
        ],
    },
]


def write_projects(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for p in PROJECTS:
        text = yaml.safe_dump(p, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{p['kod']}.yml").write_text(text, encoding="utf-8")
    return len(PROJECTS)


def _answers(rng: Random, spec: list[tuple[str, int]]) -> list[str]:
    out = [a for a, n in spec for _ in range(n)]
    rng.shuffle(out)
    return out


# ------------------------------------------------------------------------------------ PLUS


def plus(rng: Random, emps: list[Employee]) -> tuple[list, list, list, tuple]:
    """Network chefs, health inspirers, ALUP; lectures so that ~494 chefs and ~386 staff attend."""
    p0, p1 = od(2011, 8, 1), od(2013, 7, 31)
    ours = [e for e in emps if ORGS[e.org][0] in PLUS_ORGS]
    staff = [e for e in ours if e.employed(p0, p1)]
    broad = [e for e in ours if e.first <= p1 and (e.last is None or e.last >= p0)]
    used: dict[str, None] = {}

    def take(pool: list[Employee], n: int, cond=lambda e: True) -> list[Employee]:
        cand = [e for e in pool if e.pnr not in used and cond(e)]
        got = rng.sample(cand, min(n, len(cand)))
        used.update((e.pnr, None) for e in got)
        return got

    network = take(staff, 56, lambda e: e.chef)
    network += take(staff, 56 - len(network))
    network.sort(key=lambda e: (e.org, e.pnr))
    alup = take(staff, 33, lambda e: e.pnr[10] in "02468" and e.employed(od(2010, 1, 1), od(2014, 12, 31)))
    alup += take(staff, 3, lambda e: e.pnr[10] in "13579" and e.employed(od(2010, 1, 1), od(2014, 12, 31)))
    insp = take(staff, 54, lambda e: not e.chef)
    chefs = [e.pnr for e in network] + [e.pnr for e in take(broad, 438, lambda e: e.chef)]
    chefs += [e.pnr for e in take(broad, 494 - len(chefs), lambda e: not e.chef)]
    staff_pool = [e.pnr for e in insp + alup] + [e.pnr for e in take(broad, 296)]

    dl: list[tuple] = []
    events: list[list] = []  # [date, type, attendees {pnr: roll}, timmar, unknown attendee?]
    ends: dict[str, tuple[int, int]] = {}
    for i, e in enumerate(network):
        s = p0 + 31 + rng.randint(0, 60) if i % 14 else od(2012, 2, 1) + rng.randint(0, 80)
        end, why = (
            (od(2012, rng.randint(3, 11), 15), "flyttat" if i == 33 else "avbrott")
            if i in (5, 17, 33)
            else (od(2013, 6, 30), "arbete")
        )
        ends[e.pnr] = (s, end)
        dl.append(("PLUS", e.pnr, s, end, why, "halsonatverk", "chef", "chefer och nyckelpersoner"))
    for i, e in enumerate(insp):
        s, end, why = od(2011, 10, 1) + rng.randint(0, 45), od(2013, 5, 31), "arbete"
        if i == 20:
            end, why = od(2012, 9, 30), "avbrott"
        ends[e.pnr] = (s, end)
        dl.append(("PLUS", e.pnr, s, end, why, "halsoinspirator", "medarbetare", "medarbetare"))
    groups = (
        (od(2011, 10, 3), od(2012, 3, 30)),
        (od(2012, 1, 16), od(2012, 6, 15)),
        (od(2012, 8, 27), od(2013, 1, 25)),
    )
    rng.shuffle(alup)
    for i, e in enumerate(alup):
        s, end = groups[i // 12]
        why = "arbete"
        if i in (7, 26):
            end, why = s + 70, "avbrott"
        e.frailty = 1.2 + 0.2 * rng.random()  # chosen as being at risk: similar, high frailty
        e.effect = (s, end, 1.8, 1.2, 0.8)
        dl.append(("PLUS", e.pnr, s, end, why, "ALUP", "medarbetare", "medarbetare i riskzon för ohälsa"))

    def meetings(members: list[Employee], n_groups: int, per: int, months: list[int], typ: str, h: str) -> None:
        for g in range(n_groups):
            grp = members[g * len(members) // n_groups : (g + 1) * len(members) // n_groups]
            mine, roll = [], "chef" if typ == "natverkstraff" else "medarbetare"
            for mi in sorted(rng.sample(months, per)):
                day = month_start(mi) + 4 + 5 * g + rng.randint(0, 3)
                ok = [e for e in grp if ends[e.pnr][0] <= day <= ends[e.pnr][1]]
                mine.append([day, typ, {e.pnr: roll for e in ok if rng.random() < 0.8}, h, False])
            for e in grp:  # everyone in a group comes at least once
                if not any(e.pnr in ev[2] for ev in mine):
                    ev = next((ev for ev in mine if ends[e.pnr][0] <= ev[0] <= ends[e.pnr][1]), mine[0])
                    ev[2][e.pnr] = roll
            events.extend(mine)

    months = [mi for mi in range(2011 * 12 + 8, 2013 * 12 + 6) if mi != 2012 * 12 + 6]
    meetings(network, 4, 13, months, "natverkstraff", "3")
    meetings(insp, 4, 8, months[2:-1], "inspiratorstraff", "2,5")
    special = {od(2012, 4, 18): "tillganglighet", od(2012, 10, 10): "jamstalldhet"}
    days = rng.sample(range(od(2011, 10, 1), od(2013, 5, 31)), 24)
    big = [[d, "forelasning", {}, "2,5", False] for d in days[:12]]
    big += [[d, "workshop", {}, "3", False] for d in [*days[12:20], *special]]
    big += [
        [d, "seminarium", {}, "6", False] for d in (od(2012, 1, 26), od(2012, 5, 24), od(2012, 11, 15), od(2013, 4, 11))
    ]
    for ev in big:
        lo, hi = {"forelasning": (20, 45), "workshop": (8, 16), "seminarium": (40, 70)}[ev[1]]
        if ev[0] in special:
            lo, hi = 16, 20
        ev[2].update((p, "chef") for p in rng.sample(chefs, rng.randint(lo, hi)))
        ev[2].update((p, "medarbetare") for p in rng.sample(staff_pool, rng.randint(lo, hi)))
    seen = {p for ev in events + big for p in ev[2]}
    for pool, roll in ((chefs, "chef"), (staff_pool, "medarbetare")):
        for p in pool:
            if p not in seen:
                rng.choice(big)[2][p] = roll
    events += big
    events.sort(key=lambda ev: (ev[0], ev[1]))
    for k in (2, 6, 13):
        [ev for ev in events if ev[1] in ("forelasning", "seminarium")][k][4] = True
    akt, counters = [], {}
    code = {"natverkstraff": "NT", "inspiratorstraff": "IT", "forelasning": "FL", "workshop": "WS", "seminarium": "SE"}
    ws_ids = {}
    for ev in events:
        c = code[ev[1]]
        counters[c] = counters.get(c, 0) + 1
        aid = f"PLUS-{c}-{counters[c]:03d}"
        if ev[1] == "workshop" and ev[0] in special:
            ws_ids[ev[0]] = (aid, list(ev[2]))
        akt += [("PLUS", aid, ev[0], ev[1], p, r, ev[3]) for p, r in ev[2].items()]
        if ev[4]:
            akt.append(("PLUS", aid, ev[0], ev[1], "", "", ev[3]))
    bad_row_id = [a for a in akt if a[3] == "forelasning"][40][1]
    outsider = next(p for p in chefs if all(not (a[1] == bad_row_id and a[4] == p) for a in akt))

    enk: list[tuple] = []

    def survey(enkat: str, fraga: str, resp: list[tuple[str, int]], spec: list[tuple[str, int]]) -> None:
        for (who, when), ans in zip(resp, _answers(rng, spec), strict=False):
            enk.append(("PLUS", enkat, who, when, fraga, ans))

    alup_rows = [r for r in dl if r[5] == "ALUP"]
    survey("alup_avslut", "sjalvkansla", [(r[1], r[3]) for r in alup_rows], [("ja", 30), ("nej", 5), ("vet ej", 1)])
    done = [r for r in dl if r[5] == "halsonatverk" and r[4] == "arbete"][:50]
    survey(
        "natverk_avslut",
        "rustad",
        [(r[1], od(2013, 6, 3) + rng.randint(0, 20)) for r in done],
        [("5", 20), ("4", 25), ("4,0", 3), ("3", 2)],
    )
    done = [r for r in dl if r[5] == "halsoinspirator" and r[4] == "arbete"][:50]
    survey(
        "inspirator_avslut",
        "grund",
        [(r[1], od(2013, 5, 20) + rng.randint(0, 10)) for r in done],
        [("5", 22), ("4", 25), ("2", 1), ("3", 1), ("vet ej", 1)],
    )
    survey(
        "bemanna_ratt",
        "helhetssyn",
        [(f"BR{i:02d}", od(2012, 11, 12) + i // 3) for i in range(1, 41)],
        [("5", 12), ("4", 19), ("3", 6), ("2", 3)],
    )
    for d, name in special.items():
        spec = [("ja", 29), ("vet ej", 1)] if name == "tillganglighet" else [("ja", 28), ("nej", 2)]
        survey(name, "kunskap", [(p, d + 7) for p in ws_ids[d][1][:30]], spec)
    bad = ("PLUS", bad_row_id, "2012-09-31", "forelasning", outsider, "chef", "2,5")
    return dl, akt, enk, bad


# ------------------------------------------------------------------------------------ 4 Ess


def ess4(rng: Random, emps: list[Employee]) -> tuple[list, list]:
    """~128 employees at risk; reconciliation meetings with their manager at the health centre."""
    ours = [e for e in emps if ORGS[e.org][0] in ESS4_ORGS]
    pool = [e for e in ours if not e.chef and e.employed(od(2016, 1, 1), od(2020, 12, 31))]
    chefs: dict[int, list[str]] = {}
    for e in ours:
        if e.chef:
            chefs.setdefault(e.org, []).append(e.pnr)
    extract, first = od(2020, 1, 31), od(2017, 3, 1)
    chosen = sorted(rng.sample(pool, min(128, len(pool))), key=lambda e: e.pnr)
    plans = sorted(((first + rng.randint(0, od(2019, 12, 15) - first), e) for e in chosen), key=lambda x: x[0])
    dl, meets = [], []
    for s, e in plans:
        end = s + rng.randint(45, 300)
        why = rng.choices(("arbete", "vard_behandling", "annat", "flyttat", "avbrott"), (80, 8, 6, 3, 3))[0]
        e.effect = (s, end, 1.5, 1.3, 0.95)
        done = end <= extract
        dl.append(
            (
                "ESS4",
                e.pnr,
                s,
                end if done else None,
                why if done else "",
                "individuell_del",
                "medarbetare",
                rng.choice(("psykisk ohälsa", "diffus smärta")),
            )
        )
        day = s + rng.randint(0, 10)
        dates = [day] + ([day + rng.randint(45, 90)] if rng.random() < 0.45 else [])
        for d in dates:
            if d <= min(end, extract):
                rows = [(e.pnr, "medarbetare")]
                if rng.random() < 0.7 and chefs.get(e.org):
                    rows.append((rng.choice(chefs[e.org]), "chef"))
                if rng.random() < 0.03:
                    rows.append(("", ""))
                meets.append((d, rows, 1.5 if rng.random() < 0.6 else 1))
    meets.sort(key=lambda m: m[0])
    akt = [
        ("ESS4", f"ESS4-AM-{i:03d}", d, "avstamningsmote", p, r, h)
        for i, (d, rows, h) in enumerate(meets, start=1)
        for p, r in dict(rows).items()
    ]
    return dl, akt


# ------------------------------------------------------------------------------------ Klara Livet


def klara(rng: Random, people: People) -> tuple[list, list, list, list[Plan]]:
    """20 rounds (5 waves x 4 places), 22 weeks each; about two in three women, ~100 to work."""
    waves = (od(2011, 2, 7), od(2011, 5, 2), od(2011, 9, 5), od(2012, 2, 6), od(2012, 7, 9))
    places = ("Karlskrona", "Karlshamn", "Ronneby", "Sölvesborg")
    feeders = {"Karlshamn": "Olofström", "Sölvesborg": "Bromölla"}
    sizes = [rng.randint(10, 15) for _ in range(20)]
    n = sum(sizes)
    sexes = ["K"] * round(n * 2 / 3) + ["M"] * (n - round(n * 2 / 3))
    rng.shuffle(sexes)
    why = {
        "arbete": 72,
        "studier": 30,
        "avbrott": 22,
        "flyttat": 4,
        "annat": 6,
        "vard_behandling": 25,
        "annan_insats": 26,
    }
    reasons = [r for r, k in why.items() for _ in range(k)] + ["arbetssokande"] * (n - 2 - sum(why.values()))
    reasons += ["", ""]  # two still registered at the end
    rng.shuffle(reasons)
    dl, akt, enk, plans = [], [], [], []
    i = 0
    for k, size in enumerate(sizes):
        w, loc = divmod(k, 4)
        start, last = waves[w] + loc, waves[w] + 21 * 7 + 4
        for _ in range(size):
            pnr = people.new(rng, sexes[i], 1960, 1995)
            r = reasons[i]
            end = None if not r else start + rng.randint(14, 120) if r == "avbrott" else last
            kommun = feeders[places[loc]] if places[loc] in feeders and rng.random() < 0.35 else places[loc]
            dl.append(
                (
                    "KLARA",
                    pnr,
                    start,
                    end,
                    r,
                    "inkubator" if rng.random() < 0.3 else "arbetspraktik",
                    "deltagare",
                    "långtidssjukskriven" if rng.random() < 0.55 else "långtidsarbetslös",
                )
            )
            akt.append(("KLARA", f"KLARA-KO-{k + 1:02d}", start, "kursomgang", pnr, "deltagare"))
            plans.append((pnr, kommun, [(start, end, r)]))
            if end and rng.random() < 0.6:
                who = pnr if rng.random() < 0.85 else f"KL-{i:03d}"
                if r in ("arbete", "studier"):
                    job = r if rng.random() < 0.9 else "arbetssokande"
                else:
                    job = rng.choices(("arbetssokande", "sjukskriven", "annat"), (5, 3, 2))[0]
                when = end + rng.randint(85, 120)
                enk += [
                    ("KLARA", "uppfoljning_90", who, when, "sysselsattning", job),
                    ("KLARA", "uppfoljning_90", who, when, "nojd", str(rng.choice((2, 3, 4, 4, 5, 5)))),
                ]
            i += 1
    return dl, akt, enk, plans


# ------------------------------------------------------------------------------------ Fler i Arbete


def fia(rng: Random, people: People) -> tuple[list, list, list, list[Plan]]:
    """80 persons, 86 starts (six start twice), 44 men; 34 of 74 finished to work or studies."""
    p0, extract = od(2011, 9, 1), od(2014, 6, 27)
    sexes = ["M"] * 44 + ["K"] * 36
    rng.shuffle(sexes)
    latest = [
        r
        for r, k in (
            ("arbete", 28),
            ("studier", 6),
            ("arbetssokande", 14),
            ("vard_behandling", 8),
            ("annan_insats", 7),
            ("avbrott", 5),
            ("flyttat", 3),
            ("annat", 3),
        )
        for _ in range(k)
    ]
    rng.shuffle(latest)
    first_why = ["vard_behandling", "vard_behandling", "vard_behandling", "avbrott", "avbrott", "annan_insats"]
    dl, plans = [], []
    for i, sex in enumerate(sexes):
        pnr = people.new(rng, sex, 1960, 1995)
        parts: list[tuple[int, int | None, str]] = []
        if i < 6:  # still in the project at the end
            parts.append((rng.randint(od(2013, 9, 1), od(2014, 5, 15)), None, ""))
        elif i < 12:  # starts twice
            s1 = rng.randint(p0 + 5, od(2012, 9, 30))
            e1 = s1 + rng.randint(30, 150)
            s2 = e1 + rng.randint(30, 150)
            parts += [(s1, e1, first_why[i - 6]), (s2, min(s2 + rng.randint(60, 360), extract), latest[i - 6])]
        else:
            s = rng.randint(p0 + 5, od(2014, 1, 31))
            parts.append((s, max(s + 21, min(s + rng.randint(60, 420), extract)), latest[i - 6]))
        mal = rng.choices(("utrikes född", "funktionsnedsättning", "långvarigt försörjningsstöd"), (5, 3, 2))[0]
        for j, (s, e, r) in enumerate(parts):
            if j == 0 and len(parts) == 2:
                ins = "kartlaggning"
            elif r in ("arbete", "studier"):
                ins = "arbetstraning" if rng.random() < 0.8 else "matchning"
            else:
                ins = rng.choices(("kartlaggning", "matchning", "arbetstraning"), (3, 3, 4))[0]
            note = (
                {"arbete": "Anställning med lönebidrag", "studier": "Studier på Komvux"}.get(r, "")
                if rng.random() < 0.3
                else ("Återinskriven" if j == 1 else "")
            )
            dl.append(["FIA", pnr, s, e, r, ins, "deltagare", mal, note])
        plans.append((pnr, "Osby", parts))
    dl.sort(key=lambda r: (r[2], r[1]))
    sessions = []
    for _fia, pnr, s, e, _r, ins, *_ in dl:
        stop = e or od(2014, 6, 30)
        todo = [("kartlaggning", s + rng.randint(0, 10) + 7 * k, "2") for k in range(rng.randint(2, 3))]
        if ins != "kartlaggning":
            todo += [("matchning", s + rng.randint(30, 60) + 10 * k, "1,5") for k in range(rng.randint(1, 2))]
        if ins == "arbetstraning":
            todo += [("handledning", d, "1") for d in range(s + 75, stop, 30)]
        sessions += [(d, t, pnr, h) for t, d, h in todo if d <= stop]
    sessions.sort()
    counters: dict[str, int] = {}
    akt = []
    for d, t, pnr, h in sessions:
        counters[t] = counters.get(t, 0) + 1
        code = {"kartlaggning": "KL", "matchning": "MA", "handledning": "HL"}[t]
        akt.append(("FIA", f"FIA-{code}-{counters[t]:04d}", d, t, pnr, "deltagare", h))
    # exit survey: 40 named + 20 anonymous respondents; agree counts give 98/95/100/93/96 %
    finished = [p for p in plans if p[2][-1][1] is not None]
    resp = [(p[0], min(p[2][-1][1] + rng.randint(0, 10), od(2014, 6, 30))) for p in finished[:40]]
    resp += [(f"R{k:03d}", rng.randint(od(2012, 3, 1), od(2014, 6, 30))) for k in range(1, 21)]
    enk = []
    for q, nonempty, agree in (
        ("bemotande", 50, 49),
        ("narmare_arbetsmarknaden", 60, 57),
        ("positivt", 60, 60),
        ("motiverad", 60, 56),
        ("redskap", 50, 48),
    ):
        empty = 60 - nonempty
        spec = [("vet ej", empty // 2), ("", empty - empty // 2), ("A", agree), ("N", nonempty - agree)]
        for (who, when), a in zip(resp, _answers(rng, spec), strict=False):
            a = rng.choice(("4", "5", "5")) if a == "A" else rng.choice(("1", "2", "3")) if a == "N" else a
            enk.append(("FIA", "avslut", who, when, q, a))
    return dl, akt, enk, plans


# ------------------------------------------------------------------------------------ writing

DL_SV = ("Projekt", "Personnummer", "Startdatum", "Slutdatum", "Avslutsorsak", "Insats", "Roll", "Målgrupp")
DL_SNAKE = ("projekt", "personnummer", "startdatum", "slutdatum", "avslutsorsak", "insats", "roll", "malgrupp")
AKT = ("projekt", "aktivitet_id", "datum", "aktivitetstyp", "personnummer", "roll", "timmar")
ENK = ("projekt", "enkat", "respondent", "besvarad", "fraga", "svar")


# The ESF+ columns (SPEC §3.4): what each participant stated at the start. ESS4 did not record
# education (the column is left out of its extract); KLARA's system writes Ja/Nej capitalised.
ESF_SV = (
    "Arbetsmarknadsstatus",
    "Utbildningsnivå",
    "Funktionsnedsättning",
    "Utländsk bakgrund",
    "Tredjelandsmedborgare",
)
ESF_SNAKE = (
    "arbetsmarknadsstatus",
    "utbildningsniva",
    "funktionsnedsattning",
    "utlandsk_bakgrund",
    "tredjelandsmedborgare",
)


def _pick(rng: Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _esf_person(rng: Random, project: str, roll: str, malgrupp: str) -> list[str]:
    """A participant's education, disability, foreign background and citizenship as stated at the start."""
    if project in ("PLUS", "ESS4"):  # municipal employees
        edu = _pick(
            rng,
            {"isced_5_8": 70, "isced_3_4": 30}
            if roll == "chef"
            else {"isced_3_4": 55, "isced_5_8": 35, "isced_0_2": 10},
        )
        disability = _pick(rng, {"ja": 4 if project == "PLUS" else 10, "nej": 80, "": 16})
        foreign = _pick(rng, {"ja": 12, "nej": 80, "": 8})
        third = _pick(rng, {"ja": 3, "nej": 7}) if foreign == "ja" else "" if foreign == "" else "nej"
        return [edu, disability, foreign, third]
    edu = _pick(
        rng,
        {"isced_0_2": 50, "isced_3_4": 40, "isced_5_8": 5, "": 5}
        if project == "FIA"
        else {"isced_0_2": 40, "isced_3_4": 45, "isced_5_8": 10, "": 5},
    )
    disability = "ja" if malgrupp == "funktionsnedsättning" else _pick(rng, {"ja": 25, "nej": 65, "": 10})
    foreign = "ja" if malgrupp == "utrikes född" else _pick(rng, {"ja": 15, "nej": 80, "": 5})
    third = _pick(rng, {"ja": 7, "nej": 3}) if foreign == "ja" else "" if foreign == "" else "nej"
    return [edu, disability, foreign, third]


def _esf_status(rng: Random, project: str, malgrupp: str) -> str:
    """The labour-market status at the start (an empty value: not asked)."""
    if project in ("PLUS", "ESS4"):
        return _pick(rng, {"sysselsatt": 97, "": 3})
    if project == "KLARA":
        return _pick(
            rng,
            {"inaktiv": 60, "sysselsatt": 38, "": 2}
            if malgrupp == "långtidssjukskriven"
            else {"langtidsarbetslos": 85, "arbetslos": 13, "": 2},
        )
    return _pick(rng, {"langtidsarbetslos": 55, "arbetslos": 20, "inaktiv": 20, "": 5})


def _with_esf(rng: Random, rows: list, drop: int | None = None) -> list[list]:
    """Each participation with its ESF+ columns appended: a person's background once, the status
    at each start; `drop` leaves one column out (a project that does not collect it)."""
    people: dict[str, list[str]] = {}
    out = []
    for r in rows:
        project, pnr, roll, malgrupp = r[0], r[1], r[6], r[7]
        person = people.setdefault(pnr, _esf_person(rng, project, roll, malgrupp))
        values = [_esf_status(rng, project, malgrupp), *person]
        if project == "KLARA":
            values = [v.capitalize() if v in ("ja", "nej") else v for v in values]
        out.append([*r, *(v for i, v in enumerate(values) if i != drop)])
    return out


def _dl(rows: list, f: Fmt) -> list[list[str]]:
    return [[r[0], f.p(r[1]), f.d(r[2]), f.d(r[3]), *r[4:]] for r in rows]


def _akt(rows: list, f: Fmt) -> list[list[str]]:
    return [[r[0], r[1], f.d(r[2]), r[3], f.p(r[4]), *r[5:]] for r in rows]


def _enk(rows: list, f: Fmt) -> list[list[str]]:
    return [[r[0], r[1], f.p(r[2]) if r[2].isdigit() else r[2], f.d(r[3]), r[4], r[5]] for r in rows]


def write_registers(landing: Path, seed: int, people: People, emps: list[Employee]) -> tuple[dict, list[Plan]]:
    """Build all four projects' registers (setting participants' sick-leave effects) and write them."""
    rp, re4, rk, rf = (rng_for(seed, x) for x in ("plus", "ess4", "klara", "fia"))
    p_dl, p_akt, p_enk, p_bad = plus(rp, emps)
    e_dl, e_akt = ess4(re4, emps)
    k_dl, k_akt, k_enk, k_plans = klara(rk, people)
    f_dl, f_akt, f_enk, f_plans = fia(rf, people)
    f = Fmt()
    dd, ad, ed = landing / "deltagare", landing / "aktiviteter", landing / "enkater"
    esf = {x: rng_for(seed, f"esf_{x}") for x in ("plus", "ess4", "klara", "fia")}
    n = {
        "deltagare": write_delimited(
            dd / "PLUS_deltagare_2013-08.csv",
            (*DL_SV, *ESF_SV),
            _dl(_with_esf(esf["plus"], p_dl), f),
            Fmt(encoding="utf-8-sig"),
        )
    }
    n["deltagare"] += write_delimited(
        dd / "KLARA_deltagare_2012-12.csv", (*DL_SNAKE, *ESF_SNAKE), _dl(_with_esf(esf["klara"], k_dl), f), f
    )
    n["deltagare"] += write_delimited(
        dd / "FIA_deltagare_2014-06.csv", (*DL_SV, "Kommentar", *ESF_SV), _dl(_with_esf(esf["fia"], f_dl), f), f
    )
    n["deltagare"] += write_delimited(
        dd / "ESS4_deltagare_2020-01.csv",
        (*DL_SNAKE, *ESF_SNAKE[:1], *ESF_SNAKE[2:]),
        _dl(_with_esf(esf["ess4"], e_dl, drop=1), f),
        f,
        noise={5: "", 6: "", 60: ";;;;;;;;;;;"},
    )
    akt_sv = ("Projekt", "Aktivitet-ID", "Datum", "Aktivitetstyp", "Personnummer", "Roll", "Timmar")
    n["aktiviteter"] = write_delimited(
        ad / "PLUS_aktiviteter.csv", akt_sv, [*_akt(p_akt, f), [*p_bad[:4], f.p(p_bad[4]), *p_bad[5:]]], f
    )
    n["aktiviteter"] += write_delimited(ad / "KLARA_kursomgangar.csv", AKT[:6], _akt(k_akt, f), f)
    n["aktiviteter"] += write_delimited(ad / "FIA_aktiviteter.csv", AKT, _akt(f_akt, Fmt(dates="compact")), f)
    n["aktiviteter"] += write_xlsx(
        ad / "ESS4_avstamningsmoten.xlsx",
        AKT,
        [(r[0], r[1], as_date(r[2]), r[3], f.p(r[4]), r[5], r[6]) for r in e_akt],
    )
    enk_sv = ("Projekt", "Enkät", "Respondent", "Besvarad", "Fråga", "Svar")
    n["enkater"] = write_delimited(ed / "PLUS_enkater.csv", enk_sv, _enk(p_enk, f), f)
    n["enkater"] += write_delimited(ed / "KLARA_uppfoljning_90.csv", ENK, _enk(k_enk, f), f)
    n["enkater"] += write_xlsx(
        ed / "FIA_avslutsenkat.xlsx",
        enk_sv,
        [(r[0], r[1], f.p(r[2]) if r[2].isdigit() else r[2], as_date(r[3]), r[4], r[5]) for r in f_enk],
    )
    return n, k_plans + f_plans
