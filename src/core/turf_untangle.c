/*
 * turf_untangle.c
 *	  Stage 5 of the cut (turf.c): untangling neighbouring turfs that no
 *	  straight line separates.
 */
#include "turf_internal.h"

/* Squared distance sum of a part from its running sums (relative to an origin). */
static inline double
part_sse(double w, double sx, double sy, double sq)
{
	return w > 0.0 ? sq - (sx * sx + sy * sy) / w : 0.0;
}

/*
 * Component (0: x, 1: y) of direction d of TURF_UNTANGLE_DIRS, which walk
 * half the boundary of the square [-1, 1]^2 from (1, 0) through (1, 1) and
 * (-1, 1) to just before (-1, 0): every direction of a line once, with
 * coordinates exact in binary, so the same points give the same keys, and
 * the same turfs, on every machine (no sin or cos).
 */
static double
untangle_dir(int d, int component)
{
	double		s = 4.0 * (double) d / TURF_UNTANGLE_DIRS;

	if (s < 1.0)
		return component ? s : 1.0;
	if (s < 3.0)
		return component ? 1.0 : 2.0 - s;
	return component ? 4.0 - s : -1.0;
}

/* What an untangling re-split may do to sizes (stage 5). */
typedef struct Envelope
{
	int64_t		slack;			/* beyond the pair's old sizes */
	int64_t		wmax;			/* largest weight: the balance bound */
	int64_t		min;			/* no turf smaller than this */
	int64_t		max;			/* no turf larger than this */
	int64_t		hlo[2];			/* a turf of houses only (no weight > 1): */
	int64_t		hhi[2];			/* preferably within hlo[0]..hhi[0], at worst
								 * within hlo[1]..hhi[1] */
	int			triples;		/* three-way re-splits tried (untangle_triple) */
	int			pass;			/* the pass of turf_untangle under way */
	int		   *last;			/* per turf: the last pass that re-split it, or -1 */
	int64_t		triple_work;	/* points visited by their second cuts */
} Envelope;

/*
 * How well a part of an untangling re-split of the given size, holding
 * `heavy` points of weight > 1, fits as a turf: a part of houses only must
 * stay near the other turfs of houses, so no turf of 38 doors is made
 * beside turfs of 53 to untangle a building's turf.  0: a part with a
 * building, or houses within env's first range; 1: houses within its
 * second range; 2: no fit.
 */
static inline int
houses_fit(const Envelope *env, int64_t size, int64_t heavy)
{
	if (heavy > 0 || (size >= env->hlo[0] && size <= env->hhi[0]))
		return 0;
	return size >= env->hlo[1] && size <= env->hhi[1] ? 1 : 2;
}

/*
 * The tier of one part of a three-way re-split (untangle_triple), as in
 * untangle_pair: bit 0 set if its size lies outside the three old sizes'
 * range, bit 1 if it is houses only and only within env's second range;
 * -1 if it does not fit at all.  Parts' tiers join by bitwise or.
 */
static inline int
triple_part_tier(const Envelope *env, int64_t size, int64_t heavy, const int64_t *bounds)
{
	int			fit;

	if (size < bounds[0] || size > bounds[1])
		return -1;
	fit = houses_fit(env, size, heavy);
	if (fit > 1)
		return -1;
	return (size < bounds[2] || size > bounds[3] ? 1 : 0) | (fit << 1);
}

/* Running sums of a part: weight, weighted x, y, squared norm; size and heavy points. */
typedef struct PartSums
{
	double		w,
				x,
				y,
				q;
	int64_t		size,
				heavy;
} PartSums;

/* Adds local point i of the three-way scratch to s. */
static inline void
part_add(PartSums *s, const double *x, const double *y, const int64_t *w, size_t i)
{
	double		wd = (double) w[i];

	s->w += wd;
	s->x += wd * x[i];
	s->y += wd * y[i];
	s->q += wd * (x[i] * x[i] + y[i] * y[i]);
	s->size += w[i];
	s->heavy += w[i] > 1;
}

/* The sums of whole minus part. */
static inline PartSums
part_rest(const PartSums *whole, const PartSums *part)
{
	PartSums	r;

	r.w = whole->w - part->w;
	r.x = whole->x - part->x;
	r.y = whole->y - part->y;
	r.q = whole->q - part->q;
	r.size = whole->size - part->size;
	r.heavy = whole->heavy - part->heavy;
	return r;
}

