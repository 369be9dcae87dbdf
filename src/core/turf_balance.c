/*
 * turf_balance.c
 *	  Stage 2 of the cut (turf.c): balance repair, and evening out sizes
 *	  between neighbouring turfs and along chains of them.
 */
#include "turf_internal.h"

/* True if turf a belongs above turf b. */
static inline int
size_above(const SizeHeap *hp, int32_t a, int32_t b)
{
	int64_t		d = hp->size[a] - hp->size[b];

	return hp->sign > 0 ? (d > 0 || (d == 0 && a < b)) : (d < 0 || (d == 0 && a < b));
}

/* Swaps the turfs at places i and j. */
static inline void
size_swap(SizeHeap *hp, int64_t i, int64_t j)
{
	int32_t		t = hp->h[i];

	hp->h[i] = hp->h[j];
	hp->h[j] = t;
	hp->at[hp->h[i]] = (int32_t) i;
	hp->at[hp->h[j]] = (int32_t) j;
}

/* Restores the heap around turf t after its size changed. */
static void
size_fix(SizeHeap *hp, int32_t t)
{
	int64_t		i = hp->at[t];

	while (i > 0 && size_above(hp, hp->h[i], hp->h[(i - 1) / 2]))
	{
		size_swap(hp, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	for (;;)
	{
		int64_t		l = 2 * i + 1,
					best = i;

		if (l < hp->m && size_above(hp, hp->h[l], hp->h[best]))
			best = l;
		if (l + 1 < hp->m && size_above(hp, hp->h[l + 1], hp->h[best]))
			best = l + 1;
		if (best == i)
			return;
		size_swap(hp, i, best);
		i = best;
	}
}

/*
 * Sets up an empty heap of up to cap items keyed by size[]; returns 0, or -1
 * on no memory.
 */
int
turf_size_heap_init(SizeHeap *hp, int64_t cap, const int64_t *size, int sign,
					const CoreAlloc *mem)
{
	hp->mem = mem;
	hp->h = core_alloc(mem, (size_t) cap, sizeof(int32_t));
	hp->at = core_alloc(mem, (size_t) cap, sizeof(int32_t));
	hp->m = 0;
	hp->sign = sign;
	hp->size = size;
	return hp->h && hp->at ? 0 : -1;
}

/* Adds item t, which rises to its place. */
void
turf_size_heap_push(SizeHeap *hp, int32_t t)
{
	hp->h[hp->m] = t;
	hp->at[t] = (int32_t) hp->m;
	hp->m++;
	size_fix(hp, t);
}

/* Removes and returns the item on top. */
int32_t
turf_size_heap_pop(SizeHeap *hp)
{
	int32_t		top = hp->h[0];

	hp->m--;
	if (hp->m > 0)
	{
		hp->h[0] = hp->h[hp->m];
		hp->at[hp->h[0]] = 0;
		size_fix(hp, hp->h[0]);
	}
	return top;
}

/* The heap of all c's k turfs; returns 0, or -1 on no memory. */
static int
size_heap_build(SizeHeap *hp, const Cut *c, int sign)
{
	int64_t		t;

	if (turf_size_heap_init(hp, c->k, c->size, sign, c->mem) != 0)
		return -1;
	for (t = 0; t < c->k; t++)
		turf_size_heap_push(hp, (int32_t) t);
	return 0;
}

/* Frees the heap. */
void
turf_size_heap_free(SizeHeap *hp)
{
	core_free(hp->mem, hp->h);
	core_free(hp->mem, hp->at);
}

/* Moves point p from turf a to turf b, keeping the centroids as they are. */
void
turf_move_point(Cut *c, int32_t p, int32_t a, int32_t b)
{
	int32_t		q,
				prev = -1;

	for (q = c->head[a]; q >= 0 && q != p; prev = q, q = c->next[q])
		;
	if (q < 0)
		return;					/* cannot happen: p is in a */
	if (prev < 0)
		c->head[a] = c->next[p];
	else
		c->next[prev] = c->next[p];
	c->next[p] = c->head[b];
	c->head[b] = p;
	c->label[p] = b;
	c->size[a] -= c->w[p];
	c->size[b] += c->w[p];
}

/* Scratch space of shift_along_path: a breadth-first search over the turfs. */
typedef struct PathScratch
{
	int32_t    *parent;			/* turf reached from, -1 for the start */
	int32_t    *queue;			/* the search's queue; once a path is found, by
								 * turf: the door it receives from its parent */
	int32_t    *seen;			/* search in which each turf was reached */
	int32_t		search;
	int32_t		end;			/* last turf of the path found, back to the start by parent */
	int64_t    *units;			/* if not NULL, doors of weight one in each turf:
								 * the search then passes only through turfs
								 * that have one to pass on */
	int64_t		reach;			/* if > 0, the search gives up after reaching
								 * this many turfs */
} PathScratch;

/* The door of weight one in turf u that costs least to move to turf v, or -1. */
static int32_t
cheapest_unit_door(const Cut *c, int32_t u, int32_t v)
{
	int32_t		p,
				best = -1;
	double		best_d = INFINITY;

	for (p = c->head[u]; p >= 0; p = c->next[p])
	{
		double		d;

		if (c->w[p] != 1)
			continue;
		d = dist2(c, p, v) - dist2(c, p, u);
		if (d < best_d || (d == best_d && p < best))
		{
			best_d = d;
			best = p;
		}
	}
	return best;
}

/*
 * Moves one door's worth of size from turf a to the turf nearest a, in steps
 * between neighbouring turfs, that holds at least two doors fewer: along the
 * path, each turf passes its cheapest door of weight one to the next, from
 * the far end back, so the turfs between keep their sizes and every door
 * moves only to a neighbour.  (Moving a door straight to the smallest turf,
 * wherever it lies, leaves it among other turfs' doors, where no later step
 * brings it back.)  Returns the number of doors moved, 0 if no such path
 * exists.
 */
static int64_t
shift_along_path(Cut *c, int32_t a, PathScratch *ps)
{
	int64_t		head = 0,
				tail = 0,
				moved = 0;
	int32_t		found = -1,
				v;

	ps->search++;
	ps->seen[a] = ps->search;
	ps->parent[a] = -1;
	ps->queue[tail++] = a;
	while (head < tail && found < 0 && (ps->reach <= 0 || tail < ps->reach))
	{
		int32_t		u = ps->queue[head++];
		int			j;

		if (ps->units && ps->units[u] == 0)
			continue;
		for (j = 0; j < c->nnb && found < 0; j++)
		{
			v = c->nb[u * c->nnb + j];
			if (v < 0 || ps->seen[v] == ps->search)
				continue;
			ps->seen[v] = ps->search;
			ps->parent[v] = u;
			ps->queue[tail++] = v;
			if (c->size[v] <= c->size[a] - 2)
				found = v;
		}
	}
	if (found < 0)
		return 0;
	ps->end = found;
	/*
	 * Every turf on the path but the last must have a door of weight one;
	 * the doors are chosen before any moves (the queue is done with) and
	 * moved from the far end back, so each turf still has its own.
	 */
	for (v = found; ps->parent[v] >= 0; v = ps->parent[v])
		if ((ps->queue[v] = cheapest_unit_door(c, ps->parent[v], v)) < 0)
			return 0;
	for (v = found; ps->parent[v] >= 0; v = ps->parent[v])
	{
		turf_move_point(c, ps->queue[v], ps->parent[v], v);
		moved++;
	}
	if (ps->units)
	{
		ps->units[a]--;
		ps->units[found]++;
	}
	for (v = found; v >= 0; v = ps->parent[v])
		turf_update(c, v);
	return moved;
}

/*
 * Balance repair (stage 2): moves single points until the largest and the
 * smallest turf differ by at most the largest weight.  With paths (a cut
 * from earlier turfs, whose sizes may be far apart), the largest turf first
 * passes a door along a path of neighbouring turfs (shift_along_path).
 * Returns the moves, or -1 on no memory.
 */
int64_t
turf_repair_balance(Cut *c, int64_t wmax, int paths)
{
	int64_t		moves = 0,
				iter;
	SizeHeap	big = {0},
				small = {0};
	PathScratch ps = {0};

	if (size_heap_build(&big, c, 1) != 0 || size_heap_build(&small, c, -1) != 0)
		moves = -1;
	if (paths && moves == 0)
	{
		ps.parent = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
		ps.queue = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
		ps.seen = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
		if (!ps.parent || !ps.queue || !ps.seen)
			moves = -1;
		else
			memset(ps.seen, 0, sizeof(int32_t) * (size_t) c->k);
	}
	for (iter = 0; moves >= 0; iter++)
	{
		int32_t		a = big.h[0],
					b = small.h[0],
					p,
					best_p = -1,
					best_y = -1,
					prev,
					best_prev = -1;
		double		best_d = INFINITY;

		if (c->size[a] - c->size[b] <= wmax)
			break;
		/* by iterations, not moves: a path moves several doors at once */
		if ((iter & 255) == 0)
			check_interrupt(c);
		if (paths)
		{
			int64_t		shifted = shift_along_path(c, a, &ps);

			if (shifted > 0)
			{
				int32_t		v;

				for (v = ps.end; v >= 0; v = ps.parent[v])
				{
					size_fix(&big, v);
					size_fix(&small, v);
				}
				moves += shifted;
				continue;
			}
		}
		prev = -1;
		for (p = c->head[a]; p >= 0; prev = p, p = c->next[p])
		{
			double		da = dist2(c, p, a);
			int			j;

			for (j = -1; j < c->nnb; j++)
			{
				int32_t		y = j < 0 ? b : c->nb[a * c->nnb + j];
				double		d;

				if (y < 0 || y == a || c->size[a] - c->size[y] <= c->w[p])
					continue;
				d = (double) c->w[p] * (dist2(c, p, y) - da);
				if (d < best_d || (d == best_d && (p < best_p || (p == best_p && y < best_y))))
				{
					best_d = d;
					best_p = p;
					best_y = y;
					best_prev = prev;
				}
			}
		}
		if (best_p < 0)
			break;				/* cannot happen: b always qualifies */
		if (best_prev < 0)
			c->head[a] = c->next[best_p];
		else
			c->next[best_prev] = c->next[best_p];
		c->next[best_p] = c->head[best_y];
		c->head[best_y] = best_p;
		c->label[best_p] = best_y;
		turf_update(c, a);
		turf_update(c, best_y);
		size_fix(&big, a);
		size_fix(&big, best_y);
		size_fix(&small, a);
		size_fix(&small, best_y);
		moves++;
	}
	turf_size_heap_free(&big);
	turf_size_heap_free(&small);
	core_free(c->mem, ps.parent);
	core_free(c->mem, ps.queue);
	core_free(c->mem, ps.seen);
	return moves;
}

/*
 * While turf a has at least 2 doors more than turf y, moves a's unit-weight
 * point cheapest to move to y (diffuse_balance).  Returns the moves.
 */
static int64_t
diffuse_pair(Cut *c, int32_t a, int32_t y)
{
	int64_t		moves = 0;

	while (c->size[a] - c->size[y] >= 2)
	{
		int32_t		p,
					best = -1;
		double		best_d = INFINITY;

		for (p = c->head[a]; p >= 0; p = c->next[p])
		{
			double		d;

			if (c->w[p] != 1)
				continue;
			d = dist2(c, p, y) - dist2(c, p, a);
			if (d < best_d)
			{
				best_d = d;
				best = p;
			}
		}
		if (best < 0)
			break;
		turf_move_point(c, best, a, y);
		turf_update(c, a);
		turf_update(c, y);
		moves++;
	}
	return moves;
}

/* True if turf a is among turf t's nearest turfs. */
static int
lists_neighbour(const Cut *c, int32_t t, int32_t a)
{
	int			j;

	for (j = 0; j < c->nnb; j++)
		if (c->nb[t * c->nnb + j] == a)
			return 1;
	return 0;
}

/*
 * Evens out sizes between neighbours (stage 2b, weights > 1 only): while a
 * turf has at least 2 doors more than a neighbour, its unit-weight point
 * cheapest to move goes to that neighbour.  Each move lowers the sum of
 * squared turf sizes, so it ends; it leaves a building of 120 units alone
 * in its turf instead of beside a turf of one door.  Doors also move from a
 * turf to one that lists it among its nearest turfs when it does not list
 * that one back (the pairs listing each other are seen from both): a turf
 * of scattered houses in a corner may be among no other turf's nearest
 * (suburb precinct 281 of bench/turf_suburbs.c: a turf of 33 doors beside
 * turfs of 58, left by the bisection next to a 51-unit building too small
 * to be set aside), and could otherwise only give doors, never take them.
 * At most max_passes passes over the turfs.  Returns the moves.
 */
int64_t
turf_diffuse_balance(Cut *c, int max_passes)
{
	int64_t		moves = 0;
	int			pass;

	for (pass = 0; pass < max_passes; pass++)
	{
		int64_t		before = moves,
					a;

		check_interrupt(c);
		for (a = 0; a < c->k; a++)
		{
			int			j;

			for (j = 0; j < c->nnb; j++)
			{
				int32_t		y = c->nb[a * c->nnb + j];

				if (y < 0)
					continue;
				moves += diffuse_pair(c, (int32_t) a, y);
				/* a pair both of whose lists hold the other is seen from y too */
				if (!lists_neighbour(c, y, (int32_t) a))
					moves += diffuse_pair(c, y, (int32_t) a);
			}
		}
		if (moves == before)
			break;
	}
	return moves;
}

/* Orders turfs by size, largest first, then by number (even_out). */
static const int64_t *even_sizes;

static int
cmp_larger(const void *a, const void *b)
{
	int32_t		u = *(const int32_t *) a,
				v = *(const int32_t *) b;

	if (even_sizes[u] != even_sizes[v])
		return even_sizes[u] > even_sizes[v] ? -1 : 1;
	return u < v ? -1 : u > v;
}

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
int64_t
turf_even_out(Cut *c, int max_passes)
{
	int64_t		moves = 0,
				smallest,
				t;
	int32_t    *order = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
	PathScratch ps = {0};
	int			pass;

	/*
	 * A search reaches at most TURF_EVEN_REACH turfs, so a partition of
	 * thousands of turfs whose sizes differ by one costs no search of the
	 * whole of it from every turf.
	 */
	ps.reach = TURF_EVEN_REACH;
	ps.parent = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
	ps.queue = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
	ps.seen = core_alloc(c->mem, (size_t) c->k, sizeof(int32_t));
	ps.units = core_alloc(c->mem, (size_t) c->k, sizeof(int64_t));
	if (!order || !ps.parent || !ps.queue || !ps.seen || !ps.units)
		moves = -1;
	else
	{
		memset(ps.seen, 0, sizeof(int32_t) * (size_t) c->k);
		for (t = 0; t < c->k; t++)
		{
			int32_t		p;

			if ((t & 255) == 0)
				check_interrupt(c);
			ps.units[t] = 0;
			for (p = c->head[t]; p >= 0; p = c->next[p])
				ps.units[t] += c->w[p] == 1;
		}
	}
	for (pass = 0; moves >= 0 && pass < max_passes; pass++)
	{
		int64_t		before = moves;

		for (t = 0; t < c->k; t++)
			order[t] = (int32_t) t;
		even_sizes = c->size;
		qsort(order, (size_t) c->k, sizeof(int32_t), cmp_larger);
		/* sizes only come closer: a turf within one door of the smallest has nowhere to go */
		smallest = c->size[order[c->k - 1]];
		for (t = 0; t < c->k; t++)
		{
			int64_t		shifted;

			if ((t & 255) == 0)
				check_interrupt(c);
			while (ps.units[order[t]] > 0 && c->size[order[t]] >= smallest + 2 &&
				   (shifted = shift_along_path(c, order[t], &ps)) > 0)
				moves += shifted;
		}
		if (moves == before)
			break;
	}
	core_free(c->mem, order);
	core_free(c->mem, ps.parent);
	core_free(c->mem, ps.queue);
	core_free(c->mem, ps.seen);
	core_free(c->mem, ps.units);
	return moves;
}
