#!/usr/bin/python3
"""Reference values of canvass.logit_fit from statsmodels (Debian package
python3-statsmodels): the GLM binomial (logit link) fit of voted on
v2016, v2018, v2020p, age_band with an intercept, on
test/data/logit_turnout.csv, unweighted and with the weight column as
frequency weights; and the Challenger O-ring data (23 launches, damage
against temperature in degrees F).  Prints coefficients, standard errors
and the covariance of the coefficients (cov_params(), the inverse Fisher
information) to 17 significant digits, as pasted into test/pgtap/logit.sql.

    python3 test/reference/logit_reference.py
"""
import csv
import os

import numpy as np
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "data", "logit_turnout.csv")) as f:
    rows = list(csv.DictReader(f))
y = np.array([r["voted"] == "t" for r in rows], dtype=float)
X = np.array([[float(r[c]) for c in ("v2016", "v2018", "v2020p", "age_band")]
              for r in rows])
w = np.array([float(r["weight"]) for r in rows])
X1 = sm.add_constant(X)


def show(name, res):
    print(name)
    print("  coefficients:", ", ".join(f"{v:.17g}" for v in res.params))
    print("  std_errors:  ", ", ".join(f"{v:.17g}" for v in res.bse))
    print(f"  log_likelihood: {res.llf:.17g}")
    print("  covariance:")
    for row in np.asarray(res.cov_params()):
        print("    [" + ", ".join(f"{v:.17g}" for v in row) + "]")


fam = sm.families.Binomial()
show("unweighted", sm.GLM(y, X1, family=fam).fit(tol=1e-14, maxiter=100))
show("weighted", sm.GLM(y, X1, family=fam, freq_weights=w).fit(tol=1e-14, maxiter=100))

# Challenger O-ring data: launch temperature (F) and whether any O-ring
# was damaged, 23 launches before January 1986 (Dalal, Fowlkes and Hoadley,
# JASA 1989).
temp = [66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70,
        81, 76, 79, 75, 76, 58]
damage = [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1]
show("challenger", sm.GLM(np.array(damage, float), sm.add_constant(np.array(temp, float)),
                          family=fam).fit(tol=1e-14, maxiter=100))
