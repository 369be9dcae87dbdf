/*
 * test_regions.c
 *	  Unit tests of the turf-regions core.  Expected values are hand
 *	  computations written next to them (the bisector of two doors, the
 *	  midline of a square of four); randomised checks compare with brute
 *	  force over every door: each boundary point is equally far from the
 *	  nearest doors of two turfs and no door is nearer (soundness), two
 *	  nearby places whose nearest doors lie in different turfs are always
 *	  separated by a boundary (completeness), and the nearest door agrees
 *	  with a scan of all doors.  Street grids (many cocircular doors) and
 *	  apartment buildings (many doors at one point) are included.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/regions.h"
#include "counting_alloc.h"
#include "tap.h"

static int	interrupts = 0;

/* Counts calls of the interrupt callback. */
static void
count_interrupt(void)
{
	interrupts++;
}

/* A uniform number in [0, 1). */
static double
uniform(uint64_t *state)
{
	return (double) (tap_random(state) >> 11) / 9007199254740992.0;
}

/* Brute force: the smallest squared distance from (x, y) to a door of turf t (or any, t < 0). */
static double
nearest_sq(const double *x, const double *y, const int32_t *turf, size_t n, double px, double py,
		   int32_t t)
{
	double		best = INFINITY;
	size_t		i;

	for (i = 0; i < n; i++)
		if (t < 0 || turf[i] == t)
			best = fmin(best, (x[i] - px) * (x[i] - px) + (y[i] - py) * (y[i] - py));
	return best;
}

/* Brute force: the turf of the nearest door (the first such door on ties). */
static int32_t
nearest_turf(const double *x, const double *y, const int32_t *turf, size_t n, double px, double py)
{
	double		best = INFINITY;
	int32_t		t = -1;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		dd = (x[i] - px) * (x[i] - px) + (y[i] - py) * (y[i] - py);

		if (dd < best)
		{
			best = dd;
			t = turf[i];
		}
	}
	return t;
}

/* True when segments p1-p2 and q1-q2 cross or touch. */
static int
segments_meet(double p1x, double p1y, double p2x, double p2y,
			  double q1x, double q1y, double q2x, double q2y)
{
	double		d1 = (q2x - q1x) * (p1y - q1y) - (q2y - q1y) * (p1x - q1x),
				d2 = (q2x - q1x) * (p2y - q1y) - (q2y - q1y) * (p2x - q1x),
				d3 = (p2x - p1x) * (q1y - p1y) - (p2y - p1y) * (q1x - p1x),
				d4 = (p2x - p1x) * (q2y - p1y) - (p2y - p1y) * (q2x - p1x);

	return ((d1 <= 0 && d2 >= 0) || (d1 >= 0 && d2 <= 0)) &&
		((d3 <= 0 && d4 >= 0) || (d3 >= 0 && d4 <= 0));
}

/*
 * Checks a diagram against brute force: soundness of every segment's two
 * end points and midpoint, completeness over probe pairs, and the nearest
 * door over probe points.  tol is relative to the box's size.
 */
