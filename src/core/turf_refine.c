/*
 * turf_refine.c
 *	  Stages 3 and 4 of the cut (turf.c): refinement by re-splitting pairs of
 *	  neighbouring turfs, and cycle cancelling around three or more.
 */
#include "turf_internal.h"

/*
 * Rebuilds the lists of turfs a and b from the m points in buf, each going
 * to a if its key is 0 and to b otherwise, and their sizes and centroids.
 */
void
turf_assign_pair(Cut *c, int32_t a, int32_t b, const KeyItem *buf, size_t m)
{
	size_t		i;

	c->head[a] = -1;
	c->head[b] = -1;
	for (i = m; i-- > 0;)
	{
		int32_t		q = buf[i].i,
					t = buf[i].key == 0.0 ? a : b;

		c->label[q] = t;
		c->next[q] = c->head[t];
		c->head[t] = q;
	}
	turf_update(c, a);
	turf_update(c, b);
}

/*
 * Re-splits the points of neighbouring turfs a and b with their centroids
 * fixed (stage 3).  buf holds at least size-of-both points.  Returns the
 * number of points that changed turf (0 if the split was kept as it was).
 */
static size_t
resplit_pair(Cut *c, int32_t a, int32_t b, KeyItem *buf)
{
	size_t		m = 0,
				i,
				moved = 0;
	int32_t		p;
	double		dirx = c->cx[b] - c->cx[a],
				diry = c->cy[b] - c->cy[a],
				midx = (c->cx[a] + c->cx[b]) / 2.0,
				midy = (c->cy[a] + c->cy[b]) / 2.0,
				old_cost = 0.0,
				new_cost = 0.0;
	int64_t		sa = c->size[a],
				sb = c->size[b],
				fill = 0,
				lo = sa < sb ? sa : sb,
				fill_to = sa;	/* a's size after the split */
	int			unit = 1,
				swap;

	double		amax = -INFINITY,
				bmin = INFINITY;
	int32_t		amax_p = -1,
				bmin_p = -1;

	for (p = c->head[a]; p >= 0; p = c->next[p])
	{
		double		key = (c->x[p] - midx) * dirx + (c->y[p] - midy) * diry;

		buf[m].key = key;
		buf[m].i = p;
		if (key > amax)
		{
			amax = key;
			amax_p = p;
		}
		m++;
	}
	for (p = c->head[b]; p >= 0; p = c->next[p])
	{
		double		key = (c->x[p] - midx) * dirx + (c->y[p] - midy) * diry;

		buf[m].key = key;
		buf[m].i = p;
		if (key < bmin)
		{
			bmin = key;
			bmin_p = p;
		}
		m++;
	}
	if (amax < bmin)
	{
		/*
		 * Already split in key order: the re-split at the same sizes would
		 * give the same turfs.  But when the sizes differ by one, either
		 * turf may hold the extra door: the door at the border moves if it
		 * is closer to the other centroid (its key, half the difference of
		 * its squared distances, has the other sign), from a larger a to b
		 * or from b to a smaller a.  (Equal keys on both sides go on to the
		 * full re-split, which orders them by index.)
		 */
		double		tiny = 1e-9 * (dirx * dirx + diry * diry);
		int32_t		from = -1,
					to = -1,
					q = -1;

		if (sa == sb + 1 && amax > tiny && c->w[amax_p] == 1)
		{
			from = a;
			to = b;
			q = amax_p;
		}
		else if (sb == sa + 1 && bmin < -tiny && c->w[bmin_p] == 1)
		{
			from = b;
			to = a;
			q = bmin_p;
		}
		if (q < 0)
			return 0;
		turf_move_point(c, q, from, to);
		turf_update(c, a);
		turf_update(c, b);
		return 1;
	}
	for (i = 0; i < m && unit; i++)
		if (c->w[buf[i].i] != 1)
			unit = 0;
	swap = unit && (sa - sb == 1 || sb - sa == 1);
	/* unit weights: a takes the sa smallest keys, found by selection */
	if (swap)
	{
		/*
		 * Either turf may hold the extra door (both orders keep floor and
		 * ceil): a takes the smaller size, and the next door too if it is
		 * closer to a's centroid than to b's (its key, half the difference
		 * of the squared distances, is negative).  Otherwise a door cut off
		 * by the bisection on the wrong side of a gap would stay there.
		 */
		key_select_smallest(buf, m, (size_t) lo);
		key_select_smallest(buf + lo, m - (size_t) lo, 1);
		fill_to = buf[lo].key < 0.0 ? lo + 1 : lo;
	}
	else if (unit)
		key_select_smallest(buf, m, (size_t) sa);
	else
		qsort(buf, m, sizeof(KeyItem), cmp_key);

	/* Fill a in order up to its size; what would overfill it goes to b. */
	for (i = 0; i < m; i++)
	{
		int32_t		q = buf[i].i;
		int			to_a = fill + c->w[q] <= fill_to;

		if (to_a)
			fill += c->w[q];
		old_cost += (double) c->w[q] * dist2(c, q, c->label[q]);
		new_cost += (double) c->w[q] * dist2(c, q, to_a ? a : b);
		/* the key has served: it now records the side */
		buf[i].key = to_a ? 0.0 : 1.0;
		if ((to_a ? a : b) != c->label[q])
			moved++;
	}
	if (moved == 0 || fill < lo)
		return 0;
	/*
	 * Keep the split only if it is better by more than rounding noise (with
	 * unit weights it is the optimum for the fixed centroids; equal-cost
	 * alternatives, common on regular street grids, must not flip back and
	 * forth).
	 */
	if (!(new_cost < old_cost * (1.0 - 1e-9)))
		return 0;

	turf_assign_pair(c, a, b, buf, m);
	return moved;
}

