/*
 * route.c
 *	  Walk order: a short open path through the doors of a turf.
 *
 * The points are first sorted canonically (by x, then y) and points at the
 * same coordinates collapsed into one stop, so everything that follows sees
 * the same input whatever order the rows came in.  Then:
 *
 *	- up to ROUTE_EXACT_MAX stops, the optimal open path by Held-Karp dynamic
 *	  programming over subsets (free start, free end);
 *	- above that, a nearest-neighbour path from the stop with the smallest x
 *	  (then y), improved by local search to a local optimum.  Its moves look
 *	  only at each stop's ROUTE_NEIGHBOURS nearest stops, found with a
 *	  uniform grid (core/grid.c; or, up to ROUTE_TABLE_MAX stops, from a table of all
 *	  distances, which the moves then read too), and a work queue (don't-look bits) revisits only stops
 *	  next to a change:
 *	  . on turf-sized inputs (up to ROUTE_PERTURB_MAX stops), Lin-Kernighan
 *	    chains of up to ROUTE_LK_DEPTH sequential reversals over the
 *	    ROUTE_LK_NEIGHBOURS nearest stops, the open ends counting as a dummy
 *	    stop at distance 0 from all (which covers 2-opt and moving either
 *	    end), and Or-3opt: move a run of 1 to ROUTE_OR_MAX stops next to a
 *	    neighbour of one of its ends, either way round (which covers Or-opt);
 *	  . on larger inputs, 2-opt (reverse a stretch, which also moves either
 *	    end) and Or-opt (move a run of 1 to 3 stops elsewhere, either way
 *	    round), whose cost per move stays bounded.
 *	  Then, on turf-sized inputs, iterated local search: rounds of a seeded
 *	  double bridge (two stretches swapped, mostly short ones near each
 *	  other) followed by the same local search, each kept only when the
 *	  path gets shorter.  The number of rounds depends on the number of
 *	  stops alone (ROUTE_ROUNDS_PER_8_STOPS), never on the clock.
 *
 * Every choice breaks ties by canonical index, and improvements must beat a
 * tolerance relative to the extent of the points, so the result is
 * reproducible bit for bit.  The path is turned to start at its end with
 * the smaller (x, y) and compared with the plain nearest-neighbour path
 * (the shorter is kept, so it is never longer); finally the stops are
 * expanded back into their points.
 */
#include "core/route.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_alloc.h"
#include "core/grid.h"

#define ROUTE_EXACT_MAX 12		/* Held-Karp up to this many stops (at most 16) */
#define ROUTE_NEIGHBOURS 10		/* candidate list length */
#define ROUTE_PERTURB_MAX 400	/* perturbation rounds and deeper moves only up to this many stops */
#define ROUTE_TABLE_MAX 128		/* a table of distances up to this many stops */
#define ROUTE_LK_NEIGHBOURS 5	/* candidates per step of a Lin-Kernighan chain */

/* The search budget: the defaults are what bench/bench_route.sh measured. */
#ifndef ROUTE_ROUNDS_PER_8_STOPS
#define ROUTE_ROUNDS_PER_8_STOPS 8	/* perturbation rounds per eight stops */
#endif
#ifndef ROUTE_OR_MAX
#define ROUTE_OR_MAX 12			/* longest run Or-3opt moves */
#endif
#ifndef ROUTE_LK_DEPTH
#define ROUTE_LK_DEPTH 3		/* longest Lin-Kernighan chain, in reversals (1 to 10) */
#endif
#ifndef ROUTE_KICK_SPAN
#define ROUTE_KICK_SPAN 30		/* longest stretch a local double bridge swaps */
#endif

typedef struct SortItem
{
	double		x;
	double		y;
	size_t		index;
} SortItem;

/* Working state of one route over m distinct stops. */
typedef struct Route
{
	int32_t		m;
	const double *x;			/* stop coordinates, canonical order */
	const double *y;
	int32_t		k;				/* neighbours per stop */
	int32_t    *nbr;			/* m * k nearest stops, by (distance, index) */
	int32_t    *p;				/* path: stop at each position */
	int32_t    *pos;			/* position of each stop */
	int32_t    *queue;			/* circular work queue of stops */
	char	   *queued;
	int32_t		qhead;
	int32_t		qlen;
	int32_t		maxrev;			/* longest stretch 2-opt reverses */
	int32_t		ormax;			/* longest run Or-3opt moves */
	int			lk;				/* whether to try Lin-Kernighan chains */
	int32_t    *run;			/* scratch for the moved run (ormax stops) */
	const double *dm;			/* m x m distances, or NULL (not owned) */
	double		eps;			/* smallest improvement taken */
	void		(*interrupt) (void);
	uint32_t	ticks;
	const CoreAlloc *mem;
} Route;

/* Orders points by x, then y, then input index. */
static int
cmp_point(const void *a, const void *b)
{
	const SortItem *pa = a;
	const SortItem *pb = b;

	if (pa->x != pb->x)
		return pa->x < pb->x ? -1 : 1;
	if (pa->y != pb->y)
		return pa->y < pb->y ? -1 : 1;
	return (pa->index > pb->index) - (pa->index < pb->index);
}