static void
check_diagram(const char *name, const double *x, const double *y, const int32_t *turf, size_t n,
			  const double box[4], uint64_t seed)
{
	RegionsDiagram d;
	size_t		i,
				k,
				bad_sound = 0,
				bad_complete = 0,
				bad_nearest = 0,
				pairs = 0;
	double		size = fmax(box[2] - box[0], box[3] - box[1]),
				tol = 1e-7 * size;
	uint64_t	st = seed;

	live = 0;
	if (!tap_ok(regions_build(x, y, turf, n, box, &d, NULL, &counting) == REGIONS_OK, "%s: built", name))
		return;
	for (k = 0; k < d.nseg; k++)
	{
		int			e;

		for (e = 0; e < 3; e++)
		{
			double		px = e == 2 ? (d.seg[4 * k] + d.seg[4 * k + 2]) / 2 : d.seg[4 * k + 2 * e],
						py = e == 2 ? (d.seg[4 * k + 1] + d.seg[4 * k + 3]) / 2 : d.seg[4 * k + 2 * e + 1],
						all = sqrt(nearest_sq(x, y, turf, n, px, py, -1)),
						second = INFINITY;
			int32_t		t = nearest_turf(x, y, turf, n, px, py);

			/* the nearest door of any other turf is as near as the nearest door */
			for (i = 0; i < n; i++)
				if (turf[i] != t)
					second = fmin(second, hypot(x[i] - px, y[i] - py));
			if (fabs(second - all) > tol || px < box[0] - tol || px > box[2] + tol ||
				py < box[1] - tol || py > box[3] + tol)
				bad_sound++;
		}
	}
	tap_ok(bad_sound == 0, "%s: every boundary point is equally far from two turfs (%zu segments, %zu bad)",
		   name, d.nseg, bad_sound);
	for (k = 0; k < 4000; k++)
	{
		double		px = box[0] + uniform(&st) * (box[2] - box[0]),
					py = box[1] + uniform(&st) * (box[3] - box[1]),
					qx = px + (uniform(&st) - .5) * size * 0.05,
					qy = py + (uniform(&st) - .5) * size * 0.05,
					dp,
					dq;
		int32_t		tp = nearest_turf(x, y, turf, n, px, py),
					tq = nearest_turf(x, y, turf, n, qx, qy);
		size_t		near = regions_nearest(&d, px, py);

		/* the nearest door found is as near as the nearest of all */
		dp = hypot(d.px[near] - px, d.py[near] - py);
		if (fabs(dp - sqrt(nearest_sq(x, y, turf, n, px, py, -1))) > tol)
			bad_nearest++;
		if (tp == tq || !(qx >= box[0] && qx <= box[2] && qy >= box[1] && qy <= box[3]))
			continue;			/* one turf, or q outside the box the boundaries are clipped to */
		/* skip pairs whose places are nearly tied between two turfs */
		dp = sqrt(nearest_sq(x, y, turf, n, px, py, tq)) - sqrt(nearest_sq(x, y, turf, n, px, py, tp));
		dq = sqrt(nearest_sq(x, y, turf, n, qx, qy, tp)) - sqrt(nearest_sq(x, y, turf, n, qx, qy, tq));
		if (dp < tol || dq < tol)
			continue;
		pairs++;
		for (i = 0; i < d.nseg; i++)
			if (segments_meet(px, py, qx, qy, d.seg[4 * i], d.seg[4 * i + 1], d.seg[4 * i + 2], d.seg[4 * i + 3]))
				break;
		if (i == d.nseg)
			bad_complete++;
	}
	tap_ok(bad_complete == 0, "%s: a boundary separates every pair of places in different turfs (%zu pairs, %zu not)",
		   name, pairs, bad_complete);
	tap_ok(bad_nearest == 0, "%s: the nearest door agrees with brute force (%zu differ)", name, bad_nearest);
	regions_free(&d);
	tap_ok(live == 0, "%s: all memory released (%ld live)", name, live);
}

