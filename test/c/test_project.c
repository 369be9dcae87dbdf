/*
 * test_project.c
 *	  Unit tests of the projection core, by hand: a small night (the
 *	  intercept-only fits, uniform swing's ratios of sums), the interval's
 *	  standard error and its parts, the ridge penalty chosen by
 *	  leave-one-out error with and without signal, a stratum no complete
 *	  unit is in, the checks of bad units, independence of the units'
 *	  order, and the serialized state.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/project.h"
#include "tap.h"

/* Reports |got - want| <= tol. */
static void
near(double got, double want, double tol, const char *name)
{
	if (!tap_ok(fabs(got - want) <= tol, "%s", name))
		printf("# got %.17g, want %.17g\n", got, want);
}

/*
 * The 13 units of the first unseen stratum (see main): six complete at
 * (1, 0) counting 55-44, six at (0, 1) counting 45-54, one pending at
 * (0, 0), all of baseline 50-49; 7 doubles each.
 */
static void
unseen_units(double *units)
{
	int			i;

	for (i = 0; i < 13; i++)
	{
		double	   *v = units + 7 * i;

		v[0] = i < 6 ? 55 : (i < 12 ? 45 : 0);
		v[1] = i < 6 ? 44 : (i < 12 ? 54 : 0);
		v[2] = 50;
		v[3] = 49;
		v[4] = i < 12;
		v[5] = i < 6;
		v[6] = i >= 6 && i < 12;
	}
}

