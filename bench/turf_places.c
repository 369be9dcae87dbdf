/*
 * turf_places.c
 *	  A second family of generated households for the turf benchmark,
 *	  written apart from bench_turf.sh's SQL generator (other street
 *	  layouts, densities and building mixes), and the figures of the turf
 *	  core on any such set, precinct by precinct as the extension cuts with
 *	  PARTITION BY precinct.
 *
 *	  usage: turf_places gen [SEED]
 *	           writes "precinct,kind,x,y,building" rows, one per door (a
 *	           building's units are rows at its point, building > 0), sorted
 *	           by precinct, in metres;
 *	         turf_places one DOORS.csv TARGET
 *	           cuts all rows as one partition and writes "x,y,turf" rows
 *	           (for bench/balanced_kmeans.py --one), the core's CPU time
 *	           and mean distance on stderr;
 *	         turf_places cut DOORS.csv TARGET [N]
 *	           reads such rows (building 0 for a house), cuts each precinct
 *	           with turf_cut (k = turf_count(doors, TARGET)) N times (1)
 *	           and prints, overall and by kind: turfs, doors, mean and p95
 *	           distance to the turf centroid, turfs whose convex hull
 *	           overlaps another's by more than 5% of its area, house-only
 *	           turfs (no building door) more than 25% from the mean
 *	           house-only turf of their precinct and the worst such ratio,
 *	           precincts breaking the balance bound (sizes differing by more
 *	           than the largest building), and the core's CPU time; with
 *	           TURF_PLACES_VERBOSE set in the environment, also each
 *	           precinct's turf sizes (b: holds a building) and every turf
 *	           overlapping another.
 *
 *	  Kinds (16 precincts each, 1.5 km cells unless said):
 *	    suburb   gaussian subdivisions (3-5, sigma 60-140 m) holding 80% of
 *	             1,050-1,350 houses, the rest scattered over the cell, and
 *	             three apartment buildings of 20-120 units;
 *	    grid     a street grid turned by a random angle, blocks of 80-140 m,
 *	             lots of 12-20 m on both sides, 70% built;
 *	    culdesac curvy collector roads with cul-de-sacs branching off,
 *	             houses along both and around each turning circle, two
 *	             small apartment buildings of 8-40 units;
 *	    rural    a 6 km cell: houses along five country roads with
 *	             exponential gaps (mean 120 m) and four hamlets of 10-30
 *	             houses;
 *	    dense    townhouse rows every 7 m on 50 m blocks over half the cell
 *	             and 15-30 buildings of 10-200 units.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/turf.h"
#include "bench_common.h"
#include "convex_hull.h"

#define PRECINCTS_PER_KIND 16
#define NKINDS 5

static const char *const kind_name[NKINDS] = {"suburb", "grid", "culdesac", "rural", "dense"};

static uint64_t rng_state;

/* splitmix64: a uniform double in [0, 1). */
static double
unif(void)
{
	uint64_t	z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (double) (z >> 11) * (1.0 / 9007199254740992.0);
}

/* A standard normal deviate (Box-Muller). */
static double
gauss(void)
{
	double		u = unif(),
				v = unif();

	return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * M_PI * v);
}

static int	cur_precinct;
static const char *cur_kind;
static double ox,
			oy;
static int	next_building = 1;

/* One door at (x, y) of the cell, building 0 for a house. */
static void
door(double x, double y, int building)
{
	printf("%d,%s,%.2f,%.2f,%d\n", cur_precinct, cur_kind, ox + x, oy + y, building);
}

/* A building of units doors at (x, y). */
static void
building(double x, double y, int units)
{
	int			b = next_building++,
				u;

	for (u = 0; u < units; u++)
		door(x, y, b);
}

static void
gen_suburb(void)
{
	int			houses = 1050 + (int) (unif() * 301),
				blobs = 3 + (int) (unif() * 3),
				i;
	double		bx[5],
				by[5],
				bs[5];

	for (i = 0; i < blobs; i++)
	{
		bx[i] = 250 + unif() * 1000;
		by[i] = 250 + unif() * 1000;
		bs[i] = 60 + unif() * 80;
	}
	for (i = 0; i < houses; i++)
	{
		if (unif() < 0.8)
		{
			int			b = (int) (unif() * blobs);

			door(bx[b] + bs[b] * gauss(), by[b] + bs[b] * gauss(), 0);
		}
		else
			door(unif() * 1500, unif() * 1500, 0);
	}
	for (i = 0; i < 3; i++)
		building(100 + unif() * 1300, 100 + unif() * 1300, 20 + (int) (unif() * 101));
}

