/*
 * propensity.h
 *	  Turnout propensity from vote history, with no PostgreSQL types: a
 *	  recency- and type-weighted, eligibility-aware share of elections voted,
 *	  and the classic "n of the last m" count.  Dates are day numbers.
 *
 * Both functions take O((n + v) log(n + v)) time for a calendar of n
 * elections and v voted dates, whatever their order: the calendar is sorted
 * as (date, position) pairs, so a repeated date shows as two equal
 * neighbours, and each election is looked up among the sorted voted dates
 * by binary search.  The sorts are merge sorts that call interrupt (when
 * not NULL) every 65536 items moved, and so do the loops over the calendar,
 * so a caller can cancel a long call: interrupt may not return.  Working
 * memory, 16 bytes per election and 16 per voted date, comes from mem (NULL:
 * malloc) and is released before returning.
 */
#ifndef CANVASS_PROPENSITY_H
#define CANVASS_PROPENSITY_H

#include <stddef.h>
#include <stdint.h>

#include "core_alloc.h"

typedef enum PropensityStatus
{
	PROPENSITY_OK = 0,
	PROPENSITY_NO_ELIGIBLE,		/* no election counts: the score is undefined */
	PROPENSITY_DUPLICATE_ELECTION,	/* bad_index names the second one */
	PROPENSITY_BAD_HALF_LIFE,
	PROPENSITY_BAD_OTHER_WEIGHT,
	PROPENSITY_NO_MEMORY		/* working memory not had, or a calendar of
								 * 2^32 elections or more */
} PropensityStatus;

/* Bytes of working memory per election and per voted date. */
#define PROPENSITY_BYTES_PER_DATE 16

/*
 * Weighted share of eligible elections voted:
 *
 *	 score = sum_e w_e v_e / sum_e w_e   over eligible elections e,
 *	 w_e = 2^(-age_e / half_life) * (same_kind[e] ? 1 : other_weight),
 *	 age_e = (latest election date - date_e) / 365.25 years,
 *
 * v_e = 1 when date_e is among voted.  An election is eligible when its date
 * is on or after registered, or when the voter voted in it (a vote proves
 * eligibility: re-registrations after a move reset the registration date).
 * elections must have distinct dates (else bad_index is the first position
 * that repeats an earlier date); voted dates outside the calendar are
 * ignored.  The sums run in calendar order.
 */
extern PropensityStatus propensity_score(const int32_t *voted, size_t nvoted,
										 int32_t registered,
										 const int32_t *elections,
										 const int *same_kind,
										 size_t nelections,
										 double half_life_years,
										 double other_weight,
										 double *score,
										 size_t *bad_index,
										 void (*interrupt) (void),
										 const CoreAlloc *mem);

/*
 * Number of the m most recent elections of the calendar in which the voter
 * voted (all of them if m exceeds the calendar).
 */
extern PropensityStatus propensity_votes_in_last(const int32_t *voted, size_t nvoted,
												 const int32_t *elections,
												 size_t nelections, size_t m,
												 int64_t *count, size_t *bad_index,
												 void (*interrupt) (void),
												 const CoreAlloc *mem);

#endif							/* CANVASS_PROPENSITY_H */
