/*
 * test_propensity.c
 *	  Unit tests of the propensity core.  Expected values are hand
 *	  computations written next to them (day numbers count from 2000-01-01).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "core/propensity.h"
#include "counting_alloc.h"
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

/* Counts calls of the interrupt callback. */
static long interrupts = 0;

static void
count_interrupt(void)
{
	interrupts++;
}

/*
 * A calendar of a million elections on days 0..999999, given most recent
 * first, and a vote every fourth day (days 0, 4, ..., 999996: 250,000
 * votes), given oldest first.
 */
#define BIG 1000000

static void
test_big_calendar(void)
{
	int32_t    *cal = malloc(BIG * sizeof(int32_t));
	int32_t    *voted = malloc(BIG / 4 * sizeof(int32_t));
	int		   *same = malloc(BIG * sizeof(int));
	double		score;
	size_t		bad,
				i;
	int64_t		count;

	for (i = 0; i < BIG; i++)
	{
		cal[i] = (int32_t) (BIG - 1 - i);
		same[i] = 1;
	}
	for (i = 0; i < BIG / 4; i++)
		voted[i] = (int32_t) (4 * i);

	/*
	 * The 1,000 most recent elections are days 999000..999999, of which the
	 * multiples of 4 are 999000, 999004, ..., 999996: 250.  Sorting the
	 * calendar moves its 10^6 keys in each of ceil(log2 10^6) = 20 merge
	 * passes, 2 * 10^7 moves, so the callback (one call per 65536 moves)
	 * is called at least 2 * 10^7 / 65536 = 305 times.
	 */
	interrupts = 0;
	live = 0;
	tap_ok(propensity_votes_in_last(voted, BIG / 4, cal, BIG, 1000, &count, &bad,
									count_interrupt, &counting) == PROPENSITY_OK,
		   "a million elections: votes_in_last accepted");
	tap_is_int(count, 250, "a million elections: 250 of the last 1000");
	tap_ok(interrupts >= 305, "a million elections: the interrupt callback is called while sorting (%ld calls)",
		   interrupts);
	tap_is_int(live, 0, "a million elections: votes_in_last releases its working memory");

	/*
	 * With a half-life of 10^300 years every weight is 2^(-tiny) = 1
	 * exactly, so the score is votes / eligible elections.  Registered on
	 * day 0: 250,000 / 1,000,000 = 0.25.  Registered on day 500,000: the
	 * 500,000 elections from then on, and the 125,000 voted before
	 * (0, 4, ..., 499996), 250,000 / 625,000 = 0.4.
	 */
	interrupts = 0;
	tap_ok(propensity_score(voted, BIG / 4, 0, cal, same, BIG, 1e300, 1.0, &score, &bad,
							count_interrupt, &counting) == PROPENSITY_OK,
		   "a million elections: propensity accepted");
	near(score, 0.25, "a million elections, registered on day 0: 0.25");
	tap_ok(interrupts >= 305, "a million elections: propensity calls the interrupt callback (%ld calls)",
		   interrupts);
	propensity_score(voted, BIG / 4, 500000, cal, same, BIG, 1e300, 1.0, &score, &bad,
					 count_interrupt, &counting);
	near(score, 0.4, "a million elections, registered on day 500000: 0.4");
	tap_is_int(live, 0, "a million elections: propensity releases its working memory");

	/* The last element repeats day 5 (element 999995): bad is its position. */
	cal[BIG - 1] = 5;
	tap_ok(propensity_votes_in_last(voted, BIG / 4, cal, BIG, 1000, &count, &bad,
									NULL, &counting) == PROPENSITY_DUPLICATE_ELECTION && bad == BIG - 1,
		   "a million elections, the last repeating day 5: refused, position 999999");
	tap_ok(propensity_score(voted, BIG / 4, 0, cal, same, BIG, 4.0, 1.0, &score, &bad,
							NULL, &counting) == PROPENSITY_DUPLICATE_ELECTION && bad == BIG - 1,
		   "a million elections, the last repeating day 5: propensity refuses it too");
	tap_is_int(live, 0, "refused calendars: working memory released");
	free(cal);
	free(voted);
	free(same);
}

/* Repeats and allocation failures on small calendars. */
static void
test_repeats_and_memory(void)
{
	/*
	 * 5, 9, 9, 5: position 2 repeats 9 (position 1) before position 3
	 * repeats 5, though 5 sorts first; 5, 9, 5, 9, 5: position 2.
	 */
	const int32_t two_runs[4] = {5, 9, 9, 5};
	const int32_t three[5] = {5, 9, 5, 9, 5};
	const int	same5[5] = {1, 1, 1, 1, 1};
	const int32_t voted[2] = {9, 7612};
	double		score;
	size_t		bad;
	int64_t		count;

	tap_ok(propensity_votes_in_last(NULL, 0, two_runs, 4, 4, &count, &bad, NULL, NULL) == PROPENSITY_DUPLICATE_ELECTION
		   && bad == 2, "5, 9, 9, 5: the first repeat is position 2");
	tap_ok(propensity_score(NULL, 0, 0, three, same5, 5, 4.0, 1.0, &score, &bad, NULL, NULL) == PROPENSITY_DUPLICATE_ELECTION
		   && bad == 2, "5, 9, 5, 9, 5: the first repeat is position 2");

	/* Each allocation refused in turn: NO_MEMORY, nothing left allocated. */
	live = 0;
	fail_after = 0;
	tap_ok(propensity_score(voted, 2, 0, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, &counting) == PROPENSITY_NO_MEMORY,
		   "propensity: calendar memory refused");
	fail_after = 1;
	tap_ok(propensity_score(voted, 2, 0, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, &counting) == PROPENSITY_NO_MEMORY,
		   "propensity: voted memory refused");
	fail_after = 0;
	tap_ok(propensity_votes_in_last(voted, 2, CAL, 4, 2, &count, &bad, NULL, &counting) == PROPENSITY_NO_MEMORY,
		   "votes_in_last: calendar memory refused");
	fail_after = 1;
	tap_ok(propensity_votes_in_last(voted, 2, CAL, 4, 2, &count, &bad, NULL, &counting) == PROPENSITY_NO_MEMORY,
		   "votes_in_last: voted memory refused");
	fail_after = -1;
	tap_is_int(live, 0, "refused allocations: nothing left allocated");
}