/* Euclidean distance between stops a and b. */
static inline double
dist(const double *x, const double *y, int32_t a, int32_t b)
{
	double		dx = x[a] - x[b];
	double		dy = y[a] - y[b];

	return sqrt(dx * dx + dy * dy);
}

/* Calls the interrupt callback every few thousand steps. */
static inline void
tick(Route *r)
{
	if (r->interrupt && (++r->ticks & 1023) == 0)
		r->interrupt();
}

/* Length of the open path p over m stops. */
static double
path_length(const double *x, const double *y, const int32_t *p, int32_t m)
{
	double		len = 0.0;
	int32_t		i;

	for (i = 1; i < m; i++)
		len += dist(x, y, p[i - 1], p[i]);
	return len;
}

/* ---------- nearest-neighbour construction ---------- */

/*
 * Plain nearest-neighbour path over m canonical stops, starting at stop 0:
 * always the nearest unvisited stop, ties to the smaller index.  nbr (k per
 * stop, sorted) answers most steps; the grid the rest.
 */
static int
nearest_neighbour_path(const double *x, const double *y, int32_t m,
					   const int32_t *nbr, int32_t k, int32_t *p,
					   void (*interrupt) (void), const CoreAlloc *mem)
{
	Grid		g;
	char	   *visited = core_alloc0(mem, (size_t) m, 1);
	int32_t		i,
				cur = 0;
	int			ok = 0;

	if (!visited || grid_build(&g, x, y, NULL, m, GRID_EUCLIDEAN | GRID_REMOVABLE, interrupt, mem) != 0)
	{
		if (visited)
			grid_free(&g);
		core_free(mem, visited);
		return 0;
	}
	p[0] = 0;
	visited[0] = 1;
	grid_remove(&g, 0);
	for (i = 1; i < m; i++)
	{
		int32_t		next = -1,
					j;

		if (interrupt && (i & 1023) == 0)
			interrupt();
		for (j = 0; j < k; j++)
		{
			if (!visited[nbr[(size_t) cur * k + j]])
			{
				next = nbr[(size_t) cur * k + j];
				break;
			}
		}
		if (next < 0)
		{
			double		d;

			if (grid_nearest(&g, x[cur], y[cur], cur, 1, &next, &d) != 1)
				goto done;		/* cannot happen: some stop is left */
		}
		p[i] = next;
		visited[next] = 1;
		grid_remove(&g, next);
		cur = next;
	}
	ok = 1;
done:
	grid_free(&g);
	core_free(mem, visited);
	return ok;
}

/* ---------- exact solution for few stops ---------- */

/* Optimal open path over m <= ROUTE_EXACT_MAX stops by Held-Karp. */
static int
exact_path(const double *x, const double *y, int32_t m, int32_t *p, const CoreAlloc *mem)
{
	size_t		nmask = (size_t) 1 << m;
	double	   *dp = core_alloc(mem, nmask * (size_t) m, sizeof(double));
	int8_t	   *from = core_alloc(mem, nmask * (size_t) m, 1);
	size_t		mask,
				full = nmask - 1;
	int32_t		j,
				l,
				best = 0;

	if (!dp || !from)
	{
		core_free(mem, dp);
		core_free(mem, from);
		return 0;
	}
	for (mask = 1; mask < nmask; mask++)
	{
		for (j = 0; j < m; j++)
		{
			size_t		at = mask * m + j;
			size_t		prev;

			dp[at] = INFINITY;
			from[at] = -1;
			if (!(mask & ((size_t) 1 << j)))
				continue;
			prev = mask & ~((size_t) 1 << j);
			if (prev == 0)
			{
				dp[at] = 0.0;
				continue;
			}
			for (l = 0; l < m; l++)
			{
				double		c;

				if (!(prev & ((size_t) 1 << l)))
					continue;
				c = dp[prev * m + l] + dist(x, y, l, j);
				if (c < dp[at])
				{
					dp[at] = c;
					from[at] = (int8_t) l;
				}
			}
		}
	}
	for (j = 1; j < m; j++)
		if (dp[full * m + j] < dp[full * m + best])
			best = j;
	mask = full;
	for (l = m - 1; l >= 0; l--)
	{
		int32_t		prev = from[mask * m + best];

		p[l] = best;
		mask &= ~((size_t) 1 << best);
		best = prev;
	}
	core_free(mem, dp);
	core_free(mem, from);
	return 1;
}

/* ---------- local search ---------- */

/* Adds stop s to the work queue unless it is there already. */
static inline void
enqueue(Route *r, int32_t s)
{
	if (s < 0 || r->queued[s])
		return;
	r->queued[s] = 1;
	r->queue[(r->qhead + r->qlen) % r->m] = s;
	r->qlen++;
}

/* Distance between stops a and b, from the table when there is one. */
static inline double
rdist(const Route *r, int32_t a, int32_t b)
{
	return r->dm ? r->dm[(size_t) a * r->m + b] : dist(r->x, r->y, a, b);
}

/* Distance between stops, 0 when either is -1 (an open end). */
static inline double
dd(const Route *r, int32_t a, int32_t b)
{
	if (a < 0 || b < 0)
		return 0.0;
	return rdist(r, a, b);
}

/* Stop at position i, or -1 outside the path. */
static inline int32_t
at(const Route *r, int32_t i)
{
	return (i < 0 || i >= r->m) ? -1 : r->p[i];
}

