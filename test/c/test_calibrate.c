/*
 * test_calibrate.c
 *	  Unit tests of the calibration core: shift_score against hand values,
 *	  monotonicity, the solved shift against closed forms and to the last
 *	  digits on random scores, the reachable range and its ends, order and
 *	  merge independence (bit for bit), the serialized state and its
 *	  validation, memory failures, and the interval helpers (normal
 *	  quantiles from published tables, covariance checks, the delta-method
 *	  variance of a hand example).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calibrate.h"
#include "counting_alloc.h"
#include "tap.h"

/* Reports |got - want| <= tol. */
static int
near(double got, double want, double tol, const char *name)
{
	int			ok = tap_ok(fabs(got - want) <= tol, "%s", name);

	if (!ok)
		printf("#   got:  %.17g\n#   want: %.17g\n", got, want);
	return ok;
}

/* A uniform double in (0, 1) from the test generator. */
static double
uniform(uint64_t *seed)
{
	return ((double) (tap_random(seed) >> 11) + 0.5) / 9007199254740992.0;
}

/* Adds scores p[0..n) with target t; returns the first failing status. */
static CalStatus
add_all(ShiftState *s, const double *p, size_t n, double t)
{
	size_t		i;
	CalStatus	st = CAL_OK;

	for (i = 0; i < n && st == CAL_OK; i++)
		st = shift_state_add(s, p[i], 0, t, NULL);
	return st;
}

/* Solves scores p[0..n) for target t into *d; the status. */
static CalStatus
solve_scores(const double *p, size_t n, double t, double *d, ShiftSolution *sol)
{
	ShiftState	s;
	ShiftSolution local;
	CalStatus	st;

	if (sol == NULL)
		sol = &local;
	shift_state_init(&s, NULL);
	st = add_all(&s, p, n, t);
	if (st == CAL_OK)
		st = shift_state_compact(&s, NULL);
	if (st == CAL_OK)
		st = shift_solve(&s, sol, NULL);
	*d = sol->d;
	shift_state_free(&s);
	return st;
}

/* Sum of shift_score(p_i, d), compensated (Kahan-Babuska). */
static double
shifted_sum(const double *p, size_t n, double d)
{
	double		s = 0,
				c = 0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		v = shift_score(p[i], d),
					t = s + v;

		c += fabs(s) >= fabs(v) ? (s - t) + v : (v - t) + s;
		s = t;
	}
	return s + c;
}

static int	interrupts = 0;

static void
count_interrupt(void)
{
	interrupts++;
}

static void
test_shift_score(void)
{
	double		d;
	int			mono = 1;

	/* logit 0.5 = 0; sigmoid(log 3) = 3 / (1 + 3) = 0.75 */
	near(shift_score(0.5, log(3.0)), 0.75, 2.3e-16, "shift_score(0.5, log 3) = 0.75");
	/* odds of 0.2 are 1/4, times e^(log 4) = 1: 1 / (1 + 1) = 0.5 */
	near(shift_score(0.2, log(4.0)), 0.5, 1e-16, "shift_score(0.2, log 4) = 0.5");
	/* odds of 0.9 are 9, times e^(-log 9) = 1: 0.5 */
	near(shift_score(0.9, -log(9.0)), 0.5, 1e-15, "shift_score(0.9, -log 9) = 0.5");
	tap_ok(shift_score(0.3, 0) == 0.3, "shift_score(p, 0) = p (0.3 exactly)");
	tap_ok(shift_score(0, 700) == 0 && shift_score(0, -700) == 0, "p = 0 stays 0 for any d");
	tap_ok(shift_score(1, 700) == 1 && shift_score(1, -700) == 1, "p = 1 stays 1 for any d");
	tap_ok(shift_score(0.5, 800) == 1 && shift_score(0.5, -800) == 0,
		   "d = +-800 (e^d out of range): 1 and 0, no NaN");
	/* logit(1e-300) = log(1e-300) = -690.7755...; + 700 = 9.2244...; sigmoid = 1/(1+e^-9.2244) */
	near(shift_score(1e-300, 700), 1 / (1 + exp(-(log(1e-300) + 700))), 1e-15,
		 "shift_score(1e-300, 700): through the log-odds, 0.99990");
	near(shift_score(1e-300, 0), 1e-300, 1e-315, "shift_score(1e-300, 0) = 1e-300");
	/* strictly below 0.999; above, steps of 0.25 in d move 1 - p' by less than an ulp */
	for (d = -40; d < 40; d += 0.25)
	{
		double		a = shift_score(0.37, d),
					b = shift_score(0.37, d + 0.25);

		if (!(a < b || (a == b && a > 0.999)))
			mono = 0;
	}
	tap_ok(mono, "shift_score increases with d (0.37, d from -40 to 40 by 0.25)");
	mono = 1;
	for (d = 0.001; d < 0.999; d += 0.001)
		if (!(shift_score(d, 1.5) < shift_score(d + 0.001, 1.5)))
			mono = 0;
	tap_ok(mono, "shift_score increases with p (d = 1.5)");
}

