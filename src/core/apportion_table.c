/*
 * apportion_table.c
 *	  Controlled rounding of a table with both margins fixed: iterative
 *	  proportional fitting of the quotas, then the rounding closest to them
 *	  by min-cost flow.  See apportion_table.h.
 */
#include "apportion_table.h"

#include <math.h>
#include <string.h>

/* Fitting stops when every row sum is within this of its total ... */
#define FIT_ABS_TOLERANCE 1e-7
/* ... or within this relative error, as close as doubles get ... */
#define FIT_REL_TOLERANCE 1e-15
/* ... or has not improved for this many rounds while within 0.01. */
#define FIT_STALL_ROUNDS 50
#define FIT_MAX_ROUNDS 100000
/* A quota this close to an integer (relative) is that integer. */
#define SNAP_TOLERANCE 1e-9
/* Costs in units of 2^-40. */
#define COST_SCALE 1099511627776.0
#define COST_INFINITY INT64_MAX
/* Work between two calls of interrupt. */
#define INTERRUPT_EVERY 65536

/* Sum with Neumaier's compensation, so long rows fit as well as short ones. */
typedef struct CompensatedSum
{
	double		sum;
	double		carry;
} CompensatedSum;

static void
csum_add(CompensatedSum *s, double x)
{
	double		t = s->sum + x;

	if (fabs(s->sum) >= fabs(x))
		s->carry += (s->sum - t) + x;
	else
		s->carry += (x - t) + s->sum;
	s->sum = t;
}

static double
csum_value(const CompensatedSum *s)
{
	return s->sum + s->carry;
}

/* Checks the totals and the seed; bad names the offending row, column (nrows + j) or cell. */
static TableRoundStatus
validate(const int64_t *rows, size_t nrows, const int64_t *cols, size_t ncols,
		 const double *seed, size_t *bad)
{
	size_t		i;
	int64_t		row_sum = 0,
				col_sum = 0;

	for (i = 0; i < nrows + ncols; i++)
	{
		int64_t		t = i < nrows ? rows[i] : cols[i - nrows];

		*bad = i;
		if (t < 0)
			return TABLE_ROUND_NEGATIVE_TOTAL;
		if (t > TABLE_ROUND_MAX_TOTAL)
			return TABLE_ROUND_TOTAL_TOO_LARGE;
		if (i < nrows)
			row_sum += t;		/* at most 2^50 each: sums of 2^13 lines fit */
		else
			col_sum += t;
		if (row_sum > TABLE_ROUND_MAX_TOTAL || col_sum > TABLE_ROUND_MAX_TOTAL)
			return TABLE_ROUND_TOTAL_TOO_LARGE;
	}
	*bad = 0;
	if (row_sum != col_sum)
		return TABLE_ROUND_MARGINS_DIFFER;
	if (seed)
		for (i = 0; i < nrows * ncols; i++)
			if (!(seed[i] >= 0) || isinf(seed[i]))
			{
				*bad = i;
				return TABLE_ROUND_BAD_SEED;
			}
	return TABLE_ROUND_OK;
}

/*
 * Iterative proportional fitting: q starts as the seed (zero where a row or
 * column total is zero) and its rows and columns are scaled to their totals
 * in turn until the row sums, off after each column scaling, agree too.
 */
