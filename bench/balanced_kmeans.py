#!/usr/bin/env python3
"""balanced_kmeans.py: a reference for what exact balance costs in distance.

Reads CSV rows (precinct, x, y, turf, kmeans) on stdin: each door of some
precincts with its turf from canvass.turf and its cluster from PostGIS
ST_ClusterKMeans.  For every precinct it computes, independently of canvass,
a balanced k-means with the same k: Lloyd's iterations in which the
assignment step is an exact minimum-cost assignment of the doors to the
centroids with every cluster holding floor(n / k) or ceil(n / k) doors, as
canvass's turfs do (a transportation problem, solved as a linear programme
by SciPy's HiGHS).  It starts from k-means++ seeds (two, seeded) and
from the turf cut itself, and keeps the start with the least sum of squared
distances.  Prints the mean and the 95th percentile of each door's distance
to its cluster's centroid for the three cuts, and their ratios to k-means.

With --one it reads rows (x, y, turf) of one partition instead (say
20,000 doors cut into 333 turfs) and runs the same balanced Lloyd
iterations to convergence, the assignment step restricted to each door's
nearest centroids and then made exact: any door whose reduced cost (from
the programme's duals) is negative at a centroid left out gets that
centroid too, and the programme is solved again, so every step is the
exact balanced assignment.  Starts: the turf cut and k-means++ seeds
(--restarts, default 2).  Prints the figures of the turf cut and of the
best start, and their ratios.

Needs python3-numpy and python3-scipy (Debian packages).
"""
import csv
import sys

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack


def centroids(pts, lab, k):
    """Centroid of each of the k labelled groups."""
    c = np.zeros((k, 2))
    for j in range(k):
        c[j] = pts[lab == j].mean(axis=0)
    return c