static void
test_closed_forms(void)
{
	double		d;
	ShiftSolution sol;
	double		p1[] = {0.5, 0.5};
	double		p2[] = {0.2, 0.8};
	double		p3[] = {0, 1, 0.5};
	double		p4[] = {0, 1, 1};

	/* two scores of 0.5 to 1.5: each 0.75, logit 0.75 = log 3 */
	tap_ok(solve_scores(p1, 2, 1.5, &d, NULL) == CAL_OK, "{0.5, 0.5} to 1.5 solves");
	near(d, log(3.0), 1e-14, "{0.5, 0.5} to 1.5: d = log 3");
	/* 0.2 + 0.8 = 1 already (logits -log 4 and log 4 are symmetric) */
	tap_ok(solve_scores(p2, 2, 1, &d, NULL) == CAL_OK, "{0.2, 0.8} to 1 solves");
	near(d, 0, 1e-14, "{0.2, 0.8} to 1: d = 0");
	/* 0 and 1 stay: 0.5 must become 0.75 for a total of 1.75 */
	tap_ok(solve_scores(p3, 3, 1.75, &d, NULL) == CAL_OK, "{0, 1, 0.5} to 1.75 solves");
	near(d, log(3.0), 1e-14, "{0, 1, 0.5} to 1.75: d = log 3 (0 and 1 do not move)");
	/* the reachable range is (count(p = 1), count(p > 0)) = (1, 2), open */
	tap_ok(solve_scores(p3, 3, 1, &d, &sol) == CAL_UNREACHABLE && sol.low == 1 && sol.high == 2,
		   "{0, 1, 0.5} to 1 (= count(p = 1)): unreachable, range 1 .. 2");
	tap_ok(solve_scores(p3, 3, 2, &d, &sol) == CAL_UNREACHABLE, "{0, 1, 0.5} to 2 (= count(p > 0)): unreachable");
	tap_ok(solve_scores(p3, 3, 0.5, &d, &sol) == CAL_UNREACHABLE, "{0, 1, 0.5} to 0.5: unreachable");
	tap_ok(solve_scores(p3, 3, 2.5, &d, &sol) == CAL_UNREACHABLE, "{0, 1, 0.5} to 2.5: unreachable");
	tap_ok(solve_scores(p3, 3, -1, &d, &sol) == CAL_UNREACHABLE, "{0, 1, 0.5} to -1: unreachable");
	/* nothing can move: the target must be the count of ones, and then d = 0 */
	tap_ok(solve_scores(p4, 3, 2, &d, NULL) == CAL_OK && d == 0, "{0, 1, 1} to 2: d = 0 (nothing moves)");
	tap_ok(solve_scores(p4, 3, 1, &d, NULL) == CAL_UNREACHABLE, "{0, 1, 1} to 1: unreachable");
	/* just inside the ends: 0.5 to 1 + 1e-9 and 2 - 1e-9 */
	tap_ok(solve_scores(p3, 3, 1 + 1e-9, &d, NULL) == CAL_OK, "{0, 1, 0.5} to 1 + 1e-9 solves");
	near(shifted_sum(p3, 3, d), 1 + 1e-9, 1e-15, "... and the shifted scores add up to it");
	tap_ok(solve_scores(p3, 3, 2 - 1e-9, &d, NULL) == CAL_OK, "{0, 1, 0.5} to 2 - 1e-9 solves");
	near(shifted_sum(p3, 3, d), 2 - 1e-9, 1e-15, "... and the shifted scores add up to it");
}

