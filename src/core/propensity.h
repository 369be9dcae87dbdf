/*
 * propensity.h
 *	  Turnout propensity from vote history, with no PostgreSQL types: a
 *	  recency- and type-weighted, eligibility-aware share of elections voted,
 *	  and the classic "n of the last m" count.  Dates are day numbers.
 */
#ifndef CANVASS_PROPENSITY_H
#define CANVASS_PROPENSITY_H

#include <stddef.h>
#include <stdint.h>

typedef enum PropensityStatus
{
	PROPENSITY_OK = 0,
	PROPENSITY_NO_ELIGIBLE,		/* no election counts: the score is undefined */
	PROPENSITY_DUPLICATE_ELECTION,	/* bad_index names the second one */
	PROPENSITY_BAD_HALF_LIFE,
	PROPENSITY_BAD_OTHER_WEIGHT
} PropensityStatus;

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
 * elections must have distinct dates; voted dates outside the calendar are
 * ignored.  voted is sorted in place.  work holds nelections ints.
 */
extern PropensityStatus propensity_score(int32_t *voted, size_t nvoted,
										 int32_t registered,
										 const int32_t *elections,
										 const int *same_kind,
										 size_t nelections,
										 double half_life_years,
										 double other_weight,
										 double *score,
										 size_t *bad_index);

/*
 * Number of the m most recent elections of the calendar in which the voter
 * voted (all of them if m exceeds the calendar).  voted is sorted in place;
 * order holds nelections indexes.
 */
extern PropensityStatus propensity_votes_in_last(int32_t *voted, size_t nvoted,
												 const int32_t *elections,
												 size_t nelections, size_t m,
												 size_t *order, int64_t *count,
												 size_t *bad_index);

#endif							/* CANVASS_PROPENSITY_H */