/* True if v is among the first c->nre neighbours of u. */
static inline int
refine_lists(const Cut *c, int32_t u, int32_t v)
{
	int			j;

	for (j = 0; j < c->nre; j++)
		if (c->nb[u * c->nnb + j] == v)
			return 1;
	return 0;
}

/*
 * Refinement sweeps (stage 3), at most max_sweeps, over each turf's first
 * c->nre neighbours; a pair is re-split only if one of its turfs changed
 * in the previous sweep (or, on the first sweep, since the last call).
 * Returns the sweeps run, or -1 on no memory.
 */
int
turf_refine(Cut *c, KeyItem *buf, int max_sweeps)
{
	int			sweep;
	int64_t		t;

	if (c->nnb == 0)
		return 0;
	/* neighbours once per call: the centroids move little within it */
	if (turf_find_neighbours(c) != 0)
		return -1;
	for (sweep = 1; sweep <= max_sweeps; sweep++)
	{
		size_t		moved = 0;

		c->epoch++;
		for (t = 0; t < c->k; t++)
		{
			int			j;

			if ((t & 63) == 0)
				check_interrupt(c);
			for (j = 0; j < c->nre; j++)
			{
				int32_t		u = c->nb[t * c->nnb + j];
				size_t		mv;

				if (u < 0)
					continue;
				/* each pair once: from the lower turf, unless only u lists t */
				if (u < t && refine_lists(c, u, (int32_t) t))
					continue;
				/* skip pairs where nothing changed since the last sweep */
				if (c->changed[t] < c->epoch - 1 && c->changed[u] < c->epoch - 1)
					continue;
				mv = resplit_pair(c, (int32_t) t, u, buf);
				if (mv > 0)
				{
					moved += mv;
					c->changed[t] = c->epoch;
					c->changed[u] = c->epoch;
				}
			}
		}
		if (moved == 0)
			break;
	}
	return sweep > max_sweeps ? max_sweeps : sweep;
}

/* Weighted sum of squared distances to the turf centroids. */
double
turf_total_cost(const Cut *c)
{
	double		cost = 0.0;
	size_t		i;

	for (i = 0; i < c->n; i++)
		cost += (double) c->w[i] * dist2(c, (int32_t) i, c->label[i]);
	return cost;
}