/* Reverses the path between positions i and j inclusive. */
static void
reverse(Route *r, int32_t i, int32_t j)
{
	while (i < j)
	{
		int32_t		a = r->p[i],
					b = r->p[j];

		r->p[i] = b;
		r->pos[b] = i;
		r->p[j] = a;
		r->pos[a] = j;
		i++;
		j--;
	}
}

/* Reverses positions i..j (i <= j) and queues the stops at the four ends. */
static void
apply_2opt(Route *r, int32_t i, int32_t j)
{
	enqueue(r, at(r, i - 1));
	enqueue(r, at(r, i));
	enqueue(r, at(r, j));
	enqueue(r, at(r, j + 1));
	reverse(r, i, j);
}

/*
 * Tries 2-opt moves that give stop a a new edge to one of its neighbours;
 * applies the first that shortens the path by more than eps.
 */
static int
try_2opt(Route *r, int32_t a)
{
	int32_t		i = r->pos[a];
	int32_t		succ = at(r, i + 1);
	int32_t		pred = at(r, i - 1);
	double		dsucc = dd(r, a, succ);
	double		dpred = dd(r, a, pred);
	/* an end of the path may join anything: its missing edge costs nothing */
	double		lsucc = succ >= 0 ? dsucc : INFINITY;
	double		lpred = pred >= 0 ? dpred : INFINITY;
	int32_t		t;

	for (t = 0; t < r->k; t++)
	{
		int32_t		c = r->nbr[(size_t) a * r->k + t];
		int32_t		j = r->pos[c];
		double		dac = rdist(r, a, c);
		double		delta;

		tick(r);
		if (dac >= lsucc && dac >= lpred)
			break;
		/* new edge (a, c) in place of (a, succ) */
		if (dac < lsucc)
		{
			if (succ >= 0 && j > i + 1 && j - i <= r->maxrev)
			{
				/* reverse i+1..j: (a,succ),(c,c+) -> (a,c),(succ,c+) */
				int32_t		cn = at(r, j + 1);

				delta = dac + dd(r, succ, cn) - dsucc - dd(r, c, cn);
				if (delta < -r->eps)
				{
					apply_2opt(r, i + 1, j);
					return 1;
				}
			}
			else if (j < i - 1 && i - j <= r->maxrev)
			{
				/* reverse j+1..i: (c,c+),(a,succ) -> (c,a),(c+,succ) */
				int32_t		cn = at(r, j + 1);

				delta = dac + dd(r, cn, succ) - dd(r, c, cn) - dsucc;
				if (delta < -r->eps)
				{
					apply_2opt(r, j + 1, i);
					return 1;
				}
			}
		}
		/* new edge (c, a) in place of (pred, a) */
		if (dac < lpred)
		{
			if (pred >= 0 && j < i - 1 && i - j <= r->maxrev)
			{
				/* reverse j..i-1: (c-,c),(pred,a) -> (c-,pred),(c,a) */
				int32_t		cp = at(r, j - 1);

				delta = dac + dd(r, cp, pred) - dd(r, cp, c) - dpred;
				if (delta < -r->eps)
				{
					apply_2opt(r, j, i - 1);
					return 1;
				}
			}
			else if (j > i + 1 && j - i <= r->maxrev)
			{
				/* reverse i..j-1: (pred,a),(c-,c) -> (pred,c-),(a,c) */
				int32_t		cp = at(r, j - 1);

				delta = dac + dd(r, pred, cp) - dpred - dd(r, cp, c);
				if (delta < -r->eps)
				{
					apply_2opt(r, i, j - 1);
					return 1;
				}
			}
		}
	}
	return 0;
}

/*
 * Moves the run at positions i..i+len-1 to lie between positions u and u+1
 * (u may be -1 or m-1 for the ends; u outside the run), reversed if rev.
 */
static void
move_run(Route *r, int32_t i, int32_t len, int32_t u, int rev)
{
	int32_t    *run = r->run;
	int32_t		t,
				dst;

	for (t = 0; t < len; t++)
		run[t] = r->p[i + t];
	if (u < i)
	{
		for (t = i - 1; t > u; t--)
		{
			r->p[t + len] = r->p[t];
			r->pos[r->p[t + len]] = t + len;
		}
		dst = u + 1;
	}
	else
	{
		for (t = i + len; t <= u; t++)
		{
			r->p[t - len] = r->p[t];
			r->pos[r->p[t - len]] = t - len;
		}
		dst = u - len + 1;
	}
	for (t = 0; t < len; t++)
	{
		int32_t		s = rev ? run[len - 1 - t] : run[t];

		r->p[dst + t] = s;
		r->pos[s] = dst + t;
	}
}

/*
 * Tries Or-opt moves of the runs of 1 to 3 stops starting at stop a: each
 * is taken out and put back next to a neighbour of one of its ends, either
 * way round; applies the first that shortens the path by more than eps.
 */
