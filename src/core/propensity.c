/*
 * propensity.c
 *	  Turnout propensity from vote history: see propensity.h for the
 *	  definitions and the costs.
 */
#include "propensity.h"

#include <math.h>

/* Items moved or visited between two calls of the interrupt callback. */
#define PROPENSITY_TICK 65536

/* The interrupt callback and the work done since it was last called. */
typedef struct Ticker
{
	void		(*interrupt) (void);
	size_t		done;
} Ticker;

/* Counts one item of work, calling the callback every PROPENSITY_TICK. */
static inline void
tick(Ticker *t)
{
	if (t->interrupt && ++t->done % PROPENSITY_TICK == 0)
		t->interrupt();
}

/*
 * Sorts a[0..n) ascending by bottom-up merge sort through tmp (n items):
 * O(n log n) whatever the input, with a tick per item moved.  Returns a or
 * tmp, whichever holds the sorted items at the end.
 */
static int64_t *
merge_sort(int64_t *a, int64_t *tmp, size_t n, Ticker *t)
{
	size_t		width;

	for (width = 1; width < n; width *= 2)
	{
		size_t		lo;
		int64_t    *swap;

		for (lo = 0; lo < n; lo += 2 * width)
		{
			size_t		mid = n - lo > width ? lo + width : n;
			size_t		hi = n - mid > width ? mid + width : n;
			size_t		i = lo,
						j = mid,
						k;

			for (k = lo; k < hi; k++)
			{
				tmp[k] = j >= hi || (i < mid && a[i] <= a[j]) ? a[i++] : a[j++];
				tick(t);
			}
		}
		swap = a;
		a = tmp;
		tmp = swap;
	}
	return a;
}

/*
 * The calendar as keys date * 2^32 + position, sorted: equal dates are
 * neighbours, in calendar order.  *buf is what to release (2n items); NULL
 * when out of memory or the calendar is too long for 32-bit positions.
 */
static int64_t *
sorted_calendar(const int32_t *elections, size_t n, int64_t **buf, Ticker *t,
				const CoreAlloc *mem)
{
	size_t		i;

	*buf = NULL;
	if ((uint64_t) n > UINT32_MAX)
		return NULL;
	*buf = core_alloc(mem, n, 2 * sizeof(int64_t));
	if (*buf == NULL)
		return NULL;
	for (i = 0; i < n; i++)
	{
		(*buf)[i] = (int64_t) elections[i] * ((int64_t) 1 << 32) + (int64_t) i;
		tick(t);
	}
	return merge_sort(*buf, *buf + n, n, t);
}

/* Calendar position of a key of sorted_calendar. */
static inline size_t
key_position(int64_t key)
{
	return (size_t) ((uint64_t) key & UINT32_MAX);
}

/*
 * First position of the calendar that repeats an earlier date, or -1, from
 * the sorted keys: within a run of equal dates the second key has the
 * smallest position that repeats that date.
 */
static long
find_duplicate(const int64_t *keys, const int32_t *elections, size_t n, Ticker *t)
{
	long		first = -1;
	size_t		k;

	for (k = 1; k < n; k++)
	{
		size_t		pos = key_position(keys[k]);

		if (elections[pos] == elections[key_position(keys[k - 1])] &&
			(first < 0 || pos < (size_t) first))
			first = (long) pos;
		tick(t);
	}
	return first;
}

/*
 * The sorted calendar keys in *keys (release *buf), or the status of a
 * calendar refused: out of memory, or a repeated date (bad_index set and
 * nothing left allocated).
 */
static PropensityStatus
checked_calendar(const int32_t *elections, size_t n, int64_t **buf, int64_t **keys,
				 size_t *bad_index, Ticker *t, const CoreAlloc *mem)
{
	long		dup;

	*keys = sorted_calendar(elections, n, buf, t, mem);
	if (*keys == NULL)
		return PROPENSITY_NO_MEMORY;
	dup = find_duplicate(*keys, elections, n, t);
	if (dup < 0)
		return PROPENSITY_OK;
	core_free(mem, *buf);
	*bad_index = (size_t) dup;
	return PROPENSITY_DUPLICATE_ELECTION;
}