/* Random scores of several shapes, solved to targets across the range. */
static void
test_exactness(void)
{
	size_t		n = 100000,
				i;
	double	   *p = malloc(n * sizeof(double));
	uint64_t	seed = 42;
	double		fractions[] = {0.001, 0.1, 0.43, 0.582, 0.9, 0.999};
	int			f,
				shape,
				all_ok = 1;
	double		worst = 0;

	for (shape = 0; shape < 3; shape++)
	{
		for (i = 0; i < n; i++)
		{
			double		u = uniform(&seed);

			if (shape == 0)
				p[i] = u;
			else if (shape == 1)
				p[i] = 1 / (1 + exp(-(12 * u - 6)));	/* log-odds uniform in -6 .. 6 */
			else
				p[i] = i % 10 == 0 ? 0 : i % 10 == 1 ? 1 : round(u * 100) / 100;	/* 0-1, 2 decimals */
		}
		for (f = 0; f < 6; f++)
		{
			double		low = 0,
						high = 0,
						T,
						d,
						err;

			for (i = 0; i < n; i++)
			{
				low += p[i] == 1;
				high += p[i] > 0;
			}
			T = low + fractions[f] * (high - low);

			if (solve_scores(p, n, T, &d, NULL) != CAL_OK)
			{
				printf("# shape %d target %.17g does not solve\n", shape, T);
				all_ok = 0;
				continue;
			}
			err = fabs(shifted_sum(p, n, d) - T) / T;
			if (err > worst)
				worst = err;
		}
	}
	tap_ok(all_ok, "100,000 scores of 3 shapes, 6 targets each: all solve");
	tap_ok(worst <= 1e-12, "the shifted scores add up to the target within 1e-12 relative (worst %.3g)", worst);
	if (worst > 1e-12)
		printf("#   worst relative error %.3g\n", worst);

	/* monotone in the target: more votes need a larger shift */
	{
		double		prev = -INFINITY,
					d;
		int			mono = 1;

		for (f = 1; f < 100; f++)
		{
			solve_scores(p, 1000, 1000 * 0.8 * f / 100.0 + 100, &d, NULL);
			if (!(d > prev))
				mono = 0;
			prev = d;
		}
		tap_ok(mono, "d increases strictly with the target (99 targets over 1,000 scores)");
	}
	free(p);
}

