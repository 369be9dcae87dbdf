#!/usr/bin/python3
"""Generates test/data/logit_turnout.csv once, with a fixed seed: 3,000
synthetic voters with a few binary and integer history features, a
frequency weight and whether they voted.  Rerunning gives the same file.

    python3 test/reference/make_logit_data.py > test/data/logit_turnout.csv
"""
import numpy as np

rng = np.random.default_rng(20170620)
n = 3000
v2016 = rng.random(n) < 0.70                     # voted in the 2016 general
v2018 = rng.random(n) < np.where(v2016, 0.65, 0.25)  # 2018 general
v2020p = rng.random(n) < np.where(v2018, 0.35, 0.10)  # 2020 primary
age_band = rng.integers(1, 7, n)                 # 1 = 18-24 ... 6 = 65+
weight = rng.integers(1, 4, n)                   # 1, 2 or 3 voters per row
eta = -2.0 + 1.1 * v2016 + 1.3 * v2018 + 0.8 * v2020p + 0.25 * age_band
voted = rng.random(n) < 1 / (1 + np.exp(-eta))
print("id,voted,v2016,v2018,v2020p,age_band,weight")
for i in range(n):
    print(f"{i + 1},{'t' if voted[i] else 'f'},{int(v2016[i])},{int(v2018[i])},"
          f"{int(v2020p[i])},{age_band[i]},{weight[i]}")
