/*
 * fuzz_lean.c
 *	  libFuzzer target for the lean core: lean_normal_quantile, lean_wilson,
 *	  lean_pvi and lean_label_points.  The input is up to twelve doubles
 *	  (missing ones are 0): a probability and a second one, successes,
 *	  trials, two confidence levels, four shares, a weight, and a lean in points.
 *	  Whatever the values:
 *	  - the quantile of p in (0, 1) is finite, has the sign of p - 1/2, is
 *	    monotone in p up to rounding (a few units in the last place; p not
 *	    subnormal), and the normal distribution at it gives p back to 12
 *	    digits;
 *	  - lean_wilson refuses exactly the bad arguments, with the status of
 *	    the first rule broken; an accepted interval is finite, within
 *	    [0, 1], contains x/n, is exactly 0 below when x = 0 and 1 above when
 *	    x = n, and widens with the confidence;
 *	  - lean_pvi refuses exactly the bad arguments; an accepted PVI is the
 *	    weighted mean of the two elections' leans, within [-100, 100];
 *	  - lean_label_points says EVEN exactly below half a point, else the
 *	    side of the lean and its rounding to a whole number of points.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lean.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NVALUES 12

/*
 * The quantile x of p: finite, of the sign of p - 1/2, and Phi(x) = p to 12
 * digits, compared in the lower tail below 1/2 and in the upper tail above
 * (1 - Phi(x) against 1 - p), where each is computed without cancellation.
 */
static void
check_quantile(double p, double x)
{
	if (!isfinite(x))
		abort();
	if ((p < 0.5 && !(x < 0)) || (p > 0.5 && !(x > 0)) || (p == 0.5 && x != 0))
		abort();
	if (p <= 0.5)
	{
		/* the lower tail, to a relative 1e-12 (subnormal p hold fewer digits) */
		double		got = 0.5 * erfc(-x / sqrt(2.0));

		if (!(fabs(got - p) <= 1e-12 * p + 1e-300))
			abort();
	}
	else
	{
		/* the upper tail, to a relative 1e-12 of 1 - p (exact for p > 1/2) */
		double		got = 0.5 * erfc(x / sqrt(2.0));

		if (!(fabs(got - (1 - p)) <= 1e-12 * (1 - p)))
			abort();
	}
}

/* lean_wilson's status by its rules, in its order. */
static LeanStatus
wilson_status(double x, double n, double c)
{
	if (!isfinite(x) || !isfinite(n) || !isfinite(c))
		return LEAN_NOT_FINITE;
	if (x < 0 || n < 0)
		return LEAN_NEGATIVE_COUNT;
	if (x > n)
		return LEAN_SUCCESSES_ABOVE_TRIALS;
	if (!(c > 0 && c < 1))
		return LEAN_BAD_CONFIDENCE;
	return LEAN_OK;
}

/* Cook's rounding of a finite lean. */
static void
check_label(double lean)
{
	double		points = -1;
	int			side = lean_label_points(lean, &points);

	if (fabs(lean) < 0.5)
	{
		if (side != 0 || points != 0)
			abort();
	}
	else if (side != (lean > 0 ? 1 : -1) || points < 1 || points != floor(points) ||
			 fabs(points - fabs(lean)) > 0.5)
		abort();
}

static int
unit(double s)
{
	return s >= 0 && s <= 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double		v[NVALUES];
	double		p,
				p2,
				q,
				q2,
				x,
				n,
				c,
				c2,
				lo = -1,
				hi = -1,
				lo2 = -1,
				hi2 = -1,
				pvi = 0,
				d1,
				d2,
				w;
	LeanStatus	st,
				want;

	memset(v, 0, sizeof(v));
	memcpy(v, data, size < sizeof(v) ? size : sizeof(v));
	p = v[0];
	p2 = v[1];
	x = v[2];
	n = v[3];
	c = v[4];
	c2 = v[5];

	/* The normal quantile. */
	if (p > 0 && p < 1)
	{
		q = lean_normal_quantile(p);
		check_quantile(p, q);
		if (p2 > 0 && p2 < 1)
		{
			q2 = lean_normal_quantile(p2);
			check_quantile(p2, q2);
			/*
			 * Monotone up to rounding, a few units in the last place, where
			 * p and p2 are normal numbers (a subnormal holds too few bits).
			 */
			if (p >= DBL_MIN && p2 >= DBL_MIN &&
				((p < p2 && q > q2 + 1e-15 * fabs(q)) || (p > p2 && q < q2 - 1e-15 * fabs(q))))
				abort();
		}
	}

	/* The Wilson interval. */
	st = lean_wilson(x, n, c, &lo, &hi);
	if (st != wilson_status(x, n, c))
		abort();
	if (st == LEAN_OK)
	{
		if (!isfinite(lo) || !isfinite(hi) || !(0 <= lo && lo <= hi && hi <= 1))
			abort();
		if ((x == 0 && lo != 0) || (x == n && hi != 1))
			abort();
		if (n > 0 && !(lo <= x / n + 1e-12 && x / n - 1e-12 <= hi))
			abort();
		if (wilson_status(x, n, c2) == LEAN_OK)
		{
			if (lean_wilson(x, n, c2, &lo2, &hi2) != LEAN_OK)
				abort();
			/* a higher confidence gives an interval at least as wide */
			if (c2 > c && !(lo2 <= lo + 1e-12 && hi2 >= hi - 1e-12))
				abort();
		}
	}

	/* Cook PVI. */
	w = v[10];
	st = lean_pvi(v[6], v[7], v[8], v[9], w, &pvi);
	if (!isfinite(v[6]) || !isfinite(v[7]) || !isfinite(v[8]) || !isfinite(v[9]) || !isfinite(w))
		want = LEAN_NOT_FINITE;
	else if (!unit(v[6]) || !unit(v[7]) || !unit(v[8]) || !unit(v[9]))
		want = LEAN_BAD_SHARE;
	else if (!unit(w))
		want = LEAN_BAD_WEIGHT;
	else
		want = LEAN_OK;
	if (st != want)
		abort();
	if (st == LEAN_OK)
	{
		d1 = 100 * (v[6] - v[7]);
		d2 = 100 * (v[8] - v[9]);
		if (!isfinite(pvi) || fabs(pvi) > 100)
			abort();
		/* between the two elections' leans */
		if (!(pvi >= fmin(d1, d2) - 1e-12 && pvi <= fmax(d1, d2) + 1e-12))
			abort();
		if ((w == 1 && pvi != d1) || (w == 0 && pvi != d2))
			abort();
	}

	/* Cook's rounding, of the PVI above and of the input's lean. */
	if (st == LEAN_OK)
		check_label(pvi);
	if (isfinite(v[11]))
		check_label(v[11]);
	return 0;
}