int
main(void)
{
	/*
	 * A night by hand (intercept only, so both fits are weighted means).
	 * Complete: U1 66-44 of baseline 50-50, U2 27-63 of 40-60, U3 99-81 of
	 * 100-100.  Turnout r = (T - Tb)/(Tb + 1): 10/101 (w 101), -10/101
	 * (w 101), -20/201 (w 201); weighted mean -20/403, fitted turnouts
	 * T^ = 100 - 2020/403 (U1, U2), 200 - 4020/403 (U3).  Margin
	 * y = (A - B - T^ mb) / T, weight T: weighted sum
	 * 22 + (-36 + 0.2 (100 - 2020/403)) + 18 = 9268/403 over 380, mean
	 * 2317/38285.  Pending U4: 10-5 counted of 80-120: T = 200 + 201
	 * (-20/403) = 76580/403, margin -0.2 + 2317/38285, A = T (1 + m) / 2.
	 * Pending U5: 3-1 counted, baseline 0-0: T = max(-20/403, 4) = 4, so
	 * 3-1 stays.  Projected A = 195 + T (1 + m) / 2 = 854018155/3085771,
	 * B = 189 + T (1 - m) / 2 = 917290969/3085771 (exact fractions).
	 * Three complete units are too few for an interval (10 needed).
	 */
	{
		double		units[] = {
			66, 44, 50, 50, 1,
			27, 63, 40, 60, 1,
			99, 81, 100, 100, 1,
			10, 5, 80, 120, 0,
			3, 1, 0, 0, 0};
		double		rev[25];
		ProjectResult r,
					r2;
		int			i;

		tap_ok(project_compute(units, 5, 0, 0.9, &r, NULL, NULL) == PROJECT_OK, "night: computed");
		tap_ok(r.projection_gap == PROJECT_GAP_NONE, "night: projected");
		near(r.turnout_coef[0], -20.0 / 403, 1e-12, "night: turnout mean -20/403");
		near(r.margin_coef[0], 2317.0 / 38285, 1e-12, "night: margin mean 2317/38285");
		near(r.projected_a, 854018155.0 / 3085771, 1e-9, "night: projected A");
		near(r.projected_b, 917290969.0 / 3085771, 1e-9, "night: projected B");
		tap_ok(isinf(r.turnout_penalty) && isinf(r.margin_penalty), "night: no features, intercept alone");
		near(r.counted_a, 205, 0, "night: counted A");
		tap_ok(r.interval_gap == PROJECT_GAP_TOO_FEW_CALIBRATION, "night: too few complete units for a 90%% interval");
		for (i = 0; i < 5; i++)
			memcpy(rev + 5 * i, units + 5 * (4 - i), sizeof(double) * 5);
		project_compute(rev, 5, 0, 0.9, &r2, NULL, NULL);
		tap_ok(r2.projected_a == r.projected_a && r2.projected_b == r.projected_b,
			   "night: reversed order, bit-identical projection");
	}

	/*
	 * The interval by hand: ten complete units of baseline 50-49 counted
	 * 99 votes each (turnout r = 0, no turnout residual), five 54-45 and
	 * five 45-54, and one pending unit of the same baseline.  Margin
	 * y = (d - 1) / 99: 8/99 or -10/99, mean -1/99, residuals +-9/99,
	 * leave-one-out (h = 1/10) +-10/99.  The pending unit projects A - B =
	 * 0, dD/dy = T = 99.  Fit part: influences 99 (+-10/99) (99/990) = +-1,
	 * sum of squares 10.  Units' part: residuals in votes +-10, 1000 over
	 * 1000 baseline votes, times the pending unit's 100: 100.  Standard
	 * error sqrt(110); 90% interval +-1.6448536 sqrt(110).
	 */
	{
		double		units[55];
		ProjectResult r;
		int			i;

		for (i = 0; i < 11; i++)
		{
			units[5 * i] = i < 5 ? 54 : (i < 10 ? 45 : 0);
			units[5 * i + 1] = i < 5 ? 45 : (i < 10 ? 54 : 0);
			units[5 * i + 2] = 50;
			units[5 * i + 3] = 49;
			units[5 * i + 4] = i < 10;
		}
		tap_ok(project_compute(units, 11, 0, 0.9, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_NONE, "ten complete units: an interval");
		near(r.se_shared, sqrt(10), 1e-12, "interval: fit part sqrt(10)");
		near(r.se_units, 10, 1e-12, "interval: units' part 10");
		near(r.se_unseen, 0, 0, "interval: no unseen stratum");
		near(r.margin_upper, 1.6448536269514722 * sqrt(110), 1e-6, "interval: +-1.6448536 sqrt(110)");
		units[5 * 9 + 4] = 0;
		tap_ok(project_compute(units, 11, 0, 0.9, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_TOO_FEW_CALIBRATION, "nine complete units: no interval");
	}

	/*
	 * The penalty by leave-one-out error.  Signal: four complete units of
	 * baseline 50-49 (Tb + 1 = 100), two with feature 0 counting 99 votes
	 * (r = 0) and two with feature 1 counting 198 (r = 99/100): no penalty
	 * fits both groups exactly, leave-one-out error 0, so it is chosen:
	 * turnout intercept 0 and slope 0.99, and a pending unit of feature 1
	 * projects 99 + 0.99 x 100 = 198 votes.  No signal: r = +-0.01 in each
	 * group (counting 100 or 98); both groups' means are 0, so every fit
	 * has residuals +-0.01, and the intercept alone has the least
	 * leverage (1/4 against 1/4 to 1/2): it is chosen, slope 0.
	 */
	{
		double		sig[] = {
			50, 49, 50, 49, 1, 0,
			50, 49, 50, 49, 1, 0,
			100, 98, 50, 49, 1, 1,
			100, 98, 50, 49, 1, 1,
			0, 0, 50, 49, 0, 1};
		double		none[] = {
			51, 49, 50, 49, 1, 0,
			50, 48, 50, 49, 1, 0,
			51, 49, 50, 49, 1, 1,
			50, 48, 50, 49, 1, 1,
			0, 0, 50, 49, 0, 1};
		ProjectResult r;

		tap_ok(project_compute(sig, 5, 1, 0.9, &r, NULL, NULL) == PROJECT_OK, "signal: computed");
		tap_ok(r.turnout_penalty == 0, "signal: no penalty");
		near(r.turnout_coef[0], 0, 1e-12, "signal: turnout intercept 0");
		near(r.turnout_coef[1], 0.99, 1e-12, "signal: turnout slope 0.99");
		near(r.projected_a + r.projected_b, 4 * 99 + 2 * 99 + 198, 1e-9, "signal: the pending unit projects 198");
		tap_ok(project_compute(none, 5, 1, 0.9, &r, NULL, NULL) == PROJECT_OK, "no signal: computed");
		tap_ok(isinf(r.turnout_penalty), "no signal: the intercept alone");
		near(r.turnout_coef[1], 0, 0, "no signal: slope 0");
	}

	/*
	 * An unseen stratum by hand: features (x1, x2), six complete units at
	 * (1, 0) counting 55-44 and six at (0, 1) counting 45-54, all of
	 * baseline 50-49 (Tb = 99, turnout r = 0 for all); a pending unit at
	 * (0, 0) of the same baseline, which no complete unit spans (x2 =
	 * 1 - x1 among them).  x1 and x2 are never 1 together: one group, its
	 * levels x1, x2 and the reference (0, 0), the pending unit's, which no
	 * complete unit is in.  Margin y = (d - 1) / 99 = +-10/99, fitted
	 * exactly by x1 (no penalty, zero leave-one-out error), pooled mean 0.
	 * The pending unit is projected by the fit at the seen levels' shares,
	 * (1/2, 1/2): -10/99 + 20/99 / 2 = 0, the pooled mean here, so 99
	 * (1/99) = 1 vote of margin, the contest 6 x 11 - 6 x 9 + 1 = 13.
	 * Units' and fit parts 0 (the fit with x1 leaves no residual, and
	 * turnout none).
	 * Unseen: the seen levels' effects 20/99 (x1) and 0 (x2, left out),
	 * sample variance S^2 = 2 (10/99)^2 / 1, shares 1/2 each, so
	 * 1 + sum w^2 = 3/2: S^2 3/2 = 300/9801, times (dD/dy = 99)^2: 300;
	 * turnout's effects all 0.  Two levels seen: one degree of freedom,
	 * t_1 at 0.95 = tan(0.45 pi) against z = 1.6448536269514722, so the
	 * part is sqrt(300) tan(0.45 pi) / z = 66.4845...
	 */
	{
		double		units[13 * 7];
		ProjectResult r;
		double		t1 = tan(0.45 * M_PI) / 1.6448536269514722;

		unseen_units(units);
		tap_ok(project_compute(units, 13, 2, 0.9, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_NONE, "unseen stratum: an interval");
		tap_ok(r.pooled == 1 && r.margin_penalty == 0, "unseen stratum: pooled, margin fit unpenalised");
		near(r.projected_a - r.projected_b, 13, 1e-9, "unseen stratum: projected margin 13");
		near(r.se_unseen, sqrt(300.0) * t1, 1e-9, "unseen stratum: its part sqrt(300) t_1 / z");
		near(r.se_shared, 0, 1e-9, "unseen stratum: fit part 0");
		near(r.standard_error, sqrt(300.0) * t1, 1e-9, "unseen stratum: standard error its part");
	}

	/*
	 * A group of five levels, four seen (three degrees of freedom): x1..x4
	 * never 1 together; five complete units at each of the reference
	 * (0, 0, 0, 0), x1, x2 and x3, baseline 50-49, counting 50-49, 60-39,
	 * 40-59 and 70-29 (turnout r = 0; margin y = (d - 1) / 99 = 0, 20/99,
	 * -20/99, 40/99), and a pending unit at x4 of the same baseline.  The
	 * margin fit is exact (penalty 0): effects 0, 20/99, -20/99, 40/99,
	 * mean 10/99, squared deviations (100 + 100 + 900 + 900) / 9801, over
	 * 3: S^2 = 2000/29403; shares 1/4 each, 1 + sum w^2 = 5/4; times
	 * (dD/dy = 99)^2: 2500/3.  t_3 at 0.95 is 2.353363 (the published
	 * table); the part is sqrt(2500/3) 2.353363 / 1.6448536 = 41.30, the
	 * core's t within 1e-3 of the table's.  No residuals: the other parts
	 * are 0, the standard error is the unseen part.  The pending unit is
	 * projected at the seen levels' shares (1/4, 1/4, 1/4, 0): margin
	 * y = (20 - 20 + 40) / 99 / 4 = 10/99, 99 (1 + 10) / 99 = 11 votes;
	 * the contest 5 (1 + 21 - 19 + 41) + 11 = 231.  Pooled it would be the
	 * same here (equal shares): its count in units_pooled, 1.
	 *
	 * Then the x3 units pending too (counted 0): three levels seen, two
	 * degrees of freedom, two unseen levels, each its own draw.  Effects
	 * 0, 20/99, -20/99: mean 0, S^2 = 800/9801 / 2 = 400/9801; shares 1/3,
	 * 1 + 3/9 = 4/3: 1600/29403 per unit of y squared.  x3's five units
	 * move by 5 x 99, x4's one by 99: (99^2 (25 + 1)) 1600/29403 = 41600/3.
	 * t_2 at 0.95 = 2.919986 (the table): the part sqrt(41600/3)
	 * 2.919986 / 1.6448536.  The x3 units project at (1/3, 1/3, 0, 0):
	 * y = 0, a margin of 1 vote each; the contest 5 (1 + 21 - 19) + 6 = 21.
	 *
	 * At a level near 0 the t/z factor is its limit, the ratio of the
	 * densities at 0: sqrt(pi / 2) for one degree of freedom (the first
	 * unseen stratum above: sqrt(300) sqrt(pi / 2) = 21.708).
	 */
	{
		double		units[21 * 9];
		static const double d[4] = {1, 21, -19, 41};
		ProjectResult r;
		int			i;

		memset(units, 0, sizeof(units));
		for (i = 0; i < 21; i++)
		{
			double	   *v = units + 9 * i;
			int			lv = i < 20 ? i / 5 : 4;

			v[0] = i < 20 ? (99 + d[lv]) / 2 : 0;
			v[1] = i < 20 ? (99 - d[lv]) / 2 : 0;
			v[2] = 50;
			v[3] = 49;
			v[4] = i < 20;
			if (lv > 0)
				v[4 + lv] = 1;
		}
		tap_ok(project_compute(units, 21, 4, 0.9, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_NONE && r.margin_penalty == 0,
			   "four levels seen: an interval, margin fit unpenalised");
		near(r.se_unseen, sqrt(2500.0 / 3) * 2.353363 / 1.6448536269514722, 0.02,
			 "four levels seen: part sqrt(2500/3) t_3 / z");
		near(r.standard_error, r.se_unseen, 1e-9, "four levels seen: the only part");
		near(r.projected_a - r.projected_b, 231, 1e-9, "four levels seen: projected margin 231");
		tap_ok(r.pooled == 1, "four levels seen: one unit in an unseen stratum");
		for (i = 15; i < 20; i++)
		{
			units[9 * i] = units[9 * i + 1] = 0;
			units[9 * i + 4] = 0;
		}
		tap_ok(project_compute(units, 21, 4, 0.9, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_NONE, "three levels seen: an interval");
		near(r.se_unseen, sqrt(41600.0 / 3) * 2.919986 / 1.6448536269514722, 1e-3,
			 "three levels seen: two unseen levels, part sqrt(41600/3) t_2 / z");
		near(r.projected_a - r.projected_b, 21, 1e-9, "three levels seen: projected margin 21");
		tap_ok(r.pooled == 6, "three levels seen: six units in unseen strata");
	}

	/* The first unseen stratum at a level near 0: the t/z factor's limit. */
	{
		double		units[13 * 7];
		ProjectResult r;

		unseen_units(units);
		tap_ok(project_compute(units, 13, 2, 1e-300, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_NONE, "level near 0: an interval");
		near(r.se_unseen, sqrt(300.0) * sqrt(M_PI / 2), 1e-9, "level near 0: part sqrt(300) sqrt(pi / 2)");
	}

	/*
	 * Two kinds of strata, inferred: features (adv, c1, c2), a vote
	 * method and two county indicators; adv is 1 with c1 and with c2 in
	 * some unit, c1 and c2 never together: groups {adv} and {c1, c2}.
	 * Complete, four units each, baseline 50-49, turnout r = 0: county c0
	 * election day 50-49 and advance 70-29, county c1 election day 55-44
	 * and advance 75-24, so margin y = (d - 1) / 99 = 40/99 adv +
	 * 10/99 c1 exactly (penalty 0, no residual: fit and units' parts 0).
	 * Pending, of the same baseline: county c2 election day and advance,
	 * a county no complete unit is in.  They are projected at the seen
	 * counties' shares (c1 1/2): y = 5/99 and 45/99, margins 99 (1 + 5) /
	 * 99 = 6 and 99 (1 + 45) / 99 = 46 votes; the contest
	 * 4 (1 + 41 + 11 + 51) + 6 + 46 = 468.  Unseen: the county group's
	 * seen effects 10/99 (c1) and 0 (c0): S^2 = 2 (5/99)^2 / 1 = 50/9801,
	 * shares 1/2 each, times 3/2: 75/9801; the two units' dD/dy = 99 each
	 * move with the one county: (198)^2 75/9801 = 300, times (t_1 / z)^2
	 * (one degree of freedom): sqrt(300) tan(0.45 pi) / 1.6448536...  The
	 * method effect (40/99, far larger) does not enter it: the spread of
	 * all fitted values about the pooled mean would.
	 */
	{
		double		units[18 * 8];
		static const double d[4] = {1, 41, 11, 51};
		ProjectResult r;
		double		t1 = tan(0.45 * M_PI) / 1.6448536269514722;
		int			i;

		memset(units, 0, sizeof(units));
		for (i = 0; i < 18; i++)
		{
			double	   *v = units + 8 * i;
			int			cell = i < 16 ? i / 4 : i - 16;

			v[0] = i < 16 ? (99 + d[cell]) / 2 : 0;
			v[1] = i < 16 ? (99 - d[cell]) / 2 : 0;
			v[2] = 50;
			v[3] = 49;
			v[4] = i < 16;
			v[5] = cell % 2;	/* adv */
			v[6] = i < 16 && cell >= 2;	/* c1 */
			v[7] = i >= 16;		/* c2 */
		}
		tap_ok(project_compute(units, 18, 3, 0.9, &r, NULL, NULL) == PROJECT_OK &&
			   r.interval_gap == PROJECT_GAP_NONE && r.margin_penalty == 0,
			   "two kinds: an interval, margin fit unpenalised");
		near(r.projected_a - r.projected_b, 468, 1e-9, "two kinds: projected margin 468");
		tap_ok(r.pooled == 2, "two kinds: two units in an unseen county");
		near(r.se_unseen, sqrt(300.0) * t1, 1e-9, "two kinds: unseen part by the county spread alone");
		near(r.standard_error, r.se_unseen, 1e-9, "two kinds: the only part");
	}

	/* Bad units. */
	{
		double		u[6] = {1, 2, 3, 4, 0, 0};
		int			bad;

		u[1] = -1;
		tap_ok(project_check_unit(u, 1, &bad) == PROJECT_NEGATIVE_VOTES && bad == 1, "negative counted_b");
		u[1] = NAN;
		tap_ok(project_check_unit(u, 1, &bad) == PROJECT_NOT_FINITE && bad == 1, "NaN counted_b");
		u[1] = 2;
		u[5] = INFINITY;
		tap_ok(project_check_unit(u, 1, &bad) == PROJECT_NOT_FINITE && bad == 5, "infinite feature");
		u[5] = 0;
		/* 10 x 7 + 100 = 170: 170 counted passes, 171 is a data error */
		u[0] = 168;
		tap_ok(project_check_unit(u, 1, &bad) == PROJECT_OK, "counted 170 against baseline 7: accepted");
		u[0] = 169;
		tap_ok(project_check_unit(u, 1, &bad) == PROJECT_FAR_ABOVE_BASELINE, "counted 171 against baseline 7: data error");
		tap_ok(project_check_level(1) == PROJECT_BAD_LEVEL && project_check_level(0) == PROJECT_BAD_LEVEL &&
			   project_check_level(NAN) == PROJECT_BAD_LEVEL && project_check_level(0.5) == PROJECT_OK,
			   "level must lie in (0, 1)");
	}
	/*
	 * Serialized state: a round trip, and hand-made bytes that must be
	 * refused (header: magic 0x434e5650, version 1, k, pad, level, n).
	 */
	{
		double		units[] = {10, 5, 80, 120, 0, 1, 3, 1, 0, 0, 1, 0};
		unsigned char buf[32 + 12 * 8],
					bad[32 + 12 * 8];
		const unsigned char *pu;
		const char *why;
		int			k;
		size_t		n;
		double		level,
					v;
		int32_t		i32;
		int64_t		i64;

		tap_ok(project_state_size(2, 1) == 32 + 12 * 8, "state size: header + 2 units x 6 doubles");
		project_state_write(buf, units, 2, 1, 0.9);
		tap_ok(project_state_check(buf, sizeof(buf), &k, &n, &level, &pu, &why) == PROJECT_OK &&
			   k == 1 && n == 2 && level == 0.9 && memcmp(pu, units, sizeof(units)) == 0,
			   "state round trip");
		tap_ok(project_state_check(buf, sizeof(buf) - 1, &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: truncated by a byte");
		tap_ok(project_state_check(buf, 20, &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: shorter than the header");
		memcpy(bad, buf, sizeof(buf));
		bad[0] ^= 1;
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: bad magic");
		memcpy(bad, buf, sizeof(buf));
		i32 = 33;
		memcpy(bad + 8, &i32, 4);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: 33 features");
		memcpy(bad, buf, sizeof(buf));
		v = 1.5;
		memcpy(bad + 16, &v, 8);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: level 1.5");
		memcpy(bad, buf, sizeof(buf));
		i64 = 3;
		memcpy(bad + 24, &i64, 8);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: 3 units announced, 2 present");
		i64 = INT64_MAX / 2;
		memcpy(bad + 24, &i64, 8);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: a huge unit count");
		memcpy(bad, buf, sizeof(buf));
		v = -1;
		memcpy(bad + 32 + 8, &v, 8);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: a negative vote");
		memcpy(bad, buf, sizeof(buf));
		v = NAN;
		memcpy(bad + 32 + 5 * 8, &v, 8);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: a NaN feature");
		memcpy(bad, buf, sizeof(buf));
		v = 0.5;
		memcpy(bad + 32 + 4 * 8, &v, 8);
		tap_ok(project_state_check(bad, sizeof(bad), &k, &n, &level, &pu, &why) == PROJECT_CORRUPT,
			   "state: complete neither 0 nor 1");
		project_state_write(buf, NULL, 0, -1, NAN);
		tap_ok(project_state_check(buf, 32, &k, &n, &level, &pu, &why) == PROJECT_OK && n == 0,
			   "state: the empty state");
	}
	return tap_done();
}