static void
gen_grid(void)
{
	double		a = unif() * M_PI / 2,
				block = 80 + unif() * 60,
				lot = 12 + unif() * 8,
				ca = cos(a),
				sa = sin(a),
				s,
				t;
	int			side;

	/* streets along u every block, in a disc of 750 m about the centre */
	for (s = -750; s <= 750; s += block)
		for (t = -750; t <= 750; t += lot)
			for (side = -1; side <= 1; side += 2)
			{
				double		u = t + (unif() - 0.5) * 2,
							v = s + side * 10 + (unif() - 0.5) * 2;

				if (u * u + v * v > 740 * 740 || unif() >= 0.7)
					continue;
				door(750 + u * ca - v * sa, 750 + u * sa + v * ca, 0);
			}
}

static void
gen_culdesac(void)
{
	int			roads = 3 + (int) (unif() * 2),
				r,
				i;

	for (r = 0; r < roads; r++)
	{
		double		y0 = 200 + unif() * 1100,
					amp = 60 + unif() * 120,
					ph = unif() * 2 * M_PI,
					x;

		for (x = 20; x < 1480; x += 15)
		{
			double		y = y0 + amp * sin(x / 250.0 + ph),
						dy = amp / 250.0 * cos(x / 250.0 + ph),
						nx = -dy / sqrt(1 + dy * dy),
						ny = 1 / sqrt(1 + dy * dy),
						tx = ny,
						ty = -nx;
			int			side;

			for (side = -1; side <= 1; side += 2)
				if (unif() < 0.75)
					door(x + side * 18 * nx, y + side * 18 * ny, 0);
			/* a cul-de-sac every 90 m or so, off either side */
			if (unif() < 15.0 / 90.0)
			{
				int			dir = unif() < 0.5 ? -1 : 1;
				double		len = 80 + unif() * 120,
							d;

				for (d = 30; d < len; d += 14)
					for (side = -1; side <= 1; side += 2)
						if (unif() < 0.9)
							door(x + dir * d * nx + side * 14 * tx, y + dir * d * ny + side * 14 * ty, 0);
				for (i = 0; i < 10; i++)
				{
					double		th = 2 * M_PI * i / 10;

					door(x + dir * (len + 30) * nx + 30 * cos(th), y + dir * (len + 30) * ny + 30 * sin(th), 0);
				}
			}
		}
	}
	for (i = 0; i < 2; i++)
		building(100 + unif() * 1300, 100 + unif() * 1300, 8 + (int) (unif() * 33));
}

static void
gen_rural(void)
{
	int			r,
				i,
				j;

	for (r = 0; r < 5; r++)
	{
		double		x0 = unif() * 6000,
					y0 = unif() * 6000,
					a = unif() * M_PI,
					t = -6000;

		for (;;)
		{
			double		x,
						y;

			t += -120 * log(1.0 - unif());
			if (t > 6000)
				break;
			x = x0 + t * cos(a) + (unif() - 0.5) * 60;
			y = y0 + t * sin(a) + (unif() - 0.5) * 60;
			if (x >= 0 && x <= 6000 && y >= 0 && y <= 6000)
				door(x, y, 0);
		}
	}
	for (i = 0; i < 4; i++)
	{
		double		hx = 300 + unif() * 5400,
					hy = 300 + unif() * 5400;
		int			m = 10 + (int) (unif() * 21);

		for (j = 0; j < m; j++)
			door(hx + 40 * gauss(), hy + 40 * gauss(), 0);
	}
}

static void
gen_dense(void)
{
	int			nb = 15 + (int) (unif() * 16),
				i;
	double		x,
				y,
				x0 = unif() < 0.5 ? 0 : 750;

	for (y = 25; y < 1500; y += 50)
		for (x = x0 + 4; x < x0 + 750; x += 7)
		{
			if (unif() < 0.8)
				door(x, y - 15, 0);
			if (unif() < 0.8)
				door(x, y + 15, 0);
		}
	for (i = 0; i < nb; i++)
		building(50 + unif() * 1400, 50 + unif() * 1400, 10 + (int) (unif() * 191));
}