def balanced_assign(pts, c, n):
    """Exact assignment of n points to k centroids, floor or ceil(n / k) each,
    minimising the sum of squared distances: a transportation problem, whose
    linear programme has an integral optimum (SciPy's HiGHS simplex)."""
    k = len(c)
    base, extra = divmod(n, k)
    d2 = ((pts[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
    idx = np.arange(n * k)
    one = np.ones(n * k)
    per_point = coo_matrix((one, (idx // k, idx)), shape=(n, n * k))
    per_cluster = coo_matrix((one, (idx % k, idx)), shape=(k, n * k))
    res = linprog(d2.ravel(), A_ub=vstack([per_cluster, -per_cluster]),
                  b_ub=np.concatenate([np.full(k, base + (extra > 0)), np.full(k, -base)]),
                  A_eq=per_point, b_eq=np.ones(n), bounds=(0, 1), method="highs")
    if res.status != 0:
        sys.exit(f"balanced assignment failed: {res.message}")
    return res.x.reshape(n, k).argmax(axis=1)


def lloyd(pts, lab, k, iters=50, assign=balanced_assign):
    """Balanced Lloyd iterations from the labels lab, with the assignment
    step assign; returns (labels, SSE, iterations run)."""
    n = len(pts)
    it = 0
    for it in range(iters):
        c = centroids(pts, lab, k)
        new = assign(pts, c, n)
        if np.array_equal(new, lab):
            break
        lab = new
    c = centroids(pts, lab, k)
    return lab, float(((pts - c[lab]) ** 2).sum()), it + 1


def kmeanspp_seeds(pts, k, rng):
    """k-means++ seeds: each next seed drawn with probability proportional
    to the squared distance to the nearest seed so far."""
    n = len(pts)
    seeds = [pts[rng.integers(n)]]
    dmin = ((pts - seeds[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        seeds.append(pts[rng.choice(n, p=dmin / dmin.sum())])
        dmin = np.minimum(dmin, ((pts - seeds[-1]) ** 2).sum(axis=1))
    return np.array(seeds)


def kmeanspp_labels(pts, k, rng):
    """Balanced labels from k-means++ seeds."""
    return balanced_assign(pts, kmeanspp_seeds(pts, k, rng), len(pts))


def distances(pts, lab):
    """Each point's distance to its group's centroid."""
    labs = np.unique(lab, return_inverse=True)[1]
    c = centroids(pts, labs, labs.max() + 1)
    return np.sqrt(((pts - c[labs]) ** 2).sum(axis=1))


def sparse_assign(pts, c, n, cand=12):
    """Exact balanced assignment as balanced_assign, on each point's cand
    nearest centroids, widened while a left-out pair has a negative
    reduced cost at the optimum of the restricted programme."""
    k = len(c)
    base, extra = divmod(n, k)
    hi = base + (extra > 0)
    cand = min(cand, k)
    # candidate pairs: each point's nearest centroids, by a partial sort
    d2 = ((pts[:, None, :] - c[None, :, :]) ** 2).sum(axis=2) if n * k <= 4e7 else None
    if d2 is None:
        sys.exit("too many pairs for this reference")
    near = np.argpartition(d2, cand - 1, axis=1)[:, :cand]
    rows = np.repeat(np.arange(n), cand)
    cols = near.ravel()
    while True:
        m = len(rows)
        idx = np.arange(m)
        one = np.ones(m)
        per_point = coo_matrix((one, (rows, idx)), shape=(n, m))
        per_cluster = coo_matrix((one, (cols, idx)), shape=(k, m))
        res = linprog(d2[rows, cols], A_ub=vstack([per_cluster, -per_cluster]),
                      b_ub=np.concatenate([np.full(k, hi), np.full(k, -base)]),
                      A_eq=per_point, b_eq=np.ones(n), bounds=(0, 1), method="highs")
        if res.status == 2 and cand < k:
            # too few candidates to fill every cluster: twice as many
            return sparse_assign(pts, c, n, 2 * cand)
        if res.status != 0:
            sys.exit(f"balanced assignment failed: {res.message}")
        u = res.eqlin.marginals
        a = res.ineqlin.marginals[:k]
        b = res.ineqlin.marginals[k:]
        reduced = d2 - u[:, None] - a[None, :] + b[None, :]
        have = np.zeros((n, k), dtype=bool)
        have[rows, cols] = True
        add = np.argwhere((reduced < -1e-7 * (1 + np.abs(d2))) & ~have)
        if len(add) == 0:
            break
        rows = np.concatenate([rows, add[:, 0]])
        cols = np.concatenate([cols, add[:, 1]])
    lab = np.full(n, -1)
    x = res.x
    chosen = x > 0.5
    lab[rows[chosen]] = cols[chosen]
    if (lab < 0).any():
        sys.exit("fractional balanced assignment")
    return lab


def one_partition(restarts):
    """The --one mode: a single partition's turfs against the reference."""
    rows = [(float(r[0]), float(r[1]), int(r[2])) for r in csv.reader(sys.stdin)]
    a = np.array(rows)
    pts = a[:, :2] - a[:, :2].mean(axis=0)
    turf = np.unique(a[:, 2].astype(int), return_inverse=True)[1]
    k = turf.max() + 1
    n = len(pts)
    print(f"  {n} doors, {k} turfs")
    rng = np.random.default_rng(2017)
    best = lloyd(pts, turf, k, 200, sparse_assign)
    print(f"  from the turf cut: SSE {best[1]:.6g} after {best[2]} iterations", flush=True)
    for r in range(restarts):
        cand = lloyd(pts, sparse_assign(pts, kmeanspp_seeds(pts, k, rng), n), k, 200, sparse_assign)
        print(f"  from k-means++ seeds {r + 1}: SSE {cand[1]:.6g} after {cand[2]} iterations", flush=True)
        if cand[1] < best[1]:
            best = cand
    dt = distances(pts, turf)
    db = distances(pts, best[0])
    sizes = np.bincount(best[0], minlength=k)
    print(f"  reference sizes {sizes.min()}-{sizes.max()}")
    print(f"  canvass.turf               mean {dt.mean():8.3f}  p95 {np.percentile(dt, 95):8.3f}")
    print(f"  balanced k-means (SciPy)   mean {db.mean():8.3f}  p95 {np.percentile(db, 95):8.3f}")
    print(f"  ratio turf / reference     mean {dt.mean() / db.mean():.4f}x  p95 "
          f"{np.percentile(dt, 95) / np.percentile(db, 95):.4f}x")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        restarts = 2
        if len(sys.argv) > 3 and sys.argv[2] == "--restarts":
            restarts = int(sys.argv[3])
        one_partition(restarts)
        return
    by = {}
    for row in csv.reader(sys.stdin):
        by.setdefault(int(row[0]), []).append((float(row[1]), float(row[2]), int(row[3]), int(row[4])))
    rng = np.random.default_rng(2017)
    dist = {"turf": [], "kmeans": [], "balanced": []}
    for precinct in sorted(by):
        a = np.array(by[precinct])
        pts = a[:, :2] - a[:, :2].mean(axis=0)
        turf = np.unique(a[:, 2].astype(int), return_inverse=True)[1]
        k = turf.max() + 1
        best = lloyd(pts, turf, k)
        for _ in range(2):
            cand = lloyd(pts, kmeanspp_labels(pts, k, rng), k)
            if cand[1] < best[1]:
                best = cand
        dist["turf"].append(distances(pts, a[:, 2].astype(int)))
        dist["kmeans"].append(distances(pts, a[:, 3].astype(int)))
        dist["balanced"].append(distances(pts, best[0]))
    km = np.concatenate(dist["kmeans"])
    print(f"  {len(by)} precincts, {len(km)} doors")
    for name, label in (("kmeans", "ST_ClusterKMeans"), ("turf", "canvass.turf"),
                        ("balanced", "balanced k-means (SciPy)")):
        d = np.concatenate(dist[name])
        print(f"  {label:26s} mean {d.mean():7.2f} m ({d.mean() / km.mean():.3f}x)  "
              f"p95 {np.percentile(d, 95):7.2f} m ({np.percentile(d, 95) / np.percentile(km, 95):.3f}x)")


if __name__ == "__main__":
    main()
