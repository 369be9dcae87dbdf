/*
 * grid.c
 *	  A uniform grid over points in the plane for nearest-neighbour
 *	  searches, shared by the route and turf cores (see grid.h for the two
 *	  ways of comparing distances, which keep each caller's ties).
 */
#include "core/grid.h"

#include <math.h>
#include <string.h>

/* The cell (column *ix, row *iy) of point (x, y), clamped to the grid. */
static inline void
grid_cell(const Grid *g, double x, double y, int64_t *ix, int64_t *iy)
{
	double		fx = (x - g->xmin) / g->side,
				fy = (y - g->ymin) / g->side;

	*ix = !(fx > 0.0) ? 0 : fx < (double) g->gx ? (int64_t) fx : g->gx - 1;
	*iy = !(fy > 0.0) ? 0 : fy < (double) g->gy ? (int64_t) fy : g->gy - 1;
}

/* The item at place a of the build's input. */
static inline int32_t
item_at(const int32_t *items, int64_t a)
{
	return items ? items[a] : (int32_t) a;
}

/*
 * Builds the grid over the m items items[0..m) (items NULL: 0..m-1) of x, y,
 * with cells of side sqrt(2 * area / m), at least twice the longer extent
 * over m, so there are about two items per cell and never more than 2m + 1
 * columns or rows.  A removable grid holds items 0..m-1 (items NULL).
 * Returns 0, or -1 when memory runs out.
 */
int
grid_build(Grid *g, const double *x, const double *y, const int32_t *items, int64_t m,
		   int flags, void (*interrupt) (void), const CoreAlloc *mem)
{
	double		xmax = -INFINITY,
				ymax = -INFINITY,
				ex,
				ey;
	int64_t		a,
				ncells;
	int32_t    *cursor;

	memset(g, 0, sizeof(*g));
	g->x = x;
	g->y = y;
	g->flags = flags;
	g->interrupt = interrupt;
	g->mem = mem;
	g->xmin = g->ymin = INFINITY;
	if (m == 0)
		g->xmin = g->ymin = xmax = ymax = 0.0;	/* an empty grid of one cell */
	for (a = 0; a < m; a++)
	{
		int32_t		t = item_at(items, a);

		if (interrupt && (a & 65535) == 65535)
			interrupt();
		g->xmin = fmin(g->xmin, x[t]);
		g->ymin = fmin(g->ymin, y[t]);
		xmax = fmax(xmax, x[t]);
		ymax = fmax(ymax, y[t]);
	}
	ex = xmax - g->xmin;
	ey = ymax - g->ymin;
	g->side = sqrt(ex * ey * 2.0 / (double) m);
	if (!(g->side > 0.0) || g->side < fmax(ex, ey) * 2.0 / (double) m)
		g->side = fmax(ex, ey) * 2.0 / (double) m;
	if (!(g->side > 0.0) || !isfinite(g->side))
		g->side = 1.0;
	/* clamp in floating point: ex / side can exceed any integer */
	g->gx = ex / g->side + 1.0 < (double) (2 * m + 1) ? (int64_t) (ex / g->side) + 1 : 2 * m + 1;
	g->gy = ey / g->side + 1.0 < (double) (2 * m + 1) ? (int64_t) (ey / g->side) + 1 : 2 * m + 1;
	ncells = g->gx * g->gy;
	g->start = core_alloc0(mem, (size_t) ncells + 1, sizeof(int32_t));
	g->items = core_alloc(mem, (size_t) m + 1, sizeof(int32_t));
	cursor = core_alloc(mem, (size_t) ncells, sizeof(int32_t));
	if (flags & GRID_REMOVABLE)
	{
		g->end = cursor;		/* after placing, each cell's end */
		g->slot = core_alloc(mem, (size_t) m + 1, sizeof(int32_t));
		if (!g->slot)
			return -1;
	}
	if (!g->start || !g->items || !cursor)
	{
		if (!(flags & GRID_REMOVABLE))
			core_free(mem, cursor);
		return -1;
	}
	for (a = 0; a < m; a++)
	{
		int64_t		ix,
					iy;

		if (interrupt && (a & 65535) == 65535)
			interrupt();
		grid_cell(g, x[item_at(items, a)], y[item_at(items, a)], &ix, &iy);
		g->start[iy * g->gx + ix + 1]++;
	}
	for (a = 0; a < ncells; a++)
		g->start[a + 1] += g->start[a];
	/* place the items in their cells, with a cursor per cell */
	memcpy(cursor, g->start, sizeof(int32_t) * (size_t) ncells);
	for (a = 0; a < m; a++)
	{
		int32_t		t = item_at(items, a),
					place;
		int64_t		ix,
					iy;

		if (interrupt && (a & 65535) == 65535)
			interrupt();
		grid_cell(g, x[t], y[t], &ix, &iy);
		place = cursor[iy * g->gx + ix]++;
		g->items[place] = t;
		if (g->slot)
			g->slot[t] = place;
	}
	if (!(flags & GRID_REMOVABLE))
	{
		core_free(mem, cursor);
		g->end = g->start + 1;
	}
	return 0;
}