static TableRoundStatus
fit_quotas(const int64_t *rows, size_t nrows, const int64_t *cols, size_t ncols,
		   const double *seed, double *q, size_t *bad, void (*interrupt) (void))
{
	size_t		i,
				j,
				round,
				work = 0,
				since_best = 0;
	double		best = INFINITY;

	for (i = 0; i < nrows; i++)
		for (j = 0; j < ncols; j++)
			q[i * ncols + j] = (rows[i] == 0 || cols[j] == 0) ? 0.0 : (seed ? seed[i * ncols + j] : 1.0);
	/* Each row scaled to a largest weight of 1, so seeds near the ends of
	 * the double range neither overflow nor vanish when fitted. */
	for (i = 0; i < nrows; i++)
	{
		double		top = 0;

		for (j = 0; j < ncols; j++)
			if (q[i * ncols + j] > top)
				top = q[i * ncols + j];
		if (top > 0)
			for (j = 0; j < ncols; j++)
				q[i * ncols + j] /= top;
	}
	/* A line with a total and no seed can never reach it. */
	for (i = 0; i < nrows + ncols; i++)
	{
		int64_t		t = i < nrows ? rows[i] : cols[i - nrows];
		size_t		n = i < nrows ? ncols : nrows,
					k;
		int			any = 0;

		for (k = 0; k < n && !any; k++)
			any = (i < nrows ? q[i * ncols + k] : q[k * ncols + (i - nrows)]) > 0;
		if (t > 0 && !any)
		{
			*bad = i;
			return TABLE_ROUND_EMPTY_LINE;
		}
	}

	for (round = 0; round < FIT_MAX_ROUNDS; round++)
	{
		double		worst_abs = 0,
					worst_rel = 0;

		for (i = 0; i < nrows; i++)
		{
			CompensatedSum s = {0, 0};
			double		f;

			if (rows[i] == 0)
				continue;
			for (j = 0; j < ncols; j++)
				csum_add(&s, q[i * ncols + j]);
			if (!(csum_value(&s) > 0))
				return TABLE_ROUND_NO_FIT;
			f = (double) rows[i] / csum_value(&s);
			if (!isfinite(f))
				return TABLE_ROUND_NO_FIT;
			for (j = 0; j < ncols; j++)
				q[i * ncols + j] *= f;
		}
		for (j = 0; j < ncols; j++)
		{
			CompensatedSum s = {0, 0};
			double		f;

			if (cols[j] == 0)
				continue;
			for (i = 0; i < nrows; i++)
				csum_add(&s, q[i * ncols + j]);
			if (!(csum_value(&s) > 0))
				return TABLE_ROUND_NO_FIT;
			f = (double) cols[j] / csum_value(&s);
			if (!isfinite(f))
				return TABLE_ROUND_NO_FIT;
			for (i = 0; i < nrows; i++)
				q[i * ncols + j] *= f;
		}
		for (i = 0; i < nrows; i++)
		{
			CompensatedSum s = {0, 0};
			double		dev;

			for (j = 0; j < ncols; j++)
				csum_add(&s, q[i * ncols + j]);
			dev = fabs(csum_value(&s) - (double) rows[i]);
			if (dev > worst_abs)
				worst_abs = dev;
			if (rows[i] > 0 && dev / (double) rows[i] > worst_rel)
				worst_rel = dev / (double) rows[i];
		}
		if (worst_abs <= FIT_ABS_TOLERANCE || worst_rel <= FIT_REL_TOLERANCE)
			return TABLE_ROUND_OK;
		if (worst_abs < best)
		{
			best = worst_abs;
			since_best = 0;
		}
		else if (++since_best >= FIT_STALL_ROUNDS && best < 0.01)
			return TABLE_ROUND_OK;
		work += 3 * nrows * ncols + 1;
		if (interrupt && work >= INTERRUPT_EVERY)
		{
			interrupt();
			work = 0;
		}
	}
	return TABLE_ROUND_NO_FIT;
}

/* A candidate move of one round-up between two columns: its cost and row. */
typedef struct Move
{
	int64_t		cost;
	size_t		row;
} Move;

/* Heap order: cheaper first, then the lower row, so choices are deterministic. */
static int
move_less(Move a, Move b)
{
	return a.cost < b.cost || (a.cost == b.cost && a.row < b.row);
}

/* A binary heap of moves that grows as needed. */
typedef struct MoveHeap
{
	Move	   *items;
	size_t		n;
	size_t		cap;
} MoveHeap;

