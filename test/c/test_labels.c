/*
 * test_labels.c
 *	  Unit tests of the placement of a packet map's stop labels.  Expected
 *	  positions and radii are hand computations written next to them (a
 *	  stop alone stays put; a second stop at the same point goes to ring 2,
 *	  ring 3,
 *	  at distance sep = 2.25 r, straight up; a
 *	  box too narrow for the radius shrinks it by 0.85; the lattice of the
 *	  last resort).  Hand-made crowds (a row of 10 stops 1 unit apart, a 5 x 5
 *	  cluster, 2,000 stops at one point, random stops) are checked for the
 *	  properties every answer must have: no two circles overlap, every label
 *	  within 7.5 radii of its stop while the bounded search suffices, one
 *	  radius no smaller than asked, the same answer twice bit for bit.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/labels.h"
#include "counting_alloc.h"
#include "tap.h"

static long interrupts = 0;

static void
count_interrupt(void)
{
	interrupts++;
}

/* Smallest distance between two label centres, over all pairs (n small). */
static double
closest_pair(const double *lx, const double *ly, size_t n)
{
	double		best = INFINITY;
	size_t		i,
				j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			best = fmin(best, hypot(lx[i] - lx[j], ly[i] - ly[j]));
	return best;
}

/* Largest distance from a stop to its label. */
static double
farthest_label(const double *x, const double *y, const double *lx, const double *ly, size_t n)
{
	double		worst = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		worst = fmax(worst, hypot(lx[i] - x[i], ly[i] - y[i]));
	return worst;
}

/*
 * Places the labels twice and checks the properties: no overlap (centres
 * at least 2 r apart, in fact sep less the slack), within the bounded
 * search's reach when bounded, no smaller than min_radius, the same twice.
 */
static double
check_crowd(const char *name, const double *x, const double *y, size_t n, const double *box,
			double radius, double min_radius, int bounded)
{
	double	   *lx = malloc(sizeof(double) * n),
			   *ly = malloc(sizeof(double) * n),
			   *lx2 = malloc(sizeof(double) * n),
			   *ly2 = malloc(sizeof(double) * n),
				r = 0,
				r2 = 0;
	LabelsStatus st,
				st2;

	st = labels_place(x, y, n, box, radius, min_radius, lx, ly, &r, NULL, NULL);
	st2 = labels_place(x, y, n, box, radius, min_radius, lx2, ly2, &r2, NULL, NULL);
	tap_ok(st == LABELS_OK && st2 == LABELS_OK, "%s: placed", name);
	tap_ok(closest_pair(lx, ly, n) >= LABELS_SEPARATION * r * (1 - 1e-6),
		   "%s: no two circles overlap (closest centres %.3f, radius %.3f)",
		   name, closest_pair(lx, ly, n), r);
	tap_ok(r >= min_radius && r <= radius, "%s: radius %.3f within [%g, %g]", name, r, min_radius, radius);
	if (bounded)
		tap_ok(farthest_label(x, y, lx, ly, n) <= LABELS_RINGS * LABELS_SEPARATION * r / LABELS_RING_STEPS * (1 + 1e-9),
			   "%s: every label within 7.5 r of its stop (farthest %.3f, r %.3f)",
			   name, farthest_label(x, y, lx, ly, n), r);
	tap_ok(r == r2 && memcmp(lx, lx2, sizeof(double) * n) == 0 && memcmp(ly, ly2, sizeof(double) * n) == 0,
		   "%s: the same answer twice", name);
	free(lx);
	free(ly);
	free(lx2);
	free(ly2);
	return r;
}