/* Frees the grid's cells. */
void
grid_free(Grid *g)
{
	core_free(g->mem, g->start);
	core_free(g->mem, g->items);
	if (g->flags & GRID_REMOVABLE)
	{
		core_free(g->mem, g->end);
		core_free(g->mem, g->slot);
	}
	g->start = g->end = g->items = g->slot = NULL;
}

/* Takes item s out of its cell (swapped with the cell's last live item). */
void
grid_remove(Grid *g, int32_t s)
{
	int64_t		ix,
				iy,
				c;
	int32_t		last,
				moved;

	grid_cell(g, g->x[s], g->y[s], &ix, &iy);
	c = iy * g->gx + ix;
	last = g->end[c] - 1;
	moved = g->items[last];
	g->items[g->slot[s]] = moved;
	g->slot[moved] = g->slot[s];
	g->items[last] = s;
	g->slot[s] = last;
	g->end[c]--;
}

/*
 * The up to want items nearest (qx, qy), item `skip` left out, into out and
 * their distances into outd, nearest first, the lower item on a tie; returns
 * how many were found.  Searches ring by ring around the query's cell:
 * everything beyond ring r is at least r * side away, even from a query
 * outside the grid, so the search stops when the want-th is no farther.
 */
int
grid_nearest(const Grid *g, double qx, double qy, int32_t skip, int want,
			 int32_t *out, double *outd)
{
	int			found = 0,
				euclid = g->flags & GRID_EUCLIDEAN;
	int64_t		cx0,
				cy0,
				r;

	if (want <= 0)
		return 0;
	grid_cell(g, qx, qy, &cx0, &cy0);
	for (r = 0;; r++)
	{
		int64_t		ix,
					iy;
		double		reach;

		if (g->interrupt && (r & 255) == 255)
			g->interrupt();
		for (iy = cy0 - r; iy <= cy0 + r; iy++)
		{
			/* the ring's top and bottom rows whole, its other rows' two ends */
			int64_t		step = (iy == cy0 - r || iy == cy0 + r) ? 1 : 2 * r;

			if (iy < 0 || iy >= g->gy)
				continue;
			for (ix = cx0 - r; ix <= cx0 + r; ix += step)
			{
				int64_t		cell;
				int32_t		a;

				if (ix < 0 || ix >= g->gx)
					continue;
				cell = iy * g->gx + ix;
				for (a = g->start[cell]; a < g->end[cell]; a++)
				{
					int32_t		j = g->items[a];
					double		dx,
								dy,
								d;
					int			pos;

					if (j == skip)
						continue;
					dx = g->x[j] - qx;
					dy = g->y[j] - qy;
					d = dx * dx + dy * dy;
					if (euclid)
						d = sqrt(d);
					if (found == want &&
						(d > outd[want - 1] || (d == outd[want - 1] && j > out[want - 1])))
						continue;
					/* insertion into the sorted list */
					pos = found < want ? found++ : want - 1;
					while (pos > 0 && (outd[pos - 1] > d || (outd[pos - 1] == d && out[pos - 1] > j)))
					{
						out[pos] = out[pos - 1];
						outd[pos] = outd[pos - 1];
						pos--;
					}
					out[pos] = j;
					outd[pos] = d;
				}
			}
		}
		reach = (double) r * g->side;
		if (found == want && outd[want - 1] <= (euclid ? reach : reach * reach))
			break;
		if (r > g->gx && r > g->gy)
			break;
	}
	return found;
}