static int
heap_push(MoveHeap *h, Move m, const CoreAlloc *mem)
{
	size_t		k;

	if (h->n == h->cap)
	{
		size_t		cap = h->cap ? 2 * h->cap : 8;
		Move	   *items = core_alloc(mem, cap, sizeof(Move));

		if (!items)
			return 0;
		if (h->n)
			memcpy(items, h->items, h->n * sizeof(Move));
		core_free(mem, h->items);
		h->items = items;
		h->cap = cap;
	}
	k = h->n++;
	while (k > 0 && move_less(m, h->items[(k - 1) / 2]))
	{
		h->items[k] = h->items[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	h->items[k] = m;
	return 1;
}

static void
heap_pop(MoveHeap *h)
{
	Move		last = h->items[--h->n];
	size_t		k = 0;

	for (;;)
	{
		size_t		c = 2 * k + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && move_less(h->items[c + 1], h->items[c]))
			c++;
		if (!move_less(h->items[c], last))
			break;
		h->items[k] = h->items[c];
		k = c;
	}
	if (h->n > 0)
		h->items[k] = last;
}

/*
 * The rounding problem on a table of nrows >= ncols: which fractional cells
 * round up.  up[i * ncols + j] is 1 for a cell rounded up; cost is the
 * cost of rounding it up rather than down; excess[j] how many more cells
 * column j rounds up than its total allows (negative: fewer); moves[j * ncols
 * + k] the rows that could move a round-up from column j to column k.
 */
typedef struct Rounding
{
	size_t		nrows;
	size_t		ncols;
	const int64_t *cost;
	const unsigned char *fractional;
	unsigned char *up;
	int64_t    *excess;
	MoveHeap   *moves;
	int64_t    *dist;
	size_t	   *pred_col;
	size_t	   *pred_row;
	const CoreAlloc *mem;
} Rounding;

/* Offers every move of row i's round-ups to columns it does not round up. */
static int
offer_moves(Rounding *rd, size_t i)
{
	size_t		nc = rd->ncols,
				j,
				k;

	for (j = 0; j < nc; j++)
		if (rd->up[i * nc + j])
			for (k = 0; k < nc; k++)
				if (!rd->up[i * nc + k] && rd->fractional[i * nc + k])
					if (!heap_push(&rd->moves[j * nc + k],
								   (Move) {rd->cost[i * nc + k] - rd->cost[i * nc + j], i}, rd->mem))
						return 0;
	return 1;
}

/* The cheapest move from column j to k still possible, or NULL; drops stale ones. */
static const Move *
best_move(Rounding *rd, size_t j, size_t k)
{
	MoveHeap   *h = &rd->moves[j * rd->ncols + k];

	while (h->n > 0)
	{
		size_t		i = h->items[0].row;

		if (rd->up[i * rd->ncols + j] && !rd->up[i * rd->ncols + k])
			return &h->items[0];
		heap_pop(h);
	}
	return NULL;
}

/*
 * Moves one round-up from a column with too many to one with too few along
 * the cheapest chain of moves (Bellman-Ford over the columns: a move costs
 * the change in sum |x - q|, negative where it helps); 0 if no chain exists.
 * A shortest chain visits each column once, so its moves, all possible
 * before it, stay possible together.
 */
static int
move_one(Rounding *rd)
{
	size_t		nc = rd->ncols,
				pass,
				j,
				k,
				target = nc,
				steps = 0;
	int			changed = 1;

	for (j = 0; j < nc; j++)
	{
		rd->dist[j] = rd->excess[j] > 0 ? 0 : COST_INFINITY;
		rd->pred_col[j] = nc;
	}
	for (pass = 0; pass < nc && changed; pass++)
	{
		changed = 0;
		for (j = 0; j < nc; j++)
		{
			if (rd->dist[j] == COST_INFINITY)
				continue;
			for (k = 0; k < nc; k++)
			{
				const Move *m;

				if (k == j || (m = best_move(rd, j, k)) == NULL)
					continue;
				if (rd->dist[j] + m->cost < rd->dist[k])
				{
					rd->dist[k] = rd->dist[j] + m->cost;
					rd->pred_col[k] = j;
					rd->pred_row[k] = m->row;
					changed = 1;
				}
			}
		}
	}
	for (k = 0; k < nc; k++)
		if (rd->excess[k] < 0 && rd->dist[k] != COST_INFINITY &&
			(target == nc || rd->dist[k] < rd->dist[target]))
			target = k;
	if (target == nc)
		return 0;
	rd->excess[target]++;
	for (k = target; rd->pred_col[k] != nc; k = rd->pred_col[k])
	{
		size_t		i = rd->pred_row[k];

		if (++steps > nc)
			return 0;			/* a cycle: cannot happen without negative cycles */
		rd->up[i * nc + rd->pred_col[k]] = 0;
		rd->up[i * nc + k] = 1;
	}
	rd->excess[k]--;
	for (k = target; rd->pred_col[k] != nc; k = rd->pred_col[k])
		if (!offer_moves(rd, rd->pred_row[k]))
			return -1;
	return 1;
}

/*
 * Rounds the quotas q (nrows x ncols, nrows >= ncols) into cells keeping
 * both margins.  Each row first rounds up the cells with the largest
 * fractions, as many as it must (the best for each row alone); then the
 * columns that got too many pass round-ups to those that got too few along
 * cheapest chains, which keeps the rounding the closest to q for its
 * column sums at every step (successive shortest paths from a start with
 * no negative cycle), until both margins hold.
 */
static TableRoundStatus
round_tall(const int64_t *rows, size_t nrows, const int64_t *cols, size_t ncols,
		   double *q, int64_t *cells, void (*interrupt) (void), const CoreAlloc *mem)
{
	size_t		ncells = nrows * ncols,
				i,
				j,
				work = 0;
	int64_t    *cost = core_alloc(mem, ncells, sizeof(int64_t));
	unsigned char *fractional = core_alloc0(mem, ncells, 1);
	Rounding	rd;
	TableRoundStatus status = TABLE_ROUND_OK;

	memset(&rd, 0, sizeof(rd));
	rd.nrows = nrows;
	rd.ncols = ncols;
	rd.cost = cost;
	rd.fractional = fractional;
	rd.mem = mem;
	rd.up = core_alloc0(mem, ncells, 1);
	rd.excess = core_alloc0(mem, ncols, sizeof(int64_t));
	rd.moves = core_alloc0(mem, ncols * ncols, sizeof(MoveHeap));
	rd.dist = core_alloc(mem, ncols, sizeof(int64_t));
	rd.pred_col = core_alloc(mem, ncols, sizeof(size_t));
	rd.pred_row = core_alloc(mem, ncols, sizeof(size_t));
	if (!cost || !fractional || !rd.up || !rd.excess || !rd.moves || !rd.dist || !rd.pred_col || !rd.pred_row)
	{
		status = TABLE_ROUND_NO_MEMORY;
		goto done;
	}

	/* Floors, fractions and costs; column sums of the floors in excess. */
	for (i = 0; i < ncells; i++)
	{
		double		x = q[i],
					r = nearbyint(x);

		if (!isfinite(x) || x < 0)
		{
			status = TABLE_ROUND_NO_FIT;
			goto done;
		}
		if (fabs(x - r) <= SNAP_TOLERANCE * (r > 1 ? r : 1))
			q[i] = x = r;
		cells[i] = (int64_t) floor(x);
		fractional[i] = x > floor(x);
		cost[i] = fractional[i] ? (int64_t) llround((1.0 - 2.0 * (x - floor(x))) * COST_SCALE) : 0;
		rd.excess[i % ncols] += cells[i];
	}
	for (j = 0; j < ncols; j++)
		rd.excess[j] -= cols[j];	/* minus what the column still needs */

	/* Each row rounds up its cheapest fractional cells, as many as it lacks. */
	for (i = 0; i < nrows; i++)
	{
		int64_t		lack = rows[i];
		size_t		n = 0;

		for (j = 0; j < ncols; j++)
		{
			lack -= cells[i * ncols + j];
			n += fractional[i * ncols + j];
		}
		if (lack < 0 || (uint64_t) lack > n)
		{
			status = TABLE_ROUND_NO_FIT;
			goto done;
		}
		while (lack-- > 0)
		{
			size_t		best = ncols;

			for (j = 0; j < ncols; j++)
				if (fractional[i * ncols + j] && !rd.up[i * ncols + j] &&
					(best == ncols || cost[i * ncols + j] < cost[i * ncols + best]))
					best = j;
			rd.up[i * ncols + best] = 1;
			rd.excess[best]++;
		}
		if (!offer_moves(&rd, i))
		{
			status = TABLE_ROUND_NO_MEMORY;
			goto done;
		}
		work += ncols * ncols;
		if (interrupt && work >= INTERRUPT_EVERY)
		{
			interrupt();
			work = 0;
		}
	}

	/* Pass round-ups from columns with too many to columns with too few. */
	for (;;)
	{
		int			moved;
		int			over = 0;

		for (j = 0; j < ncols && !over; j++)
			over = rd.excess[j] > 0;
		if (!over)
			break;
		moved = move_one(&rd);
		if (moved <= 0)
		{
			status = moved < 0 ? TABLE_ROUND_NO_MEMORY : TABLE_ROUND_NO_FIT;
			goto done;
		}
		work += ncols * ncols * ncols + 1;
		if (interrupt && work >= INTERRUPT_EVERY)
		{
			interrupt();
			work = 0;
		}
	}
	for (i = 0; i < ncells; i++)
		cells[i] += rd.up[i];

done:
	if (rd.moves)
		for (i = 0; i < ncols * ncols; i++)
			core_free(mem, rd.moves[i].items);
	core_free(mem, rd.moves);
	core_free(mem, rd.up);
	core_free(mem, rd.excess);
	core_free(mem, rd.dist);
	core_free(mem, rd.pred_col);
	core_free(mem, rd.pred_row);
	core_free(mem, cost);
	core_free(mem, fractional);
	return status;
}

/* Rounds the quotas, transposing a table wider than it is tall so the chains run over the fewer lines. */
static TableRoundStatus
round_quotas(const int64_t *rows, size_t nrows, const int64_t *cols, size_t ncols,
			 double *q, int64_t *cells, void (*interrupt) (void), const CoreAlloc *mem)
{
	double	   *qt;
	int64_t    *ct;
	size_t		i,
				j;
	TableRoundStatus status;

	if (ncols <= nrows)
		return round_tall(rows, nrows, cols, ncols, q, cells, interrupt, mem);
	qt = core_alloc(mem, nrows * ncols, sizeof(double));
	ct = core_alloc(mem, nrows * ncols, sizeof(int64_t));
	if (!qt || !ct)
	{
		core_free(mem, qt);
		core_free(mem, ct);
		return TABLE_ROUND_NO_MEMORY;
	}
	for (i = 0; i < nrows; i++)
		for (j = 0; j < ncols; j++)
			qt[j * nrows + i] = q[i * ncols + j];
	status = round_tall(cols, ncols, rows, nrows, qt, ct, interrupt, mem);
	for (i = 0; i < nrows; i++)
		for (j = 0; j < ncols; j++)
		{
			q[i * ncols + j] = qt[j * nrows + i];
			cells[i * ncols + j] = ct[j * nrows + i];
		}
	core_free(mem, qt);
	core_free(mem, ct);
	return status;
}

double
table_round_work_bytes(size_t nrows, size_t ncols)
{
	double		r = (double) (nrows > ncols ? nrows : ncols),
				c = (double) (nrows > ncols ? ncols : nrows);

	/* quotas, cells, costs, flags and a transposed copy per cell; moves: at
	 * most c/2 x c/2 per row at the start and 2c per move of which there are
	 * at most r x c */
	return r * c * (8 + 8 + 8 + 2 + 16) + 16.0 * (r * (c / 2 + 1) * (c / 2 + 1) + 2 * c * r * c) + 64 * c * c;
}

TableRoundStatus
table_round(const int64_t *row_totals, size_t nrows, const int64_t *col_totals,
			size_t ncols, const double *seed, int64_t *cells, double *quota,
			size_t *bad_index, void (*interrupt) (void), const CoreAlloc *mem)
{
	TableRoundStatus status;
	double	   *q = quota;
	size_t		bad = 0;

	status = validate(row_totals, nrows, col_totals, ncols, seed, &bad);
	if (status == TABLE_ROUND_OK && nrows > 0 && ncols > 0)
	{
		if (!q)
			q = core_alloc(mem, nrows * ncols, sizeof(double));
		if (!q)
			status = TABLE_ROUND_NO_MEMORY;
		else
		{
			status = fit_quotas(row_totals, nrows, col_totals, ncols, seed, q, &bad, interrupt);
			if (status == TABLE_ROUND_OK)
				status = round_quotas(row_totals, nrows, col_totals, ncols, q, cells, interrupt, mem);
			if (q != quota)
				core_free(mem, q);
		}
	}
	if (bad_index)
		*bad_index = bad;
	return status;
}
