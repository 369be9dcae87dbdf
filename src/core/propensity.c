/*
 * propensity.c
 *	  Turnout propensity from vote history: see propensity.h for the
 *	  definitions.
 */
#include "propensity.h"

#include <math.h>
#include <stdlib.h>

/* Orders day numbers. */
static int
cmp_day(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a,
				y = *(const int32_t *) b;

	return (x > y) - (x < y);
}

/* True when day is in the sorted array. */
static int
contains(const int32_t *sorted, size_t n, int32_t day)
{
	return n > 0 && bsearch(&day, sorted, n, sizeof(int32_t), cmp_day) != NULL;
}

/* First repeated date of the calendar (quadratic: calendars are short), or -1. */
static long
find_duplicate(const int32_t *elections, size_t n)
{
	size_t		i,
				j;

	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (elections[i] == elections[j])
				return (long) i;
	return -1;
}

/* Weighted, eligibility-aware share of elections voted. */
PropensityStatus
propensity_score(int32_t *voted, size_t nvoted, int32_t registered,
				 const int32_t *elections, const int *same_kind,
				 size_t nelections, double half_life_years,
				 double other_weight, double *score, size_t *bad_index)
{
	long		dup = find_duplicate(elections, nelections);
	int32_t		latest;
	double		num = 0,
				den = 0;
	size_t		i;

	*bad_index = 0;
	*score = 0;
	if (dup >= 0)
	{
		*bad_index = (size_t) dup;
		return PROPENSITY_DUPLICATE_ELECTION;
	}
	if (!(half_life_years > 0) || isinf(half_life_years))
		return PROPENSITY_BAD_HALF_LIFE;
	if (!(other_weight >= 0) || isinf(other_weight))
		return PROPENSITY_BAD_OTHER_WEIGHT;
	if (nelections == 0)
		return PROPENSITY_NO_ELIGIBLE;
	if (nvoted > 1)
		qsort(voted, nvoted, sizeof(int32_t), cmp_day);
	latest = elections[0];
	for (i = 1; i < nelections; i++)
		if (elections[i] > latest)
			latest = elections[i];
	for (i = 0; i < nelections; i++)
	{
		int			v = contains(voted, nvoted, elections[i]);
		double		age,
					w;

		if (!v && elections[i] < registered)
			continue;			/* not yet registered: does not count */
		/* in doubles: two day numbers can be more than 2^31 apart */
		age = ((double) latest - (double) elections[i]) / 365.25;
		w = exp2(-age / half_life_years) * (same_kind[i] ? 1.0 : other_weight);
		num += v ? w : 0;
		den += w;
	}
	if (!(den > 0))
		return PROPENSITY_NO_ELIGIBLE;
	*score = num / den;
	if (*score > 1)
		*score = 1;
	return PROPENSITY_OK;
}

/* Calendar positions sorted by date, most recent first (insertion sort). */
static void
order_recent_first(const int32_t *elections, size_t n, size_t *order)
{
	size_t		i,
				j;

	for (i = 0; i < n; i++)
	{
		size_t		v = i;

		for (j = i; j > 0 && elections[order[j - 1]] < elections[v]; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
}

/* Number of the m most recent elections voted. */
PropensityStatus
propensity_votes_in_last(int32_t *voted, size_t nvoted,
						 const int32_t *elections, size_t nelections,
						 size_t m, size_t *order, int64_t *count,
						 size_t *bad_index)
{
	long		dup = find_duplicate(elections, nelections);
	size_t		i;

	*bad_index = 0;
	*count = 0;
	if (dup >= 0)
	{
		*bad_index = (size_t) dup;
		return PROPENSITY_DUPLICATE_ELECTION;
	}
	if (nvoted > 1)
		qsort(voted, nvoted, sizeof(int32_t), cmp_day);
	order_recent_first(elections, nelections, order);
	for (i = 0; i < nelections && i < m; i++)
		if (contains(voted, nvoted, elections[order[i]]))
			(*count)++;
	return PROPENSITY_OK;
}
