/*
 * assign.c
 *	  Minimum-cost assignment with capacities.
 *
 * Successive shortest augmenting paths, as in Jonker and Volgenant (1987)
 * and Crouse's rectangular variant (2016, the algorithm of SciPy's
 * linear_sum_assignment), extended to columns that take several rows.
 * Rows are first given their cheapest column where it has room (row
 * reduction, as in JV's initialisation); the rest are added one at a time.
 * For each, a Dijkstra search over reduced
 * costs c[i][j] - u[i] - v[j] settles columns in order of distance; a
 * settled column that is full passes the search on to every row it holds
 * (those edges have reduced cost zero), and the first settled column with
 * spare capacity ends it.  The potentials are then updated so every
 * assigned pair keeps reduced cost zero and every other stays non-negative,
 * and the rows along the path shift one column over.
 *
 * Why capacities need no copies of columns: a column is settled only as the
 * end of a search while it has spare capacity, so its potential does not
 * move until it is full, and all columns with spare capacity keep the same
 * potential (zero), as a common sink edge needs.  Once full, a column stays
 * full.  So each search is an exact shortest path in the residual graph of
 * the min-cost flow, and the final assignment is optimal.
 *
 * Cost: each row's search is O(m) per settled column plus O(m) per row it
 * reaches; O(n^2 m) at worst, far less on geometric costs.
 */
#include "core/assign.h"
#include "core/core_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* True when column c can take another row. */
static inline int
has_room(const int64_t *capacity, const int64_t *load, int32_t c)
{
	return load[c] < (capacity ? capacity[c] : 1);
}

