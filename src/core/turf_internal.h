/*
 * turf_internal.h
 *	  What the stages of the turf cut share: the working state of a cut
 *	  (whose CoreAlloc every stage allocates through), its constants, and
 *	  the functions one stage's file calls in another's.  Private to
 *	  src/core/turf*.c; the interface is turf.h.
 */
#ifndef CANVASS_TURF_INTERNAL_H
#define CANVASS_TURF_INTERNAL_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grid.h"
#include "core/sort.h"
#include "turf.h"


#define TURF_MAX_SWEEPS 30
#define TURF_NEIGHBOURS 6			/* below TURF_MANY_TURFS, from earlier turfs */
/*
 * Below TURF_MANY_TURFS turfs, a cut from scratch looks at each turf's
 * TURF_NEIGHBOURS_CUT nearest, but its refinement sweeps before the last
 * re-split each turf with its TURF_REFINE_NEIGHBOURS nearest only: cycle
 * cancelling over the wider graph gains more than pairwise re-splits with
 * far turfs, for the same time (bench/RESULTS.md).
 */
#define TURF_NEIGHBOURS_CUT 8
#define TURF_REFINE_NEIGHBOURS 4
/*
 * From TURF_MANY_TURFS turfs up (turf.h), each turf looks at more
 * neighbours and the cycle rounds run until they gain less than
 * TURF_MIN_GAIN (at most TURF_MAX_ROUNDS_MANY): with hundreds of turfs in
 * one partition the bisection's long cut lines leave the most to gain,
 * and the time is far below what a partition of that size is allowed
 * (bench/RESULTS.md).
 */
#define TURF_NEIGHBOURS_MANY 16
#define TURF_MAX_ROUNDS_MANY 30
#define TURF_MAX_CANCEL_ROUNDS 20
#define TURF_MAX_ROUNDS 12
#define TURF_MIN_GAIN 1e-4			/* a round gaining less ends the rounds */
#define TURF_UNTANGLE_DIRS 64		/* directions tried for a straight split */
#define TURF_UNTANGLE_PASSES 4		/* passes over every pair whose boxes meet */
#define TURF_UNTANGLE_MORE 12		/* then passes over the pairs of turfs just re-split */
#define TURF_TRIPLE_DIRS 32			/* directions of each cut of a three-way re-split */
#define TURF_TRIPLE_TRIES 32		/* pairs one untangling may re-split with a third turf */
#define TURF_TRIPLE_POINTS 1024		/* points of the three turfs, at most */
#define TURF_TRIPLE_WORK (INT64_C(1) << 26)	/* points the second cuts of one untangling visit */
#define TURF_EVEN_REACH 256			/* turfs a search of even_out reaches at most */
#define TURF_HOUSES_SLACK 0.2		/* of the mean turf of houses: how far untangling may take one */
#define TURF_HOUSES_SLACK2 0.23		/* at worst, if nothing else untangles a pair */
#define TURF_UNTANGLE_SLACK 0.25	/* of the mean size: how far a re-split may stray */

/* Working state of one cut; points are in canonical order. */
typedef struct Cut
{
	size_t		n;
	int64_t		k;
	double	   *x;
	double	   *y;
	int64_t    *w;
	int32_t    *label;			/* 0-based turf of each point */
	int32_t    *next;			/* linked list of each turf's points */
	int32_t    *head;			/* first point of each turf, -1 if none */
	int64_t    *size;			/* weight of each turf */
	double	   *cx;				/* weighted centroid of each turf */
	double	   *cy;
	int32_t    *nb;				/* nnb nearest turfs of each turf, -1 padded */
	int32_t    *changed;		/* refinement epoch in which each turf last changed */
	int32_t		epoch;			/* refinement sweeps run so far */
	int			nnb;			/* neighbours per turf actually used */
	int			nre;			/* of them, those refinement sweeps re-split with */
	void		(*interrupt) (void);
	const CoreAlloc *mem;		/* NULL: malloc and free */
} Cut;

/* Checks for cancel if the caller asked to. */
static inline void
check_interrupt(const Cut *c)
{
	if (c->interrupt)
		c->interrupt();
}

