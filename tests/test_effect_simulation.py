"""SPEC §5.5 on simulated data: the matched estimate recovers a known effect where the
participants' own before/after change does not (regression to the mean).

Everyone follows the same dynamics: person i has a level p_i drawn uniformly from [0.1, 0.9]
and support in each month with probability p_i, independently. All are born in 1980 (one age
group), half women. The project picks 60 % of those with support in at least 11 of the 12
months before 2012-03 (picked for a high outcome before) for a participation 2012-03-01 –
2012-04-30; in their 12 months after the exit month their monthly probability is p_i − 0.25,
so the project lowers the months with support by 12 × 0.25 = 3 on average. Those picked had
an unusually high `before` for their level, so they would have had fewer months after anyway:
their own change is much more negative than −3, while the comparison group, matched on sex,
age group and the months before, has the same pull and the difference recovers −3.
"""

import datetime as dt
import math
from random import Random

import pytest

from conftest import build_warehouse, pnr, write

AS_OF = "2014-06-30"
EFFECT = -3.0  # 12 months × 0.25
PERSONS = 2000
BEFORE = [f"{y}-{m:02d}" for y, m in [(2011, m) for m in range(3, 13)] + [(2012, 1), (2012, 2)]]
AFTER = [f"{y}-{m:02d}" for y, m in [(2012, m) for m in range(5, 13)] + [(2013, m) for m in range(1, 5)]]

PROJECT = """\
kod: SIM
namn: Simuleringsprojektet
startdatum: 2012-01-01
slutdatum: 2012-12-31
kommuner: [Osby]
mal: []
"""


def simulate():
    rng = Random(20240514)
    payments, participants = [], []
    for i in range(PERSONS):
        person = pnr((dt.date(1980, 1, 1) + dt.timedelta(days=i % 360)).strftime("%Y%m%d"), f"{100 + i // 360:03d}")
        level = rng.uniform(0.1, 0.9)
        before = [m for m in BEFORE if rng.random() < level]
        picked = len(before) >= 11 and rng.random() < 0.6
        after = [m for m in AFTER if rng.random() < (level - 0.25 if picked else level)]
        if picked:
            participants.append(person)
        payments += [f"S{i}-{m};{person};;Osby;{m}-25;{m};1000" for m in before + after]
    return payments, participants


@pytest.fixture(scope="module")
def work_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("simulation")
    landing = root / "landing"
    payments, participants = simulate()
    write(landing, "projekt/SIM.yml", PROJECT)
    write(
        landing,
        "forsorjningsstod/f.csv",
        "utbetalning_id;personnummer;hushall_id;kommun;utbetalningsdatum;avser_manad;belopp\n"
        + "\n".join(payments)
        + "\n",
    )
    write(
        landing,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum;slutdatum;avslutsorsak\n"
        + "".join(f"SIM;{p};2012-03-01;2012-04-30;arbete\n" for p in participants),
    )
    return build_warehouse(landing, root / "work.duckdb", AS_OF)


def test_the_estimate_recovers_the_effect_and_the_own_change_does_not(con):
    units, matched, own, comparison, effect, low, high, n_comparison = con.execute(
        """select units, matched_units, units_change, comparison_change, effect, ci_low, ci_high, n_comparison_persons
           from marts.effect_estimates
           where project_code = 'SIM' and period = '2014-06' and gender = 'T' and breakdown is null"""
    ).fetchone()
    (own_sd,) = con.execute(
        """select stddev_samp(change) from intermediate.int_effect__income_support_units
           where period = '2014-06' and breakdown is null"""
    ).fetchone()
    own_low, own_high = own - 1.96 * own_sd / math.sqrt(units), own + 1.96 * own_sd / math.sqrt(units)
    print(
        f"\nunits {units}, matched {matched}, comparison persons {n_comparison}; own change {own:.2f} "
        f"[{own_low:.2f}, {own_high:.2f}], comparison change {comparison:.2f}, "
        f"effect {effect:.2f} [{low:.2f}, {high:.2f}], true effect {EFFECT}"
    )
    assert matched == units > 100 and n_comparison > 50
    assert low <= EFFECT <= high  # the matched estimate covers the true effect
    assert own_high < EFFECT - 0.5  # the participants' own change overstates it: regression to the mean
    assert comparison < -0.5  # the comparison group, picked the same way, falls back too
