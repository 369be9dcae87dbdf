#!/usr/bin/python3
"""Reference values of canvass.propensity and canvass.votes_in_last on the
Ohio sample data/voterfile/oh_synthetic.csv (wide layout: one column per
election; a general vote is marked X, a primary vote with the party
letter), computed here from the definition in README.md, independently of
the C code.  Prints the values pasted into test/pgtap/turnout.sql.

    python3 test/reference/propensity_reference.py
"""
import csv
import os
from datetime import date

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "..", "..", "data", "voterfile",
                                             "oh_synthetic.csv"))))
calendar = [("PRIMARY-05/07/2013", date(2013, 5, 7), "primary"),
            ("GENERAL-11/03/2015", date(2015, 11, 3), "general")]
latest = max(d for _, d, _ in calendar)


def score(r, target="general", half_life=4.0, other=0.5):
    reg = date.fromisoformat(r["REGISTRATION_DATE"])
    num = den = 0.0
    for col, d, kind in calendar:
        voted = r[col].strip() != ""
        if not voted and d < reg:
            continue
        w = 2 ** (-((latest - d).days / 365.25) / half_life) * (1 if kind == target else other)
        num += w if voted else 0
        den += w
    return num / den if den > 0 else None


scores = [score(r) for r in rows]
print("voters:", len(rows))
print("NULL scores:", sum(s is None for s in scores))
print("sum of scores: %.15f" % sum(s for s in scores if s is not None))
print("scores of 1:", sum(s == 1 for s in scores))
print("primary votes (any mark):", sum(r["PRIMARY-05/07/2013"].strip() != "" for r in rows))
print("primary votes marked X:", sum(r["PRIMARY-05/07/2013"].strip() == "X" for r in rows))
print("2 of last 2:", sum(all(r[c].strip() for c, _, _ in calendar) for r in rows))
