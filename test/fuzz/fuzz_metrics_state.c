/*
 * fuzz_metrics_state.c
 *	  libFuzzer target for metrics_state_check, the check of the bytes the
 *	  plan-metric aggregates' deserial function reads (a parallel worker's
 *	  state, or anything a user hands over).  Whatever the bytes, the check
 *	  must refuse them or accept a state that is usable as it stands: the
 *	  length matches n, the options pass their own check, every district's
 *	  votes are finite, not negative and at most 2^53, the header written
 *	  back from what was decoded is accepted again (byte for byte the same
 *	  when the state has options), and every metric computed from the state
 *	  is finite and within its range.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless lo <= x <= hi (which also refuses NaN). */
static void
within(double x, double lo, double hi)
{
	if (!(x >= lo && x <= hi))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MetricsStateHeader h,
				h2;
	MetricsOptions o,
				o2;
	MetricsDistrict *d;
	MetricsWork *work;
	MetricsResult r;
	MetricsStatus st;
	size_t		bad,
				n,
				i;
	unsigned char *again;

	if (size > 1 << 20)
		return 0;
	st = metrics_state_check(data, size, &h, &o, &bad);
	if (st != METRICS_OK)
	{
		if (st != METRICS_BAD_STATE && st != METRICS_BAD_SWING &&
			st != METRICS_BAD_UNCONTESTED && st != METRICS_BAD_BAND &&
			st != METRICS_NAN_VOTES && st != METRICS_INFINITE_VOTES &&
			st != METRICS_NEGATIVE_VOTES && st != METRICS_VOTES_TOO_LARGE)
			abort();
		/* a bad district is one of the n the length holds */
		if ((st == METRICS_NAN_VOTES || st == METRICS_INFINITE_VOTES ||
			 st == METRICS_NEGATIVE_VOTES || st == METRICS_VOTES_TOO_LARGE) &&
			!(size >= sizeof(h) && bad < (size - sizeof(h)) / sizeof(MetricsDistrict)))
			abort();
		return 0;
	}

	/* The layout and the options. */
	if (h.n < 0 || size != sizeof(h) + (size_t) h.n * sizeof(MetricsDistrict))
		abort();
	if (h.version != METRICS_STATE_VERSION || (h.has_options != 0 && h.has_options != 1) ||
		(h.n > 0 && !h.has_options))
		abort();
	if (metrics_check_options(&o) != METRICS_OK || (int) o.eg_variant < 0 || (int) o.eg_variant > 2)
		abort();
	n = (size_t) h.n;
	d = malloc((n + 1) * sizeof(MetricsDistrict));
	work = malloc((n + 1) * sizeof(MetricsWork));
	if (n > 0)
		memcpy(d, data + sizeof(h), n * sizeof(MetricsDistrict));
	for (i = 0; i < n; i++)
		if (metrics_check_votes(d[i].a, d[i].b) != METRICS_OK ||
			d[i].a > (double) METRICS_MAX_VOTES || d[i].b > (double) METRICS_MAX_VOTES)
			abort();

	/* Written back from what was decoded, the state reads the same. */
	metrics_state_header(&h2, h.has_options, &o, h.n);
	if (h.has_options && memcmp(&h2, data, sizeof(h2)) != 0)
		abort();
	again = malloc(size);
	memcpy(again, &h2, sizeof(h2));
	if (n > 0)
		memcpy(again + sizeof(h2), d, n * sizeof(MetricsDistrict));
	if (metrics_state_check(again, size, &h2, &o2, &bad) != METRICS_OK ||
		h2.n != h.n || h2.has_options != h.has_options ||
		o.swing != o2.swing || o.uncontested != o2.uncontested ||
		o.eg_variant != o2.eg_variant || o.competitive_lo != o2.competitive_lo ||
		o.competitive_hi != o2.competitive_hi)
		abort();
	free(again);

	/* The metrics of the state. */
	memset(&r, 0, sizeof(r));
	metrics_compute(d, n, &o, &r, work, NULL);
	if (r.districts < 0 || (size_t) r.districts > n)
		abort();
	if (r.districts > 0)
	{
		within((double) r.uncontested, 0, (double) r.districts);
		within(r.seats, 0, (double) r.districts);
		within(r.seat_share, 0, 1);
		within(r.vote_share, 0, 1);
		within(r.mean_share, 0, 1);
		within(r.median_share, 0, 1);
		for (i = 0; i < 3; i++)
			within(r.efficiency_gap[i], -2, 2);
		within(r.mean_median, -1, 1);
		within(r.partisan_bias, -0.5, 0.5);
		within(r.declination, -1, 1);
		if (!isfinite(r.declination_scaled))
			abort();
		if (r.lopsided_defined)
			within(r.lopsided_margin, -1, 1);
		within((double) r.competitive, 0, (double) r.districts);
	}
	free(d);
	free(work);
	return 0;
}
