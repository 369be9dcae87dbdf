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
 * Untangles neighbouring turfs a and b (stage 5): if no straight line of
 * the TURF_UNTANGLE_DIRS directions separates their points, they are
 * re-split by the straight line that gives the least weighted sum of
 * squared distances to the two new centroids among those that leave both
 * sizes between the old two (so balance never worsens), the part on the
 * side of a's centroid going to a.  buf holds at least size-of-both
 * points.  Returns 1 if the pair was re-split, else 0 (already separated,
 * or no straight split keeps the balance).
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
		return 0;
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
	env->min = c->size[a] < env->min ? c->size[a] : env->min;
	env->min = c->size[b] < env->min ? c->size[b] : env->min;
	env->max = c->size[a] > env->max ? c->size[a] : env->max;
	env->max = c->size[b] > env->max ? c->size[b] : env->max;
	return 1;
}

/*
 * Untangling (stage 5): passes over every pair of turfs whose bounding
 * boxes meet, at most TURF_UNTANGLE_PASSES, until no pair is re-split.
 * Returns the re-splits, -1 on no memory.
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

	if (!box || !west)
	{
		core_free(c->mem, box);
		core_free(c->mem, west);
		return -1;
	}
	for (t = 0; t < c->k; t++)
		total += c->size[t];
	env.wmax = wmax;
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
	for (pass = 0; pass < TURF_UNTANGLE_PASSES; pass++)
	{
		int64_t		before = done;

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

			check_interrupt(c);
			for (j = t + 1; j < c->k && west[j].key <= box[4 * a + 1]; j++)
			{
				int32_t		b = west[j].i;

				if (box[4 * b + 2] > box[4 * a + 3] || box[4 * a + 2] > box[4 * b + 3])
					continue;
				done += untangle_pair(c, a < b ? a : b, a < b ? b : a, buf, &env);
			}
		}
		if (done == before)
			break;
	}
	core_free(c->mem, box);
	core_free(c->mem, west);
	return done;
}