static int
try_oropt(Route *r, int32_t a)
{
	int32_t		i = r->pos[a];
	int32_t		len;

	for (len = 1; len <= 3 && i + len <= r->m && len < r->m; len++)
	{
		int32_t		s0 = r->p[i];
		int32_t		sl = r->p[i + len - 1];
		int32_t		prev = at(r, i - 1);
		int32_t		next = at(r, i + len);
		double		gain = dd(r, prev, s0) + dd(r, sl, next) -
			((prev >= 0 && next >= 0) ? dd(r, prev, next) : 0.0);
		int			e;

		if (gain <= r->eps)
			continue;
		for (e = 0; e < 2; e++)
		{
			int32_t		end = e == 0 ? s0 : sl;
			int32_t		t;

			if (e == 1 && len == 1)
				break;
			for (t = 0; t < r->k; t++)
			{
				int32_t		c = r->nbr[(size_t) end * r->k + t];
				int32_t		jc = r->pos[c];
				int			side;

				tick(r);
				if (rdist(r, end, c) >= gain)
					break;
				if (jc >= i && jc < i + len)
					continue;
				for (side = 0; side < 2; side++)
				{
					/* the edge (u, v) at positions (pu, pu+1) next to c */
					int32_t		pu = side == 0 ? jc - 1 : jc;
					int32_t		u = at(r, pu);
					int32_t		v = at(r, pu + 1);
					double		base,
								fwd,
								bwd;

					if (pu >= i - 1 && pu <= i + len - 1)
						continue;	/* an edge touching the run */
					if (u < 0 && v < 0)
						continue;
					base = (u >= 0 && v >= 0) ? dd(r, u, v) : 0.0;
					fwd = dd(r, u, s0) + dd(r, sl, v) - base;
					bwd = dd(r, u, sl) + dd(r, s0, v) - base;
					if (fwd - gain < -r->eps || bwd - gain < -r->eps)
					{
						int			rev = bwd < fwd;

						enqueue(r, prev);
						enqueue(r, next);
						enqueue(r, u);
						enqueue(r, v);
						enqueue(r, s0);
						enqueue(r, sl);
						move_run(r, i, len, pu, rev);
						return 1;
					}
				}
			}
		}
	}
	return 0;
}

/*
 * Applies an Or-3opt move found by try_or3opt: the run at positions
 * s..s+len-1 goes between positions pu and pu+1, reversed if rev; queues
 * the stops at the six ends.
 */
static void
apply_or3opt(Route *r, int32_t s, int32_t len, int32_t pu, int rev)
{
	enqueue(r, at(r, s - 1));
	enqueue(r, at(r, s));
	enqueue(r, at(r, s + len - 1));
	enqueue(r, at(r, s + len));
	enqueue(r, at(r, pu));
	enqueue(r, at(r, pu + 1));
	move_run(r, s, len, pu, rev);
}

/*
 * Or-3opt (segment insertion, either way round): moves a run of 1 to
 * r->ormax stops with stop a at one end so that a gets a new edge to one of
 * its neighbours c, between c and c's successor or predecessor.  Only
 * neighbours nearer to a than the edge a loses are tried (the gain
 * criterion of Lin and Kernighan); for each, every run length is evaluated
 * in O(1).  Applies the first move that shortens the path by more than eps.
 */
static int
try_or3opt(Route *r, int32_t a)
{
	int32_t		i = r->pos[a];
	int			dir;

	for (dir = 0; dir < 2; dir++)
	{
		/* dir 0: the run is i..e going forward, a loses (pred, a); dir 1: s..i, a loses (a, succ) */
		int32_t		out = at(r, dir == 0 ? i - 1 : i + 1);
		double		dout = dd(r, out, a);
		int32_t		t;

		if (out < 0)
			continue;
		for (t = 0; t < r->k; t++)
		{
			int32_t		c = r->nbr[(size_t) a * r->k + t];
			int32_t		jc = r->pos[c];
			double		dac = rdist(r, a, c);
			int			side;

			tick(r);
			if (dac >= dout)
				break;
			for (side = 0; side < 2; side++)
			{
				/* side 0: between c and its successor; 1: its predecessor and c */
				int32_t		pu = side == 0 ? jc : jc - 1;
				int32_t		v = at(r, side == 0 ? jc + 1 : jc - 1);
				double		dcv = dd(r, c, v);
				int32_t		len;

				if (pu - i > r->maxrev || i - pu > r->maxrev)
					continue;
				for (len = 1; len <= r->ormax; len++)
				{
					int32_t		s = dir == 0 ? i : i - len + 1;
					int32_t		e = s + len - 1;
					int32_t		b,
								far;
					double		delta;

					tick(r);
					/* the edge (pu, pu+1) must lie outside the run and not touch it */
					if (s < 0 || e >= r->m || (pu >= s - 1 && pu <= e))
						break;	/* longer runs reach past the path or over the edge too */
					b = r->p[dir == 0 ? e : s];	/* the run's other end */
					far = at(r, dir == 0 ? e + 1 : s - 1);	/* b's neighbour outside */
					delta = dac + dd(r, b, v) + (far >= 0 ? dd(r, out, far) : 0.0)
						- dout - dd(r, b, far) - dcv;
					if (delta < -r->eps)
					{
						/* a next to c: first in the run's new order when c comes before it */
						int			a_first = side == 0;
						int			rev = (dir == 0) ? !a_first : a_first;

						apply_or3opt(r, s, len, pu, rev);
						return 1;
					}
				}
			}
		}
	}
	return 0;
}

/* One reversal of a Lin-Kernighan chain, positions lo..hi. */
typedef struct LKFlip
{
	int32_t		lo;
	int32_t		hi;
} LKFlip;

