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


def lloyd(pts, lab, k, iters=50):
    """Balanced Lloyd iterations from the labels lab; returns (labels, SSE)."""
    n = len(pts)
    for _ in range(iters):
        c = centroids(pts, lab, k)
        new = balanced_assign(pts, c, n)
        if np.array_equal(new, lab):
            break
        lab = new
    c = centroids(pts, lab, k)
    return lab, float(((pts - c[lab]) ** 2).sum())


def kmeanspp_labels(pts, k, rng):
    """Balanced labels from k-means++ seeds."""
    n = len(pts)
    seeds = [pts[rng.integers(n)]]
    for _ in range(1, k):
        d2 = np.min(((pts[:, None, :] - np.array(seeds)[None, :, :]) ** 2).sum(axis=2), axis=1)
        seeds.append(pts[rng.choice(n, p=d2 / d2.sum())])
    return balanced_assign(pts, np.array(seeds), n)


def distances(pts, lab):
    """Each point's distance to its group's centroid."""
    labs = np.unique(lab, return_inverse=True)[1]
    c = centroids(pts, labs, labs.max() + 1)
    return np.sqrt(((pts - c[labs]) ** 2).sum(axis=1))


def main():
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