/* The best three-way re-split found so far (untangle_triple). */
typedef struct TripleBest
{
	int			tier;			/* 4: none */
	double		gain;			/* new minus old squared distance sum */
	int32_t		third;
	int			d1,
				d2;
	size_t		cut1;			/* points of the first direction's order before the first cut */
	int			suffix;			/* the first part is the points after cut1, not before */
	size_t		cut2;			/* points of the rest in the second direction's order in the second part */
} TripleBest;

/* Scratch of a three-way re-split: the three turfs' points, relative to an origin. */
typedef struct TripleScratch
{
	size_t		m;
	int32_t    *pt;				/* the point of each local index, canonical order */
	double	   *x,
			   *y;
	int64_t    *w;
	KeyItem    *ord;			/* TURF_TRIPLE_DIRS rows of m: local indices by key */
	char	   *mark;			/* in the first part */
} TripleScratch;

/* Frees a three-way scratch. */
static void
triple_free(const Cut *c, TripleScratch *ts)
{
	core_free(c->mem, ts->pt);
	core_free(c->mem, ts->x);
	core_free(c->mem, ts->y);
	core_free(c->mem, ts->w);
	core_free(c->mem, ts->ord);
	core_free(c->mem, ts->mark);
	memset(ts, 0, sizeof(*ts));
}

/*
 * Gathers the points of turfs t[0..2] into ts in canonical order, relative
 * to (ox, oy), and orders them along every direction of TURF_TRIPLE_DIRS.
 * Returns 0, or -1 on no memory.
 */
static int
triple_gather(Cut *c, const int32_t *t, double ox, double oy, TripleScratch *ts)
{
	size_t		m = (size_t) 0,
				i;
	int			j,
				d;
	int32_t		p;

	memset(ts, 0, sizeof(*ts));
	for (j = 0; j < 3; j++)
		for (p = c->head[t[j]]; p >= 0; p = c->next[p])
			m++;
	ts->pt = core_alloc(c->mem, m, sizeof(int32_t));
	ts->x = core_alloc(c->mem, m, sizeof(double));
	ts->y = core_alloc(c->mem, m, sizeof(double));
	ts->w = core_alloc(c->mem, m, sizeof(int64_t));
	ts->ord = core_alloc(c->mem, m * TURF_TRIPLE_DIRS, sizeof(KeyItem));
	ts->mark = core_alloc(c->mem, m, sizeof(char));
	if (!ts->pt || !ts->x || !ts->y || !ts->w || !ts->ord || !ts->mark)
	{
		triple_free(c, ts);
		return -1;
	}
	ts->m = m;
	m = 0;
	for (j = 0; j < 3; j++)
		for (p = c->head[t[j]]; p >= 0; p = c->next[p])
		{
			ts->ord[m].key = (double) p;
			ts->ord[m++].i = p;
		}
	qsort(ts->ord, m, sizeof(KeyItem), cmp_key);
	for (i = 0; i < m; i++)
	{
		ts->pt[i] = (int32_t) ts->ord[i].key;
		ts->x[i] = c->x[ts->pt[i]] - ox;
		ts->y[i] = c->y[ts->pt[i]] - oy;
		ts->w[i] = c->w[ts->pt[i]];
	}
	for (d = 0; d < TURF_TRIPLE_DIRS; d++)
	{
		KeyItem    *row = ts->ord + (size_t) d * m;
		double		ux = untangle_dir(d * (TURF_UNTANGLE_DIRS / TURF_TRIPLE_DIRS), 0),
					uy = untangle_dir(d * (TURF_UNTANGLE_DIRS / TURF_TRIPLE_DIRS), 1);

		for (i = 0; i < m; i++)
		{
			row[i].key = ts->x[i] * ux + ts->y[i] * uy;
			row[i].i = (int32_t) i;
		}
		qsort(row, m, sizeof(KeyItem), cmp_key);
	}
	return 0;
}

/* Marks the first part of a three-way split: cut1 points of direction d1's order, or the others. */
static void
triple_mark(TripleScratch *ts, int d1, size_t cut1, int suffix)
{
	const KeyItem *row = ts->ord + (size_t) d1 * ts->m;
	size_t		r;

	for (r = 0; r < ts->m; r++)
		ts->mark[row[r].i] = (r < cut1) != (suffix != 0);
}