/* Squared distance from point p to turf t's centroid. */
static inline double
dist2(const Cut *c, int32_t p, int32_t t)
{
	double		dx = c->x[p] - c->cx[t],
				dy = c->y[p] - c->cy[t];

	return dx * dx + dy * dy;
}

/*
 * A heap of turfs (or groups) by size with each one's place in it, so the
 * largest (sign 1) or the smallest (sign -1), the lower on a tie, is found in
 * constant time and one whose size changed is moved in O(log k).
 */
typedef struct SizeHeap
{
	int32_t    *h;				/* turfs, the first on top */
	int32_t    *at;				/* place of each turf in h */
	int64_t		m;
	int			sign;
	const int64_t *size;
	const CoreAlloc *mem;
} SizeHeap;


/* turf_bisect.c */

/*
 * Recursive coordinate bisection of the points ord[lo..hi) into k turfs
 * numbered first..first+k-1.  items is scratch space of at least hi - lo
 * entries.
 */
extern void turf_bisect(Cut *c, int32_t *ord, KeyItem *items, size_t lo, size_t hi,
	   int64_t k, int32_t first);

/*
 * Buildings that are turfs by themselves (stage 1, before the bisection,
 * weights > 1 only): a point at least as heavy as the mean turf cannot
 * share a turf without making it larger than the mean, so the heaviest
 * point is set aside as a turf of its own while its weight times the turfs
 * left is at least the weight left (the mean of the rest), and the rest is
 * cut into the turfs left.  (Cut together, the bisection gives the share of
 * a 116-unit building's part to it and to the few houses beside it, and
 * the house turfs near it end up with 8 doors while the others have 55.)
 * The points set aside go to the end of ord[0..m), heaviest first (then by
 * index), labelled k - a .. k - 1; returns a, the number set aside, at
 * most k - 1.  items is scratch of m entries.
 */
extern int64_t turf_set_aside_buildings(Cut *c, int32_t *ord, KeyItem *items, size_t m, int64_t k);

/*
 * Renumbers the turfs in the canonical order of their first points (west
 * to east, then south to north), after buildings were set aside, so a
 * building that is a turf by itself is numbered where it lies, not after
 * all the others.  ord is scratch of m entries.
 */
extern void turf_number_by_first_point(Cut *c, int32_t *ord);

/* turf_grid.c */

/* Rebuilds the turf lists, sizes and centroids from the labels. */
extern void turf_rebuild(Cut *c);

/* Recomputes one turf's size and centroid from its list. */
extern void turf_update(Cut *c, int32_t t);

/*
 * Finds each turf's nearest turfs by centroid, through the centroid grid.
 * Returns 0, or -1 when memory runs out.
 */
extern int turf_find_neighbours(Cut *c);

/* True if v is among u's neighbours. */
extern int turf_is_neighbour(const Cut *c, int32_t u, int32_t v);

/* turf_balance.c */

/*
 * Sets up an empty heap of up to cap items keyed by size[]; returns 0, or -1
 * on no memory.
 */
extern int turf_size_heap_init(SizeHeap *hp, int64_t cap, const int64_t *size, int sign,
							   const CoreAlloc *mem);

/* Adds item t, which rises to its place. */
extern void turf_size_heap_push(SizeHeap *hp, int32_t t);

/* Removes and returns the item on top. */
extern int32_t turf_size_heap_pop(SizeHeap *hp);

/* Frees the heap. */
extern void turf_size_heap_free(SizeHeap *hp);

/* Moves point p from turf a to turf b, keeping the centroids as they are. */
extern void turf_move_point(Cut *c, int32_t p, int32_t a, int32_t b);

/*
 * Balance repair (stage 2): moves single points until the largest and the
 * smallest turf differ by at most the largest weight.  With paths (a cut
 * from earlier turfs, whose sizes may be far apart), the largest turf first
 * passes a door along a path of neighbouring turfs (shift_along_path).
 * Returns the moves, or -1 on no memory.
 */
extern int64_t turf_repair_balance(Cut *c, int64_t wmax, int paths);

/*
 * Evens out sizes between neighbours (stage 2b, weights > 1 only): while a
 * turf has at least 2 doors more than a neighbour, its unit-weight point
 * cheapest to move goes to that neighbour.  Each move lowers the sum of
 * squared turf sizes, so it ends; it leaves a building of 120 units alone
 * in its turf instead of beside a turf of one door.  Doors also move to a
 * turf from a turf it lists that does not list it back.  At most
 * max_passes passes over the turfs.  Returns the moves.
 */