int
main(void)
{
	double		score;
	size_t		bad;
	int64_t		count;

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

		tap_ok(propensity_score(voted, 2, 6210, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, NULL) == PROPENSITY_OK,
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

		propensity_score(voted, 1, -100000, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, NULL);
		near(score, 0.1888233905087058, "voted 2016 only: 0.18882");
	}

	/* A vote before the registration date proves eligibility: it counts. */
	{
		int32_t		voted[1] = {6156};

		propensity_score(voted, 1, 7000, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, NULL);
		/* eligible: 2016 (voted), 2020p, 2020g: 0.50119 / (0.50119 + 0.44518 + 1) */
		near(score, 0.501187491378228 / (0.501187491378228 + 0.4451324677681787 + 1),
			 "a vote before registration counts as eligible");
	}

	/* Registered after the last election, never voted: no eligible election. */
	tap_ok(propensity_score(NULL, 0, 8000, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, NULL) == PROPENSITY_NO_ELIGIBLE,
		   "registered after every election: no score");

	/* Voted in all four: 1; in none: 0; a vote outside the calendar is ignored. */
	{
		int32_t		all[5] = {6156, 6884, 7367, 7612, 5000};
		int32_t		outside[1] = {5000};

		propensity_score(all, 5, 0, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, NULL);
		near(score, 1, "voted in all: 1");
		propensity_score(outside, 1, 0, CAL, SAME_GENERAL, 4, 4.0, 0.5, &score, &bad, NULL, NULL);
		near(score, 0, "voted only outside the calendar: 0");
	}

	/* Other kinds weighted 0: only generals count; 2 of 3 generals, weights 0.50119, 0.70794, 1. */
	{
		int32_t		voted[2] = {6156, 7612};

		propensity_score(voted, 2, 0, CAL, SAME_GENERAL, 4, 4.0, 0.0, &score, &bad, NULL, NULL);
		near(score, (0.501187491378228 + 1) / (0.501187491378228 + 0.7079459664255656 + 1),
			 "other-kind weight 0: generals only");
	}

	/* Errors. */
	{
		int32_t		dupcal[3] = {6156, 6884, 6156};
		int			same3[3] = {1, 1, 1};

		tap_ok(propensity_score(NULL, 0, 0, dupcal, same3, 3, 4.0, 0.5, &score, &bad, NULL, NULL) == PROPENSITY_DUPLICATE_ELECTION && bad == 2,
			   "repeated election date: element 3");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 4, 0.0, 0.5, &score, &bad, NULL, NULL) == PROPENSITY_BAD_HALF_LIFE,
			   "half-life 0");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 4, NAN, 0.5, &score, &bad, NULL, NULL) == PROPENSITY_BAD_HALF_LIFE,
			   "half-life NaN");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 4, 4.0, -1, &score, &bad, NULL, NULL) == PROPENSITY_BAD_OTHER_WEIGHT,
			   "negative other-kind weight");
		tap_ok(propensity_score(NULL, 0, 0, CAL, SAME_GENERAL, 0, 4.0, 0.5, &score, &bad, NULL, NULL) == PROPENSITY_NO_ELIGIBLE,
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
								&score, &bad, NULL, NULL) == PROPENSITY_OK,
			   "calendar spanning 2^31 days: accepted");
		near(score, 2.0 / 3.0, "calendar spanning 2^31 days: the older election weighs 0.5, 2/3");
	}

	/* n of the last m: voted 2016, 2020p, 2020g. Last 2 = 2020g, 2020p: 2; last 3 adds 2018: 2; last 4: 3. */
	{
		int32_t		voted[3] = {7612, 6156, 7367};
		const int32_t shuffled[4] = {7367, 6156, 7612, 6884};

		propensity_votes_in_last(voted, 3, CAL, 4, 2, &count, &bad, NULL, NULL);
		tap_is_int(count, 2, "2 of the last 2");
		propensity_votes_in_last(voted, 3, CAL, 4, 3, &count, &bad, NULL, NULL);
		tap_is_int(count, 2, "2 of the last 3");
		propensity_votes_in_last(voted, 3, shuffled, 4, 4, &count, &bad, NULL, NULL);
		tap_is_int(count, 3, "3 of the last 4 (calendar out of order)");
		propensity_votes_in_last(voted, 3, shuffled, 4, 1, &count, &bad, NULL, NULL);
		tap_is_int(count, 1, "1 of the last 1 (calendar out of order)");
		propensity_votes_in_last(voted, 3, CAL, 4, 10, &count, &bad, NULL, NULL);
		tap_is_int(count, 3, "m beyond the calendar counts all");
		propensity_votes_in_last(voted, 3, CAL, 4, 0, &count, &bad, NULL, NULL);
		tap_is_int(count, 0, "m = 0 counts nothing");
	}
	test_big_calendar();
	test_repeats_and_memory();
	return tap_done();
}