/* Where position q goes when positions f->lo..f->hi are reversed (and back). */
static inline int32_t
flip_map(const LKFlip *f, int32_t q)
{
	return (q >= f->lo && q <= f->hi) ? f->lo + f->hi - q : q;
}

/* Position of stop s once the n pending reversals are made. */
static inline int32_t
lk_pos(const Route *r, const LKFlip *flips, int n, int32_t s)
{
	int32_t		q = r->pos[s];
	int			f;

	for (f = 0; f < n; f++)
		q = flip_map(&flips[f], q);
	return q;
}

/* Stop at position q once the n pending reversals are made, or -1 off the path. */
static inline int32_t
lk_at(const Route *r, const LKFlip *flips, int n, int32_t q)
{
	int			f;

	if (q < 0 || q >= r->m)
		return -1;
	for (f = n - 1; f >= 0; f--)
		q = flip_map(&flips[f], q);
	return r->p[q];
}

/*
 * One step of a Lin-Kernighan chain (sequential 2-opt moves, "flips").
 * The path, with the depth reversals in flips made, has the edge between
 * t1 and its neighbour t2 on side dir (+1 or -1), which the chain breaks;
 * g is the length removed so far minus the length added, not counting the
 * edge closing the chain back at t1.  An open end counts as a dummy stop
 * at distance 0 from all, so a chain may also free an end or make t1 one.
 * For the dummy and up to breadth[depth] (3, 2, then 1) of t2's
 * ROUTE_LK_NEIGHBOURS nearest stops t3 with g - d(t2, t3) > 0 (the gain
 * criterion), nearest first, the reversal adding (t2, t3) and breaking
 * (t3, t4) is considered; if closing at (t4, t1) shortens the path by more
 * than eps, the chain's reversals are made and their ends queued (returns
 * 1); otherwise the chain goes on from t4.
 * Reversals stay pending (positions mapped through them) until a chain is
 * taken, so a failed search moves nothing.
 */
static int
lk_step(Route *r, int32_t t1, int dir, double g, int depth, LKFlip *flips)
{
	static const int breadth[10] = {3, 2, 1, 1, 1, 1, 1, 1, 1, 1};
	int32_t		i = lk_pos(r, flips, depth, t1);
	int32_t		t2 = lk_at(r, flips, depth, i + dir);
	int32_t		tries = 0,
				t;
	int32_t		k = r->k < ROUTE_LK_NEIGHBOURS ? r->k : ROUTE_LK_NEIGHBOURS;

	for (t = -1; t < k && tries < breadth[depth]; t++)
	{
		/* t = -1: the dummy (t2 becomes an end); its position is one past the path */
		int32_t		t3 = t < 0 ? -1 : r->nbr[(size_t) t2 * r->k + t];
		int32_t		j = t < 0 ? (dir > 0 ? r->m : -1) : lk_pos(r, flips, depth, t3);
		int32_t		t4 = lk_at(r, flips, depth, j - dir);
		double		d23 = t < 0 ? 0.0 : rdist(r, t2, t3);
		double		g1 = g - d23,
					gain;
		int32_t		lo,
					hi,
					f;
		int			ndir;

		tick(r);
		if (g1 <= r->eps)
			break;				/* the list is sorted: no later t3 does better */
		if ((j - i) * dir > 2)
		{
			/* t3 beyond t2: reverse t2..t4, t1 keeps its place, t4 comes next to it */
			lo = dir > 0 ? i + 1 : j + 1;
			hi = dir > 0 ? j - 1 : i - 1;
			ndir = dir;
		}
		else if ((j - i) * dir < 0 && t >= 0)
		{
			/* t3 behind t1: reverse t3..t1, t1 goes to t3's place, next to t4 on the other side */
			lo = dir > 0 ? j : i;
			hi = dir > 0 ? i : j;
			ndir = -dir;
		}
		else
			continue;			/* t3 is t1, t2 or next to t2 */
		if (hi - lo > r->maxrev)
			continue;
		if (t >= 0)
			tries++;		/* the dummy comes on top of the breadth */
		flips[depth].lo = lo;
		flips[depth].hi = hi;
		gain = g1 + dd(r, t3, t4) - dd(r, t4, t1);
		if (gain > r->eps)
		{
			for (f = 0; f <= depth; f++)
			{
				enqueue(r, at(r, flips[f].lo - 1));
				enqueue(r, at(r, flips[f].hi + 1));
				reverse(r, flips[f].lo, flips[f].hi);
				enqueue(r, at(r, flips[f].lo));
				enqueue(r, at(r, flips[f].hi));
			}
			return 1;
		}
		if (t4 >= 0 && depth + 1 < ROUTE_LK_DEPTH &&
			lk_step(r, t1, ndir, g1 + dd(r, t3, t4), depth + 1, flips))
			return 1;
	}
	return 0;
}

/* Tries a Lin-Kernighan chain from stop a, breaking either of its edges. */
static int
try_lk(Route *r, int32_t a)
{
	LKFlip		flips[ROUTE_LK_DEPTH];
	int			dir;

	for (dir = -1; dir <= 1; dir += 2)
	{
		int32_t		t2 = at(r, r->pos[a] + dir);

		if (t2 >= 0 && lk_step(r, a, dir, rdist(r, a, t2), 0, flips))
			return 1;
	}
	return 0;
}

