/*
 * test_metrics.c
 *	  Unit tests of the plan-metrics core: DOMAIN.md's reference values
 *	  (GerryChain, PlanScore) in canvass's sign convention, the hand
 *	  computations of test/pgtap/metrics.sql, degenerate plans,
 *	  bit-identical answers for every order of the same districts, and the
 *	  canonical sort against a brute-force check on many sizes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"
#include "tap.h"

/* Reports |got - want| <= 1e-12. */
static void
near(double got, double want, const char *name)
{
	if (!tap_ok(fabs(got - want) <= 1e-12, "%s", name))
		printf("# got %.17g, want %.17g\n", got, want);
}

/* Computes the metrics of n districts given as A and B votes. */
static void
run(const double *a, const double *b, size_t n, double swing, double uncontested,
	MetricsResult *r)
{
	MetricsDistrict d[64];
	MetricsWork work[64];
	MetricsOptions o;
	size_t		i;

	metrics_default_options(&o);
	o.swing = swing;
	o.uncontested = uncontested;
	for (i = 0; i < n; i++)
	{
		d[i].a = a[i];
		d[i].b = b[i];
	}
	memset(r, 0, sizeof(*r));	/* so padding compares equal below */
	metrics_compute(d, n, &o, r, work, NULL);
}

/* Ascending doubles, for the independent median below. */
static int
cmp_double(const void *x, const void *y)
{
	double		p = *(const double *) x;
	double		q = *(const double *) y;

	return p < q ? -1 : (p > q ? 1 : 0);
}

/* Counts calls of the interrupt callback. */
static int	interrupt_calls = 0;

static void
count_interrupt(void)
{
	interrupt_calls++;
}

