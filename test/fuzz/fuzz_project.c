/*
 * fuzz_project.c
 *	  libFuzzer target for the projection core.  The input's first byte
 *	  gives k = byte % 4 features and the level ((byte / 4) % 63 + 1) / 64;
 *	  the rest is read as units of 5 + k doubles (at most 64 units), each
 *	  value folded into range: votes |v| mod 1e6 (rounded), complete
 *	  v != 0, features as given when finite.  Units that fail
 *	  project_check_unit are left out.  Whatever the values:
 *	  - project_compute succeeds, and every number it returns is finite
 *	    (the coefficients and the interval's standard error and parts);
 *	  - each side's projection is at least its count, and equals it when
 *	    every unit is complete;
 *	  - the interval, when there is one, holds the projected margin;
 *	  - the units reversed give the same projection, bit for bit;
 *	  - the whole input read as a serialized state is either refused or
 *	    gives units that pass project_check_unit, and a state written from
 *	    the units is accepted with the same units.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/project.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_UNITS 64

/* Aborts unless the result's numbers are finite and consistent. */
static void
check_result(const ProjectResult *r, size_t n)
{
	if (!isfinite(r->counted_a) || !isfinite(r->counted_b))
		abort();
	if (n == 0)
		return;
	if (r->projection_gap == PROJECT_GAP_NONE)
	{
		if (!isfinite(r->projected_a) || !isfinite(r->projected_b))
			abort();
		if (r->projected_a < r->counted_a * (1 - 1e-12) - 1e-9 ||
			r->projected_b < r->counted_b * (1 - 1e-12) - 1e-9)
			abort();
		if (r->complete == r->units &&
			(r->projected_a != r->counted_a || r->projected_b != r->counted_b))
			abort();
		for (int j = 0; j <= r->k; j++)
			if (!isfinite(r->turnout_coef[j]) || !isfinite(r->margin_coef[j]))
				abort();
	}
	if (r->interval_gap == PROJECT_GAP_NONE)
	{
		double		m = r->projected_a - r->projected_b;

		if (!isfinite(r->margin_lower) || !isfinite(r->margin_upper))
			abort();
		if (!(r->standard_error >= 0) || !isfinite(r->standard_error) ||
			!isfinite(r->se_shared) || !isfinite(r->se_units) || !isfinite(r->se_unseen))
			abort();
		if (!(r->margin_lower <= m + 1e-6 * (fabs(m) + 1) && m <= r->margin_upper + 1e-6 * (fabs(m) + 1)))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			k,
				stride;
	double		level;
	double		units[MAX_UNITS * (PROJECT_FIXED + 3)],
				rev[MAX_UNITS * (PROJECT_FIXED + 3)];
	size_t		n = 0,
				off = 1,
				i;
	ProjectResult r,
				r2;

	/* the raw input as a serialized state */
	{
		int			sk;
		size_t		sn;
		double		sl;
		const unsigned char *su;
		const char *why;

		if (project_state_check(data, size, &sk, &sn, &sl, &su, &why) == PROJECT_OK)
		{
			for (i = 0; i < sn; i++)
			{
				double		u[PROJECT_FIXED + PROJECT_MAX_FEATURES];
				int			bad;

				memcpy(u, su + sizeof(double) * (PROJECT_FIXED + sk) * i, sizeof(double) * (PROJECT_FIXED + sk));
				if (project_check_unit(u, sk, &bad) != PROJECT_OK)
					abort();
			}
		}
		else if (why == NULL)
			abort();
	}
	if (size < 1)
		return 0;
	k = data[0] % 4;
	level = ((data[0] / 4) % 63 + 1) / 64.0;
	stride = PROJECT_FIXED + k;
	while (n < MAX_UNITS && off + sizeof(double) * stride <= size)
	{
		double	   *u = units + n * stride;
		int			j,
					bad;

		memcpy(u, data + off, sizeof(double) * stride);
		off += sizeof(double) * stride;
		for (j = 0; j < 4; j++)
			u[j] = isfinite(u[j]) ? round(fmod(fabs(u[j]), 1e6)) : 0;
		u[4] = u[4] != 0 && !isnan(u[4]) ? 1 : 0;
		if (project_check_unit(u, k, &bad) == PROJECT_OK)
			n++;
	}
	if (project_compute(units, n, k, level, &r, NULL, NULL) != PROJECT_OK)
		abort();
	check_result(&r, n);
	for (i = 0; i < n; i++)
		memcpy(rev + i * stride, units + (n - 1 - i) * stride, sizeof(double) * stride);
	if (project_compute(rev, n, k, level, &r2, NULL, NULL) != PROJECT_OK)
		abort();
	if (memcmp(&r.projected_a, &r2.projected_a, sizeof(double)) != 0 ||
		memcmp(&r.projected_b, &r2.projected_b, sizeof(double)) != 0 ||
		r.interval_gap != r2.interval_gap ||
		(r.interval_gap == PROJECT_GAP_NONE && r.margin_lower != r2.margin_lower))
		abort();
	/* a state written from the units is accepted, with the same units */
	if (n > 0)
	{
		unsigned char *buf = malloc(project_state_size(n, k));
		int			sk;
		size_t		sn;
		double		sl;
		const unsigned char *su;
		const char *why;

		project_state_write(buf, units, n, k, level);
		if (project_state_check(buf, project_state_size(n, k), &sk, &sn, &sl, &su, &why) != PROJECT_OK ||
			sk != k || sn != n || sl != level || memcmp(su, units, sizeof(double) * stride * n) != 0)
			abort();
		free(buf);
	}
	return 0;
}