/* Out-edges of turf a for cycle cancelling: the cheapest unit-weight point to move to each neighbour. */
static void
compute_out_edges(Cut *c, int32_t a, double *ecost, int32_t *epoint)
{
	int			j,
				nnb = c->nnb;
	int32_t		p;
	double		nbx[TURF_NEIGHBOURS_MANY],
				nby[TURF_NEIGHBOURS_MANY],
				best[TURF_NEIGHBOURS_MANY];
	int32_t		bestp[TURF_NEIGHBOURS_MANY];
	double		ax = c->cx[a],
				ay = c->cy[a];

	/* the neighbours' centroids and the best so far in locals, for the inner loop */
	for (j = 0; j < nnb; j++)
	{
		int32_t		b = c->nb[a * nnb + j];

		nbx[j] = b >= 0 ? c->cx[b] : 0.0;
		nby[j] = b >= 0 ? c->cy[b] : 0.0;
		best[j] = INFINITY;
		bestp[j] = -1;
	}
	for (p = c->head[a]; p >= 0; p = c->next[p])
	{
		double		px = c->x[p],
					py = c->y[p],
					da;

		if (c->w[p] != 1)
			continue;
		da = (px - ax) * (px - ax) + (py - ay) * (py - ay);
		for (j = 0; j < nnb; j++)
		{
			double		d = (px - nbx[j]) * (px - nbx[j]) + (py - nby[j]) * (py - nby[j]) - da;

			/* lists run in canonical order, so ties keep the lower point */
			if (d < best[j])
			{
				best[j] = d;
				bestp[j] = p;
			}
		}
	}
	for (j = 0; j < nnb; j++)
	{
		/* no edge to a missing neighbour */
		ecost[a * nnb + j] = c->nb[a * nnb + j] >= 0 ? best[j] : INFINITY;
		epoint[a * nnb + j] = c->nb[a * nnb + j] >= 0 ? bestp[j] : -1;
	}
}

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
 * have made 16 relaxations per edge (plus 16 per turf).  (A budget of 64
 * for each run instead made a million doors in 16,711 turfs spend most of
 * the cut's time here, much of it in runs that found a cycle per 100,000
 * relaxations; precincts stay within either.)  Returns the number of
 * cycles applied, or -1 on no memory.
 */