int
main(void)
{
	double		box[4] = {-10, -10, 10, 10};
	RegionsDiagram d;
	uint64_t	st = 17;
	size_t		i,
				n;
	double	   *x,
			   *y;
	int32_t    *t;

	/*
	 * Two doors (0, 0) and (2, 0) in turfs 1 and 2: the boundary is their
	 * bisector x = 1 across the box, from (1, -10) to (1, 10) (hand).
	 */
	{
		double		x2[2] = {0, 2},
					y2[2] = {0, 0};
		int32_t		t2[2] = {1, 2};

		tap_ok(regions_build(x2, y2, t2, 2, box, &d, NULL, NULL) == REGIONS_OK, "two doors: built");
		tap_is_int((int64_t) d.nseg, 1, "two doors: one boundary");
		tap_ok(d.nseg == 1 && fabs(d.seg[0] - 1) < 1e-12 && fabs(d.seg[2] - 1) < 1e-12 &&
			   fabs(fabs(d.seg[1] - d.seg[3]) - 20) < 1e-12,
			   "two doors: the boundary is x = 1 from y = -10 to 10");
		regions_free(&d);
	}

	/*
	 * A square (0,0) (2,0) (0,2) (2,2), left column turf 1, right turf 2:
	 * the four doors are cocircular; the boundary is the line x = 1, total
	 * length 20 in the box (hand), whichever diagonal the triangulation
	 * takes.  Same-turf doors give no boundary.
	 */
	{
		double		x4[4] = {0, 2, 0, 2},
					y4[4] = {0, 0, 2, 2},
					len = 0;
		int32_t		t4[4] = {1, 2, 1, 2},
					same[4] = {5, 5, 5, 5};
		int			onx1 = 1;

		tap_ok(regions_build(x4, y4, t4, 4, box, &d, NULL, NULL) == REGIONS_OK, "square: built");
		for (i = 0; i < d.nseg; i++)
		{
			len += hypot(d.seg[4 * i + 2] - d.seg[4 * i], d.seg[4 * i + 3] - d.seg[4 * i + 1]);
			onx1 = onx1 && fabs(d.seg[4 * i] - 1) < 1e-9 && fabs(d.seg[4 * i + 2] - 1) < 1e-9;
		}
		tap_ok(onx1 && fabs(len - 20) < 1e-9, "square: the boundary is x = 1, length 20 (got %g)", len);
		regions_free(&d);
		tap_ok(regions_build(x4, y4, same, 4, box, &d, NULL, NULL) == REGIONS_OK && d.nseg == 0,
			   "square in one turf: no boundary");
		tap_is_int((int64_t) d.npoints, 4, "square in one turf: four points");
		regions_free(&d);
	}

	/* Bad input: NaN, infinity, beyond 1e15; doors of two turfs at one point. */
	{
		double		xb[3] = {0, NAN, 1},
					yb[3] = {0, 0, 1},
					xi[2] = {0, INFINITY},
					yi[2] = {0, 0},
					xf[2] = {0, 2e15},
					xs[3] = {5, 1, 5},
					ys[3] = {5, 1, 5};
		int32_t		tb[3] = {1, 2, 3},
					ts[3] = {1, 1, 2},
					tsame[3] = {4, 1, 4};

		tap_ok(regions_build(xb, yb, tb, 3, box, &d, NULL, NULL) == REGIONS_NOT_FINITE, "NaN refused");
		tap_ok(regions_build(xi, yi, tb, 2, box, &d, NULL, NULL) == REGIONS_NOT_FINITE, "infinity refused");
		tap_ok(regions_build(xf, yi, tb, 2, box, &d, NULL, NULL) == REGIONS_NOT_FINITE, "2e15 refused");
		tap_ok(regions_build(xs, ys, ts, 3, box, &d, NULL, NULL) == REGIONS_SHARED_POINT &&
			   ((d.clash_a == 0 && d.clash_b == 2) || (d.clash_a == 2 && d.clash_b == 0)),
			   "doors 0 and 2 of turfs 1 and 2 at (5, 5): refused, naming both");
		tap_ok(regions_build(xs, ys, tsame, 3, box, &d, NULL, NULL) == REGIONS_OK && d.npoints == 2 &&
			   d.nseg == 1, "doors 0 and 2 of one turf at (5, 5): one point, one boundary");
		regions_free(&d);
		tap_ok(regions_build(xs, ys, ts, 0, box, &d, NULL, NULL) == REGIONS_OK && d.npoints == 0 && d.nseg == 0,
			   "no doors: nothing");
		tap_ok(regions_build(xs, ys, ts, 1, box, &d, NULL, NULL) == REGIONS_OK && d.npoints == 1 && d.nseg == 0 &&
			   regions_nearest(&d, -100, 7) == 0, "one door: no boundary, nearest everywhere");
		regions_free(&d);
	}

	/* Collinear doors on a street, alternating pairs of turfs. */
	{
		double		xl[8],
					yl[8];
		int32_t		tl[8];
		double		bl[4] = {-5, -5, 12, 5};

		for (i = 0; i < 8; i++)
		{
			xl[i] = (double) i;
			yl[i] = 0;
			tl[i] = (int32_t) (i / 2);
		}
		check_diagram("8 collinear doors", xl, yl, tl, 8, bl, 3);
	}

	/* Random doors, random turfs; then a street grid (cocircular lots). */
	n = 300;
	x = malloc(sizeof(double) * 4000);
	y = malloc(sizeof(double) * 4000);
	t = malloc(sizeof(int32_t) * 4000);
	for (i = 0; i < n; i++)
	{
		x[i] = uniform(&st) * 100;
		y[i] = uniform(&st) * 100;
		t[i] = (int32_t) (tap_random(&st) % 7) * 3 - 5;	/* numbers with gaps and negatives */
	}
	{
		double		b[4] = {-20, -20, 120, 120};

		check_diagram("300 random doors, 7 turfs", x, y, t, n, b, 5);
	}
	n = 0;
	for (i = 0; i < 20; i++)
	{
		size_t		j;

		for (j = 0; j < 20; j++)
		{
			x[n] = (double) i * 18;
			y[n] = (double) j * 12;
			t[n] = (int32_t) ((i / 5) * 4 + j / 5);	/* 5 x 5 blocks of lots */
			n++;
		}
	}
	{
		double		b[4] = {-30, -30, 400, 260};

		check_diagram("street grid 20 x 20 in 16 turfs", x, y, t, n, b, 9);
	}
	/* Apartment buildings: many doors at a few points, among houses. */
	n = 0;
	for (i = 0; i < 6; i++)
	{
		double		bx = uniform(&st) * 500,
					by = uniform(&st) * 500;
		size_t		u;

		for (u = 0; u < 40; u++)
		{
			x[n] = bx;
			y[n] = by;
			t[n] = (int32_t) i;	/* a building is a turf by itself */
			n++;
		}
	}
	for (i = 0; i < 200; i++)
	{
		x[n] = uniform(&st) * 500;
		y[n] = uniform(&st) * 500;
		t[n] = 6 + (int32_t) (x[n] / 250) + 2 * (int32_t) (y[n] / 250);
		n++;
	}
	{
		double		b[4] = {-10, -10, 510, 510};

		check_diagram("6 one-building turfs among 200 houses", x, y, t, n, b, 11);
	}

	/* A large input: 200,000 random doors; the interrupt callback is called. */
	{
		size_t		big = 200000;
		double	   *bx = malloc(sizeof(double) * big),
				   *by = malloc(sizeof(double) * big);
		int32_t    *bt = malloc(sizeof(int32_t) * big);
		double		b[4] = {-1, -1, 1001, 1001};

		for (i = 0; i < big; i++)
		{
			bx[i] = uniform(&st) * 1000;
			by[i] = uniform(&st) * 1000;
			bt[i] = (int32_t) (bx[i] / 10) + 100 * (int32_t) (by[i] / 10);
		}
		interrupts = 0;
		tap_ok(regions_build(bx, by, bt, big, b, &d, count_interrupt, NULL) == REGIONS_OK,
			   "200,000 doors: built");
		tap_ok(interrupts > 2, "200,000 doors: interrupt callback called %d times", interrupts);
		/*
		 * 10,000 square turfs of 10 x 10 in a 1000 x 1000 box: the boundary
		 * between the columns and rows of squares is close to the grid
		 * lines, 2 x 99 lines of length 1000 (hand): 198,000 in all, longer
		 * by the zigzag of Voronoi edges between random doors.
		 */
		{
			double		len = 0;

			for (i = 0; i < d.nseg; i++)
				len += hypot(d.seg[4 * i + 2] - d.seg[4 * i], d.seg[4 * i + 3] - d.seg[4 * i + 1]);
			tap_ok(len > 198000 && len < 198000 * 1.6, "200,000 doors: boundary length %.0f near 198,000 and above it", len);
		}
		regions_free(&d);
		free(bx);
		free(by);
		free(bt);
	}

	/* Every allocation failure is reported and leaves nothing allocated. */
	{
		int			k,
					allok = 1;

		for (k = 0; k < 12; k++)
		{
			RegionsStatus r;

			live = 0;
			refused = 0;
			fail_after = k;
			r = regions_build(x, y, t, n, box, &d, NULL, &counting);
			fail_after = -1;
			if (refused && (r != REGIONS_NO_MEMORY || live != 0))
				allok = 0;
			if (r == REGIONS_OK)
				regions_free(&d);
			if (live != 0)
				allok = 0;
		}
		tap_ok(allok, "allocation failures: REGIONS_NO_MEMORY and nothing leaked");
	}
	free(x);
	free(y);
	free(t);
	return tap_done();
}
