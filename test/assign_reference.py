#!/usr/bin/python3
"""Reference optima for the assignment tests, from SciPy.

Rerun with `/usr/bin/python3 test/assign_reference.py` (Debian: python3-scipy).  The
points follow integer formulas that the C unit test (test/c/test_assign.c)
and the SQL tests (sql/assign_turfs.sql) rebuild exactly; costs are
Euclidean distances.  scipy.optimize.linear_sum_assignment solves the 1-1
case; a site of capacity c is expanded into c identical columns, which is
the textbook reduction of the capacitated problem to the 1-1 one.
"""
import numpy as np
from scipy.optimize import linear_sum_assignment


def turfs(n):
    return np.array([[(i * 7919) % 1000, (i * 6007) % 997] for i in range(n)], dtype=float)


def sites(m):
    return np.array([[(j * 4603) % 1000 + 0.25, (j * 3001) % 991 + 0.75] for j in range(m)], dtype=float)


def distances(a, b):
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))


def solve(n, m, capacity=None):
    cost = distances(turfs(n), sites(m))
    if capacity is not None:
        cols = [j for j in range(m) for _ in range(capacity[j])]
        cost = cost[:, cols]
    rows, cols = linear_sum_assignment(cost)
    return cost[rows, cols].sum()


print("case A: 150 turfs, 200 sites, one turf per site: total %.6f" % solve(150, 200))
print("case B: 120 turfs, 45 sites, capacity 1 + j %% 5: total %.6f"
      % solve(120, 45, [1 + j % 5 for j in range(45)]))
print("case C: 60 turfs, 60 sites, one turf per site: total %.6f" % solve(60, 60))