static int
generate(uint64_t seed)
{
	int			kind,
				i;

	rng_state = seed;
	for (kind = 0; kind < NKINDS; kind++)
		for (i = 0; i < PRECINCTS_PER_KIND; i++)
		{
			cur_precinct = kind * 100 + i;
			cur_kind = kind_name[kind];
			/* cells side by side, 6 km apart, in a projected system */
			ox = 500000 + i * 6000;
			oy = 4000000 + kind * 6000;
			switch (kind)
			{
				case 0:
					gen_suburb();
					break;
				case 1:
					gen_grid();
					break;
				case 2:
					gen_culdesac();
					break;
				case 3:
					gen_rural();
					break;
				default:
					gen_dense();
					break;
			}
		}
	return 0;
}

/* ---------------------------------------------------------------- figures */

typedef struct Row
{
	int			precinct;
	char		kind[16];
	double		x;
	double		y;
	int			building;
} Row;

/* Reads one "precinct,kind,x,y,building" row into *row; 1 when it got one. */
static int
read_row(FILE *f, void *row)
{
	Row		   *r = row;

	return fscanf(f, "%d,%15[^,],%lf,%lf,%d", &r->precinct, r->kind, &r->x, &r->y,
				  &r->building) == 5;
}

/* Reads "precinct,kind,x,y,building" rows; exits on a missing file. */
static Row *
load(const char *path, size_t *n)
{
	return bench_read_rows(path, "turf_places", sizeof(Row), read_row, n);
}

/* Figures summed over the precincts of one kind (or all). */
typedef struct Figures
{
	char		kind[16];
	int64_t		precincts,
				turfs,
				doors,
				overlaps,
				house_turfs,
				house_off,
				unbalanced;
	double		dist_sum,
				worst_ratio,
				cpu;
	double	   *dist;
	size_t		ndist;
} Figures;

