/*
 * fuzz_propensity.c
 *	  libFuzzer target for the propensity core: propensity_score and
 *	  propensity_votes_in_last.  The input is the half-life and the other
 *	  kinds' weight (two doubles), the registration day and m (two 32-bit
 *	  words), the calendar's length (one byte), the calendar's day numbers,
 *	  one kind byte per election (bit 0: the target kind), and the voted
 *	  days in what is left.  Whatever the bytes:
 *	  - a repeated calendar date is refused, naming its first repeat, and
 *	    bad half-lives and weights are refused;
 *	  - an accepted score is in [0, 1]: 0 when no election of the calendar
 *	    was voted, 1 when every one was; a vote more never lowers it; the
 *	    calendar's order changes it by rounding at most; an undefined score
 *	    is 0;
 *	  - the "n of the last m" count equals a brute-force count of the
 *	    voted elections among the m most recent;
 *	  - the interrupt callback may be called, and every allocation is
 *	    released.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/propensity.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEAD (2 * sizeof(double) + 2 * sizeof(int32_t) + 1)

/* True when day is among the n days of v (a linear scan). */
static int
has_day(const int32_t *v, size_t n, int32_t day)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (v[i] == day)
			return 1;
	return 0;
}

/* First index repeating an earlier date, or -1 (brute force). */
static long
first_repeat(const int32_t *e, size_t n)
{
	size_t		i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (e[i] == e[j])
				return (long) i;
	return -1;
}

/* Working memory handed out and not yet released. */
static long live = 0;

static void *
fuzz_alloc(void *ctx, size_t size)
{
	(void) ctx;
	live++;
	return malloc(size);
}

static void
fuzz_free(void *ctx, void *p)
{
	(void) ctx;
	live--;
	free(p);
}

static const CoreAlloc fuzz_mem = {fuzz_alloc, fuzz_free, NULL};

/* An interrupt callback that lets the call go on. */
static void
no_interrupt(void)
{
}

/* The score of voted. */
static PropensityStatus
score_of(const int32_t *voted, size_t nvoted, int32_t registered,
		 const int32_t *e, const int *same, size_t ne, double hl, double ow,
		 double *score, size_t *bad)
{
	PropensityStatus st = propensity_score(voted, nvoted, registered, e, same, ne, hl, ow,
										   score, bad, no_interrupt, &fuzz_mem);

	if (live != 0)
		abort();
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double		hl,
				ow,
				score,
				score2;
	int32_t		registered;
	uint32_t	m;
	size_t		ne,
				nvoted,
				i,
				j,
				bad,
				bad2;
	int32_t    *e,
			   *e_rev,
			   *input,
			   *more;
	int		   *same,
			   *same_rev;
	long		dup;
	int64_t		count,
				want;
	PropensityStatus st,
				st2;
	size_t		in_calendar = 0;

	if (size < HEAD || size > 1 << 16)
		return 0;
	memcpy(&hl, data, sizeof(double));
	memcpy(&ow, data + 8, sizeof(double));
	memcpy(&registered, data + 16, sizeof(int32_t));
	memcpy(&m, data + 20, sizeof(uint32_t));
	ne = data[24];
	if (ne * 5 > size - HEAD)
		ne = (size - HEAD) / 5;
	nvoted = (size - HEAD - ne * 5) / sizeof(int32_t);

	e = malloc((ne + 1) * sizeof(int32_t));
	e_rev = malloc((ne + 1) * sizeof(int32_t));
	same = calloc(ne + 1, sizeof(int));
	same_rev = calloc(ne + 1, sizeof(int));
	input = malloc((nvoted + 1) * sizeof(int32_t));
	more = malloc((nvoted + 2) * sizeof(int32_t));
	memcpy(e, data + HEAD, ne * sizeof(int32_t));
	for (i = 0; i < ne; i++)
	{
		same[i] = data[HEAD + ne * 4 + i] & 1;
		e_rev[ne - 1 - i] = e[i];
		same_rev[ne - 1 - i] = same[i];
	}
	memcpy(input, data + HEAD + ne * 5, nvoted * sizeof(int32_t));
	dup = first_repeat(e, ne);

	/* propensity_score */
	st = score_of(input, nvoted, registered, e, same, ne, hl, ow, &score, &bad);
	if (dup >= 0)
	{
		if (st != PROPENSITY_DUPLICATE_ELECTION || bad != (size_t) dup)
			abort();
	}
	else if (!(hl > 0) || isinf(hl))
	{
		if (st != PROPENSITY_BAD_HALF_LIFE)
			abort();
	}
	else if (!(ow >= 0) || isinf(ow))
	{
		if (st != PROPENSITY_BAD_OTHER_WEIGHT)
			abort();
	}
	else if (ne == 0)
	{
		if (st != PROPENSITY_NO_ELIGIBLE)
			abort();
	}
	else
	{
		if (st != PROPENSITY_OK && st != PROPENSITY_NO_ELIGIBLE)
			abort();
		for (i = 0; i < ne; i++)
			in_calendar += has_day(input, nvoted, e[i]);
		if (st == PROPENSITY_NO_ELIGIBLE && score != 0)
			abort();
		if (st == PROPENSITY_OK)
		{
			if (!(score >= 0 && score <= 1))
				abort();
			if (in_calendar == 0 && score != 0)
				abort();
			if (in_calendar == ne && score != 1)
				abort();
		}

		/* The calendar in reverse order: the same status, the score up to rounding. */
		st2 = score_of(input, nvoted, registered, e_rev, same_rev, ne, hl, ow, &score2, &bad2);
		if (st2 != st || fabs(score2 - score) > 1e-12)
			abort();

		/* One vote more, in the first election not voted. */
		for (i = 0; i < ne && has_day(input, nvoted, e[i]); i++)
			;
		if (i < ne && st == PROPENSITY_OK)
		{
			memcpy(more, input, nvoted * sizeof(int32_t));
			more[nvoted] = e[i];
			st2 = score_of(more, nvoted + 1, registered, e, same, ne, hl, ow, &score2, &bad2);
			if (st2 != PROPENSITY_OK || score2 < score - 1e-12)
				abort();
		}
	}

	/* propensity_votes_in_last */
	st = propensity_votes_in_last(input, nvoted, e, ne, m, &count, &bad, no_interrupt, &fuzz_mem);
	if (live != 0)
		abort();
	if (dup >= 0)
	{
		if (st != PROPENSITY_DUPLICATE_ELECTION || bad != (size_t) dup || count != 0)
			abort();
	}
	else
	{
		if (st != PROPENSITY_OK)
			abort();
		/* brute force: an election is among the m most recent when fewer than m are later */
		want = 0;
		for (i = 0; i < ne; i++)
		{
			size_t		later = 0;

			for (j = 0; j < ne; j++)
				later += e[j] > e[i];
			if (later < m && has_day(input, nvoted, e[i]))
				want++;
		}
		if (count != want || count < 0 || (uint64_t) count > m || (size_t) count > ne)
			abort();
	}

	free(e);
	free(e_rev);
	free(same);
	free(same_rev);
	free(input);
	free(more);
	return 0;
}
