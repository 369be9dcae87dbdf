#!/usr/bin/python3
"""route_optimum.py: the shortest open path through each turf's doors, proven
optimal, as the yardstick for canvass.walk_order (bench/bench_route.sh).

  route_optimum.py solve TURFS.csv > OPT.csv
      TURFS.csv rows "turf,x,y" (one per door); OPT.csv rows
      "turf,doors,stops,optimum,seconds".
  route_optimum.py gap OPT.csv PGR.csv LABEL=LENGTHS.csv ...
      PGR.csv rows "turf,open_length" (pgr_TSPeuclidean's tour minus its
      longest edge); each LENGTHS.csv rows "turf,walk_length,nn_length"
      (bench/route_gap.c).  Prints the gap of each LABEL to the optimum.

The exact method: points at one place are one stop; a dummy stop at
distance 0 from every stop turns the open path into a closed tour (its two
edges to the dummy are the path's free ends).  The symmetric TSP over the
stops and the dummy is solved as an integer programme over the edges (each
stop has degree 2) with SciPy's milp (HiGHS), adding a subtour constraint
(at most |S| - 1 edges inside S) for every connected component of each
solution until the solution is one tour.  Every solution on the way is a
lower bound, the last one is feasible, so the result is proven optimal up
to HiGHS's relative gap (set to 1e-9).
"""
import csv
import sys
import time
from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def load_turfs(path):
    """Turf id -> list of (x, y), in file order."""
    turfs = defaultdict(list)
    with open(path) as f:
        for row in csv.reader(f):
            turfs[int(row[0])].append((float(row[1]), float(row[2])))
    return turfs


def components(n, edges):
    """Connected components of the graph on n nodes with the given edges."""
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        parent[find(a)] = find(b)
    groups = defaultdict(list)
    for a in range(n):
        groups[find(a)].append(a)
    return list(groups.values())


def shortest_open_path(points):
    """Length of the shortest open path through the distinct points."""
    pts = np.array(sorted(set(points)))
    m = len(pts)
    if m <= 1:
        return 0.0
    if m == 2:
        return float(np.hypot(*(pts[0] - pts[1])))
    n = m + 1                                  # stop m is the dummy
    ii, jj = np.triu_indices(n, 1)
    cost = np.zeros(len(ii))
    real = jj < m
    cost[real] = np.hypot(pts[ii[real], 0] - pts[jj[real], 0],
                          pts[ii[real], 1] - pts[jj[real], 1])
    ne = len(ii)
    # degree constraints
    rows = np.concatenate([ii, jj])
    cols = np.concatenate([np.arange(ne), np.arange(ne)])
    deg = csr_matrix((np.ones(2 * ne), (rows, cols)), shape=(n, ne))
    cons = [LinearConstraint(deg, 2, 2)]
    cuts = []
    while True:
        res = milp(cost, constraints=cons + cuts, integrality=np.ones(ne),
                   bounds=Bounds(0, 1), options={"mip_rel_gap": 1e-9})
        if res.status != 0:
            raise RuntimeError(res.message)
        chosen = np.nonzero(res.x > 0.5)[0]
        comps = components(n, zip(ii[chosen], jj[chosen]))
        if len(comps) == 1:
            return float(cost[chosen].sum())
        for comp in comps:
            inside = np.zeros(n, dtype=bool)
            inside[comp] = True
            sel = np.nonzero(inside[ii] & inside[jj])[0]
            row = csr_matrix((np.ones(len(sel)), (np.zeros(len(sel), dtype=int), sel)),
                             shape=(1, ne))
            cuts.append(LinearConstraint(row, -np.inf, len(comp) - 1))


def solve(path):
    out = csv.writer(sys.stdout)
    for turf, points in sorted(load_turfs(path).items()):
        t0 = time.perf_counter()
        best = shortest_open_path(points)
        out.writerow([turf, len(points), len(set(points)), "%.6f" % best,
                      "%.3f" % (time.perf_counter() - t0)])
        sys.stdout.flush()


def read_map(path, col):
    with open(path) as f:
        return {int(r[0]): float(r[col]) for r in csv.reader(f)}


def gap(opt_path, pgr_path, runs):
    opt = read_map(opt_path, 3)
    pgr = read_map(pgr_path, 1)
    print("%-8s %6s %9s %9s %9s %9s %8s %8s %9s %9s" %
          ("run", "turfs", "mean gap", "p95 gap", "worst", "over 2%",
           "> pgr", "> nn", "walk/pgr", "walk/opt"))
    for spec in runs:
        label, path = spec.split("=", 1)
        with open(path) as f:
            rows = [(int(r[0]), float(r[1]), float(r[2])) for r in csv.reader(f)]
        gaps, ratio_pgr, over_pgr, over_nn = [], [], 0, 0
        for turf, walk, nn in rows:
            best = opt.get(turf)
            if best is None:
                continue                       # not solved (yet)
            if best == 0:
                continue                       # every door at one point
            if walk < best * (1 - 1e-9):
                raise SystemExit("turf %d: walk %.6f below the optimum %.6f" % (turf, walk, best))
            gaps.append(walk / best - 1)
            ratio_pgr.append(walk / pgr[turf])
            over_pgr += walk > pgr[turf] * (1 + 1e-12)
            over_nn += walk > nn * (1 + 1e-12)
        g = np.array(gaps)
        print("%-8s %6d %8.3f%% %8.3f%% %8.3f%% %9d %8d %8d %9.4f %9.4f" %
              (label, len(g), 100 * g.mean(), 100 * np.percentile(g, 95), 100 * g.max(),
               int((g > 0.02).sum()), over_pgr, over_nn, np.mean(ratio_pgr), 1 + g.mean()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "solve":
        solve(sys.argv[2])
    elif len(sys.argv) >= 5 and sys.argv[1] == "gap":
        gap(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        raise SystemExit(__doc__)