int64_t
turf_cancel_cycles(Cut *c)
{
	int64_t		k = c->k,
				t,
				applied = 0,
				total_relax = 0;
	size_t		ne = (size_t) k * (size_t) c->nnb;
	/* relaxations of all runs together */
	const int64_t relax_cap = 16 * (int64_t) ne + 16 * k;
	double	   *ecost = core_alloc(c->mem, ne, sizeof(double)),
			   *dist = core_alloc(c->mem, (size_t) k, sizeof(double));
	int32_t    *epoint = core_alloc(c->mem, ne, sizeof(int32_t)),
			   *parent = core_alloc(c->mem, (size_t) k, sizeof(int32_t)),
			   *queue = core_alloc(c->mem, (size_t) k + 1, sizeof(int32_t)),
			   *stamp = core_alloc(c->mem, (size_t) k, sizeof(int32_t)),
			   *cyc = core_alloc(c->mem, (size_t) k, sizeof(int32_t));
	char	   *inq = core_alloc(c->mem, (size_t) k, sizeof(char));
	int			restart;
	double		eps;

	if (!ecost || !dist || !epoint || !parent || !queue || !stamp || !cyc || !inq)
	{
		applied = -1;
		goto out;
	}
	/* improvements smaller than this are rounding noise: a millionth of the mean cost per point */
	eps = 1e-6 * turf_total_cost(c) / (double) c->n;
	for (t = 0; t < k; t++)
	{
		if ((t & 255) == 0)
			check_interrupt(c);
		compute_out_edges(c, (int32_t) t, ecost, epoint);
	}

	for (restart = 0; restart < TURF_MAX_CANCEL_ROUNDS; restart++)
	{
		size_t		qhead = 0,
					qtail = 0,
					qlen = 0;
		int64_t		relax = 0,
					found = 0;

		/* only turfs with a negative out-edge can start a negative path */
		for (t = 0; t < k; t++)
		{
			int			j;

			dist[t] = 0.0;
			parent[t] = -1;
			inq[t] = 0;
			for (j = 0; j < c->nnb; j++)
				if (ecost[t * c->nnb + j] < 0.0)
					inq[t] = 1;
			if (inq[t])
			{
				queue[qtail] = (int32_t) t;
				qtail = (qtail + 1) % (size_t) (k + 1);
				qlen++;
			}
		}
		while (qlen > 0 && total_relax < relax_cap)
		{
			int32_t		a = queue[qhead];
			int			j;

			qhead = (qhead + 1) % (size_t) (k + 1);
			qlen--;
			inq[a] = 0;
			for (j = 0; j < c->nnb; j++)
			{
				size_t		e = (size_t) a * c->nnb + j;
				int32_t		b = c->nb[e];
				double		nd;

				if (b < 0 || epoint[e] < 0)
					continue;
				nd = dist[a] + ecost[e];
				if (nd < dist[b] - eps * 1e-3)
				{
					dist[b] = nd;
					parent[b] = (int32_t) e;
					if (!inq[b])
					{
						inq[b] = 1;
						queue[qtail] = b;
						qtail = (qtail + 1) % (size_t) (k + 1);
						qlen++;
					}
					relax++;
					total_relax++;
				}
			}
			if (relax >= k || qlen == 0)
			{
				int64_t		v;

				relax = 0;
				check_interrupt(c);
				/* cycles of the predecessor graph, each found once */
				for (v = 0; v < k; v++)
					stamp[v] = -1;
				for (v = 0; v < k; v++)
				{
					int32_t		u = (int32_t) v;

					while (u >= 0 && stamp[u] < 0)
					{
						stamp[u] = (int32_t) v;
						u = parent[u] < 0 ? -1 : c->nb[parent[u]] == u ? (int32_t) (parent[u] / c->nnb) : -1;
					}
					if (u >= 0 && stamp[u] == (int32_t) v)
					{
						/* u lies on a new cycle: collect it and check its cost */
						int32_t		x = u;
						int			len = 0,
									i;
						double		cost = 0.0;

						do
						{
							cyc[len++] = x;
							cost += ecost[parent[x]];
							x = (int32_t) (parent[x] / c->nnb);
						} while (x != u && len < k);
						if (x != u || !(cost < -eps))
							continue;
						for (i = 0; i < len; i++)
						{
							size_t		e = (size_t) parent[cyc[i]];
							int32_t		from = (int32_t) (e / c->nnb);

							turf_move_point(c, epoint[e], from, cyc[i]);
						}
						/* the cycle's turfs start afresh; the search goes on */
						for (i = 0; i < len; i++)
						{
							compute_out_edges(c, cyc[i], ecost, epoint);
							c->changed[cyc[i]] = c->epoch;
							dist[cyc[i]] = 0.0;
							parent[cyc[i]] = -1;
							if (!inq[cyc[i]])
							{
								inq[cyc[i]] = 1;
								queue[qtail] = cyc[i];
								qtail = (qtail + 1) % (size_t) (k + 1);
								qlen++;
							}
						}
						found++;
					}
				}
			}
		}
		applied += found;
		if (found == 0 || total_relax >= relax_cap)
			break;
	}
out:
	core_free(c->mem, ecost);
	core_free(c->mem, dist);
	core_free(c->mem, epoint);
	core_free(c->mem, parent);
	core_free(c->mem, queue);
	core_free(c->mem, stamp);
	core_free(c->mem, cyc);
	core_free(c->mem, inq);
	return applied;
}
