/*
 * test_propensity.c
 *	  Unit tests of the propensity core.  Expected values are hand
 *	  computations written next to them (day numbers count from 2000-01-01).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "core/propensity.h"
#include "tap.h"

/* 2016-11-08 general, 2018-11-06 general, 2020-03-03 primary, 2020-11-03 general. */
static const int32_t CAL[4] = {6156, 6884, 7367, 7612};
static const int SAME_GENERAL[4] = {1, 1, 0, 1};

static int
near(double got, double want, const char *name)
{
	int			ok = tap_ok(fabs(got - want) <= 1e-12, "%s", name);

	if (!ok)
		printf("#   got:  %.17g\n#   want: %.17g\n", got, want);
	return ok;
}

int
main(void)
{
	double		score;
	size_t		bad;
	int64_t		count;
	size_t		order[4];

	/*
	 * Registered 2017-01-01 (day 6210), voted 2020-03-03 and 2018-11-06
	 * (given out of order).  The 2016 general is before registration and
	 * does not count.  Ages from 2020-11-03: 728 and 245 days; weights
	 * 2^(-728/365.25/4) = 0.7079459664255656, 0.5 * 2^(-245/365.25/4) =
	 * 0.4451324677681787 (a
	 * primary, target general), 1 for 2020-11-03.  Score (0.70794 +
	 * 0.44518) / (0.70794 + 0.44518 + 1) = 0.5355487361172393.
	 */
	{
		int32_t		voted[2] = {7367, 6884};

		tap_ok(propensity_score(voted, 2, 6210, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad) == PROPENSITY_OK,
			   "registered 2017: accepted");
		near(score, 0.5355487361172393, "registered 2017, voted 2018 and the 2020 primary: 0.53555");
	}

	/*
	 * Registered long ago, voted only 2016-11-08 (1456 days old, weight
	 * 2^(-1456/365.25/4) = 0.501187491378228): 0.50119 / (0.50119 + 0.70794 +
	 * 0.44518 + 1) = 0.1888233905087058.
	 */
	{
		int32_t		voted[1] = {6156};

		propensity_score(voted, 1, -100000, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad);
		near(score, 0.1888233905087058, "voted 2016 only: 0.18882");
	}

	/* A vote before the registration date proves eligibility: it counts. */
	{
		int32_t		voted[1] = {6156};

		propensity_score(voted, 1, 7000, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad);
		/* eligible: 2016 (voted), 2020p, 2020g: 0.50119 / (0.50119 + 0.44518 + 1) */
		near(score, 0.501187491378228 / (0.501187491378228 + 0.4451324677681787 + 1),
			 "a vote before registration counts as eligible");
	}

	/* Registered after the last election, never voted: no eligible election. */
	tap_ok(propensity_score(NULL, 0, 8000, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad) == PROPENSITY_NO_ELIGIBLE,
		   "registered after every election: no score");

	/* Voted in all four: 1; in none: 0; a vote outside the calendar is ignored. */
	{
		int32_t		all[5] = {6156, 6884, 7367, 7612, 5000};
		int32_t		outside[1] = {5000};

		propensity_score(all, 5, 0, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad);
		near(score, 1, "voted in all: 1");
		propensity_score(outside, 1, 0, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad);
		near(score, 0, "voted only outside the calendar: 0");
	}

	/* Other kinds weighted 0: only generals count; 2 of 3 generals, weights 0.50119, 0.70794, 1. */
	{
		int32_t		voted[2] = {6156, 7612};

		propensity_score(voted, 2, 0, CAL, SAME_GENERAL, 4, 4.0, 0.0, &score, &bad);
		near(score, (0.501187491378228 + 1) / (0.501187491378228 + 0.7079459664255656 + 1),
			 "other-kind weight 0: generals only");
	}

	/* Errors. */
	{
		int32_t		dupcal[3] = {6156, 6884, 6156};
		int			same3[3] = {1, 1, 1};

		tap_ok(propensity_score(NULL, 0, 0, dupcal, same3, 3, 4.0, 0.5, &score, &bad) == PROPENSITY_DUPLICATE_ELECTION && bad == 2,
			   "repeated election date: element 3");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 4, 0.0, 0.5, &score, &bad) == PROPENSITY_BAD_HALF_LIFE,
			   "half-life 0");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 4, NAN, 0.5, &score, &bad) == PROPENSITY_BAD_HALF_LIFE,
			   "half-life NaN");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 4, 4.0, -1, &score, &bad) == PROPENSITY_BAD_OTHER_WEIGHT,
			   "negative other-kind weight");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 0, 4.0, 0.5, &score, &bad) == PROPENSITY_NO_ELIGIBLE,
			   "empty calendar: no score");
	}

	/*
	 * Day numbers 2^31 apart, which an int32 difference cannot hold (found
	 * by fuzzing).  With a half-life of exactly that gap, 2^31 / 365.25
	 * years, the older election weighs 2^-1 = 0.5; voted only the later:
	 * 1 / (1 + 0.5) = 2/3.
	 */
	{
		int32_t		voted[1] = {1073741824};
		const int32_t far[2] = {-1073741824, 1073741824};
		const int	both[2] = {1, 1};

		tap_ok(propensity_score(voted, 1, INT32_MIN, far, both, 2, 2147483648.0 / 365.25, 1.0,
								&score, &bad) == PROPENSITY_OK,
			   "calendar spanning 2^31 days: accepted");
		near(score, 2.0 / 3.0, "calendar spanning 2^31 days: the older election weighs 0.5, 2/3");
	}

	/* n of the last m: voted 2016, 2020p, 2020g. Last 2 = 2020g, 2020p: 2; last 3 adds 2018: 2; last 4: 3. */
	{
		int32_t		voted[3] = {7612, 6156, 7367};
		const int32_t shuffled[4] = {7367, 6156, 7612, 6884};

		propensity_votes_in_last(voted, 3, CAL, 4, 2, order, &count, &bad);
		tap_is_int(count, 2, "2 of the last 2");
		propensity_votes_in_last(voted, 3, CAL, 4, 3, order, &count, &bad);
		tap_is_int(count, 2, "2 of the last 3");
		propensity_votes_in_last(voted, 3, shuffled, 4, 4, order, &count, &bad);
		tap_is_int(count, 3, "3 of the last 4 (calendar out of order)");
		propensity_votes_in_last(voted, 3, shuffled, 4, 1, order, &count, &bad);
		tap_is_int(count, 1, "1 of the last 1 (calendar out of order)");
		propensity_votes_in_last(voted, 3, CAL, 4, 10, order, &count, &bad);
		tap_is_int(count, 3, "m beyond the calendar counts all");
		propensity_votes_in_last(voted, 3, CAL, 4, 0, order, &count, &bad);
		tap_is_int(count, 0, "m = 0 counts nothing");
	}
	return tap_done();
}