/* The same scores in other orders and split into merged parts give the same bits. */
static void
test_order_independence(void)
{
	size_t		n = 200000,
				i;
	double	   *p = malloc(n * sizeof(double));
	uint64_t	seed = 7;
	ShiftState	a,
				b,
				parts[3],
				m;
	ShiftSolution sa,
				sb,
				sm;
	unsigned char *ba,
			   *bm;
	size_t		la,
				lm;
	int			j;

	for (i = 0; i < n; i++)
	{
		double		u = uniform(&seed);

		/* half continuous, half on a grid of 1,000 values (duplicates) */
		p[i] = i % 2 ? u : (floor(u * 1000) + 0.5) / 1000;
	}
	shift_state_init(&a, NULL);
	add_all(&a, p, n, 81234.5);
	shift_state_init(&b, NULL);
	for (i = n; i > 0; i--)
		shift_state_add(&b, p[(i * 7919) % n], 0, 81234.5, NULL);	/* 7919 is prime: a permutation */
	for (j = 0; j < 3; j++)
		shift_state_init(&parts[j], NULL);
	for (i = 0; i < n; i++)
		shift_state_add(&parts[(i * 31) % 3], p[i], 0, 81234.5, NULL);
	shift_state_init(&m, NULL);
	for (j = 2; j >= 0; j--)
		shift_state_merge(&m, &parts[j], NULL);
	shift_state_compact(&m, NULL);
	shift_state_compact(&a, NULL);
	shift_state_compact(&b, NULL);
	tap_ok(shift_solve(&a, &sa, NULL) == CAL_OK && shift_solve(&b, &sb, NULL) == CAL_OK &&
		   shift_solve(&m, &sm, NULL) == CAL_OK, "200,000 scores in three arrangements solve");
	tap_ok(memcmp(&sa.d, &sb.d, sizeof(double)) == 0, "reversed, permuted order: the same d to the bit");
	tap_ok(memcmp(&sa.d, &sm.d, sizeof(double)) == 0, "three parts merged in another order: the same d to the bit");
	tap_ok(a.n == m.n && a.n < n / 2 + 1001, "distinct scores kept once with counts (%zu entries)", a.n);
	la = shift_state_serial_size(&a);
	lm = shift_state_serial_size(&m);
	ba = malloc(la);
	bm = malloc(lm);
	shift_state_serialize(&a, ba);
	shift_state_serialize(&m, bm);
	tap_ok(la == lm && memcmp(ba, bm, la) == 0, "and the same serialized state, byte for byte");
	free(ba);
	free(bm);
	shift_state_free(&a);
	shift_state_free(&b);
	shift_state_free(&m);
	for (j = 0; j < 3; j++)
		shift_state_free(&parts[j]);

	/*
	 * Scores that share their top 33 bits (0.5 + i 2^-45, 3,000 of them, each
	 * twice) in a scrambled order sort like the same scores in order: the
	 * long-run path of the sort.
	 */
	{
		ShiftState	u,
					v;
		unsigned char *bu,
				   *bv;
		size_t		lu;

		shift_state_init(&u, NULL);
		shift_state_init(&v, NULL);
		for (i = 0; i < 6000; i++)
		{
			shift_state_add(&u, 0.5 + (double) (i % 3000) * 0x1p-45, 0, 3000, NULL);
			shift_state_add(&v, 0.5 + (double) ((i * 2999) % 3000) * 0x1p-45, 0, 3000, NULL);
		}
		shift_state_compact(&u, NULL);
		shift_state_compact(&v, NULL);
		lu = shift_state_serial_size(&u);
		bu = malloc(lu);
		bv = malloc(lu);
		shift_state_serialize(&u, bu);
		shift_state_serialize(&v, bv);
		tap_ok(u.n == 3000 && v.n == 3000 && u.e[0].n == 2 && lu == shift_state_serial_size(&v) &&
			   memcmp(bu, bv, lu) == 0, "3,000 scores equal in their top 33 bits: sorted alike from any order");
		free(bu);
		free(bv);
		shift_state_free(&u);
		shift_state_free(&v);
	}

	/*
	 * A model's scores (500 values, repeated): the cache takes the repeats;
	 * three such states merged before they are compacted give the bytes of
	 * one state fed everything.
	 */
	{
		ShiftState	one,
					q[3],
					all;
		unsigned char *b1,
				   *b2;
		size_t		l1;

		shift_state_init(&one, NULL);
		shift_state_init(&all, NULL);
		for (j = 0; j < 3; j++)
			shift_state_init(&q[j], NULL);
		for (i = 0; i < 600000; i++)
		{
			double		v = (double) ((i * 7919) % 500 + 1) / 502;

			shift_state_add(&one, v, 0, 1000, NULL);
			shift_state_add(&q[i % 3 == 0 ? 0 : i < 300000 ? 1 : 2], v, 0, 1000, NULL);
		}
		tap_ok(one.cache != NULL && q[0].cache != NULL, "repeated scores: the cache is in use");
		for (j = 0; j < 3; j++)
			shift_state_merge(&all, &q[j], NULL);
		shift_state_compact(&one, NULL);
		shift_state_compact(&all, NULL);
		l1 = shift_state_serial_size(&one);
		b1 = malloc(l1);
		b2 = malloc(l1);
		shift_state_serialize(&one, b1);
		shift_state_serialize(&all, b2);
		tap_ok(one.n == 500 && one.rows == 600000 && one.e[0].n == 1200 && l1 == shift_state_serial_size(&all) &&
			   memcmp(b1, b2, l1) == 0, "500 scores x 1,200: one state, and three merged uncompacted, serialize alike");
		free(b1);
		free(b2);
		shift_state_free(&one);
		shift_state_free(&all);
		for (j = 0; j < 3; j++)
			shift_state_free(&q[j]);
	}

	/* repeated scores stay compact: 300,000 rows of 10 values */
	shift_state_init(&a, NULL);
	for (i = 0; i < 300000; i++)
		shift_state_add(&a, (double) (i % 10 + 1) / 12, 0, 150000, NULL);
	shift_state_compact(&a, NULL);
	tap_ok(a.n == 10 && a.e[0].n == 30000 && a.cap <= 2 * CAL_CHUNK && a.rawcap <= CAL_CHUNK,
		   "300,000 rows of 10 scores: 10 entries of 30,000 (capacities %zu, %zu)", a.cap, a.rawcap);
	interrupts = 0;
	shift_state_free(&a);
	shift_state_init(&a, NULL);
	for (i = 0; i < n; i++)
		shift_state_add(&a, p[i], 0, 1000, count_interrupt);
	shift_state_compact(&a, count_interrupt);
	shift_solve(&a, &sa, count_interrupt);
	tap_ok(interrupts > 0, "the interrupt callback is called on 200,000 scores (%d times)", interrupts);
	shift_state_free(&a);
	free(p);
}

