#!/usr/bin/env python3
"""Independent recomputation of canvass's plan metrics and Wilson intervals.

Reads data/metrics/wi_assembly_2014_2020_district_two_party.csv and prints,
for each year and for uncontested seats taken as is and at a substituted
75/25 share, the metrics that test/pgtap/metrics.sql expects, with A the
Republicans (B the Democrats).  Written from the published definitions
(DOMAIN.md, README "Plan metrics") with numpy, not from canvass's C code:
wasted votes are counted district by district, the median is numpy's.

Also prints Wilson score intervals from statsmodels' proportion_confint
(method='wilson') for test/pgtap/lean.sql.

Run from the repository root:  python3 test/metrics_crosscheck.py
Needs Debian's python3-numpy, python3-scipy and python3-statsmodels.
"""
import csv
import math

import numpy as np


def metrics(a, b, swing=0.0, uncontested=None, lo=0.45, hi=0.55):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    t = a + b
    keep = t > 0
    a, b, t = a[keep], b[keep], t[keep]
    v = a / t
    if uncontested is not None:
        v = np.where(b == 0, uncontested, np.where(a == 0, 1 - uncontested, v))
    v = np.clip(v + swing, 0, 1)
    av = v * t
    bv = t - av
    n = len(v)
    seats = np.sum(v > 0.5) + 0.5 * np.sum(v == 0.5)
    V = av.sum() / t.sum()
    # Wasted votes, threshold T/2 and floor(T/2)+1; a tie wastes alike.
    wa = np.where(v > 0.5, av - t / 2, np.where(v < 0.5, av, t / 4))
    wb = np.where(v < 0.5, bv - t / 2, np.where(v > 0.5, bv, t / 4))
    q = np.floor(t / 2) + 1
    wa2 = np.where(v > 0.5, av - q, np.where(v < 0.5, av, 0))
    wb2 = np.where(v < 0.5, bv - q, np.where(v > 0.5, bv, 0))
    eg_half = (wb - wa).sum() / t.sum()
    eg_major = (wb2 - wa2).sum() / t.sum()
    eg_simpl = (seats / n - 0.5) - 2 * (V - 0.5)
    mm = float(np.median(v) - np.mean(v))
    shifted = v - (V - 0.5)
    pb = (np.sum(shifted > 0.5) + 0.5 * np.sum(shifted == 0.5)) / n - 0.5
    wins_a, wins_b = v[v > 0.5], v[v < 0.5]
    if len(wins_a) == 0 or len(wins_b) == 0:
        decl = None
        lop = None
    else:
        ka, kb = len(wins_a), len(wins_b)
        theta = math.atan((1 - 2 * wins_b.mean()) * n / kb)
        gamma = math.atan((2 * wins_a.mean() - 1) * n / ka)
        decl = 2 * (theta - gamma) / math.pi
        lop = (1 - wins_b).mean() - wins_a.mean()
    comp = int(np.sum((v >= lo) & (v <= hi)))
    return dict(seats=seats, vote_share=V, eg_half=eg_half, eg_majority=eg_major,
                eg_simplified=eg_simpl, mean_median_of_a=mm, partisan_bias=pb,
                declination=decl, declination_scaled=None if decl is None else decl * math.log(n) / 2,
                lopsided_margin=lop, competitive=comp)


def main():
    rows = list(csv.DictReader(open("data/metrics/wi_assembly_2014_2020_district_two_party.csv")))
    for year in ("2014", "2016", "2018", "2020"):
        rep = [int(r["rep_votes"]) for r in rows if r["year"] == year]
        dem = [int(r["dem_votes"]) for r in rows if r["year"] == year]
        for unc in (None, 0.75):
            m = metrics(rep, dem, uncontested=unc)
            dm = metrics(dem, rep, uncontested=unc)
            label = "as_is" if unc is None else str(unc)
            print(f"{year} {label:5}: R seats {m['seats']:.1f}, R vote share {m['vote_share']:.6f}, "
                  f"EG half {m['eg_half']:.6f}, majority {m['eg_majority']:.6f}, simplified {m['eg_simplified']:.6f}, "
                  f"mean-median of D {dm['mean_median_of_a']:.6f}, PB {m['partisan_bias']:.6f}, "
                  f"declination {m['declination']:.6f}, scaled {m['declination_scaled']:.6f}, "
                  f"lopsided {m['lopsided_margin']:.6f}, competitive {m['competitive']}")
        m = metrics(rep, dem, swing=-0.05, uncontested=0.75)
        print(f"{year} 0.75 swing -0.05: R seats {m['seats']:.1f}, EG half {m['eg_half']:.6f}, "
              f"simplified {m['eg_simplified']:.6f}, competitive {m['competitive']}")

    try:
        from statsmodels.stats.proportion import proportion_confint
    except ImportError:
        print("statsmodels not installed: Wilson intervals skipped")
        return
    for x, n, c in ((81, 263, 0.95), (0, 10, 0.95), (10, 10, 0.95), (1, 2, 0.9), (520, 1000, 0.99), (3, 7, 0.5)):
        lo, hi = proportion_confint(x, n, alpha=1 - c, method="wilson")
        print(f"wilson({x}, {n}, {c}) = [{lo:.12f}, {hi:.12f}]")


if __name__ == "__main__":
    main()