/*
 * The second cut of a three-way split: with the first part marked (sums
 * first, tier ftier), the best straight split of the rest (sums rest) along
 * each direction into two parts that fit, all three sizes within the
 * largest weight of each other; updates best (third turf t3) where it is
 * better.
 */
static void
triple_second_cut(const TripleScratch *ts, const Envelope *env, const int64_t *bounds,
				  const PartSums *first, int ftier, const PartSums *rest, double old_sse,
				  int32_t t3, int d1, size_t cut1, int suffix, TripleBest *best)
{
	int			d2;
	double		fsse = part_sse(first->w, first->x, first->y, first->q);

	for (d2 = 0; d2 < TURF_TRIPLE_DIRS; d2++)
	{
		const KeyItem *row = ts->ord + (size_t) d2 * ts->m;
		PartSums	s = {0};
		size_t		r,
					count = 0;
		double		prev_key = 0.0;

		for (r = 0; r < ts->m; r++)
		{
			size_t		q = (size_t) row[r].i;

			if (ts->mark[q])
				continue;
			/* a cut before q, between distinct keys, with something on both sides */
			if (count > 0 && row[r].key != prev_key)
			{
				PartSums	o = part_rest(rest, &s);
				int64_t		lo = first->size,
							hi = first->size;
				int			t2 = triple_part_tier(env, s.size, s.heavy, bounds),
							t3t = triple_part_tier(env, o.size, o.heavy, bounds),
							tier;
				double		gain;

				lo = s.size < lo ? s.size : lo;
				lo = o.size < lo ? o.size : lo;
				hi = s.size > hi ? s.size : hi;
				hi = o.size > hi ? o.size : hi;
				if (t2 >= 0 && t3t >= 0 && hi - lo <= env->wmax)
				{
					tier = ftier | t2 | t3t;
					gain = fsse + part_sse(s.w, s.x, s.y, s.q) + part_sse(o.w, o.x, o.y, o.q) - old_sse;
					if (tier < best->tier || (tier == best->tier && gain < best->gain))
					{
						best->tier = tier;
						best->gain = gain;
						best->third = t3;
						best->d1 = d1;
						best->cut1 = cut1;
						best->suffix = suffix;
						best->d2 = d2;
						best->cut2 = count;
					}
				}
			}
			part_add(&s, ts->x, ts->y, ts->w, q);
			prev_key = row[r].key;
			count++;
		}
	}
}

/*
 * The best three-way re-split of turfs t[0..2] (see untangle_triple) into
 * best, where it is better than best already is.  Returns 0, or -1 on no
 * memory.
 */
static int
triple_search(Cut *c, const int32_t *t, double ox, double oy, Envelope *env, TripleBest *best)
{
	TripleScratch ts;
	PartSums	whole = {0},
				own[3] = {{0}};
	int64_t		bounds[4];		/* the sizes allowed, and the old sizes' range */
	double		old_sse = 0.0;
	size_t		i;
	int			j,
				d1;

	if (triple_gather(c, t, ox, oy, &ts) != 0)
		return -1;
	for (i = 0; i < ts.m; i++)
	{
		part_add(&whole, ts.x, ts.y, ts.w, i);
		for (j = 0; j < 3; j++)
			if (c->label[ts.pt[i]] == t[j])
				part_add(&own[j], ts.x, ts.y, ts.w, i);
	}
	bounds[2] = bounds[3] = c->size[t[0]];
	for (j = 0; j < 3; j++)
	{
		old_sse += part_sse(own[j].w, own[j].x, own[j].y, own[j].q);
		bounds[2] = c->size[t[j]] < bounds[2] ? c->size[t[j]] : bounds[2];
		bounds[3] = c->size[t[j]] > bounds[3] ? c->size[t[j]] : bounds[3];
	}
	/* within the slack, and within the balance bound of every other turf */
	bounds[0] = bounds[2] - env->slack;
	bounds[1] = bounds[3] + env->slack;
	if (bounds[0] < env->max - env->wmax)
		bounds[0] = env->max - env->wmax;
	if (bounds[1] > env->min + env->wmax)
		bounds[1] = env->min + env->wmax;
	for (d1 = 0; d1 < TURF_TRIPLE_DIRS && env->triple_work < TURF_TRIPLE_WORK; d1++)
	{
		const KeyItem *row = ts.ord + (size_t) d1 * ts.m;
		PartSums	pre = {0};

		check_interrupt(c);
		for (i = 0; i + 1 < ts.m; i++)
		{
			int			suffix;

			part_add(&pre, ts.x, ts.y, ts.w, (size_t) row[i].i);
			if (row[i].key == row[i + 1].key)
				continue;
			for (suffix = 0; suffix < 2; suffix++)
			{
				PartSums	post = part_rest(&whole, &pre);
				const PartSums *first = suffix ? &post : &pre,
						   *rest = suffix ? &pre : &post;
				int			ftier = triple_part_tier(env, first->size, first->heavy, bounds);

				/* parts only add to the tier and the squared distances */
				if (ftier < 0 || ftier > best->tier ||
					(ftier == best->tier &&
					 part_sse(first->w, first->x, first->y, first->q) - old_sse >= best->gain))
					continue;
				triple_mark(&ts, d1, i + 1, suffix);
				triple_second_cut(&ts, env, bounds, first, ftier, rest, old_sse, t[2], d1, i + 1,
								  suffix, best);
				env->triple_work += (int64_t) ts.m * TURF_TRIPLE_DIRS;
			}
		}
	}
	triple_free(c, &ts);
	return 0;
}