/*
 * Runs the moves from the queued stops until none improves: on turf-sized
 * inputs the Lin-Kernighan chains (which include 2-opt) and Or-3opt (which
 * includes Or-opt), otherwise 2-opt and Or-opt.
 */
static void
local_search(Route *r)
{
	while (r->qlen > 0)
	{
		int32_t		a = r->queue[r->qhead];

		r->qhead = (r->qhead + 1) % r->m;
		r->qlen--;
		r->queued[a] = 0;
		tick(r);
		if (r->lk ? (try_lk(r, a) || try_or3opt(r, a)) : (try_2opt(r, a) || try_oropt(r, a)))
			enqueue(r, a);
	}
}

/* Queues every stop, in path order. */
static void
queue_all(Route *r)
{
	int32_t		i;

	for (i = 0; i < r->m; i++)
		enqueue(r, r->p[i]);
}

/* splitmix64, so perturbations are the same on every run. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t	z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * Double bridge on an open path: cut A B C D at three points and rejoin as
 * A C B D (A or D may be empty); queues the stops at the cuts.  B and C are
 * each 1 to ROUTE_KICK_SPAN stops long in every other kick (local kicks
 * keep most of a good path, so the local search repairs them quickly), up
 * to half the path in the others.  The choices come from rng alone.
 */
static void
double_bridge(Route *r, uint64_t *rng, int32_t *tmp)
{
	int32_t		m = r->m;
	int32_t		span = m / 3 < ROUTE_KICK_SPAN ? m / 3 : ROUTE_KICK_SPAN;
	int32_t		c0,
				c1,
				c2,
				t,
				n = 0;

	c0 = (int32_t) (next_random(rng) % (uint64_t) (m - 1));
	if (next_random(rng) & 1)
		span = m / 2;			/* every other kick reaches further */
	c1 = c0 + 1 + (int32_t) (next_random(rng) % (uint64_t) span);
	c2 = c1 + 1 + (int32_t) (next_random(rng) % (uint64_t) span);
	if (c2 > m)
		c2 = m;
	if (c1 >= c2)
		return;
	for (t = c1; t < c2; t++)
		tmp[n++] = r->p[t];
	for (t = c0; t < c1; t++)
		tmp[n++] = r->p[t];
	for (t = 0; t < n; t++)
	{
		r->p[c0 + t] = tmp[t];
		r->pos[tmp[t]] = c0 + t;
	}
	enqueue(r, at(r, c0 - 1));
	enqueue(r, at(r, c0));
	enqueue(r, at(r, c0 + (c2 - c1) - 1));
	enqueue(r, at(r, c0 + (c2 - c1)));
	enqueue(r, at(r, c2 - 1));
	enqueue(r, at(r, c2));
}

/*
 * Improves path p (m stops) in place: local search, then for turf-sized
 * inputs m * ROUTE_ROUNDS_PER_8_STOPS / 8 perturbation rounds, keeping the
 * best.  dm, when not NULL, is the table of distances between the stops.
 */
static int
improve_path(const double *x, const double *y, int32_t m, const int32_t *nbr,
			 const double *dm, int32_t k, int32_t *p, double eps,
			 void (*interrupt) (void), const CoreAlloc *mem)
{
	Route		r;
	int32_t    *best = NULL,
			   *tmp = NULL;
	int32_t		i;
	int			ok = 0;

	memset(&r, 0, sizeof(r));
	r.m = m;
	r.x = x;
	r.y = y;
	r.k = k;
	r.nbr = (int32_t *) nbr;
	r.p = p;
	r.eps = eps;
	r.interrupt = interrupt;
	r.mem = mem;
	r.maxrev = m <= 20000 ? m : (int32_t) fmax(1000.0, 4.0e8 / m);
	r.pos = core_alloc(mem, (size_t) m, sizeof(int32_t));
	r.queue = core_alloc(mem, (size_t) m, sizeof(int32_t));
	r.queued = core_alloc0(mem, (size_t) m, 1);
	r.ormax = m - 1 < ROUTE_OR_MAX ? m - 1 : ROUTE_OR_MAX;
	r.lk = ROUTE_LK_DEPTH > 0 && m <= ROUTE_PERTURB_MAX;
	r.dm = dm;
	r.run = core_alloc(mem, (size_t) m, sizeof(int32_t));
	if (!r.pos || !r.queue || !r.queued || !r.run)
		goto done;
	for (i = 0; i < m; i++)
		r.pos[p[i]] = i;
	queue_all(&r);
	local_search(&r);

	if (m >= 8 && m <= ROUTE_PERTURB_MAX)
	{
		uint64_t	rng = 0x63616e7661737321ULL ^ (uint64_t) m;
		double		best_len = path_length(x, y, p, m);
		int32_t		rounds = m * ROUTE_ROUNDS_PER_8_STOPS / 8,
					round;

		best = core_alloc(mem, (size_t) m, sizeof(int32_t));
		tmp = core_alloc(mem, (size_t) m, sizeof(int32_t));
		if (!best || !tmp)
			goto done;
		memcpy(best, p, sizeof(int32_t) * (size_t) m);
		for (round = 0; round < rounds; round++)
		{
			double		len;

			double_bridge(&r, &rng, tmp);
			local_search(&r);
			len = path_length(x, y, p, m);
			if (len < best_len - eps)
			{
				best_len = len;
				memcpy(best, p, sizeof(int32_t) * (size_t) m);
			}
			else
			{
				memcpy(p, best, sizeof(int32_t) * (size_t) m);
				for (i = 0; i < m; i++)
					r.pos[p[i]] = i;
			}
		}
	}
	ok = 1;
done:
	core_free(mem, r.pos);
	core_free(mem, r.queue);
	core_free(mem, r.queued);
	core_free(mem, r.run);
	core_free(mem, best);
	core_free(mem, tmp);
	return ok;
}