/* Cuts one precinct's n rows and adds its figures to f and all. */
static void
cut_precinct(const Row *r, size_t n, int64_t target, int reps, Figures *f, Figures *all)
{
	double	   *x = malloc(n * sizeof(double)),
			   *y = malloc(n * sizeof(double)),
			   *pts = malloc(2 * n * sizeof(double)),
			   *out = malloc(4 * (n + 2) * sizeof(double)),
			   *tmp = malloc(4 * (n + 2) * sizeof(double)),
			   *sx,
			   *sy,
			   **hull,
				t0,
				hmean = 0;
	int64_t    *w = malloc(n * sizeof(int64_t)),
			   *size,
				k,
				t,
				u,
				nh_turfs = 0,
				lo = INT64_MAX,
				hi = 0,
				wmax = 1;
	int32_t    *l = malloc(n * sizeof(int32_t));
	char	   *has_building;
	size_t	   *nh,
				i,
				j;
	Figures    *g[2] = {f, all};
	int			rep,
				gi;

	for (i = 0; i < n; i++)
	{
		x[i] = r[i].x;
		y[i] = r[i].y;
		w[i] = 1;
	}
	/* the largest building, in doors (rows at one point) */
	for (i = 0; i < n; i = j)
	{
		for (j = i + 1; j < n && r[j].building != 0 && r[j].building == r[i].building; j++)
			;
		if ((int64_t) (j - i) > wmax && r[i].building != 0)
			wmax = (int64_t) (j - i);
	}
	k = turf_count((int64_t) n, target);
	t0 = bench_cpu_seconds();
	for (rep = 0; rep < reps; rep++)
		if (turf_cut(n, x, y, w, k, l, NULL, NULL, NULL) != TURF_OK)
		{
			fprintf(stderr, "turf_places: cut failed in precinct %d\n", r[0].precinct);
			exit(1);
		}
	t0 = bench_cpu_seconds() - t0;
	for (i = 0; i < n; i++)
		if (l[i] > k)
			k = l[i];
	size = calloc((size_t) k + 1, sizeof(int64_t));
	sx = calloc((size_t) k + 1, sizeof(double));
	sy = calloc((size_t) k + 1, sizeof(double));
	has_building = calloc((size_t) k + 1, 1);
	hull = calloc((size_t) k + 1, sizeof(double *));
	nh = calloc((size_t) k + 1, sizeof(size_t));
	for (i = 0; i < n; i++)
	{
		size[l[i]]++;
		sx[l[i]] += x[i];
		sy[l[i]] += y[i];
		if (r[i].building)
			has_building[l[i]] = 1;
	}
	for (t = 1; t <= k; t++)
	{
		size_t		m = 0;

		if (size[t] == 0)
			continue;
		lo = size[t] < lo ? size[t] : lo;
		hi = size[t] > hi ? size[t] : hi;
		if (!has_building[t])
		{
			hmean += (double) size[t];
			nh_turfs++;
		}
		for (i = 0; i < n; i++)
			if (l[i] == t)
			{
				pts[2 * m] = x[i];
				pts[2 * m + 1] = y[i];
				m++;
			}
		hull[t] = malloc((2 * m + 2) * sizeof(double));
		nh[t] = convex_hull(pts, m, hull[t]);
	}
	if (nh_turfs)
		hmean /= (double) nh_turfs;
	if (getenv("TURF_PLACES_VERBOSE"))
	{
		printf("precinct %d (%s): %lld doors, k %lld, sizes", r[0].precinct, r[0].kind, (long long) n, (long long) k);
		for (t = 1; t <= k; t++)
			printf(" %lld%s", (long long) size[t], has_building[t] ? "b" : "");
		printf("\n");
	}
	for (gi = 0; gi < 2; gi++)
	{
		g[gi]->precincts++;
		g[gi]->doors += (int64_t) n;
		g[gi]->cpu += t0 / reps;
		if (hi - lo > wmax)
			g[gi]->unbalanced++;
	}
	for (t = 1; t <= k; t++)
	{
		double		area;

		if (size[t] == 0)
			continue;
		for (gi = 0; gi < 2; gi++)
			g[gi]->turfs++;
		if (!has_building[t])
		{
			double		ratio = (double) size[t] / hmean;

			for (gi = 0; gi < 2; gi++)
			{
				g[gi]->house_turfs++;
				if (ratio < 0.75 || ratio > 1.25)
					g[gi]->house_off++;
				if (fabs(ratio - 1) > g[gi]->worst_ratio)
					g[gi]->worst_ratio = fabs(ratio - 1);
			}
		}
		area = nh[t] >= 3 ? polygon_area(hull[t], nh[t]) : 0.0;
		for (u = 1; u <= k && area > 0; u++)
			if (u != t && size[u] > 0 &&
				intersection_area(hull[t], nh[t], hull[u], nh[u], out, tmp) > 0.05 * area)
			{
				for (gi = 0; gi < 2; gi++)
					g[gi]->overlaps++;
				if (getenv("TURF_PLACES_VERBOSE"))
					printf("overlap in precinct %d: turf %lld (%lld doors%s) over turf %lld (%lld doors%s)\n",
						   r[0].precinct, (long long) t, (long long) size[t], has_building[t] ? ", building" : "",
						   (long long) u, (long long) size[u], has_building[u] ? ", building" : "");
				break;
			}
	}
	for (i = 0; i < n; i++)
	{
		double		d = hypot(x[i] - sx[l[i]] / (double) size[l[i]], y[i] - sy[l[i]] / (double) size[l[i]]);

		for (gi = 0; gi < 2; gi++)
		{
			g[gi]->dist[g[gi]->ndist++] = d;
			g[gi]->dist_sum += d;
		}
	}
	for (t = 1; t <= k; t++)
		free(hull[t]);
	free(hull);
	free(nh);
	free(size);
	free(sx);
	free(sy);
	free(has_building);
	free(x);
	free(y);
	free(w);
	free(l);
	free(pts);
	free(out);
	free(tmp);
}