/*
 * Untangles turfs a and b through a third turf (stage 5), when no straight
 * split of the pair alone fits the sizes: a building among scattered houses
 * that every line through it leaves with too many houses on its side (30
 * of the pair's 71 houses, in a suburb of the second benchmark generator,
 * where the other turf would keep 41 houses against a mean of 56).  The
 * points of a, b and a third turf t (each of a's and b's neighbours in
 * turn, none that is one point) are re-split by two straight cuts, one
 * across all three turfs and one across what it leaves, TURF_TRIPLE_DIRS
 * directions each: three parts, each pair separated by a line.  Sizes obey
 * untangle_pair's rules (the three old sizes' range, then the slack; the
 * balance bound; turfs of houses within env's ranges); among the splits
 * that fit best, the least squared distance to the new centroids wins, and
 * each part goes to the turf whose old centroid is nearest its points (the
 * assignment of least squared distance, of the six).  The work is
 * bounded: three turfs of at most TURF_TRIPLE_POINTS points, at most
 * TURF_TRIPLE_TRIES pairs and TURF_TRIPLE_WORK points visited by second
 * cuts in one untangling (counts, not a clock, so the answer stays
 * deterministic).  Returns 1 if the turfs were re-split, 0 if no such split
 * fits, -1 on no memory.
 */
