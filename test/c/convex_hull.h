/*
 * convex_hull.h
 *	  Plane geometry for the turf tests and benchmarks: convex hulls
 *	  (Andrew's monotone chain), their areas (shoelace) and the area of the
 *	  intersection of two (Sutherland-Hodgman clipping), written apart from
 *	  the turf core so its overlap figures are checked independently.
 */
#ifndef CANVASS_TEST_CONVEX_HULL_H
#define CANVASS_TEST_CONVEX_HULL_H

#include <stdlib.h>
#include <string.h>

/* Cross product of (b - a) and (c - a). */
static double
cross(const double *a, const double *b, const double *c)
{
	return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Orders points (x, y pairs) by x, then y. */
static int
cmp_xy(const void *a, const void *b)
{
	const double *p = a,
			   *q = b;

	return p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1];
}

/*
 * Convex hull of m points (pts: x, y pairs, sorted in place), Andrew's
 * monotone chain; writes the counter-clockwise vertices to hull and
 * returns their number.
 */
static size_t
convex_hull(double *pts, size_t m, double *hull)
{
	size_t		h = 0,
				i,
				lower;

	qsort(pts, m, 2 * sizeof(double), cmp_xy);
	for (i = 0; i < m; i++)
	{
		while (h >= 2 && cross(hull + 2 * (h - 2), hull + 2 * (h - 1), pts + 2 * i) <= 0)
			h--;
		memcpy(hull + 2 * h++, pts + 2 * i, 2 * sizeof(double));
	}
	lower = h + 1;
	for (i = m - 1; i-- > 0;)
	{
		while (h >= lower && cross(hull + 2 * (h - 2), hull + 2 * (h - 1), pts + 2 * i) <= 0)
			h--;
		memcpy(hull + 2 * h++, pts + 2 * i, 2 * sizeof(double));
	}
	return h > 1 ? h - 1 : h;
}

/* Area of a counter-clockwise polygon of n vertices (shoelace). */
static double
polygon_area(const double *p, size_t n)
{
	double		a = 0.0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		const double *u = p + 2 * i,
				   *v = p + 2 * ((i + 1) % n);

		a += u[0] * v[1] - v[0] * u[1];
	}
	return a / 2.0;
}

/*
 * Area of the intersection of convex counter-clockwise polygons p and q:
 * p clipped by each edge of q in turn (Sutherland-Hodgman).  out and tmp
 * hold np + nq vertices.
 */
static double
intersection_area(const double *p, size_t np, const double *q, size_t nq, double *out, double *tmp)
{
	size_t		m = np,
				e;

	if (np < 3 || nq < 3)
		return 0.0;
	memcpy(out, p, 2 * np * sizeof(double));
	for (e = 0; e < nq && m > 0; e++)
	{
		const double *a = q + 2 * e,
				   *b = q + 2 * ((e + 1) % nq);
		size_t		i,
					r = 0;

		memcpy(tmp, out, 2 * m * sizeof(double));
		for (i = 0; i < m; i++)
		{
			const double *u = tmp + 2 * i,
					   *v = tmp + 2 * ((i + 1) % m);
			double		du = cross(a, b, u),
						dv = cross(a, b, v);

			if (du >= 0)
			{
				memcpy(out + 2 * r++, u, 2 * sizeof(double));
			}
			if ((du >= 0) != (dv >= 0))
			{
				double		f = du / (du - dv);

				out[2 * r] = u[0] + f * (v[0] - u[0]);
				out[2 * r + 1] = u[1] + f * (v[1] - u[1]);
				r++;
			}
		}
		m = r;
	}
	return m >= 3 ? polygon_area(out, m) : 0.0;
}

#endif							/* CANVASS_TEST_CONVEX_HULL_H */