extern int64_t turf_diffuse_balance(Cut *c, int max_passes);

/*
 * Evens out the sizes over the whole partition (stage 2c, weights > 1
 * only).  diffuse_balance looks at neighbours only, so a turf of houses
 * hemmed in by buildings' turfs, or a few turfs short of the rest in one
 * corner, can stay far below the others (8 doors beside turfs of 55).
 * Here each turf, largest first, passes doors of weight one along paths of
 * neighbouring turfs that have such doors (shift_along_path) to the nearest
 * turf with at least two doors fewer, until no turf has such a path.  Each
 * shift lowers the sum of squared sizes, so it ends; at the end no turf
 * that has a door of weight one can reach one with two doors fewer: the
 * turfs of houses are within one door of each other, and a building that
 * is a turf by itself holds no houses beside it unless the houses have no
 * other place.  At most max_passes passes.  Returns the doors moved, -1 on
 * no memory.
 */
extern int64_t turf_even_out(Cut *c, int max_passes);

/* turf_refine.c */

/*
 * Rebuilds the lists of turfs a and b from the m points in buf, each going
 * to a if its key is 0 and to b otherwise, and their sizes and centroids.
 */
extern void turf_assign_pair(Cut *c, int32_t a, int32_t b, const KeyItem *buf, size_t m);

/*
 * Refinement sweeps (stage 3), at most max_sweeps; a pair is re-split only
 * if one of its turfs changed in the previous sweep (or, on the first sweep,
 * since the last call).  Returns the sweeps run, or -1 on no memory.
 */
extern int turf_refine(Cut *c, KeyItem *buf, int max_sweeps);

/* Weighted sum of squared distances to the turf centroids. */
extern double turf_total_cost(const Cut *c);

/*
 * Cycle cancelling (stage 4), with the centroids fixed: the turf graph has
 * an edge a -> b to each neighbour b whose cost is the least added squared
 * distance of moving one unit-weight point of a to b.  A cycle of negative
 * cost is an exchange around turfs (a gives to b, b to c, c to a) that
 * keeps every size and lowers the total: the moves a pairwise re-split
 * cannot see.  Negative cycles are found with a queue-based Bellman-Ford
 * from a virtual source, looking for cycles in the predecessor graph every
 * k relaxations; a cycle is applied only if its cost, summed afresh, is
 * negative, and its turfs then restart the search.  A run with no cycle
 * left means the assignment is optimal for the transportation problem
 * restricted to neighbouring turfs; runs repeat (at most
 * TURF_MAX_CANCEL_ROUNDS) until one finds nothing or all of them together
 * have made 16 relaxations per edge (plus 16 per turf).  Returns the
 * number of cycles applied, or -1 on no memory.
 */
extern int64_t turf_cancel_cycles(Cut *c);

/* turf_untangle.c */

/*
 * Untangling (stage 5): passes over every pair of turfs whose bounding
 * boxes meet, at most TURF_UNTANGLE_PASSES, until no pair is re-split.
 * Returns the re-splits, -1 on no memory.
 */
extern int64_t turf_untangle(Cut *c, KeyItem *buf, int64_t wmax);

/* turf_warm.c */

/*
 * Warm start (turf_cut_from): labels from an earlier cut instead of the
 * bisection.  prev[p] is point p's earlier turf number or TURF_NO_PREVIOUS.
 * The distinct earlier numbers, ascending, become groups 0..g-1 (num[] keeps
 * each group's number, 0 for a new group); new points join the group with
 * the nearest centroid; then, if there are more than k groups, the lightest
 * are dissolved into the nearest other centroids (dissolve_lightest); while there are
 * fewer, the heaviest group of two or more points is bisected in two.  Each
 * step is O(n log n) whatever g and k.  Returns 1 with c->label set, 0 if
 * there is no earlier turf or more than 2k of them (the caller then bisects
 * from scratch), -1 on no memory.
 */
extern int turf_warm_start(Cut *c, const int64_t *prev, int64_t k, int64_t *num, int32_t *ord, KeyItem *items);

#endif							/* CANVASS_TURF_INTERNAL_H */