/* Bad rows and the serialized form. */
static void
test_errors_and_state(void)
{
	ShiftState	s,
				t;
	unsigned char buf[256];
	size_t		len;
	double		v;
	int64_t		i64;

	shift_state_init(&s, NULL);
	tap_ok(shift_state_add(&s, NAN, 0, 1, NULL) == CAL_BAD_SCORE, "NaN score: CAL_BAD_SCORE");
	tap_ok(shift_state_add(&s, INFINITY, 0, 1, NULL) == CAL_BAD_SCORE, "infinite score: CAL_BAD_SCORE");
	tap_ok(shift_state_add(&s, -0.01, 0, 1, NULL) == CAL_BAD_SCORE, "score -0.01: CAL_BAD_SCORE");
	tap_ok(shift_state_add(&s, 43, 0, 1, NULL) == CAL_BAD_SCORE, "score 43 (a 0-100 scale): CAL_BAD_SCORE");
	tap_ok(shift_state_add(&s, 0.5, 0, NAN, NULL) == CAL_BAD_TARGET, "NaN target: CAL_BAD_TARGET");
	tap_ok(shift_state_add(&s, 0.5, 0, -INFINITY, NULL) == CAL_BAD_TARGET, "-infinite target: CAL_BAD_TARGET");
	tap_ok(s.rows == 0, "refused rows are not counted");
	tap_ok(shift_state_add(&s, 0.5, 0, 2, NULL) == CAL_OK && shift_state_add(&s, -0.0, 0, 2, NULL) == CAL_OK,
		   "scores 0.5 and -0 with target 2");
	tap_ok(shift_state_add(&s, 0.5, 0, 3, NULL) == CAL_TARGET_DIFFERS, "target 3 after 2: CAL_TARGET_DIFFERS");
	tap_ok(shift_state_add(&s, 0.5, 1, 0, NULL) == CAL_TARGET_DIFFERS, "NULL target after 2: CAL_TARGET_DIFFERS");
	tap_ok(s.n_zero == 1 && s.n + s.nraw == 1 && s.rows == 2, "-0 counted as a score of 0");
	shift_state_add(&s, 0.25, 0, 2, NULL);
	shift_state_add(&s, 1, 0, 2, NULL);
	shift_state_compact(&s, NULL);

	len = shift_state_serial_size(&s);
	tap_ok(len == 48 + 2 * 16, "serialized size: 48-byte header and 16 bytes per distinct score");
	shift_state_serialize(&s, buf);
	shift_state_init(&t, NULL);
	tap_ok(shift_state_deserialize(&t, buf, len) == CAL_OK && t.rows == 4 && t.n == 2 &&
		   t.n_one == 1 && t.target == 2, "the state reads back");
	shift_state_free(&t);

#define REJECTS(what, mutate) do { \
		unsigned char b2[256]; \
		size_t l2 = len; \
		memcpy(b2, buf, len); \
		mutate; \
		shift_state_init(&t, NULL); \
		tap_ok(shift_state_deserialize(&t, b2, l2) == CAL_CORRUPT, "deserialize rejects %s", what); \
		shift_state_free(&t); \
	} while (0)

	REJECTS("a truncated state", l2 = len - 1);
	REJECTS("a short header", l2 = 20);
	REJECTS("a wrong magic number", b2[0] ^= 1);
	REJECTS("an unknown target kind", b2[4] = 7);
	REJECTS("a NaN target", (v = NAN, memcpy(b2 + 8, &v, 8)));
	REJECTS("counts that do not add up to rows", (i64 = 5, memcpy(b2 + 16, &i64, 8)));
	REJECTS("negative rows", (i64 = -1, memcpy(b2 + 16, &i64, 8)));
	REJECTS("more scores of 0 than rows", (i64 = 9, memcpy(b2 + 24, &i64, 8)));
	REJECTS("scores out of order", (v = 0.9, memcpy(b2 + 48, &v, 8)));
	REJECTS("a score of 1 among the entries", (v = 1, memcpy(b2 + 64, &v, 8)));
	REJECTS("a score of 0 among the entries", (v = 0, memcpy(b2 + 48, &v, 8)));
	REJECTS("a NaN score", (v = NAN, memcpy(b2 + 48, &v, 8)));
	REJECTS("a count of 0", (i64 = 0, memcpy(b2 + 56, &i64, 8)));
	REJECTS("an entry count larger than the bytes", (i64 = 3, memcpy(b2 + 40, &i64, 8)));
	REJECTS("a huge entry count", (i64 = INT64_MAX, memcpy(b2 + 40, &i64, 8)));
	REJECTS("no target with rows", memset(b2 + 4, 0, 4));
	shift_state_free(&s);
}

