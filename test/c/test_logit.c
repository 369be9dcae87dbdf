/*
 * test_logit.c
 *	  Unit tests of the logit core: closed-form fits (intercept only, one
 *	  binary feature: the log odds ratio and Woolf's standard error), order
 *	  and merge independence, the serialized form and its validation, and
 *	  every error status.  Expected values are hand computations written next
 *	  to them.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/logit.h"
#include "tap.h"

static void *
m_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static void
m_release(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const CoreAlloc MALLOC = {m_alloc, m_release, NULL};

/* Reports |got - want| <= tol. */
static int
near(double got, double want, double tol, const char *name)
{
	int			ok = tap_ok(fabs(got - want) <= tol, "%s", name);

	if (!ok)
		printf("#   got:  %.17g\n#   want: %.17g\n", got, want);
	return ok;
}

/* Adds rows copies of (x, y) with weight 1. */
static LogitStatus
add_rows(LogitTable *t, const double *x, int k, int y, int rows)
{
	int			i,
				bad;
	LogitStatus st = LOGIT_OK;

	for (i = 0; i < rows && st == LOGIT_OK; i++)
		st = logit_table_add(t, x, k, y, 1.0, &bad);
	return st;
}

/* Fits t into coef/se (p <= 8). */
static LogitStatus
fit_table(LogitTable *t, double *coef, double *se, LogitFit *fit)
{
	fit->coef = coef;
	fit->se = se;
	return logit_fit(t, fit, NULL);
}

/* Table of the 2x2 example: x = 0: 3 of 10 voted; x = 1: 7 of 10. */
static void
two_by_two(LogitTable *t, int reverse)
{
	double		x0 = 0,
				x1 = 1;

	logit_table_init(t, &MALLOC);
	if (!reverse)
	{
		add_rows(t, &x0, 1, 1, 3);
		add_rows(t, &x0, 1, 0, 7);
		add_rows(t, &x1, 1, 1, 7);
		add_rows(t, &x1, 1, 0, 3);
	}
	else
	{
		add_rows(t, &x1, 1, 0, 3);
		add_rows(t, &x1, 1, 1, 7);
		add_rows(t, &x0, 1, 0, 7);
		add_rows(t, &x0, 1, 1, 3);
	}
}