/* The voted days, sorted, in *buf (2n items, to release); NULL when out of memory. */
static int64_t *
sorted_voted(const int32_t *voted, size_t n, int64_t **buf, Ticker *t,
			 const CoreAlloc *mem)
{
	size_t		i;

	*buf = core_alloc(mem, n, 2 * sizeof(int64_t));
	if (*buf == NULL)
		return NULL;
	for (i = 0; i < n; i++)
	{
		(*buf)[i] = voted[i];
		tick(t);
	}
	return merge_sort(*buf, *buf + n, n, t);
}

/* True when day is among the n sorted days (binary search). */
static int
contains(const int64_t *sorted, size_t n, int32_t day)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (sorted[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sorted[lo] == day;
}

/* Weighted, eligibility-aware share of elections voted. */
PropensityStatus
propensity_score(const int32_t *voted, size_t nvoted, int32_t registered,
				 const int32_t *elections, const int *same_kind,
				 size_t nelections, double half_life_years,
				 double other_weight, double *score, size_t *bad_index,
				 void (*interrupt) (void), const CoreAlloc *mem)
{
	Ticker		t = {interrupt, 0};
	int64_t    *buf,
			   *keys;
	PropensityStatus st;
	int32_t		latest;
	double		num = 0,
				den = 0;
	size_t		i;

	*bad_index = 0;
	*score = 0;
	st = checked_calendar(elections, nelections, &buf, &keys, bad_index, &t, mem);
	if (st != PROPENSITY_OK)
		return st;
	latest = nelections > 0 ? elections[key_position(keys[nelections - 1])] : 0;
	core_free(mem, buf);
	if (!(half_life_years > 0) || isinf(half_life_years))
		return PROPENSITY_BAD_HALF_LIFE;
	if (!(other_weight >= 0) || isinf(other_weight))
		return PROPENSITY_BAD_OTHER_WEIGHT;
	if (nelections == 0)
		return PROPENSITY_NO_ELIGIBLE;
	keys = sorted_voted(voted, nvoted, &buf, &t, mem);
	if (keys == NULL)
		return PROPENSITY_NO_MEMORY;
	for (i = 0; i < nelections; i++)
	{
		int			v = contains(keys, nvoted, elections[i]);
		double		age,
					w;

		tick(&t);
		if (!v && elections[i] < registered)
			continue;			/* not yet registered: does not count */
		/* in doubles: two day numbers can be more than 2^31 apart */
		age = ((double) latest - (double) elections[i]) / 365.25;
		w = exp2(-age / half_life_years) * (same_kind[i] ? 1.0 : other_weight);
		num += v ? w : 0;
		den += w;
	}
	core_free(mem, buf);
	if (!(den > 0))
		return PROPENSITY_NO_ELIGIBLE;
	*score = num / den;
	if (*score > 1)
		*score = 1;
	return PROPENSITY_OK;
}

/* Number of the m most recent elections voted: the last m sorted keys. */
PropensityStatus
propensity_votes_in_last(const int32_t *voted, size_t nvoted,
						 const int32_t *elections, size_t nelections,
						 size_t m, int64_t *count, size_t *bad_index,
						 void (*interrupt) (void), const CoreAlloc *mem)
{
	Ticker		t = {interrupt, 0};
	int64_t    *cal_buf,
			   *cal,
			   *vote_buf,
			   *votes;
	PropensityStatus st;
	size_t		k;

	*bad_index = 0;
	*count = 0;
	st = checked_calendar(elections, nelections, &cal_buf, &cal, bad_index, &t, mem);
	if (st != PROPENSITY_OK)
		return st;
	votes = sorted_voted(voted, nvoted, &vote_buf, &t, mem);
	if (votes == NULL)
	{
		core_free(mem, cal_buf);
		return PROPENSITY_NO_MEMORY;
	}
	for (k = nelections; k > 0 && nelections - k < m; k--)
	{
		if (contains(votes, nvoted, elections[key_position(cal[k - 1])]))
			(*count)++;
		tick(&t);
	}
	core_free(mem, vote_buf);
	core_free(mem, cal_buf);
	return PROPENSITY_OK;
}
