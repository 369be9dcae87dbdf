/*
 * fuzz_calibrate.c
 *	  libFuzzer target for the calibration core.  The first byte's low two
 *	  bits pick what the rest is:
 *
 *	  0: a serialized logit_shift state (what a parallel worker hands
 *	  back, and what a user can hand to the deserial function).  It must be
 *	  refused, or read back to a state whose serialization reads back to the
 *	  same bytes; solving it must end with a status.
 *
 *	  1 or 3: a target and scores (native doubles).  Scores outside [0, 1] are
 *	  refused; the others are added, in order and in reverse, and when the
 *	  target is within reach both orders must give the same shift to the
 *	  bit, and the shifted scores must add up to the target within 1e-9 of
 *	  it (the documented exactness).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calibrate.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A state from bytes: read back, written again, read again to the same bytes. */
static void
fuzz_state(const uint8_t *data, size_t size)
{
	ShiftState	s;
	ShiftSolution sol;

	shift_state_init(&s, NULL);
	if (shift_state_deserialize(&s, data, size) == CAL_OK)
	{
		size_t		len = shift_state_serial_size(&s);
		unsigned char *buf = malloc(len);
		ShiftState	t;

		shift_state_serialize(&s, buf);
		if (len != size || memcmp(buf, data, len) != 0)
			abort();			/* a valid state is its own serialization */
		shift_state_init(&t, NULL);
		if (shift_state_deserialize(&t, buf, len) != CAL_OK)
			abort();
		shift_state_free(&t);
		free(buf);
		if (s.target_kind == CAL_TARGET_VALUE)
			(void) shift_solve(&s, &sol, NULL);
	}
	shift_state_free(&s);
}

/* Scores and a target: order independence and exactness. */
static void
fuzz_rows(const uint8_t *data, size_t size)
{
	size_t		n = size / sizeof(double),
				i;
	double	   *v;
	double		target;
	ShiftState	a,
				b;
	ShiftSolution sa,
				sb;
	CalStatus	st;

	if (n < 2)
		return;
	v = malloc(n * sizeof(double));
	memcpy(v, data, n * sizeof(double));
	target = v[0];
	shift_state_init(&a, NULL);
	shift_state_init(&b, NULL);
	for (i = 1; i < n; i++)
	{
		st = shift_state_add(&a, v[i], 0, target, NULL);
		if (st != CAL_OK && st != CAL_BAD_SCORE && st != CAL_BAD_TARGET)
			abort();
		st = shift_state_add(&b, v[n - i], 0, target, NULL);
		if (st != CAL_OK && st != CAL_BAD_SCORE && st != CAL_BAD_TARGET)
			abort();
	}
	if (shift_state_compact(&a, NULL) != CAL_OK || shift_state_compact(&b, NULL) != CAL_OK)
		abort();
	if (a.rows > 0)
	{
		CalStatus	ra = shift_solve(&a, &sa, NULL),
					rb = shift_solve(&b, &sb, NULL);

		if (ra != rb || (ra == CAL_OK && memcmp(&sa.d, &sb.d, sizeof(double)) != 0))
			abort();			/* the order of the rows must not matter */
		if (ra == CAL_OK)
		{
			double		sum = 0;

			for (i = 1; i < n; i++)
				if (v[i] >= 0 && v[i] <= 1)
					sum += shift_score(v[i], sa.d);
			if (!(fabs(sum - target) <= 1e-9 * fabs(target) + 1e-300))
				abort();		/* the shifted scores add up to the target */
		}
	}
	shift_state_free(&a);
	shift_state_free(&b);
	free(v);
}

/* An interval state from bytes. */
static void
fuzz_interval(const uint8_t *data, size_t size)
{
	enum
	{
		PMAX = INTERVAL_MAX_FEATURES + 1
	};
	static double coef[PMAX],
				cov[PMAX * PMAX],
				work[PMAX * PMAX];
	IntervalSums s;
	double		level,
				shift,
				e,
				vb,
				vm;
	int			p;

	if (interval_deserialize(data, size, &s, &p, coef, cov, &level, &shift, work) == CAL_OK)
	{
		unsigned char *buf = malloc(size + 1);

		interval_serialize(&s, p, coef, cov, level, shift, buf);
		if (interval_serial_size(p) != size || memcmp(buf, data, size) != 0)
			abort();			/* a valid state is its own serialization */
		free(buf);
		if (p > 0)
		{
			interval_variances(&s, cov, &e, &vb, &vm);
			if (!(vb >= 0) || !(vm >= 0) || isnan(e))
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1 << 16)
		return 0;
	switch (data[0] & 3)
	{
		case 0:
			fuzz_state(data + 1, size - 1);
			break;
		case 2:
			fuzz_interval(data + 1, size - 1);
			break;
		default:
			fuzz_rows(data + 1, size - 1);
			break;
	}
	return 0;
}