AssignStatus
assign_min_cost(const double *cost, size_t n, size_t m, const int64_t *capacity,
				int32_t *col_of_row, size_t *bad, void (*interrupt) (void),
				const CoreAlloc *mem)
{
	double	   *u = NULL,
			   *v = NULL,
			   *shortest = NULL;
	int32_t    *path = NULL,
			   *first = NULL,
			   *nxt = NULL,
			   *prv = NULL,
			   *stack = NULL,
			   *srows = NULL,
			   *scols = NULL;
	int64_t    *load = NULL;
	char	   *done_col = NULL;	/* settled in this search, or capacity 0 */
	size_t		i,
				j;
	int64_t		total = 0;
	AssignStatus st = ASSIGN_NO_MEMORY;

	*bad = 0;
	if (n > INT32_MAX - 1 || m > INT32_MAX - 1)
		return ASSIGN_TOO_MANY;
	for (i = 0; i < n * m; i++)
	{
		if (interrupt && (i & 0xFFFF) == 0xFFFF)
			interrupt();
		/* beyond ASSIGN_COST_MAX, sums of potentials could overflow */
		if (!isfinite(cost[i]) || fabs(cost[i]) > ASSIGN_COST_MAX)
		{
			*bad = i;
			return ASSIGN_NOT_FINITE;
		}
	}
	for (j = 0; j < m; j++)
	{
		int64_t		c = capacity ? capacity[j] : 1;

		if (c < 0)
		{
			*bad = j;
			return ASSIGN_NEGATIVE_CAPACITY;
		}
		if (c > (int64_t) n)
			c = (int64_t) n;	/* no more can be used; keeps the sum small */
		total += c;
	}
	if ((size_t) total < n)
		return ASSIGN_INFEASIBLE;
	if (n == 0)
		return ASSIGN_OK;

	u = core_alloc0(mem, n, sizeof(double));
	v = core_alloc0(mem, m, sizeof(double));
	shortest = core_alloc(mem, m, sizeof(double));
	path = core_alloc(mem, m, sizeof(int32_t));
	done_col = core_alloc(mem, m, 1);
	first = core_alloc(mem, m, sizeof(int32_t));
	nxt = core_alloc(mem, n, sizeof(int32_t));
	prv = core_alloc(mem, n, sizeof(int32_t));
	stack = core_alloc(mem, n, sizeof(int32_t));
	srows = core_alloc(mem, n, sizeof(int32_t));
	scols = core_alloc(mem, m, sizeof(int32_t));
	load = core_alloc0(mem, m, sizeof(int64_t));
	if (!u || !v || !shortest || !path || !done_col || !first || !nxt || !prv ||
		!stack || !srows || !scols || !load)
		goto done;
	for (j = 0; j < m; j++)
		first[j] = -1;
	for (i = 0; i < n; i++)
		col_of_row[i] = -1;

	/*
	 * Start: each row's potential is its smallest cost, so every reduced
	 * cost is >= 0, and a row whose cheapest column (the first, on ties) has
	 * room takes it at reduced cost 0.  Column potentials stay 0, so the
	 * invariants of the search below hold, and it only adds the rest.
	 */
	for (i = 0; i < n; i++)
	{
		const double *crow = cost + i * m;
		int32_t		best = -1;

		if (interrupt)
			interrupt();
		for (j = 0; j < m; j++)
			if ((!capacity || capacity[j] > 0) && (best < 0 || crow[j] < crow[best]))
				best = (int32_t) j;
		u[i] = crow[best];
		if (has_room(capacity, load, best))
		{
			prv[i] = -1;
			nxt[i] = first[best];
			if (first[best] >= 0)
				prv[first[best]] = (int32_t) i;
			first[best] = (int32_t) i;
			load[best]++;
			col_of_row[i] = best;
		}
	}

	for (i = 0; i < n; i++)
	{
		int32_t		nstack = 0,
					nsrows = 0,
					nscols = 0,
					sink = -1,
					t;
		double		minval = 0.0;

		if (interrupt)
			interrupt();
		if (col_of_row[i] >= 0)
			continue;			/* placed at the start */
		for (j = 0; j < m; j++)
		{
			shortest[j] = INFINITY;
			path[j] = -1;
			done_col[j] = (capacity && capacity[j] == 0);	/* never usable */
		}
		stack[nstack++] = (int32_t) i;
		while (sink < 0)
		{
			double		lowest = INFINITY;
			int32_t		col = -1,
						c;

			/*
			 * Scan the rows just reached, at distance minval; the last one
			 * in the same pass that finds the nearest unsettled column
			 * (ties prefer spare capacity, then the smaller index).
			 */
			while (nstack > 0)
			{
				int32_t		r = stack[--nstack];
				const double *crow = cost + (size_t) r * m;
				double		base = minval - u[r];
				int			last = (nstack == 0);

				srows[nsrows++] = r;
				for (c = 0; c < (int32_t) m; c++)
				{
					double		d;

					if (done_col[c])
						continue;
					d = base + crow[c] - v[c];
					if (d < shortest[c])
					{
						shortest[c] = d;
						path[c] = r;
					}
					if (last && (shortest[c] < lowest ||
								 (shortest[c] == lowest && col >= 0 && has_room(capacity, load, c) &&
								  !has_room(capacity, load, col))))
					{
						lowest = shortest[c];
						col = c;
					}
				}
			}
			if (col < 0 || !isfinite(lowest))
			{
				st = ASSIGN_INFEASIBLE; /* cannot happen with enough capacity */
				goto done;
			}
			minval = lowest;
			done_col[col] = 1;
			scols[nscols++] = col;
			if (has_room(capacity, load, col))
				sink = col;
			else
			{
				int32_t		r;

				for (r = first[col]; r >= 0; r = nxt[r])
					stack[nstack++] = r;
			}
		}

		/* potentials: assigned pairs stay tight, the rest non-negative */
		for (t = 0; t < nsrows; t++)
		{
			int32_t		r = srows[t];

			if (r == (int32_t) i)
				u[r] += minval;
			else
				u[r] += minval - shortest[col_of_row[r]];
		}
		for (t = 0; t < nscols; t++)
			v[scols[t]] -= minval - shortest[scols[t]];

		/* augment: each row on the path moves to the column it reached */
		{
			int32_t		c = sink;

			for (;;)
			{
				int32_t		r = path[c];
				int32_t		old = col_of_row[r];

				if (old >= 0)
				{
					/* unlink r from old's list */
					if (prv[r] >= 0)
						nxt[prv[r]] = nxt[r];
					else
						first[old] = nxt[r];
					if (nxt[r] >= 0)
						prv[nxt[r]] = prv[r];
					load[old]--;
				}
				prv[r] = -1;
				nxt[r] = first[c];
				if (first[c] >= 0)
					prv[first[c]] = r;
				first[c] = r;
				load[c]++;
				col_of_row[r] = c;
				if (r == (int32_t) i)
					break;
				c = old;
			}
		}
	}
	st = ASSIGN_OK;
done:
	core_free(mem, u);
	core_free(mem, v);
	core_free(mem, shortest);
	core_free(mem, path);
	core_free(mem, done_col);
	core_free(mem, first);
	core_free(mem, nxt);
	core_free(mem, prv);
	core_free(mem, stack);
	core_free(mem, srows);
	core_free(mem, scols);
	core_free(mem, load);
	return st;
}