int
main(void)
{
	LogitTable	t,
				u,
				v;
	LogitFit	fit;
	double		coef[8],
				se[8],
				coef2[8],
				se2[8];
	double		x[4];
	int			bad,
				i;
	unsigned char *buf;
	size_t		len;
	LogitStatus st;

	/*
	 * Intercept only: 3 of 4 rows true.  b0 = log(3/1) = 1.0986122886681098;
	 * information n p (1 - p) = 4 * .75 * .25 = .75, SE = sqrt(1/.75) =
	 * 1.1547005383792515; log-likelihood 3 log .75 + log .25 =
	 * -2.2493405237008...
	 */
	logit_table_init(&t, &MALLOC);
	add_rows(&t, NULL, 0, 1, 3);
	add_rows(&t, NULL, 0, 0, 1);
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_OK && fit.converged, "intercept only: fits and converges");
	near(coef[0], 1.0986122886681098, 1e-12, "intercept only: b0 = log 3");
	near(se[0], 1.1547005383792515, 1e-12, "intercept only: SE = sqrt(4/3)");
	near(fit.loglik, 3 * log(0.75) + log(0.25), 1e-12, "intercept only: log-likelihood");
	tap_is_int((int64_t) t.npatterns, 1, "intercept only: one pattern");
	tap_is_int(t.rows, 4, "intercept only: four rows");
	logit_table_free(&t);

	/*
	 * One binary feature, saturated: b0 = log(3/7) = -0.84729786038720367,
	 * b1 = log odds ratio = 2 log(7/3) = 1.6945957207744073; Woolf's
	 * standard errors: SE(b1) = sqrt(1/3 + 1/7 + 1/7 + 1/3) =
	 * 0.9759000729485332, SE(b0) = sqrt(1/3 + 1/7) = 0.6900655593423543.
	 */
	two_by_two(&t, 0);
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_OK && fit.converged, "2x2: fits and converges");
	near(coef[0], log(3.0 / 7.0), 1e-12, "2x2: intercept is the log odds at x = 0");
	near(coef[1], 1.6945957207744073, 1e-12, "2x2: slope is the log odds ratio");
	near(se[0], 0.6900655593423543, 1e-12, "2x2: SE of intercept");
	near(se[1], 0.9759000729485332, 1e-12, "2x2: SE of slope (Woolf)");
	tap_ok(fit.weight == 20 && fit.successes == 10, "2x2: weight 20, successes 10");

	/*
	 * Its covariance: b0 is the log odds of the x = 0 group alone, b1 the
	 * difference of the two groups' log odds (independent), so Var(b0) =
	 * 1/3 + 1/7, Cov(b0, b1) = -Var(b0), Var(b1) = 1/3 + 1/7 + 1/7 + 1/3.
	 */
	{
		double		cov[4];

		st = logit_fit_cov(&t, &fit, cov, NULL);
		tap_ok(st == LOGIT_OK, "2x2: fits with the covariance");
		near(cov[0], 1.0 / 3 + 1.0 / 7, 1e-12, "2x2: Var(b0) = 1/3 + 1/7");
		near(cov[1], -(1.0 / 3 + 1.0 / 7), 1e-12, "2x2: Cov(b0, b1) = -(1/3 + 1/7)");
		tap_ok(cov[1] == cov[2], "2x2: the covariance is exactly symmetric");
		near(cov[3], 2.0 / 3 + 2.0 / 7, 1e-12, "2x2: Var(b1) = 2/3 + 2/7");
		tap_ok(sqrt(cov[0]) == se[0] && sqrt(cov[3]) == se[1], "2x2: the standard errors are the roots of its diagonal");
	}

	/* The same rows in another order: bit-identical results. */
	two_by_two(&u, 1);
	fit_table(&u, coef2, se2, &fit);
	tap_ok(memcmp(coef, coef2, 2 * sizeof(double)) == 0 &&
		   memcmp(se, se2, 2 * sizeof(double)) == 0,
		   "2x2: row order does not change a bit of the result");

	/* Serialize and deserialize: same fit; merge of halves: same fit. */
	len = logit_table_serial_size(&t);
	buf = malloc(len);
	logit_table_serialize(&t, buf);
	logit_table_init(&v, &MALLOC);
	st = logit_table_deserialize(&v, buf, len);
	tap_ok(st == LOGIT_OK && v.npatterns == 2 && v.rows == 20, "serial round trip: accepted");
	fit_table(&v, coef2, se2, &fit);
	tap_ok(memcmp(coef, coef2, 2 * sizeof(double)) == 0, "serial round trip: same coefficients");
	logit_table_free(&v);

	/* Corrupt bytes are rejected. */
	logit_table_init(&v, &MALLOC);
	tap_ok(logit_table_deserialize(&v, buf, len - 1) == LOGIT_CORRUPT, "deserial: truncated");
	logit_table_free(&v);
	logit_table_init(&v, &MALLOC);
	tap_ok(logit_table_deserialize(&v, buf, 10) == LOGIT_CORRUPT, "deserial: shorter than the header");
	logit_table_free(&v);
	{
		unsigned char *b2 = malloc(len);
		double		nan = NAN,
					neg = -1,
					dupkey;

		memcpy(b2, buf, len);
		b2[0] ^= 0xFF;
		logit_table_init(&v, &MALLOC);
		tap_ok(logit_table_deserialize(&v, b2, len) == LOGIT_CORRUPT, "deserial: bad magic");
		logit_table_free(&v);

		memcpy(b2, buf, len);
		memcpy(b2 + 32, &nan, 8);	/* first pattern's feature */
		logit_table_init(&v, &MALLOC);
		tap_ok(logit_table_deserialize(&v, b2, len) == LOGIT_CORRUPT, "deserial: NaN feature");
		logit_table_free(&v);

		memcpy(b2, buf, len);
		memcpy(b2 + 40, &neg, 8);	/* first pattern's weight */
		logit_table_init(&v, &MALLOC);
		tap_ok(logit_table_deserialize(&v, b2, len) == LOGIT_CORRUPT, "deserial: negative weight");
		logit_table_free(&v);

		memcpy(b2, buf, len);
		memcpy(&dupkey, b2 + 32, 8);
		memcpy(b2 + 32 + 40, &dupkey, 8);	/* second pattern = first */
		logit_table_init(&v, &MALLOC);
		tap_ok(logit_table_deserialize(&v, b2, len) == LOGIT_CORRUPT, "deserial: repeated pattern");
		logit_table_free(&v);

		memcpy(b2, buf, len);
		b2[4] = 0xFE;			/* k = huge */
		logit_table_init(&v, &MALLOC);
		tap_ok(logit_table_deserialize(&v, b2, len) == LOGIT_CORRUPT, "deserial: bad feature count");
		logit_table_free(&v);
		free(b2);
	}
	free(buf);

	/* Merge: x = 0 rows in one table, x = 1 rows in another. */
	{
		LogitTable	a,
					b;
		double		x0 = 0,
					x1 = 1;

		logit_table_init(&a, &MALLOC);
		logit_table_init(&b, &MALLOC);
		add_rows(&a, &x1, 1, 1, 7);
		add_rows(&a, &x0, 1, 0, 7);
		add_rows(&b, &x0, 1, 1, 3);
		add_rows(&b, &x1, 1, 0, 3);
		tap_ok(logit_table_merge(&b, &a) == LOGIT_OK && b.rows == 20 && b.npatterns == 2,
			   "merge: 20 rows, 2 patterns");
		fit_table(&b, coef2, se2, &fit);
		tap_ok(memcmp(coef, coef2, 2 * sizeof(double)) == 0 &&
			   memcmp(se, se2, 2 * sizeof(double)) == 0,
			   "merge: bit-identical to one table");
		logit_table_free(&a);
		logit_table_free(&b);
	}
	logit_table_free(&t);
	logit_table_free(&u);

	/* Row errors. */
	logit_table_init(&t, &MALLOC);
	x[0] = 1;
	x[1] = 2;
	tap_ok(logit_table_add(&t, x, 2, 1, 1, &bad) == LOGIT_OK, "first row sets two features");
	tap_ok(logit_table_add(&t, x, 1, 1, 1, &bad) == LOGIT_LENGTH_MISMATCH, "a row of one feature: length mismatch");
	x[1] = NAN;
	tap_ok(logit_table_add(&t, x, 2, 1, 1, &bad) == LOGIT_NAN_FEATURE && bad == 1, "NaN feature, index 1");
	x[1] = -INFINITY;
	tap_ok(logit_table_add(&t, x, 2, 1, 1, &bad) == LOGIT_INFINITE_FEATURE && bad == 1, "-Infinity feature");
	x[1] = 2;
	tap_ok(logit_table_add(&t, x, 2, 1, -0.5, &bad) == LOGIT_NEGATIVE_WEIGHT, "negative weight");
	tap_ok(logit_table_add(&t, x, 2, 1, NAN, &bad) == LOGIT_NAN_WEIGHT, "NaN weight");
	tap_ok(logit_table_add(&t, x, 2, 1, INFINITY, &bad) == LOGIT_INFINITE_WEIGHT, "infinite weight");
	tap_ok(logit_table_add(&t, x, 101, 1, 1, &bad) == LOGIT_TOO_MANY_FEATURES, "101 features");
	tap_ok(logit_table_add(&t, x, 2, 1, 0, &bad) == LOGIT_OK && t.npatterns == 1 && t.rows == 2,
		   "weight 0 counts a row but adds no pattern");
	x[0] = -0.0;
	x[1] = 0;
	logit_table_add(&t, x, 2, 1, 1, &bad);
	x[0] = 0.0;
	logit_table_add(&t, x, 2, 0, 1, &bad);
	tap_is_int((int64_t) t.npatterns, 2, "-0 and 0 are the same pattern");
	logit_table_free(&t);

	/* One outcome: every row true. */
	logit_table_init(&t, &MALLOC);
	x[0] = 0;
	add_rows(&t, x, 1, 1, 5);
	x[0] = 1;
	add_rows(&t, x, 1, 1, 5);
	tap_ok(fit_table(&t, coef, se, &fit) == LOGIT_ONE_OUTCOME, "every row true: one outcome");
	logit_table_free(&t);

	/* Collinear: x2 = 2 * x1 (feature index 1), and a constant feature (index 0). */
	logit_table_init(&t, &MALLOC);
	for (i = 0; i < 40; i++)
	{
		x[0] = i % 4;
		x[1] = 2 * (i % 4);
		logit_table_add(&t, x, 2, (i * 7) % 3 == 0, 1, &bad);
	}
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_COLLINEAR && fit.bad_feature == 1, "x2 = 2 x1: collinear, names feature 2");
	logit_table_free(&t);
	logit_table_init(&t, &MALLOC);
	for (i = 0; i < 40; i++)
	{
		x[0] = 5;
		x[1] = i % 4;
		logit_table_add(&t, x, 2, (i * 7) % 3 == 0, 1, &bad);
	}
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_COLLINEAR && fit.bad_feature == 0, "constant feature: collinear with the intercept");
	logit_table_free(&t);

	/* Complete separation: x = 0 never votes, x = 1 always votes. */
	logit_table_init(&t, &MALLOC);
	x[0] = 0;
	add_rows(&t, x, 1, 0, 10);
	x[0] = 1;
	add_rows(&t, x, 1, 1, 10);
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_SEPARATION && fit.bad_feature == 0, "complete separation detected");
	logit_table_free(&t);

	/* Quasi-complete: x = 1 always votes, x = 0 mixed. */
	logit_table_init(&t, &MALLOC);
	x[0] = 0;
	add_rows(&t, x, 1, 0, 10);
	add_rows(&t, x, 1, 1, 10);
	x[0] = 1;
	add_rows(&t, x, 1, 1, 10);
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_SEPARATION && fit.nseparated == 1, "quasi-complete separation detected");
	logit_table_free(&t);

	/*
	 * Weight overflow, each weight finite.  One pattern weighing 1e308 + 1e308
	 * = 2e308 > DBL_MAX (1.797693e308): refused as the second row comes, the
	 * table unchanged (weight 1e308), log10(2e308) = 308.30103.
	 */
	logit_table_init(&t, &MALLOC);
	x[0] = 0;
	logit_table_add(&t, x, 1, 1, 1e308, &bad);
	st = logit_table_add(&t, x, 1, 0, 1e308, &bad);
	tap_ok(st == LOGIT_WEIGHT_OVERFLOW, "one pattern weighing 2e308: weight overflow");
	near(t.overflow_log10, 308.30102999566398, 1e-12, "log10 of that pattern's weight, 308.30103");
	near(t.sums[0] + t.sums[1], 1e308, 0, "the table keeps the weight before the row");
	logit_table_free(&t);
	/* The same through a merge (the parallel combine): two tables of 1e308 at x = 0. */
	{
		LogitTable	t2;

		logit_table_init(&t, &MALLOC);
		logit_table_init(&t2, &MALLOC);
		x[0] = 0;
		logit_table_add(&t, x, 1, 1, 1e308, &bad);
		logit_table_add(&t2, x, 1, 0, 1e308, &bad);
		tap_ok(logit_table_merge(&t, &t2) == LOGIT_WEIGHT_OVERFLOW, "merging two halves of 1e308: weight overflow");
		near(t.overflow_log10, 308.30102999566398, 1e-12, "log10 of the merged weight, 308.30103");
		logit_table_free(&t);
		logit_table_free(&t2);
	}
	/* Three patterns of 1e308, both outcomes: the total 3e308 overflows in the fit. */
	logit_table_init(&t, &MALLOC);
	for (i = 0; i < 3; i++)
	{
		x[0] = i;
		logit_table_add(&t, x, 1, i != 1, 1e308, &bad);
	}
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_WEIGHT_OVERFLOW, "3 x 1e308 with both outcomes: weight overflow, not one outcome");
	near(fit.weight_log10, 308.47712125471966, 1e-12, "log10 of the total, log10(3e308) = 308.47712");
	logit_table_free(&t);
	/*
	 * Weights 1e200 on features 0 and 1e200, both outcomes on each: the
	 * total (4e200) is finite, the information's x^2 entry (about 1e600) is
	 * not: fit overflow, not collinearity.
	 */
	logit_table_init(&t, &MALLOC);
	for (i = 0; i < 4; i++)
	{
		x[0] = i < 2 ? 0 : 1e200;
		logit_table_add(&t, x, 1, i % 2, 1e200, &bad);
	}
	st = fit_table(&t, coef, se, &fit);
	tap_ok(st == LOGIT_FIT_OVERFLOW, "weights 1e200 on features 1e200: fit overflow, not collinear");
	logit_table_free(&t);

	/* Pattern limit: 2^25 / (2 + 4) = 5592405 patterns of 2 features. */
	tap_is_int((int64_t) logit_max_patterns(2), 5592405, "pattern limit for 2 features");
	tap_is_int((int64_t) logit_max_patterns(100), 322638, "pattern limit for 100 features: 2^25 / 104");
	logit_table_init(&t, &MALLOC);
	st = LOGIT_OK;
	for (i = 0; st == LOGIT_OK && i <= 5592405; i++)
	{
		x[0] = i;
		x[1] = -i;
		st = logit_table_add(&t, x, 2, i % 2, 1, &bad);
	}
	tap_ok(st == LOGIT_TOO_MANY_PATTERNS && t.npatterns == 5592405,
		   "pattern 5592406 of 2 features: too many patterns");
	logit_table_free(&t);

	/* Prediction: b = (-1, 2) at x = 0.5 is 1 / (1 + e^0) = 0.5. */
	coef[0] = -1;
	coef[1] = 2;
	x[0] = 0.5;
	near(logit_predict(coef, x, 1), 0.5, 1e-15, "predict at eta 0 is 0.5");
	coef[0] = -800;
	near(logit_predict(coef, x, 1), 0, 1e-300, "predict far negative is 0 without overflow");
	coef[0] = 800;
	near(logit_predict(coef, x, 1), 1, 0, "predict far positive is 1");

	return tap_done();
}