/* Every allocation failure is reported and leaves nothing behind. */
static void
test_memory(void)
{
	int			k,
				all_reported = 1;
	size_t		i;

	for (k = 0; k < 8; k++)
	{
		ShiftState	s;
		ShiftSolution sol;
		CalStatus	st = CAL_OK;

		fail_after = k;
		refused = 0;
		shift_state_init(&s, &counting);
		for (i = 0; i < 200000 && st == CAL_OK; i++)
			st = shift_state_add(&s, (double) (i % 150001 + 1) / 150003, 0, 50000, NULL);
		if (st == CAL_OK)
			st = shift_state_compact(&s, NULL);
		if (st == CAL_OK)
			st = shift_solve(&s, &sol, NULL);
		if (refused && st != CAL_NO_MEMORY)
			all_reported = 0;
		shift_state_free(&s);
	}
	fail_after = -1;
	tap_ok(all_reported, "a refused allocation is reported as CAL_NO_MEMORY");
	tap_is_int(live, 0, "and every allocation is released");
}

/* The interval helpers. */
static void
test_interval(void)
{
	IntervalSums a,
				b,
				c;
	double		x1[] = {0},
				x2[] = {1},
				x3[] = {2};
	double		cov[] = {0.04, -0.01, -0.01, 0.02};
	double		e,
				vb,
				vm,
				work[16];
	int			i,
				j;

	/* Published normal quantiles (e.g. Abramowitz and Stegun, table 26.5). */
	near(interval_normal_quantile(0.975), 1.959963984540054, 1e-14, "z(0.975) = 1.959963984540054");
	near(interval_normal_quantile(0.95), 1.6448536269514722, 1e-14, "z(0.95) = 1.6448536269514722");
	near(interval_normal_quantile(0.995), 2.5758293035489004, 1e-14, "z(0.995) = 2.5758293035489004");
	near(interval_normal_quantile(0.5), 0, 1e-15, "z(0.5) = 0");
	near(interval_normal_quantile(0.9995), 3.2905267314919255, 1e-13, "z(0.9995) = 3.2905267314919255");
	near(interval_normal_quantile(0.025), -1.959963984540054, 1e-14, "z(0.025) = -1.959963984540054");

	/*
	 * Three voters, one feature x = 0, 1, 2, scores 0.5, 0.8, 0.1:
	 * p(1-p) = 0.25, 0.16, 0.09; expected 1.4; var_b 0.5;
	 * g = (0.25 + 0.16 + 0.09, 0.16 + 2 * 0.09) = (0.5, 0.34);
	 * g' C g = 0.04 * 0.25 - 2 * 0.01 * 0.5 * 0.34 + 0.02 * 0.1156
	 *        = 0.01 - 0.0034 + 0.002312 = 0.008912.
	 */
	interval_init(&a);
	interval_init(&b);
	interval_init(&c);
	interval_add(&a, 0.5, x1, 1);
	interval_add(&b, 0.8, x2, 1);
	interval_add(&b, 0.1, x3, 1);
	interval_merge(&c, &b);
	interval_merge(&c, &a);
	interval_variances(&c, cov, &e, &vb, &vm);
	near(e, 1.4, 1e-15, "hand example: expected 1.4");
	near(vb, 0.5, 1e-15, "hand example: Bernoulli variance 0.5");
	near(vm, 0.008912, 1e-15, "hand example: model variance g'Cg = 0.008912");
	tap_is_int(c.voters, 3, "hand example: 3 voters");

	tap_ok(interval_check_covariance(cov, 2, work, &i, &j) == 0, "a positive definite 2 x 2 covariance passes");
	{
		double		asym[] = {0.04, -0.01, -0.02, 0.02};
		double		neg[] = {0.04, 0.05, 0.05, 0.04};	/* eigenvalues 0.09, -0.01 */
		double		nan_[] = {0.04, NAN, NAN, 0.02};
		double		psd[] = {1, 1, 1, 1};				/* eigenvalues 2, 0 */
		double		zero_col[] = {0, 0, 0, 1};
		double		bad_zero[] = {0, 0.5, 0.5, 1};		/* zero variance, non-zero covariance */

		tap_ok(interval_check_covariance(asym, 2, work, &i, &j) == 1 && i == 1 && j == 0,
			   "an asymmetric covariance fails at (1, 0)");
		tap_ok(interval_check_covariance(neg, 2, work, &i, &j) == 3 && i == 1,
			   "a covariance with a negative eigenvalue fails at pivot 1");
		tap_ok(interval_check_covariance(nan_, 2, work, &i, &j) == 2, "a NaN covariance fails");
		tap_ok(interval_check_covariance(psd, 2, work, &i, &j) == 0, "a singular positive semi-definite covariance passes");
		tap_ok(interval_check_covariance(zero_col, 2, work, &i, &j) == 0, "a zero row and column pass");
		tap_ok(interval_check_covariance(bad_zero, 2, work, &i, &j) == 3,
			   "zero variance with a non-zero covariance fails");
	}
}

