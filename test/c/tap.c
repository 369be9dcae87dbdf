/*
 * tap.c
 *	  Implementation of the minimal TAP emitter declared in tap.h.
 */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>

static int	tests_run = 0;
static int	tests_failed = 0;

/* Reports one assertion; returns cond. */
int
tap_ok(int cond, const char *fmt,...)
{
	va_list		ap;

	tests_run++;
	if (!cond)
		tests_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tests_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

/* Reports got == want for 64-bit integers, printing both on failure. */
int
tap_is_int(int64_t got, int64_t want, const char *name)
{
	int			cond = tap_ok(got == want, "%s", name);

	if (!cond)
		printf("#   got:  %lld\n#   want: %lld\n", (long long) got, (long long) want);
	return cond;
}

/* Reports two int64 arrays equal, printing the first difference on failure. */
int
tap_is_int_array(const int64_t *got, const int64_t *want, int n, const char *name)
{
	int			i;

	for (i = 0; i < n; i++)
		if (got[i] != want[i])
		{
			tap_ok(0, "%s", name);
			printf("#   element %d: got %lld, want %lld\n", i,
				   (long long) got[i], (long long) want[i]);
			return 0;
		}
	return tap_ok(1, "%s", name);
}

/* A deterministic pseudo-random generator (splitmix64), so failures reproduce. */
uint64_t
tap_random(uint64_t *state)
{
	uint64_t	z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Prints the plan line and returns the exit status (0 when all passed). */
int
tap_done(void)
{
	printf("1..%d\n", tests_run);
	return tests_failed == 0 ? 0 : 1;
}