int
main(void)
{
	MetricsResult r,
				r2;
	MetricsOptions o;

	/* GerryChain test_partisan.py, parties [B, A]: 0.3, 0.15, 0.1 for B. */
	{
		double		a[] = {95, 40, 75, 45, 45};
		double		b[] = {5, 60, 25, 55, 55};

		run(a, b, 5, 0, 0, &r);
		near(r.efficiency_gap[METRICS_EG_HALF], -0.3, "GerryChain: EG -0.3 with A first");
		near(r.mean_median, -0.15, "GerryChain: mean-median -0.15");
		near(r.partisan_bias, -0.1, "GerryChain: partisan bias -0.1");
		run(b, a, 5, 0, 0, &r);
		near(r.efficiency_gap[METRICS_EG_HALF], 0.3, "GerryChain: EG 0.3 with B first");
	}
	/* PlanScore test_score.py, (red; blue), A = blue, simplified EG. */
	{
		double		red[] = {2, 3, 5, 6};
		double		blue[] = {6, 5, 3, 2};
		double		red2[] = {1, 5, 5, 5};
		double		blue2[] = {7, 3, 3, 3};

		run(blue, red, 4, 0, 0, &r);
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], 0, "PlanScore: EG(2,3,5,6; 6,5,3,2) = 0");
		run(blue, red, 4, -0.1, 0, &r);
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], 0.2, "PlanScore: swing -0.1: 0.2");
		run(blue, red, 4, 0.1, 0, &r);
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], -0.2, "PlanScore: swing +0.1: -0.2");
		run(blue2, red2, 4, 0, 0, &r);
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], -0.25, "PlanScore: EG(1,5,5,5; 7,3,3,3) = -0.25");
		run(blue2, red2, 4, -0.1, 0, &r);
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], -0.05, "PlanScore: swing -0.1: -0.05");
		run(blue2, red2, 4, 0.1, 0, &r);
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], -0.45, "PlanScore: swing +0.1: -0.45");
	}
	{
		double		red[] = {6, 6, 6, 1, 1};
		double		blue[] = {5, 5, 5, 10, 10};
		double		red2[] = {6, 6, 6, 3, 3};
		double		blue2[] = {2, 2, 2, 5, 5};
		double		red3[] = {3, 4, 5, 0};
		double		blue3[] = {2, 1, 0, 0};

		run(blue, red, 5, 0, 0, &r);
		near(r.mean_median, -2.0 / 11, "PlanScore: mean-median -2/11 (-0.18)");
		run(blue2, red2, 5, 0, 0, &r);
		near(r.partisan_bias, -0.1, "PlanScore: partisan bias -0.1");
		run(blue3, red3, 4, 0, 0, &r);
		near(r.declination_scaled, -log(3) / 2, "PlanScore: declination2(3,4,5; 2,1,0) = -ln(3)/2, zero-vote district ignored");
		tap_is_int(r.districts, 3, "a district with no votes takes no part");
		tap_ok(!r.lopsided_defined, "a sweep: no lopsided margin");
	}
	/* Hand plan P (test/pgtap/metrics.sql): v = .7, .4, .5, .55. */
	{
		double		a[] = {70, 40, 50, 55};
		double		b[] = {30, 60, 50, 45};

		run(a, b, 4, 0, 0, &r);
		near(r.seats, 2.5, "P: seats 2.5");
		near(r.efficiency_gap[METRICS_EG_HALF], 0.05, "P: EG half .05");
		near(r.efficiency_gap[METRICS_EG_MAJORITY], 0.0525, "P: EG majority .0525");
		near(r.efficiency_gap[METRICS_EG_SIMPLIFIED], 0.05, "P: EG simplified .05");
		near(r.mean_median, -0.0125, "P: mean-median -.0125");
		near(r.partisan_bias, 0, "P: partisan bias 0");
		near(r.declination, 2 * (atan(16.0 / 45) - atan(0.32)) / M_PI, "P: declination 2(atan(16/45) - atan(.32))/pi");
		near(r.lopsided_margin, -1.0 / 30, "P: lopsided -1/30");
		tap_is_int(r.competitive, 2, "P: 2 competitive");
		run(a, b, 4, -0.05, 0, &r);
		near(r.seats, 1.5, "P, swing -.05: seats 1.5");
		near(r.efficiency_gap[METRICS_EG_HALF], -0.1, "P, swing -.05: EG half -.1");
		near(r.efficiency_gap[METRICS_EG_MAJORITY], -0.1025, "P, swing -.05: EG majority -.1025");
	}
	/* Hand plan U: uncontested (100, 0) and (0, 80). */
	{
		double		a[] = {100, 30, 0, 45};
		double		b[] = {0, 70, 80, 55};

		run(a, b, 4, 0, 0, &r);
		near(r.efficiency_gap[METRICS_EG_HALF], -60.0 / 380, "U as is: EG -60/380");
		tap_is_int(r.uncontested, 2, "U: 2 uncontested");
		run(a, b, 4, 0, 0.75, &r);
		near(r.efficiency_gap[METRICS_EG_HALF], -50.0 / 380, "U at .75: EG -50/380");
		near(r.vote_share, (75 + 30 + 20 + 45) / 380.0, "U at .75: V = 170/380");
	}
	/* Degenerate plans. */
	run(NULL, NULL, 0, 0, 0, &r);
	tap_is_int(r.districts, 0, "no districts: 0 districts");
	{
		double		z[] = {0, 0};

		run(z, z, 2, 0, 0, &r);
		tap_is_int(r.districts, 0, "only zero-vote districts: 0 districts");
	}
	{
		double		a[] = {50, 50};
		double		b[] = {50, 50};

		run(a, b, 2, 0, 0, &r);
		near(r.seats, 1, "two ties: one seat");
		near(r.declination, 0, "two ties: declination 0");
		near(r.efficiency_gap[METRICS_EG_MAJORITY], 0, "two ties: EG majority 0");
	}
	{
		double		a[] = {100};
		double		b[] = {0};

		run(a, b, 1, 0.5, 0, &r);
		near(r.vote_share, 1, "a swing beyond 1 is clamped to a share of 1");
	}

	/* Checks. */
	tap_ok(metrics_check_votes(NAN, 1) == METRICS_NAN_VOTES, "NaN votes");
	tap_ok(metrics_check_votes(1, -INFINITY) == METRICS_INFINITE_VOTES, "infinite votes");
	tap_ok(metrics_check_votes(-0.5, 1) == METRICS_NEGATIVE_VOTES, "negative votes");
	metrics_default_options(&o);
	o.uncontested = 0.5;
	tap_ok(metrics_check_options(&o) == METRICS_BAD_UNCONTESTED, "uncontested share 0.5 is not a win");
	metrics_default_options(&o);
	o.swing = NAN;
	tap_ok(metrics_check_options(&o) == METRICS_BAD_SWING, "NaN swing");
	metrics_default_options(&o);
	o.competitive_lo = 0.6;
	tap_ok(metrics_check_options(&o) == METRICS_BAD_BAND, "band lo > hi");

	/* Any order of the same districts gives bit-identical metrics. */
	{
		uint64_t	seed = 42;
		double		a[60],
					b[60];
		int			i,
					k,
					same = 1;

		for (i = 0; i < 60; i++)
		{
			a[i] = (double) (tap_random(&seed) % 100000) / 7.0;
			b[i] = (double) (tap_random(&seed) % 100000) / 3.0;
		}
		run(a, b, 60, 0.013, 0.7, &r);
		for (k = 0; k < 200; k++)
		{
			for (i = 59; i > 0; i--)
			{
				int			j = (int) (tap_random(&seed) % (uint64_t) (i + 1));
				double		t = a[i];

				a[i] = a[j];
				a[j] = t;
				t = b[i];
				b[i] = b[j];
				b[j] = t;
			}
			run(a, b, 60, 0.013, 0.7, &r2);
			if (memcmp(&r, &r2, sizeof(r)) != 0)
				same = 0;
		}
		tap_ok(same, "200 shuffles of 60 districts: bit-identical results");
	}
	/*
	 * The canonical sort on sizes around its cut-offs and on inputs with few
	 * distinct values (ascending, descending, all equal): the median agrees
	 * with qsort's, and a reversed input gives bit-identical metrics.
	 */
	{
		static const size_t sizes[] = {1, 2, 3, 16, 17, 18, 33, 100, 1001, 5000};
		static MetricsDistrict d[5000],
					rev[5000];
		static MetricsWork work[5000];
		static double shares[5000];
		uint64_t	seed = 7;
		int			ok_median = 1,
					ok_order = 1;
		size_t		si,
					i;
		int			pattern;

		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++)
			for (pattern = 0; pattern < 4; pattern++)
			{
				size_t		n = sizes[si];
				double		want;

				for (i = 0; i < n; i++)
				{
					double		k = pattern == 0 ? (double) (tap_random(&seed) % 5)
						: pattern == 1 ? (double) i : pattern == 2 ? (double) (n - i) : 3.0;

					d[i].a = 10 + k;
					d[i].b = 10000 - k;
					rev[n - 1 - i] = d[i];
					shares[i] = d[i].a / (d[i].a + d[i].b);
				}
				qsort(shares, n, sizeof(double), cmp_double);
				want = (n % 2) ? shares[n / 2] : (shares[n / 2 - 1] + shares[n / 2]) / 2;
				metrics_default_options(&o);
				memset(&r, 0, sizeof(r));
				memset(&r2, 0, sizeof(r2));
				metrics_compute(d, n, &o, &r, work, NULL);
				metrics_compute(rev, n, &o, &r2, work, NULL);
				if (r.median_share != want)
					ok_median = 0;
				if (memcmp(&r, &r2, sizeof(r)) != 0)
					ok_order = 0;
			}
		tap_ok(ok_median, "canonical sort: medians agree with qsort on 40 inputs");
		tap_ok(ok_order, "canonical sort: reversed inputs give bit-identical metrics");
	}
	/* A large plan calls the interrupt callback while it sorts. */
	{
		size_t		n = 300000,
					i;
		MetricsDistrict *d = malloc(n * sizeof(MetricsDistrict));
		MetricsWork *work = malloc(n * sizeof(MetricsWork));
		uint64_t	seed = 3;

		for (i = 0; i < n; i++)
		{
			d[i].a = (double) (tap_random(&seed) % 1000);
			d[i].b = (double) (tap_random(&seed) % 1000);
		}
		metrics_default_options(&o);
		metrics_compute(d, n, &o, &r, work, count_interrupt);
		tap_ok(interrupt_calls > 0, "300,000 districts: the interrupt callback is called while sorting (%d calls)", interrupt_calls);
		free(d);
		free(work);
	}
	/*
	 * 'majority' with fractional votes below the threshold (found by
	 * fuzzing).  Districts (1.5, 0.5) and (30, 10): T = 2 and 40.  First:
	 * quota floor(2/2) + 1 = 2 > 1.5, so A wastes 0 (not -0.5), B wastes
	 * 0.5.  Second: quota 21, A wastes 9, B 10.  EG = ((0.5 - 0) + (10 -
	 * 9)) / 42 = 1.5 / 42.
	 */
	{
		double		a[] = {1.5, 30},
					b[] = {0.5, 10};
		MetricsResult r;

		run(a, b, 2, 0, 0, &r);
		near(r.efficiency_gap[METRICS_EG_MAJORITY], 1.5 / 42,
			 "majority: a winner below the threshold wastes nothing (1.5 / 42)");
	}
	return tap_done();
}
