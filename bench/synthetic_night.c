/*
 * synthetic_night.c
 *	  A check of the projection on elections it was not built from: the
 *	  GA-6 units (precinct x vote method) and their 2016 baselines, with
 *	  final results drawn from a known model, replayed as nights in the
 *	  three orders of the backtest (random, county by county, early votes
 *	  first) at 10, 25, 50 and 75% counted.  Prints per order and stage
 *	  the mean absolute margin error (points) of the projection and of
 *	  uniform swing, the coverage of the 90% intervals and the root mean
 *	  square of error / standard error (1 when the standard error is
 *	  right).
 *
 *	  The model, per election: a turnout ratio rho ~ U(0.6, 1.1) and a
 *	  swing d ~ N(0, 0.1) for all units; method and county effects on
 *	  turnout and on the margin, each N(0, sd) with the sd of the setting
 *	  (argument 2): signal (methods 0.15 and 0.08, counties 0.05 and
 *	  0.03), none (no effects), counties (no method effects, counties 0.15
 *	  and 0.08), equal (both 0.10 and 0.05), precinct (signal and a
 *	  precinct effect shared by its vote methods, exp(N(0, 0.10)) on
 *	  turnout and N(0, 0.05) on the margin), interaction (signal and a
 *	  method x county effect, 0.05 and 0.03); per unit, turnout noise
 *	  exp(N(0, 0.1)) and margin noise N(0, 0.04) sqrt(300 / (Tb + 30)).
 *	  60 elections x 10 nights per order, seeded.  Also prints the mean
 *	  width of the 90% interval in points.
 *
 *	  Usage: synthetic_night UNITS.csv SETTING, UNITS.csv as
 *	  county,precinct,method,baseline_a,baseline_b,x1,x2,x3,x4, a
 *	  precinct's units on consecutive lines (bench_night.sh writes it from
 *	  demo/night_units.sql).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/project.h"

#define MAX_UNITS 4096
#define FEATURES 4
#define ELECTIONS 60
#define NIGHTS 10

static uint64_t seed = 7;

/* A uniform double in [0, 1) (splitmix64). */
static double
uniform(void)
{
	uint64_t	z = (seed += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (double) (z >> 11) / 9007199254740992.0;
}

/* A standard normal draw (Box-Muller). */
static double
gauss(void)
{
	double		u = uniform(),
				v = uniform();

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static double ba[MAX_UNITS],
			bb[MAX_UNITS],
			feat[MAX_UNITS][FEATURES],
			fa[MAX_UNITS],
			fb[MAX_UNITS],
			key[MAX_UNITS],
			before[MAX_UNITS];
static int	method[MAX_UNITS],
			county[MAX_UNITS],
			precinct[MAX_UNITS],
			order[MAX_UNITS];
static double peff_t[MAX_UNITS],
			peff_m[MAX_UNITS];

/*
 * A generator setting: the standard deviations of the method and county
 * effects on turnout and margin, and of a precinct effect shared by the
 * precinct's vote methods (turnout, margin).
 */
typedef struct Scenario
{
	const char *name;
	double		method_t,
				county_t,
				method_m,
				county_m,
				precinct_t,
				precinct_m,
				cross_t,
				cross_m;
} Scenario;

static const Scenario scenarios[] = {
	{"signal", 0.15, 0.05, 0.08, 0.03, 0, 0, 0, 0},
	{"none", 0, 0, 0, 0, 0, 0, 0, 0},
	{"counties", 0, 0.15, 0, 0.08, 0, 0, 0, 0},
	{"equal", 0.10, 0.10, 0.05, 0.05, 0, 0, 0, 0},
	{"precinct", 0.15, 0.05, 0.08, 0.03, 0.10, 0.05, 0, 0},
	{"interaction", 0.15, 0.05, 0.08, 0.03, 0, 0, 0.05, 0.03},
};

/* Small index of a name among those seen so far (at most 3 kept apart). */
static int
name_index(char names[3][64], const char *s)
{
	int			i;

	for (i = 0; i < 3 && names[i][0]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	if (i == 3)
		return 2;
	snprintf(names[i], 64, "%s", s);
	return i;
}

int
main(int argc, char **argv)
{
	static const double stage[4] = {0.1, 0.25, 0.5, 0.75};
	static const char *const kinds[3] = {"random", "county", "early first"};
	double		err[3][4] = {{0}},
				swing_err[3][4] = {{0}},
				cover[3][4] = {{0}},
				z2[3][4] = {{0}};
	double		width[3][4] = {{0}};
	char		line[512],
				last_precinct[128] = "",
				counties[3][64] = {{0}},
				methods[3][64] = {{0}};
	const Scenario *sc = NULL;
	double	   *u;
	int			n = 0,
				e,
				kind,
				s,
				i,
				j;
	FILE	   *f;

	for (i = 0; argc == 3 && i < (int) (sizeof(scenarios) / sizeof(scenarios[0])); i++)
		if (strcmp(argv[2], scenarios[i].name) == 0)
			sc = &scenarios[i];
	if (!sc || !(f = fopen(argv[1], "r")))
	{
		fprintf(stderr, "usage: synthetic_night UNITS.csv signal|none|counties|equal|precinct|interaction\n");
		return 2;
	}
	while (n < MAX_UNITS && fgets(line, sizeof(line), f))
	{
		char	   *c = strtok(line, ","),
				   *pr = strtok(NULL, ","),
				   *m = strtok(NULL, ",");

		county[n] = name_index(counties, c);
		precinct[n] = n == 0 ? 0 : precinct[n - 1] + (strcmp(pr, last_precinct) != 0);
		snprintf(last_precinct, sizeof(last_precinct), "%s", pr);
		/* election day is the method reported last */
		method[n] = strcmp(m, "election_day") == 0 ? 0 : name_index(methods, m) % 2 + 1;
		ba[n] = atof(strtok(NULL, ","));
		bb[n] = atof(strtok(NULL, ","));
		for (j = 0; j < FEATURES; j++)
			feat[n][j] = atof(strtok(NULL, ","));
		n++;
	}
	fclose(f);
	u = malloc(sizeof(double) * n * (PROJECT_FIXED + FEATURES));
	for (e = 0; e < ELECTIONS; e++)
	{
		double		rho = 0.6 + 0.5 * uniform(),
					d = 0.1 * gauss(),
					tm[3],
					tc[3],
					mmeth[3],
					mc[3],
					xt[3][3],
					xm[3][3],
					ta = 0,
					tb = 0;

		for (j = 0; j < 3; j++)
		{
			tm[j] = sc->method_t * gauss();
			tc[j] = sc->county_t * gauss();
			mmeth[j] = sc->method_m * gauss();
			mc[j] = sc->county_m * gauss();
			for (i = 0; i < 3; i++)
			{
				xt[j][i] = sc->cross_t * gauss();
				xm[j][i] = sc->cross_m * gauss();
			}
		}
		for (i = 0; i < n; i++)
		{
			peff_t[i] = sc->precinct_t * gauss();
			peff_m[i] = sc->precinct_m * gauss();
		}
		for (i = 0; i < n; i++)
		{
			double		t0 = ba[i] + bb[i],
						mb = t0 > 0 ? (ba[i] - bb[i]) / t0 : 0,
						t = t0 * fmax(0.05, rho + tm[method[i]] + tc[county[i]] + xt[method[i]][county[i]]) *
						exp(peff_t[precinct[i]] + 0.1 * gauss()),
						m = mb + d + mmeth[method[i]] + mc[county[i]] + xm[method[i]][county[i]] + peff_m[precinct[i]] +
						0.04 * gauss() * sqrt(300 / (t0 + 30));

			m = fmin(0.98, fmax(-0.98, m));
			fa[i] = round(t * (1 + m) / 2);
			fb[i] = round(t * (1 - m) / 2);
			ta += fa[i];
			tb += fb[i];
		}
		for (kind = 0; kind < 3; kind++)
		{
			for (int night = 0; night < NIGHTS; night++)
			{
				double		ck[3] = {uniform(), uniform(), uniform()},
							acc = 0;

				for (i = 0; i < n; i++)
				{
					order[i] = i;
					key[i] = kind == 0 ? uniform() :
						kind == 1 ? 10 * ck[county[i]] + uniform() :
						(method[i] == 0 ? 10 : 0) + uniform();
				}
				/* insertion sort by key: the night's reporting order */
				for (i = 1; i < n; i++)
				{
					int			t = order[i];

					for (j = i; j > 0 && key[order[j - 1]] > key[t]; j--)
						order[j] = order[j - 1];
					order[j] = t;
				}
				for (i = 0; i < n; i++)
				{
					before[order[i]] = acc;
					acc += fa[order[i]] + fb[order[i]];
				}
				for (s = 0; s < 4; s++)
				{
					int			stride = PROJECT_FIXED + FEATURES;
					double		ca = 0,
								cb = 0,
								cba = 0,
								cbb = 0,
								ratio,
								change,
								sm,
								st,
								er;
					ProjectResult r;

					for (i = 0; i < n; i++)
					{
						double	   *v = u + i * stride;
						int			done = before[i] < stage[s] * (ta + tb);

						v[0] = done ? fa[i] : 0;
						v[1] = done ? fb[i] : 0;
						v[2] = ba[i];
						v[3] = bb[i];
						v[4] = done;
						for (j = 0; j < FEATURES; j++)
							v[5 + j] = feat[i][j];
						if (done)
						{
							ca += fa[i];
							cb += fb[i];
							cba += ba[i];
							cbb += bb[i];
						}
					}
					if (project_compute(u, n, FEATURES, 0.9, &r, NULL, NULL) != PROJECT_OK ||
						r.projection_gap != PROJECT_GAP_NONE)
						return 1;
					/* uniform swing over the units not counted */
					ratio = (ca + cb) / (cba + cbb);
					change = (ca - cb) / (ca + cb) - (cba - cbb) / (cba + cbb);
					sm = ca - cb;
					st = ca + cb;
					for (i = 0; i < n; i++)
					{
						double		t0 = ba[i] + bb[i];

						if (before[i] < stage[s] * (ta + tb))
							continue;
						if (t0 > 0)
							sm += t0 * ratio * fmin(1, fmax(-1, (ba[i] - bb[i]) / t0 + change));
						st += t0 * ratio;
					}
					err[kind][s] += 100 * fabs((r.projected_a - r.projected_b) /
											   (r.projected_a + r.projected_b) - (ta - tb) / (ta + tb));
					swing_err[kind][s] += 100 * fabs(sm / st - (ta - tb) / (ta + tb));
					if (r.interval_gap == PROJECT_GAP_NONE)
					{
						er = r.projected_a - r.projected_b - (ta - tb);
						cover[kind][s] += r.margin_lower <= ta - tb && ta - tb <= r.margin_upper;
						z2[kind][s] += er * er / (r.standard_error * r.standard_error);
						width[kind][s] += 100 * (r.margin_upper - r.margin_lower) /
							(r.projected_a + r.projected_b);
					}
				}
			}
		}
	}
	printf("%s: %d elections x %d nights per order\n", sc->name, ELECTIONS, NIGHTS);
	printf("%-12s %-7s %-14s %-17s %-11s %-6s %s\n", "order", "counted", "mae_projection",
		   "mae_uniform_swing", "coverage_90", "rms_z", "width");
	for (kind = 0; kind < 3; kind++)
		for (s = 0; s < 4; s++)
		{
			double		nn = ELECTIONS * NIGHTS;

			printf("%-12s %5.0f%%  %14.2f %17.2f %11.2f %6.2f %5.1f\n", kinds[kind], 100 * stage[s],
				   err[kind][s] / nn, swing_err[kind][s] / nn, cover[kind][s] / nn,
				   sqrt(z2[kind][s] / nn), width[kind][s] / nn);
		}
	free(u);
	return 0;
}