static int
untangle_triple(Cut *c, int32_t a, int32_t b, Envelope *env)
{
	TripleBest	best;
	TripleScratch ts;
	int32_t		t[3] = {a, b, -1},
				cand[2 * TURF_NEIGHBOURS_MANY];
	double		ox = (c->cx[a] + c->cx[b]) / 2.0,
				oy = (c->cy[a] + c->cy[b]) / 2.0,
				cost[6];
	int			ncand = 0,
				j,
				h,
				part_of_perm = 0;
	size_t		i;
	static const int perm[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

	if (env->triples >= TURF_TRIPLE_TRIES || env->triple_work >= TURF_TRIPLE_WORK)
		return 0;
	env->triples++;
	/* the neighbours of both, each once, in the order met */
	for (j = 0; j < 2 * c->nnb; j++)
	{
		int32_t		u = c->nb[(j < c->nnb ? a : b) * c->nnb + j % c->nnb];

		if (u < 0 || u == a || u == b || c->head[u] < 0 || c->next[c->head[u]] < 0)
			continue;
		for (h = 0; h < ncand && cand[h] != u; h++)
			;
		if (h == ncand)
			cand[ncand++] = u;
	}
	best.tier = 4;
	best.gain = INFINITY;
	best.third = -1;
	for (h = 0; h < ncand; h++)
	{
		int32_t		p;
		size_t		m = 0;

		t[2] = cand[h];
		/* a bounded scratch: the three turfs' points, at most TURF_TRIPLE_POINTS */
		for (j = 0; j < 3; j++)
			for (p = c->head[t[j]]; p >= 0; p = c->next[p])
				m++;
		if (m > TURF_TRIPLE_POINTS)
			continue;
		if (triple_search(c, t, ox, oy, env, &best) != 0)
			return -1;
	}
	if (best.third < 0)
		return 0;
	/* the winning split again, and its parts to the turfs */
	t[2] = best.third;
	if (triple_gather(c, t, ox, oy, &ts) != 0)
		return -1;
	triple_mark(&ts, best.d1, best.cut1, best.suffix);
	{
		const KeyItem *row = ts.ord + (size_t) best.d2 * ts.m;
		size_t		count = 0,
					r;

		/* mark: 1 first part, 2 second, 0 third (from 0/1 of triple_mark) */
		for (r = 0; r < ts.m; r++)
		{
			size_t		q = (size_t) row[r].i;

			if (ts.mark[q])
				continue;
			ts.mark[q] = count++ < best.cut2 ? 2 : 0;
		}
	}
	for (j = 0; j < 6; j++)
		cost[j] = 0.0;
	for (i = 0; i < ts.m; i++)
	{
		int			part = ts.mark[i] == 1 ? 0 : ts.mark[i] == 2 ? 1 : 2;

		for (j = 0; j < 6; j++)
			cost[j] += (double) ts.w[i] * dist2(c, ts.pt[i], t[perm[j][part]]);
	}
	for (j = 1; j < 6; j++)
		if (cost[j] < cost[part_of_perm])
			part_of_perm = j;
	for (j = 0; j < 3; j++)
		c->head[t[j]] = -1;
	for (i = ts.m; i-- > 0;)
	{
		int			part = ts.mark[i] == 1 ? 0 : ts.mark[i] == 2 ? 1 : 2;
		int32_t		q = ts.pt[i],
					to = t[perm[part_of_perm][part]];

		c->label[q] = to;
		c->next[q] = c->head[to];
		c->head[to] = q;
	}
	triple_free(c, &ts);
	for (j = 0; j < 3; j++)
	{
		env->last[t[j]] = env->pass;
		turf_update(c, t[j]);
		env->min = c->size[t[j]] < env->min ? c->size[t[j]] : env->min;
		env->max = c->size[t[j]] > env->max ? c->size[t[j]] : env->max;
	}
	return 1;
}

/*
 * Untangles neighbouring turfs a and b (stage 5): if no straight line of
 * the TURF_UNTANGLE_DIRS directions separates their points, they are
 * re-split by the straight line that gives the least weighted sum of
 * squared distances to the two new centroids among those that leave both
 * sizes between the old two (so balance never worsens), the part on the
 * side of a's centroid going to a; if no straight split fits, with a
 * third turf (untangle_triple).  buf holds at least size-of-both points.
 * Returns 1 if the pair was re-split, else 0 (already separated, or no
 * split keeps the balance), -1 on no memory.
 */
static int
untangle_pair(Cut *c, int32_t a, int32_t b, KeyItem *buf, Envelope *env)
{
	size_t		m = 0,
				i,
				best_cut = 0;
	int32_t		p;
	int			d,
				best_dir = -1;
	int64_t		sa = c->size[a],
				sb = c->size[b],
				lo = (sa < sb ? sa : sb) - env->slack,
				hi = (sa < sb ? sb : sa) + env->slack;
	int64_t		heavy = 0;		/* points of weight > 1 in the pair */
	double		ox = (c->cx[a] + c->cx[b]) / 2.0,
				oy = (c->cy[a] + c->cy[b]) / 2.0,
				tw = 0.0,
				tx = 0.0,
				ty = 0.0,
				tq = 0.0,
				best_sse = INFINITY;
	int			best_tier = 4,	/* 0: sizes within the old two, 1: within the
								 * slack; 2 more if a part of houses is only
								 * within the second range */
				tier,
				fit;

	/* sizes within the slack, within the balance bound of every turf and of each other */
	if (lo < env->max - env->wmax)
		lo = env->max - env->wmax;
	if (hi > env->min + env->wmax)
		hi = env->min + env->wmax;
	if (lo < (sa + sb - env->wmax + 1) / 2)
		lo = (sa + sb - env->wmax + 1) / 2;
	/* both parts in [lo, hi]: the first part's size in [S - hi, S - lo] too */
	{
		int64_t		nlo = lo > sa + sb - hi ? lo : sa + sb - hi,
					nhi = hi < sa + sb - lo ? hi : sa + sb - lo;

		lo = nlo;
		hi = nhi;
	}
	if (lo > hi)
		return 0;
	for (p = c->head[a]; p >= 0; p = c->next[p])
		buf[m++].i = p;
	for (p = c->head[b]; p >= 0; p = c->next[p])
		buf[m++].i = p;
	for (i = 0; i < m; i++)
	{
		double		w = (double) c->w[buf[i].i],
					x = c->x[buf[i].i] - ox,
					y = c->y[buf[i].i] - oy;

		tw += w;
		tx += w * x;
		ty += w * y;
		tq += w * (x * x + y * y);
		heavy += c->w[buf[i].i] > 1;
	}
	/* a turf that is one point (a building) has no area to overlap */
	if (c->next[c->head[a]] < 0 || c->next[c->head[b]] < 0)
		return 0;
	/* separated already, along the line between the centroids or another direction? */
	for (d = -1; d < TURF_UNTANGLE_DIRS; d++)
	{
		double		ux = d < 0 ? c->cx[b] - c->cx[a] : untangle_dir(d, 0),
					uy = d < 0 ? c->cy[b] - c->cy[a] : untangle_dir(d, 1),
					amin = INFINITY,
					amax = -INFINITY,
					bmin = INFINITY,
					bmax = -INFINITY;

		for (i = 0; i < m; i++)
		{
			int32_t		q = buf[i].i;
			double		key = (c->x[q] - ox) * ux + (c->y[q] - oy) * uy;

			if (c->label[q] == a)
			{
				amin = key < amin ? key : amin;
				amax = key > amax ? key : amax;
			}
			else
			{
				bmin = key < bmin ? key : bmin;
				bmax = key > bmax ? key : bmax;
			}
		}
		if (amax < bmin || bmax < amin)
			return 0;
	}
	/* no: the best straight split that keeps the balance */
	for (d = 0; d < TURF_UNTANGLE_DIRS; d++)
	{
		double		ux = untangle_dir(d, 0),
					uy = untangle_dir(d, 1),
					fw = 0.0,
					fx = 0.0,
					fy = 0.0,
					fq = 0.0;
		int64_t		fill = 0,
					fheavy = 0;

		for (i = 0; i < m; i++)
		{
			int32_t		q = buf[i].i;

			buf[i].key = (c->x[q] - ox) * ux + (c->y[q] - oy) * uy;
		}
		qsort(buf, m, sizeof(KeyItem), cmp_key);
		for (i = 0; i + 1 < m; i++)
		{
			int32_t		q = buf[i].i;
			double		w = (double) c->w[q],
						x = c->x[q] - ox,
						y = c->y[q] - oy,
						sse;

			fill += c->w[q];
			fheavy += c->w[q] > 1;
			fw += w;
			fx += w * x;
			fy += w * y;
			fq += w * (x * x + y * y);
			/* a cut between equal keys is no straight split */
			if (fill < lo || fill > hi || buf[i].key == buf[i + 1].key)
				continue;
			fit = houses_fit(env, fill, fheavy);
			if (houses_fit(env, sa + sb - fill, heavy - fheavy) > fit)
				fit = houses_fit(env, sa + sb - fill, heavy - fheavy);
			if (fit > 1)
				continue;
			sse = part_sse(fw, fx, fy, fq) +
				part_sse(tw - fw, tx - fx, ty - fy, tq - fq);
			tier = (fill < sa && fill < sb ? 1 : fill > sa && fill > sb ? 1 : 0) + 2 * fit;
			if (tier < best_tier || (tier == best_tier && sse < best_sse))
			{
				best_tier = tier;
				best_sse = sse;
				best_dir = d;
				best_cut = i + 1;
			}
		}
	}
	/*
	 * A building in the middle of the other turf's houses cannot be cut off
	 * by a line; it can be a turf by itself, if the balance allows.
	 */
	for (i = 0; i < m; i++)
	{
		int32_t		q = buf[i].i;
		double		w = (double) c->w[q],
					x = c->x[q] - ox,
					y = c->y[q] - oy,
					sse;

		if (c->w[q] < lo || c->w[q] > hi || (fit = houses_fit(env, sa + sb - c->w[q], heavy - 1)) > 1)
			continue;
		sse = part_sse(tw - w, tx - w * x, ty - w * y, tq - w * (x * x + y * y));
		tier = (c->w[q] < sa && c->w[q] < sb ? 1 : c->w[q] > sa && c->w[q] > sb ? 1 : 0) + 2 * fit;
		if (tier < best_tier || (tier == best_tier && sse < best_sse))
		{
			best_tier = tier;
			best_sse = sse;
			best_dir = TURF_UNTANGLE_DIRS;
			best_cut = (size_t) q;
		}
	}
	if (best_dir < 0)
		return untangle_triple(c, a, b, env);
	if (best_dir == TURF_UNTANGLE_DIRS)
	{
		/* the building alone goes to the turf whose centroid is nearer */
		int32_t		q = (int32_t) best_cut,
					alone = dist2(c, q, a) <= dist2(c, q, b) ? a : b,
					rest = alone == a ? b : a;

		for (i = 0; i < m; i++)
			buf[i].key = (buf[i].i == q ? alone : rest) == a ? 0.0 : 1.0;
		turf_assign_pair(c, a, b, buf, m);
	}
	else
	{
		/* redo the best direction's order and give each side its turf */
		double		ux = untangle_dir(best_dir, 0),
					uy = untangle_dir(best_dir, 1);
		int32_t		first,
					second;

		for (i = 0; i < m; i++)
		{
			int32_t		q = buf[i].i;

			buf[i].key = (c->x[q] - ox) * ux + (c->y[q] - oy) * uy;
		}
		qsort(buf, m, sizeof(KeyItem), cmp_key);
		/* the low side goes to the turf whose centroid lies lower along the direction */
		first = (c->cx[a] - ox) * ux + (c->cy[a] - oy) * uy <=
			(c->cx[b] - ox) * ux + (c->cy[b] - oy) * uy ? a : b;
		second = first == a ? b : a;
		for (i = 0; i < m; i++)
			buf[i].key = (i < best_cut ? first : second) == a ? 0.0 : 1.0;
		turf_assign_pair(c, a, b, buf, m);
	}
	env->last[a] = env->last[b] = env->pass;
	env->min = c->size[a] < env->min ? c->size[a] : env->min;
	env->min = c->size[b] < env->min ? c->size[b] : env->min;
	env->max = c->size[a] > env->max ? c->size[a] : env->max;
	env->max = c->size[b] > env->max ? c->size[b] : env->max;
	return 1;
}

/*
 * Untangling (stage 5): passes over every pair of turfs whose bounding
 * boxes meet, at most TURF_UNTANGLE_PASSES, until no pair is re-split.
 * A re-split can tangle the next pair (a turf moved across a line its
 * neighbour had kept to): in 5 of 20,000 suburb precincts of the unit
 * test's generator, four passes re-split a chain of pairs each tangling
 * the next and stopped with a pair tangled.  So at most TURF_UNTANGLE_MORE
 * passes follow, each over the pairs one of whose turfs the pass before
 * (or this one) re-split: a pair neither of whose turfs changed since it
 * was last looked at is still as it was (unless it was tangled and no
 * split fitted the sizes then: such pairs wait for a turf to change).
 * Those passes leave the cut as it was wherever four passes ended with
 * one that re-split nothing; over those 20,000 precincts every untangling
 * now ends with such a pass, the 14th at the latest.  Returns the
 * re-splits, -1 on no memory.
 */
int64_t
turf_untangle(Cut *c, KeyItem *buf, int64_t wmax)
{
	int64_t		t,
				done = 0,
				total = 0;
	int			pass;
	Envelope	env;
	double	   *box = core_alloc(c->mem, (size_t) c->k * 4, sizeof(double));
	KeyItem    *west = core_alloc(c->mem, (size_t) c->k, sizeof(KeyItem));
	int		   *last = core_alloc(c->mem, (size_t) c->k, sizeof(int));

	if (!box || !west || !last)
	{
		core_free(c->mem, box);
		core_free(c->mem, west);
		core_free(c->mem, last);
		return -1;
	}
	for (t = 0; t < c->k; t++)
		last[t] = -1;
	env.last = last;
	for (t = 0; t < c->k; t++)
		total += c->size[t];
	env.wmax = wmax;
	env.triples = 0;
	env.triple_work = 0;
	env.slack = (int64_t) (TURF_UNTANGLE_SLACK * (double) total / (double) c->k);
	/*
	 * Turfs of houses only: their mean now, and how far a re-split may take
	 * one from it (TURF_HOUSES_SLACK, within the 25% a canvasser notices).
	 */
	{
		int64_t		hsum = 0,
					hcount = 0;
		double		hmean;

		for (t = 0; t < c->k; t++)
		{
			int32_t		p;

			if ((t & 255) == 0)
				check_interrupt(c);
			for (p = c->head[t]; p >= 0 && c->w[p] == 1; p = c->next[p])
				;
			if (p < 0)
			{
				hsum += c->size[t];
				hcount++;
			}
		}
		hmean = hcount > 0 ? (double) hsum / (double) hcount : (double) total / (double) c->k;
		env.hlo[0] = (int64_t) ceil((1.0 - TURF_HOUSES_SLACK) * hmean);
		env.hhi[0] = (int64_t) floor((1.0 + TURF_HOUSES_SLACK) * hmean);
		env.hlo[1] = (int64_t) ceil((1.0 - TURF_HOUSES_SLACK2) * hmean);
		env.hhi[1] = (int64_t) floor((1.0 + TURF_HOUSES_SLACK2) * hmean);
	}
	for (pass = 0; pass < TURF_UNTANGLE_PASSES + TURF_UNTANGLE_MORE; pass++)
	{
		int64_t		before = done;

		env.pass = pass;
		/* the sizes' range afresh; within a pass it only widens, so stays safe */
		env.min = c->size[0];
		env.max = c->size[0];
		for (t = 1; t < c->k; t++)
		{
			env.min = c->size[t] < env.min ? c->size[t] : env.min;
			env.max = c->size[t] > env.max ? c->size[t] : env.max;
		}

		/*
		 * The pairs whose bounding boxes meet, not only neighbours by
		 * centroid: a turf stretched from a subdivision to the scattered
		 * houses beyond it can overlap one whose centroid is not among its
		 * nearest.  A sweep over the boxes sorted by their west edge.
		 */
		for (t = 0; t < c->k; t++)
		{
			int32_t		p = c->head[t];

			if ((t & 255) == 0)
				check_interrupt(c);
			box[4 * t] = box[4 * t + 1] = c->x[p];
			box[4 * t + 2] = box[4 * t + 3] = c->y[p];
			for (; p >= 0; p = c->next[p])
			{
				box[4 * t] = c->x[p] < box[4 * t] ? c->x[p] : box[4 * t];
				box[4 * t + 1] = c->x[p] > box[4 * t + 1] ? c->x[p] : box[4 * t + 1];
				box[4 * t + 2] = c->y[p] < box[4 * t + 2] ? c->y[p] : box[4 * t + 2];
				box[4 * t + 3] = c->y[p] > box[4 * t + 3] ? c->y[p] : box[4 * t + 3];
			}
			west[t].key = box[4 * t];
			west[t].i = (int32_t) t;
		}
		qsort(west, (size_t) c->k, sizeof(KeyItem), cmp_key);
		for (t = 0; t < c->k; t++)
		{
			int32_t		a = west[t].i;
			int64_t		j;
			int			split;

			check_interrupt(c);
			for (j = t + 1; j < c->k && west[j].key <= box[4 * a + 1]; j++)
			{
				int32_t		b = west[j].i;

				if (box[4 * b + 2] > box[4 * a + 3] || box[4 * a + 2] > box[4 * b + 3])
					continue;
				/* after the full passes, only pairs with a turf re-split since the last pass */
				if (pass >= TURF_UNTANGLE_PASSES && last[a] < pass - 1 && last[b] < pass - 1)
					continue;
				split = untangle_pair(c, a < b ? a : b, a < b ? b : a, buf, &env);
				if (split < 0)
				{
					done = -1;
					goto out;
				}
				done += split;
			}
		}
		if (done == before)
			break;
	}
out:
	core_free(c->mem, box);
	core_free(c->mem, west);
	core_free(c->mem, last);
	return done;
}