int
main(void)
{
	double		x[2000],
				y[2000],
				lx[2000],
				ly[2000],
				r;
	size_t		i;
	uint64_t	seed = 42;

	/* A stop alone: its label at the stop, at the radius asked. */
	x[0] = 5;
	y[0] = 7;
	tap_ok(labels_place(x, y, 1, NULL, 10, 5, lx, ly, &r, NULL, NULL) == LABELS_OK
		   && lx[0] == 5 && ly[0] == 7 && r == 10, "one stop: label at the stop, radius 10");

	/* Two stops 100 apart, r = 10 (sep 22.5): both at their stops. */
	x[1] = 105;
	y[1] = 7;
	tap_ok(labels_place(x, y, 2, NULL, 10, 5, lx, ly, &r, NULL, NULL) == LABELS_OK
		   && lx[0] == 5 && lx[1] == 105 && ly[1] == 7 && r == 10, "two stops 100 apart: both at their stops");

	/*
	 * Two stops at one point (0, 0), r = 10, sep = 22.5: the first at the
	 * point; rings 1 and 2 (distance 7.5 and 15) are within sep of it, ring 3
	 * (distance 22.5, 8 directions, not turned) is just free in every
	 * direction, all equally near the first label: the first direction,
	 * straight up (y grows downwards): (0, -22.5).
	 */
	x[0] = y[0] = x[1] = y[1] = 0;
	{
		LabelsStatus st = labels_place(x, y, 2, NULL, 10, 5, lx, ly, &r, NULL, NULL);

		tap_ok(st == LABELS_OK && lx[0] == 0 && ly[0] == 0 && r == 10
			   && fabs(lx[1]) < 1e-9 && fabs(ly[1] + 22.5) < 1e-9,
			   "two stops at one point: the second at (0, -22.5) (got %.4f, %.4f)", lx[1], ly[1]);
	}
	check_crowd("two stops at one point", x, y, 2, NULL, 10, 5, 1);

	/*
	 * 60 stops at one point: about 45 fit within 7.5 radii at any size (the
	 * rings scale with the radius), so shrinking helps none: the full
	 * radius is kept, the rest on the lattice near the point.
	 */
	for (i = 0; i < 60; i++)
		x[i] = y[i] = 300;
	{
		double		box[4] = {0, 0, 600, 600};

		r = check_crowd("60 stops at one point", x, y, 60, box, 10, 5, 0);
		tap_ok(r == 10, "60 stops at one point: radius 10 kept (got %g)", r);
		/*
		 * A cell of the 8th square ring around the stop's cell (side 22.5)
		 * has its centre within sqrt(2) x 8.5 x 22.5 = 270.5 of the stop.
		 */
		labels_place(x, y, 60, box, 10, 5, lx, ly, &r, NULL, NULL);
		tap_ok(farthest_label(x, y, lx, ly, 60) <= 270.5,
			   "60 stops at one point: every label within the lattice's 8 rings (farthest %.1f)",
			   farthest_label(x, y, lx, ly, 60));
	}

	/*
	 * A row of 10 stops 1 unit apart, r = 10: room for all at full size (a
	 * disc of radius 7.5 r holds about (8.5 r)^2 pi / (0.866 x (2.25 r)^2) =
	 * 45 labels).
	 */
	for (i = 0; i < 10; i++)
	{
		x[i] = (double) i;
		y[i] = 50;
	}
	r = check_crowd("row of 10 stops 1 apart", x, y, 10, NULL, 10, 5, 1);
	tap_ok(r == 10, "row of 10: no shrinking (radius %g)", r);

	/* A 5 x 5 cluster 1 unit apart, in a box of 400 x 400 around it. */
	for (i = 0; i < 25; i++)
	{
		x[i] = 200 + (double) (i % 5);
		y[i] = 200 + (double) (i / 5);
	}
	{
		double		box[4] = {0, 0, 400, 400};

		r = check_crowd("5 x 5 cluster", x, y, 25, box, 10, 5, 1);
		tap_ok(r == 10, "5 x 5 cluster: no shrinking (radius %g)", r);
	}

	/*
	 * The shrinking rule: one stop at (9, 9) in the box 18 x 18.  A circle of
	 * radius 10 is 20 wide and fits nowhere; 10 x 0.85 = 8.5 fits at the stop
	 * (9 - 8.5 >= 0, 9 + 8.5 <= 18).
	 */
	{
		double		box[4] = {0, 0, 18, 18};

		x[0] = y[0] = 9;
		LabelsStatus st = labels_place(x, y, 1, box, 10, 5, lx, ly, &r, NULL, NULL);

		tap_ok(st == LABELS_OK && r == 8.5 && lx[0] == 9 && ly[0] == 9, "too narrow a box: radius 8.5 = 10 x 0.85, at the stop (got %g)", r);

		/*
		 * With min_radius 9.5 no radius fits (19 > 18): at 10 and at 9.5 the
		 * stop goes to the lattice, one stop each, so the larger radius, 10,
		 * is kept.  No lattice cell near the stop lies inside the box (cells
		 * of side sep = 2.25 x 10 = 22.5, the first centred at (11.25,
		 * 11.25), whose circle reaches 21.25 > 18): it takes the first cell
		 * of the row by row scan, (11.25, 11.25).
		 */
		st = labels_place(x, y, 1, box, 10, 9.5, lx, ly, &r, NULL, NULL);
		tap_ok(st == LABELS_OK && r == 10 && lx[0] == 11.25 && ly[0] == 11.25,
			   "no radius fits: radius 10 kept, the lattice's first cell (11.25, 11.25) (got %g: %g, %g)", r, lx[0], ly[0]);
	}

	/* 2,000 stops at one point, box 200 x 200: the last resort places all. */
	for (i = 0; i < 2000; i++)
		x[i] = y[i] = 100;
	{
		double		box[4] = {0, 0, 200, 200};

		/*
		 * The box holds about (200 + 11.25)^2 / (0.866 x 11.25^2) = 407
		 * labels of radius 5: 2,000 is more than twice that, so the smallest
		 * radius at once.
		 */
		r = check_crowd("2000 stops at one point", x, y, 2000, box, 10, 5, 0);
		tap_ok(r == 5, "2000 stops at one point: radius 5, the smallest (got %g)", r);
	}

	/* Random stops, dense and sparse, in a box of 1000 x 600. */
	{
		double		box[4] = {0, 0, 1000, 600};
		int			t;

		for (t = 0; t < 4; t++)
		{
			size_t		m = t < 2 ? 50 : 400;
			double		spread = t % 2 ? 900 : 150;
			char		name[64];

			for (i = 0; i < m; i++)
			{
				x[i] = 50 + spread * (double) (tap_random(&seed) >> 11) / 9007199254740992.0;
				y[i] = 50 + spread / 2 * (double) (tap_random(&seed) >> 11) / 9007199254740992.0;
			}
			snprintf(name, sizeof(name), "%zu random stops over %g", m, spread);
			check_crowd(name, x, y, m, box, 17, 8.5, 0);
		}
	}

	/* Bad input. */
	x[0] = NAN;
	tap_ok(labels_place(x, y, 1, NULL, 10, 5, lx, ly, &r, NULL, NULL) == LABELS_NOT_FINITE, "NaN stop: not finite");
	x[0] = 1e10;
	tap_ok(labels_place(x, y, 1, NULL, 10, 5, lx, ly, &r, NULL, NULL) == LABELS_NOT_FINITE, "stop beyond 1e9: not finite");
	x[0] = 0;
	tap_ok(labels_place(x, y, 1, NULL, 10, 0, lx, ly, &r, NULL, NULL) == LABELS_NOT_FINITE, "min_radius 0: refused");
	tap_ok(labels_place(x, y, 1, NULL, 4, 5, lx, ly, &r, NULL, NULL) == LABELS_NOT_FINITE, "radius below min_radius: refused");
	tap_ok(labels_place(x, y, 0, NULL, 10, 5, lx, ly, &r, NULL, NULL) == LABELS_OK && r == 10, "no stops: nothing to place");

	/* Every allocation refused in turn: the status says so, nothing leaks. */
	{
		int			k,
					good = 1;

		for (i = 0; i < 2000; i++)
			x[i] = y[i] = 100;
		for (k = 0; k < 6; k++)
		{
			LabelsStatus st;

			live = 0;
			refused = 0;
			fail_after = k;
			st = labels_place(x, y, 30, NULL, 10, 5, lx, ly, &r, NULL, &counting);
			if (!(st == (refused ? LABELS_NO_MEMORY : LABELS_OK) && live == 0))
				good = 0;
		}
		fail_after = -1;
		tap_ok(good, "memory: every refused allocation reported, nothing left live");
	}

	/* The interrupt callback is called on long placements (every 65,536 stops). */
	{
		size_t		m = 200000;
		double	   *bx = malloc(sizeof(double) * m),
				   *by = malloc(sizeof(double) * m),
				   *bl = malloc(sizeof(double) * m),
				   *bm = malloc(sizeof(double) * m);
		double		box[4] = {0, 0, 1000, 1000};

		for (i = 0; i < m; i++)
			bx[i] = by[i] = 500;
		interrupts = 0;
		labels_place(bx, by, m, box, 12, 6, bl, bm, &r, count_interrupt, NULL);
		tap_ok(interrupts >= 3, "200,000 stops: the interrupt callback called (%ld times)", interrupts);
		free(bx);
		free(by);
		free(bl);
		free(bm);
	}

	return tap_done();
}