/* ---------- entry points ---------- */

/*
 * Canonical stops of the input: sorts the points and collapses identical
 * ones.  items receives the sorted points; sx/sy the m distinct stops;
 * first[s] the position in items of stop s's first point (first[m] = n).
 * interrupt, when not NULL, is called before and after the sort (qsort,
 * which takes no callback: about 1.1 s of CPU for the 5.3 million points
 * that the default canvass.max_memory admits) and every 65536 points of
 * the loops.
 */
static RouteStatus
canonical_stops(const double *x, const double *y, size_t n, SortItem **items_out,
				double **sx_out, double **sy_out, size_t **first_out, int32_t *m_out,
				void (*interrupt) (void), const CoreAlloc *mem)
{
	SortItem   *items;
	double	   *sx,
			   *sy;
	size_t	   *first;
	size_t		i;
	int32_t		m = 0;

	if (n > (size_t) INT32_MAX - 1)
		return ROUTE_TOO_MANY;
	for (i = 0; i < n; i++)
		if (!(fabs(x[i]) <= ROUTE_COORD_MAX) || !(fabs(y[i]) <= ROUTE_COORD_MAX))
			return ROUTE_NOT_FINITE;	/* also catches NaN */
	items = core_alloc(mem, n, sizeof(SortItem));
	sx = core_alloc(mem, n, sizeof(double));
	sy = core_alloc(mem, n, sizeof(double));
	first = core_alloc(mem, n + 1, sizeof(size_t));
	if (!items || !sx || !sy || !first)
	{
		core_free(mem, items);
		core_free(mem, sx);
		core_free(mem, sy);
		core_free(mem, first);
		return ROUTE_NO_MEMORY;
	}
	for (i = 0; i < n; i++)
	{
		if (interrupt && (i & 0xFFFF) == 0)
			interrupt();
		items[i].x = x[i] == 0.0 ? 0.0 : x[i];	/* -0 and 0 are one place */
		items[i].y = y[i] == 0.0 ? 0.0 : y[i];
		items[i].index = i;
	}
	qsort(items, n, sizeof(SortItem), cmp_point);
	for (i = 0; i < n; i++)
	{
		if (interrupt && (i & 0xFFFF) == 0)
			interrupt();
		if (i == 0 || items[i].x != items[i - 1].x || items[i].y != items[i - 1].y)
		{
			sx[m] = items[i].x;
			sy[m] = items[i].y;
			first[m] = i;
			m++;
		}
	}
	first[m] = n;
	*items_out = items;
	*sx_out = sx;
	*sy_out = sy;
	*first_out = first;
	*m_out = m;
	return ROUTE_OK;
}

/* The m x m table of distances between the stops, or NULL when out of memory. */
static double *
distance_table(const double *x, const double *y, int32_t m, void (*interrupt) (void),
			   const CoreAlloc *mem)
{
	double	   *dm = core_alloc(mem, (size_t) m * (size_t) m, sizeof(double));
	int32_t		a,
				b;

	if (!dm)
		return NULL;
	for (a = 0; a < m; a++)
	{
		if (interrupt && (a & 63) == 63)
			interrupt();
		dm[(size_t) a * m + a] = 0.0;
		for (b = a + 1; b < m; b++)
			dm[(size_t) a * m + b] = dm[(size_t) b * m + a] = dist(x, y, a, b);
	}
	return dm;
}

/*
 * The k nearest neighbours of every stop, sorted by (distance, index): from
 * the table dm when there is one (a scan of each row), else with a grid.
 */
static int
neighbour_lists(const double *x, const double *y, int32_t m, int32_t k, const double *dm,
				int32_t *nbr, void (*interrupt) (void), const CoreAlloc *mem)
{
	Grid		g;
	double	   *d = core_alloc(mem, (size_t) (k > 0 ? k : 1), sizeof(double));
	int32_t		s;

	if (d && dm)
	{
		for (s = 0; s < m; s++)
		{
			int32_t    *out = nbr + (size_t) s * k;
			int32_t		q,
						found = 0;

			if (interrupt && (s & 63) == 63)
				interrupt();
			for (q = 0; q < m; q++)
			{
				double		dq = dm[(size_t) s * m + q];
				int32_t		j;

				/* rows are scanned by increasing index, so ties keep index order */
				if (q == s || (found == k && dq >= d[k - 1]))
					continue;
				j = found < k ? found++ : k - 1;
				while (j > 0 && d[j - 1] > dq)
				{
					out[j] = out[j - 1];
					d[j] = d[j - 1];
					j--;
				}
				out[j] = q;
				d[j] = dq;
			}
		}
		core_free(mem, d);
		return 1;
	}
	if (!d || grid_build(&g, x, y, NULL, m, GRID_EUCLIDEAN, interrupt, mem) != 0)
	{
		if (d)
			grid_free(&g);
		core_free(mem, d);
		return 0;
	}
	for (s = 0; s < m; s++)
	{
		if (interrupt && (s & 1023) == 1023)
			interrupt();
		grid_nearest(&g, x[s], y[s], s, k, nbr + (size_t) s * k, d);
	}
	grid_free(&g);
	core_free(mem, d);
	return 1;
}

