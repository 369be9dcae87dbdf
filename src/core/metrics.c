/*
 * metrics.c
 *	  Partisan metrics of a district plan: seats, efficiency gap (three
 *	  variants), mean-median, partisan bias, declination, lopsided margin
 *	  and competitive districts, computed in one pass over the districts
 *	  after they are put into canonical order.
 *
 * Formulas and their sources are in README "Plan metrics" and DOMAIN.md.
 * Order of the options: an uncontested district's share is substituted
 * first, then the swing is added, then the share is clamped to [0, 1]; the
 * district's turnout T = A + B is always kept.  A's votes after the options
 * are A + swing x T (or share x T when substituted), so with no options
 * every sum is over the votes exactly as given.
 */
#include "metrics.h"

#include <math.h>
#include <string.h>

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

/* Fills the header of a serialized state (see metrics.h). */
void
metrics_state_header(MetricsStateHeader *h, int has_options,
					 const MetricsOptions *o, int64_t n)
{
	memset(h, 0, sizeof(*h));
	h->version = METRICS_STATE_VERSION;
	h->has_options = has_options ? 1 : 0;
	h->eg_variant = (int32_t) o->eg_variant;
	h->swing = o->swing;
	h->uncontested = o->uncontested;
	h->competitive_lo = o->competitive_lo;
	h->competitive_hi = o->competitive_hi;
	h->n = n;
}

/* Writes a serialized state (see metrics.h). */
void
metrics_state_write(void *out, int has_options, const MetricsOptions *o,
					const MetricsDistrict *d, int64_t n)
{
	unsigned char *p = out;
	MetricsStateHeader h;
	int64_t		i;

	metrics_state_header(&h, has_options, o, n);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	for (i = 0; i < n; i++)
	{
		memcpy(p, &d[i].a, sizeof(double));
		memcpy(p + sizeof(double), &d[i].b, sizeof(double));
		p += sizeof(MetricsDistrict);
	}
}

/* Checks a serialized state like user input (see metrics.h). */
MetricsStatus
metrics_state_check(const void *bytes, size_t len, MetricsStateHeader *h,
					MetricsOptions *o, size_t *bad_index)
{
	const unsigned char *p = bytes;
	size_t		body,
				i;
	MetricsStatus st;

	*bad_index = 0;
	metrics_default_options(o);
	if (len < sizeof(*h))
		return METRICS_BAD_STATE;
	memcpy(h, p, sizeof(*h));
	body = len - sizeof(*h);
	if (h->version != METRICS_STATE_VERSION ||
		(h->has_options != 0 && h->has_options != 1) || h->pad != 0 ||
		h->eg_variant < METRICS_EG_HALF || h->eg_variant > METRICS_EG_SIMPLIFIED ||
		h->n < 0 || body % sizeof(MetricsDistrict) != 0 ||
		(uint64_t) h->n != body / sizeof(MetricsDistrict) ||
		(h->n > 0 && !h->has_options))
		return METRICS_BAD_STATE;
	if (h->has_options)
	{
		o->swing = h->swing;
		o->uncontested = h->uncontested;
		o->eg_variant = (MetricsEgVariant) h->eg_variant;
		o->competitive_lo = h->competitive_lo;
		o->competitive_hi = h->competitive_hi;
		st = metrics_check_options(o);
		if (st != METRICS_OK)
			return st;
	}
	for (i = 0; i < (size_t) h->n; i++)
	{
		MetricsDistrict d;

		memcpy(&d, p + sizeof(*h) + i * sizeof(d), sizeof(d));
		st = metrics_check_votes(d.a, d.b);
		if (st == METRICS_OK &&
			(d.a > (double) METRICS_MAX_VOTES || d.b > (double) METRICS_MAX_VOTES))
			st = METRICS_VOTES_TOO_LARGE;
		if (st != METRICS_OK)
		{
			*bad_index = i;
			return st;
		}
	}
	return METRICS_OK;
}

/* Canonical order: by share after the options, then A's votes, then B's. */
static inline int
work_less(const MetricsWork *p, const MetricsWork *q)
{
	if (p->x != q->x)
		return p->x < q->x;
	if (p->a != q->a)
		return p->a < q->a;
	return p->b < q->b;
}

/*
 * work_sort(w, n, interrupt): w[0..n) into canonical order.  Equal items are
 * identical in every field, so the result is unique.
 */
#define SORT_NAME work_sort
#define SORT_TYPE MetricsWork
#define SORT_LESS(p, q) work_less(p, q)
#include "core/sort_template.h"

/*
 * Computes every metric of the n districts (see metrics.h).
 *
 * Seats: v > 1/2 wins, v = 1/2 is half a seat to each.  Wasted votes of a
 * tied district are split evenly (the mean of the two ways of awarding the
 * seat), so a tie adds nothing to the efficiency gap's numerator.  In
 * declination and lopsided margin a tied district counts as half a win for
 * each party, with share 1/2.
 */
void
metrics_compute(const MetricsDistrict *d, size_t n, const MetricsOptions *o,
				MetricsResult *r, MetricsWork *w, void (*interrupt) (void))
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

	/*
	 * Shares after the options.  Districts with no votes take no part.  A's
	 * votes after the options are A + swing x T (or share x T when
	 * substituted), so with no options every sum is over the votes given.
	 */
	for (i = 0; i < n; i++)
	{
		double		t = d[i].a + d[i].b;
		double		a = d[i].a;

		if (interrupt && i % 65536 == 65535)
			interrupt();
		if (!(t > 0))
			continue;
		if (d[i].a == 0 || d[i].b == 0)
		{
			r->uncontested++;
			if (o->uncontested != 0.0)
				a = (d[i].a > 0 ? o->uncontested : 1.0 - o->uncontested) * t;
		}
		if (o->swing != 0.0)
			a += o->swing * t;
		if (a < 0.0)
			a = 0.0;
		if (a > t)
			a = t;
		w[m].x = a / t;
		w[m].a_after = a;
		w[m].a = d[i].a;
		w[m].b = d[i].b;
		m++;
	}
	if (m == 0)
	{
		r->uncontested = 0;
		return;
	}
	N = (double) m;
	work_sort(w, m, interrupt);

	/* Everything that needs the turnout, summed in canonical order. */
	for (i = 0; i < m; i++)
	{
		double		t = w[i].a + w[i].b;
		double		x = w[i].x;
		double		a = w[i].a_after;
		double		b = t - a;
		double		wa,
					wb,
					quota;

		if (interrupt && i % 65536 == 65535)
			interrupt();
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

		/*
		 * Wasted votes, threshold floor(T/2) + 1.  With fractional votes
		 * (split allocations, a swing) a winner can hold fewer than the
		 * threshold: it then wastes nothing rather than a negative amount,
		 * which on a district of under two votes would swamp the plan.
		 */
		quota = floor(t / 2) + 1;
		if (x > 0.5)
			waste_major += b - fmax(a - quota, 0.0);
		else if (x < 0.5)
			waste_major += fmax(b - quota, 0.0) - a;
		/* a tie: each wastes the mean of its two outcomes, the same */
	}

	r->districts = (int64_t) m;
	r->vote_share = sum_at / sum_t;
	r->mean_share = sum_v / N;

	for (i = 0; i < m; i++)
	{
		double		x = w[i].x;

		if (interrupt && i % 65536 == 65535)
			interrupt();
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

	/* Median of the shares, which are in order. */
	r->median_share = (m % 2) ? w[m / 2].x : (w[m / 2 - 1].x + w[m / 2].x) / 2.0;
	r->mean_median = r->median_share - r->mean_share;
}