/* The serialized interval state reads back, and malformed ones are refused. */
static void
test_interval_state(void)
{
	IntervalSums a,
				b;
	double		coef[] = {-1, 0.5},
				cov[] = {0.04, -0.01, -0.01, 0.02},
				x[] = {2};
	double		rcoef[INTERVAL_MAX_FEATURES + 1],
				rcov[(INTERVAL_MAX_FEATURES + 1) * (INTERVAL_MAX_FEATURES + 1)],
				work[(INTERVAL_MAX_FEATURES + 1) * (INTERVAL_MAX_FEATURES + 1)],
				level,
				shift,
				v;
	unsigned char buf[512];
	size_t		len = interval_serial_size(2);
	int			p;

	interval_init(&a);
	interval_add_voter(&a, coef, 0.25, x, 1);
	interval_add_voter(&a, coef, 0.25, x, 1);
	/* eta = -1 + 0.5 * 2 + 0.25 = 0.25 */
	near(a.sum_p[0], 2 / (1 + exp(-0.25)), 1e-15, "interval_add_voter: p = logistic(b . [1, x] + shift)");
	tap_ok(len == 64 + 2 * 8 + 4 * 8 + 2 * 16, "interval state of 2 coefficients: %zu bytes", len);
	interval_serialize(&a, 2, coef, cov, 0.9, 0.25, buf);
	tap_ok(interval_deserialize(buf, len, &b, &p, rcoef, rcov, &level, &shift, work) == CAL_OK &&
		   p == 2 && level == 0.9 && shift == 0.25 && b.voters == 2 && memcmp(&a, &b, sizeof(a)) == 0 &&
		   memcmp(rcov, cov, sizeof(cov)) == 0 && memcmp(rcoef, coef, sizeof(coef)) == 0,
		   "the interval state reads back");
	interval_init(&a);
	interval_serialize(&a, 0, NULL, NULL, 0, 0, buf);
	tap_ok(interval_deserialize(buf, interval_serial_size(0), &b, &p, rcoef, rcov, &level, &shift, work) == CAL_OK &&
		   p == 0 && b.voters == 0, "an empty interval state reads back");
	interval_init(&a);
	interval_add_voter(&a, coef, 0.25, x, 1);
	interval_serialize(&a, 2, coef, cov, 0.9, 0.25, buf);

#define IREJECTS(what, mutate) do { \
		unsigned char b2[512]; \
		size_t l2 = len; \
		memcpy(b2, buf, len); \
		mutate; \
		tap_ok(interval_deserialize(b2, l2, &b, &p, rcoef, rcov, &level, &shift, work) == CAL_CORRUPT, \
			   "interval deserialize rejects %s", what); \
	} while (0)

	IREJECTS("a truncated state", l2 = len - 1);
	IREJECTS("a wrong magic number", b2[1] ^= 4);
	IREJECTS("102 coefficients", b2[4] = 102);
	IREJECTS("level 1", (v = 1, memcpy(b2 + 8, &v, 8)));
	IREJECTS("a NaN shift", (v = NAN, memcpy(b2 + 16, &v, 8)));
	IREJECTS("expected above the voters", (v = 1.5, memcpy(b2 + 32, &v, 8)));
	IREJECTS("a Bernoulli variance above voters / 4", (v = 0.3, memcpy(b2 + 48, &v, 8)));
	IREJECTS("an infinite coefficient", (v = INFINITY, memcpy(b2 + 64, &v, 8)));
	IREJECTS("an asymmetric covariance", (v = 0.5, memcpy(b2 + 64 + 16 + 8, &v, 8)));
	IREJECTS("a covariance with a negative eigenvalue", (v = 0.5, memcpy(b2 + 64 + 16 + 8, &v, 8), memcpy(b2 + 64 + 16 + 16, &v, 8)));
	IREJECTS("a NaN gradient", (v = NAN, memcpy(b2 + 64 + 16 + 32, &v, 8)));
}

int
main(void)
{
	test_shift_score();
	test_closed_forms();
	test_exactness();
	test_order_independence();
	test_errors_and_state();
	test_memory();
	test_interval();
	test_interval_state();
	return tap_done();
}
