#!/usr/bin/python3
"""Reference values of canvass.logit_shift and canvass.turnout_interval from
statsmodels, SciPy and NumPy (Debian packages python3-statsmodels,
python3-scipy), on test/data/logit_turnout.csv: the unweighted GLM binomial
fit of voted on v2016, v2018, v2020p, age_band (as in logit_reference.py),
each voter's score p_i, and

  - the shift d with sum_i expit(logit(p_i) + d) = 2000 (1,788 voted, the
    scores add up to 1,788), found by scipy.optimize.brentq with the sum
    taken by math.fsum;
  - the delta-method interval of the total, with and without that shift:
    var_bernoulli = sum p(1-p), g = sum p(1-p) [1, x], var_model = g' C g
    with C = cov_params(), sd = sqrt(var_bernoulli + var_model), and
    expected -+ z sd with z = norm.ppf((1 + level) / 2).

Prints every number to 17 significant digits, as pasted into
test/pgtap/turnout_interval.sql and test/pgtap/calibrate.sql.

    /usr/bin/python3 test/reference/calibrate_reference.py
"""
import csv
import math
import os

import numpy as np
import statsmodels.api as sm
from scipy.optimize import brentq
from scipy.special import expit, logit
from scipy.stats import norm

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "data", "logit_turnout.csv")) as f:
    rows = list(csv.DictReader(f))
y = np.array([r["voted"] == "t" for r in rows], dtype=float)
X = np.array([[float(r[c]) for c in ("v2016", "v2018", "v2020p", "age_band")]
              for r in rows])
X1 = sm.add_constant(X)
res = sm.GLM(y, X1, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=100)
beta = np.asarray(res.params)
C = np.asarray(res.cov_params())
eta = X1 @ beta
p = expit(eta)
print(f"sum of scores: {math.fsum(p):.17g}")

target = 2000.0
d = brentq(lambda s: math.fsum(expit(eta + s)) - target, -10, 10, xtol=1e-15, rtol=8.9e-16)
print(f"logit_shift(p, {target:g}) = {d:.17g}")
print(f"  check: sum expit(logit p + d) = {math.fsum(expit(logit(p) + d)):.17g}")


def interval(p, level):
    w = p * (1 - p)
    g = X1.T @ w
    var_b = math.fsum(w)
    var_m = float(g @ C @ g)
    sd = math.sqrt(var_b + var_m)
    z = norm.ppf((1 + level) / 2)
    e = math.fsum(p)
    return dict(voters=len(p), expected=e, sd_bernoulli=math.sqrt(var_b),
                sd_model=math.sqrt(var_m), sd=sd,
                low=max(0.0, e - z * sd), high=min(float(len(p)), e + z * sd), level=level)


for name, q, level in (("model, level 0.95", p, 0.95),
                       ("model shifted to 2000, level 0.9", expit(eta + d), 0.9)):
    print(name)
    for k, v in interval(q, level).items():
        print(f"  {k}: {v:.17g}")
