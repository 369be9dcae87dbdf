/*
 * metrics_core.c
 *	  Partisan metrics of a district plan: seats, efficiency gap (three
 *	  variants), mean-median, partisan bias, declination, lopsided margin
 *	  and competitive districts, computed in one pass over the districts
 *	  after they are put into canonical order.
 *
 * Formulas and their sources are in README "Plan metrics" and DOMAIN.md.
 * Order of the options: an uncontested district's share is substituted
 * first, then the swing is added, then the share is clamped to [0, 1]; the
 * district's turnout T = A + B is always kept.
 */
#include "metrics_core.h"

#include <math.h>
#include <stdlib.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Checks one district's votes: finite and not negative. */
MetricsStatus
metrics_check_votes(double a, double b)
{
	if (isnan(a) || isnan(b))
		return METRICS_NAN_VOTES;
	if (isinf(a) || isinf(b))
		return METRICS_INFINITE_VOTES;
	if (a < 0 || b < 0)
		return METRICS_NEGATIVE_VOTES;
	return METRICS_OK;
}

/* Checks the options. */
MetricsStatus
metrics_check_options(const MetricsOptions *o)
{
	if (!(o->swing >= -1.0 && o->swing <= 1.0))
		return METRICS_BAD_SWING;
	if (o->uncontested != 0.0 && !(o->uncontested > 0.5 && o->uncontested <= 1.0))
		return METRICS_BAD_UNCONTESTED;
	if (!(o->competitive_lo >= 0.0 && o->competitive_hi <= 1.0 &&
		  o->competitive_lo <= o->competitive_hi))
		return METRICS_BAD_BAND;
	return METRICS_OK;
}

/* Default options: no swing, uncontested as is, 'half', band [0.45, 0.55]. */
void
metrics_default_options(MetricsOptions *o)
{
	o->swing = 0.0;
	o->uncontested = 0.0;
	o->eg_variant = METRICS_EG_HALF;
	o->competitive_lo = 0.45;
	o->competitive_hi = 0.55;
}

/* Canonical order of districts: by A's votes, then B's. */
static int
district_cmp(const void *x, const void *y)
{
	const MetricsDistrict *p = x;
	const MetricsDistrict *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

/* Ascending order of doubles (no NaN reaches here). */
static int
double_cmp(const void *x, const void *y)
{
	double		p = *(const double *) x;
	double		q = *(const double *) y;

	return p < q ? -1 : (p > q ? 1 : 0);
}

/*
 * Computes every metric of the n districts (see metrics_core.h).
 *
 * Seats: v > 1/2 wins, v = 1/2 is half a seat to each.  Wasted votes of a
 * tied district are split evenly (the mean of the two ways of awarding the
 * seat), so a tie adds nothing to the efficiency gap's numerator.  In
 * declination and lopsided margin a tied district counts as half a win for
 * each party, with share 1/2.
 */
void
metrics_compute(MetricsDistrict *d, size_t n, const MetricsOptions *o,
				MetricsResult *r, double *v)
{
	size_t		m = 0;
	size_t		i;
	double		sum_t = 0.0,
				sum_at = 0.0,
				sum_v = 0.0;
	double		waste_half = 0.0,
				waste_major = 0.0;
	double		k_a = 0.0,
				k_b = 0.0,
				sum_a = 0.0,
				sum_b = 0.0;
	double		above = 0.0;
	double		N;

	r->districts = 0;
	r->uncontested = 0;
	r->competitive = 0;
	if (n == 0)
		return;

	qsort(d, n, sizeof(MetricsDistrict), district_cmp);

	/* Districts with no votes take no part; keep the others in order. */
	for (i = 0; i < n; i++)
		if (d[i].a + d[i].b > 0)
			d[m++] = d[i];
	if (m == 0)
		return;
	N = (double) m;

	/* Shares after the options, and everything that needs the turnout. */
	for (i = 0; i < m; i++)
	{
		double		t = d[i].a + d[i].b;
		double		x = d[i].a / t;
		double		a,
					b,
					wa,
					wb,
					quota;

		if (d[i].a == 0 || d[i].b == 0)
		{
			r->uncontested++;
			if (o->uncontested != 0.0)
				x = d[i].a > 0 ? o->uncontested : 1.0 - o->uncontested;
		}
		x += o->swing;
		if (x < 0.0)
			x = 0.0;
		if (x > 1.0)
			x = 1.0;
		v[i] = x;

		a = x * t;
		b = t - a;
		sum_t += t;
		sum_at += a;
		sum_v += x;

		/* Wasted votes, threshold T/2. */
		if (x > 0.5)
		{
			wa = a - t / 2;
			wb = b;
		}
		else if (x < 0.5)
		{
			wa = a;
			wb = b - t / 2;
		}
		else
			wa = wb = t / 4;
		waste_half += wb - wa;

		/* Wasted votes, threshold floor(T/2) + 1. */
		quota = floor(t / 2) + 1;
		if (x > 0.5)
			waste_major += b - (a - quota);
		else if (x < 0.5)
			waste_major += (b - quota) - a;
		/* a tie: each wastes the mean of its two outcomes, the same */
	}

	r->districts = (int64_t) m;
	r->vote_share = sum_at / sum_t;
	r->mean_share = sum_v / N;

	for (i = 0; i < m; i++)
	{
		double		x = v[i];

		if (x > 0.5)
		{
			k_a += 1.0;
			sum_a += x;
		}
		else if (x < 0.5)
		{
			k_b += 1.0;
			sum_b += x;
		}
		else
		{
			k_a += 0.5;
			k_b += 0.5;
			sum_a += 0.25;
			sum_b += 0.25;
		}
		/* Partisan bias: the shares shifted by 1/2 - V, against 1/2. */
		if (x > r->vote_share)
			above += 1.0;
		else if (x == r->vote_share)
			above += 0.5;
		if (x >= o->competitive_lo && x <= o->competitive_hi)
			r->competitive++;
	}

	r->seats = k_a;
	r->seat_share = k_a / N;
	r->efficiency_gap[METRICS_EG_HALF] = waste_half / sum_t;
	r->efficiency_gap[METRICS_EG_MAJORITY] = waste_major / sum_t;
	r->efficiency_gap[METRICS_EG_SIMPLIFIED] =
		(r->seat_share - 0.5) - 2.0 * (r->vote_share - 0.5);
	r->partisan_bias = above / N - 0.5;

	/* Declination (Warrington), in PlanScore's form; a sweep is +-1. */
	if (k_a == 0.0)
		r->declination = -1.0;
	else if (k_b == 0.0)
		r->declination = 1.0;
	else
	{
		double		mean_a = sum_a / k_a;
		double		mean_b = sum_b / k_b;
		double		theta = atan((1.0 - 2.0 * mean_b) * N / k_b);
		double		gamma = atan((2.0 * mean_a - 1.0) * N / k_a);

		r->declination = 2.0 * (theta - gamma) / M_PI;
	}
	r->declination_scaled = r->declination * log(N) / 2.0;

	/* Lopsided margin: B's mean winning share minus A's. */
	r->lopsided_defined = k_a > 0.0 && k_b > 0.0;
	r->lopsided_margin = r->lopsided_defined
		? (1.0 - sum_b / k_b) - sum_a / k_a : 0.0;

	/* Median of the shares. */
	qsort(v, m, sizeof(double), double_cmp);
	r->median_share = (m % 2) ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2.0;
	r->mean_median = r->median_share - r->mean_share;
}