static void
print_figures(Figures *f)
{
	double		pos,
				p95;

	if (f->ndist == 0)
		return;
	qsort(f->dist, f->ndist, sizeof(double), bench_cmp_double);
	pos = 0.95 * (double) (f->ndist - 1);
	p95 = f->dist[(size_t) pos];
	if ((size_t) pos + 1 < f->ndist)
		p95 += (pos - floor(pos)) * (f->dist[(size_t) pos + 1] - f->dist[(size_t) pos]);
	printf("%-9s %4lld %6lld %8lld %8.2f %8.2f %8lld %7lld/%-6lld %6.3f %6lld %8.3f\n",
		   f->kind, (long long) f->precincts, (long long) f->turfs, (long long) f->doors,
		   f->dist_sum / (double) f->ndist, p95, (long long) f->overlaps,
		   (long long) f->house_off, (long long) f->house_turfs, f->worst_ratio,
		   (long long) f->unbalanced, f->cpu);
}

static int
figures(const char *path, int64_t target, int reps)
{
	size_t		n,
				i = 0;
	Row		   *r = load(path, &n);
	Figures		kinds[16],
				all;
	int			nk = 0,
				q;

	memset(kinds, 0, sizeof(kinds));
	memset(&all, 0, sizeof(all));
	strcpy(all.kind, "all");
	all.dist = malloc((n + 1) * sizeof(double));
	while (i < n)
	{
		size_t		a = i;
		Figures    *f = NULL;

		while (i < n && r[i].precinct == r[a].precinct)
			i++;
		for (q = 0; q < nk; q++)
			if (strcmp(kinds[q].kind, r[a].kind) == 0)
				f = &kinds[q];
		if (!f)
		{
			if (nk == 16)
				exit(2);
			f = &kinds[nk++];
			strcpy(f->kind, r[a].kind);
			f->dist = malloc((n + 1) * sizeof(double));
		}
		cut_precinct(r + a, i - a, target, reps, f, &all);
	}
	printf("%-9s %4s %6s %8s %8s %8s %8s %14s %6s %6s %8s\n", "kind", "prec", "turfs", "doors",
		   "mean_m", "p95_m", "overlap", "house_off/of", "worst", "unbal", "cpu_s");
	for (q = 0; q < nk; q++)
		print_figures(&kinds[q]);
	print_figures(&all);
	return 0;
}

/* The "one" mode: all rows one partition; labels to stdout. */
static int
one_partition(const char *path, int64_t target)
{
	size_t		n,
				i;
	Row		   *r = load(path, &n);
	double	   *x = malloc(n * sizeof(double)),
			   *y = malloc(n * sizeof(double)),
				t0;
	int64_t    *w = malloc(n * sizeof(int64_t)),
				k = turf_count((int64_t) n, target);
	int32_t    *l = malloc(n * sizeof(int32_t));
	TurfStats	st;

	for (i = 0; i < n; i++)
	{
		x[i] = r[i].x;
		y[i] = r[i].y;
		w[i] = 1;				/* a building's units are rows at its point */
	}
	t0 = bench_cpu_seconds();
	if (turf_cut(n, x, y, w, k, l, NULL, &st, NULL) != TURF_OK)
		return 1;
	t0 = bench_cpu_seconds() - t0;
	{
		Figures		f;

		memset(&f, 0, sizeof(f));
		f.dist = malloc(2 * n * sizeof(double));	/* f counts as kind and as all */
		for (i = 0; i < n; i++)
			r[i].precinct = 0;
		cut_precinct(r, n, target, 1, &f, &f);
		fprintf(stderr, "turf_places: %zu rows, %lld turfs, sizes %lld-%lld, %.3f s of CPU, SSE %.6g, mean %.3f m\n",
				n, (long long) st.turfs, (long long) st.min_size, (long long) st.max_size, t0, st.cost,
				f.dist_sum / (double) f.ndist);
		free(f.dist);
	}
	for (i = 0; i < n; i++)
		printf("%.2f,%.2f,%d\n", x[i], y[i], l[i]);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "one") == 0)
		return one_partition(argv[2], atoll(argv[3]));
	if (argc >= 2 && strcmp(argv[1], "gen") == 0)
		return generate(argc >= 3 ? strtoull(argv[2], NULL, 10) : 2026);
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "cut") == 0)
		return figures(argv[2], atoll(argv[3]), argc == 5 ? atoi(argv[4]) : 1);
	fprintf(stderr, "usage: turf_places gen [SEED] | turf_places cut DOORS.csv TARGET [REPEATS]\n");
	return 2;
}