/* Shared body of the two entry points; improve selects walk_order over plain NN. */
static RouteStatus
route_solve(const double *x, const double *y, size_t n, size_t *order,
			void (*interrupt) (void), const CoreAlloc *mem, int improve, int exact_max)
{
	SortItem   *items = NULL;
	double	   *sx = NULL,
			   *sy = NULL;
	size_t	   *first = NULL;
	int32_t    *p = NULL,
			   *nn = NULL,
			   *nbr = NULL;
	double	   *dm = NULL;
	int32_t		m = 0,
				k,
				i;
	size_t		out = 0;
	RouteStatus st;

	st = canonical_stops(x, y, n, &items, &sx, &sy, &first, &m, interrupt, mem);
	if (st != ROUTE_OK)
		return st;
	st = ROUTE_NO_MEMORY;
	p = core_alloc(mem, (size_t) m, sizeof(int32_t));
	if (!p)
		goto done;
	if (m <= 2)
	{
		for (i = 0; i < m; i++)
			p[i] = i;
	}
	else
	{
		double		minx = sx[0],
					maxx = sx[m - 1],
					miny = sy[0],
					maxy = sy[0],
					eps;

		for (i = 1; i < m; i++)
		{
			miny = fmin(miny, sy[i]);
			maxy = fmax(maxy, sy[i]);
		}
		eps = 1e-12 * fmax(maxx - minx, maxy - miny);
		k = m - 1 < ROUTE_NEIGHBOURS ? m - 1 : ROUTE_NEIGHBOURS;
		nbr = core_alloc(mem, (size_t) m * (size_t) k, sizeof(int32_t));
		nn = core_alloc(mem, (size_t) m, sizeof(int32_t));
		if (!nbr || !nn)
			goto done;
		if (improve && m > exact_max && m <= ROUTE_TABLE_MAX &&
			!(dm = distance_table(sx, sy, m, interrupt, mem)))
			goto done;
		if (!neighbour_lists(sx, sy, m, k, dm, nbr, interrupt, mem))
			goto done;
		if (!nearest_neighbour_path(sx, sy, m, nbr, k, nn, interrupt, mem))
			goto done;
		memcpy(p, nn, sizeof(int32_t) * (size_t) m);
		if (improve)
		{
			if (m <= exact_max)
			{
				if (!exact_path(sx, sy, m, p, mem))
					goto done;
			}
			else if (!improve_path(sx, sy, m, nbr, dm, k, p, eps, interrupt, mem))
				goto done;
			/* start at the end with the smaller (x, y) */
			if (p[0] > p[m - 1])
			{
				for (i = 0; i < m / 2; i++)
				{
					int32_t		t = p[i];

					p[i] = p[m - 1 - i];
					p[m - 1 - i] = t;
				}
			}
			/*
			 * Never longer than the nearest-neighbour path, compared as
			 * summed in the final order, so rounding cannot tip it.
			 */
			if (path_length(sx, sy, p, m) > path_length(sx, sy, nn, m))
				memcpy(p, nn, sizeof(int32_t) * (size_t) m);
		}
	}
	for (i = 0; i < m; i++)
	{
		size_t		t;

		if (interrupt && (i & 0xFFFF) == 0)
			interrupt();
		for (t = first[p[i]]; t < first[p[i] + 1]; t++)
			order[out++] = items[t].index;
	}
	st = ROUTE_OK;
done:
	core_free(mem, items);
	core_free(mem, sx);
	core_free(mem, sy);
	core_free(mem, first);
	core_free(mem, p);
	core_free(mem, nn);
	core_free(mem, nbr);
	core_free(mem, dm);
	return st;
}

RouteStatus
route_walk_order(const double *x, const double *y, size_t n, size_t *order,
				 void (*interrupt) (void), const CoreAlloc *mem)
{
	return route_solve(x, y, n, order, interrupt, mem, 1, ROUTE_EXACT_MAX);
}

RouteStatus
route_nearest_neighbour(const double *x, const double *y, size_t n, size_t *order,
						void (*interrupt) (void), const CoreAlloc *mem)
{
	return route_solve(x, y, n, order, interrupt, mem, 0, 0);
}

RouteStatus
route_walk_order_heuristic(const double *x, const double *y, size_t n, size_t *order)
{
	return route_solve(x, y, n, order, NULL, NULL, 1, 2);
}

double
route_length(const double *x, const double *y, const size_t *order, size_t n)
{
	double		len = 0.0;
	size_t		i;

	for (i = 1; i < n; i++)
	{
		double		dx = x[order[i]] - x[order[i - 1]];
		double		dy = y[order[i]] - y[order[i - 1]];

		len += sqrt(dx * dx + dy * dy);
	}
	return len;
}
