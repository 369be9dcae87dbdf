/*
 * turf_grid.c
 *	  The turfs' lists, sizes and centroids, and each turf's nearest turfs,
 *	  found through a grid over the centroids.
 */
#include "turf_internal.h"

/* Rebuilds the turf lists, sizes and centroids from the labels. */
void
turf_rebuild(Cut *c)
{
	int64_t		t;
	size_t		i;
	double	   *sx = c->cx,
			   *sy = c->cy;

	for (t = 0; t < c->k; t++)
	{
		c->head[t] = -1;
		c->size[t] = 0;
		sx[t] = 0.0;
		sy[t] = 0.0;
	}
	/* backwards, so each list runs in canonical order */
	for (i = c->n; i-- > 0;)
	{
		int32_t		l = c->label[i];

		c->next[i] = c->head[l];
		c->head[l] = (int32_t) i;
		c->size[l] += c->w[i];
		sx[l] += (double) c->w[i] * c->x[i];
		sy[l] += (double) c->w[i] * c->y[i];
	}
	for (t = 0; t < c->k; t++)
	{
		if (c->size[t] > 0)
		{
			sx[t] /= (double) c->size[t];
			sy[t] /= (double) c->size[t];
		}
	}
}

/* Recomputes one turf's size and centroid from its list. */
void
turf_update(Cut *c, int32_t t)
{
	double		sx = 0.0,
				sy = 0.0;
	int64_t		s = 0;
	int32_t		p;

	for (p = c->head[t]; p >= 0; p = c->next[p])
	{
		s += c->w[p];
		sx += (double) c->w[p] * c->x[p];
		sy += (double) c->w[p] * c->y[p];
	}
	c->size[t] = s;
	if (s > 0)
	{
		c->cx[t] = sx / (double) s;
		c->cy[t] = sy / (double) s;
	}
}

/* Inserts candidate (d2, j) into turf t's sorted neighbour list of length *have. */
static void
nb_insert(int32_t *list, double *dist, int *have, int cap, double d2, int32_t j)
{
	int			pos = *have;

	if (pos == cap)
	{
		if (d2 > dist[cap - 1] || (d2 == dist[cap - 1] && j > list[cap - 1]))
			return;
		pos = cap - 1;
	}
	else
		(*have)++;
	while (pos > 0 && (dist[pos - 1] > d2 || (dist[pos - 1] == d2 && list[pos - 1] > j)))
	{
		dist[pos] = dist[pos - 1];
		list[pos] = list[pos - 1];
		pos--;
	}
	dist[pos] = d2;
	list[pos] = j;
}

/* The cell (column *ix, row *iy) of point (x, y), clamped to the grid. */
static void
grid_cell(const CentroidGrid *gr, double x, double y, int64_t *ix, int64_t *iy)
{
	double		fx = (x - gr->xmin) / gr->side,
				fy = (y - gr->ymin) / gr->side;

	*ix = !(fx > 0.0) ? 0 : fx < (double) gr->gx ? (int64_t) fx : gr->gx - 1;
	*iy = !(fy > 0.0) ? 0 : fy < (double) gr->gy ? (int64_t) fy : gr->gy - 1;
}

/*
 * Builds the grid over the m centroids items[0..m) (items NULL: 0..m-1) of
 * cx, cy.  Returns 0, or -1 when memory runs out.
 */
int
turf_grid_build(CentroidGrid *gr, const double *cx, const double *cy, const int32_t *items, int64_t m,
				const CoreAlloc *mem)
{
	double		xmax = -INFINITY,
				ymax = -INFINITY,
				ex,
				ey;
	int64_t		a,
				ncells;
	int32_t    *cursor;

	gr->cx = cx;
	gr->cy = cy;
	gr->mem = mem;
	gr->xmin = gr->ymin = INFINITY;
	gr->cell_start = gr->cell_items = NULL;
	if (m == 0)
		gr->xmin = gr->ymin = xmax = ymax = 0.0;	/* an empty grid of one cell */
	for (a = 0; a < m; a++)
	{
		int32_t		t = items ? items[a] : (int32_t) a;

		gr->xmin = fmin(gr->xmin, cx[t]);
		gr->ymin = fmin(gr->ymin, cy[t]);
		xmax = fmax(xmax, cx[t]);
		ymax = fmax(ymax, cy[t]);
	}
	ex = xmax - gr->xmin;
	ey = ymax - gr->ymin;
	gr->side = sqrt(ex * ey * 2.0 / (double) m);
	if (!(gr->side > 0.0) || gr->side < fmax(ex, ey) * 2.0 / (double) m)
		gr->side = fmax(ex, ey) * 2.0 / (double) m;
	if (!(gr->side > 0.0) || !isfinite(gr->side))
		gr->side = 1.0;
	/* clamp in floating point: ex / side can exceed any integer */
	gr->gx = ex / gr->side + 1.0 < (double) (2 * m + 1) ? (int64_t) (ex / gr->side) + 1 : 2 * m + 1;
	gr->gy = ey / gr->side + 1.0 < (double) (2 * m + 1) ? (int64_t) (ey / gr->side) + 1 : 2 * m + 1;
	ncells = gr->gx * gr->gy;
	gr->cell_start = core_alloc(mem, (size_t) ncells + 1, sizeof(int32_t));
	gr->cell_items = core_alloc(mem, (size_t) m + 1, sizeof(int32_t));
	cursor = core_alloc(mem, (size_t) ncells, sizeof(int32_t));
	if (!gr->cell_start || !gr->cell_items || !cursor)
	{
		core_free(mem, cursor);
		return -1;
	}
	memset(gr->cell_start, 0, sizeof(int32_t) * (size_t) (ncells + 1));
	for (a = 0; a < m; a++)
	{
		int32_t		t = items ? items[a] : (int32_t) a;
		int64_t		ix,
					iy;

		grid_cell(gr, cx[t], cy[t], &ix, &iy);
		gr->cell_start[iy * gr->gx + ix + 1]++;
	}
	for (a = 0; a < ncells; a++)
		gr->cell_start[a + 1] += gr->cell_start[a];
	/* place the centroids in their cells, with a cursor per cell */
	memcpy(cursor, gr->cell_start, sizeof(int32_t) * (size_t) ncells);
	for (a = 0; a < m; a++)
	{
		int32_t		t = items ? items[a] : (int32_t) a;
		int64_t		ix,
					iy;

		grid_cell(gr, cx[t], cy[t], &ix, &iy);
		gr->cell_items[cursor[iy * gr->gx + ix]++] = t;
	}
	core_free(mem, cursor);
	return 0;
}

/* Frees the grid's cells. */
void
turf_grid_free(CentroidGrid *gr)
{
	core_free(gr->mem, gr->cell_start);
	core_free(gr->mem, gr->cell_items);
	gr->cell_start = gr->cell_items = NULL;
}

/*
 * The cap centroids nearest (qx, qy), item `skip` left out, into list and
 * their squared distances into dist, nearest first (the lower item on a
 * tie); returns how many were found (fewer than cap only if the grid holds
 * fewer).  Searches ring by ring around the query's cell: everything beyond
 * ring r is at least r * side away, even from a query outside the grid.
 */
int
turf_grid_nearest(const CentroidGrid *gr, double qx, double qy, int32_t skip, int cap,
			 int32_t *list, double *dist)
{
	int			have = 0;
	int64_t		cx0,
				cy0,
				r;

	grid_cell(gr, qx, qy, &cx0, &cy0);
	for (r = 0;; r++)
	{
		int64_t		ix,
					iy;

		for (iy = cy0 - r; iy <= cy0 + r; iy++)
		{
			if (iy < 0 || iy >= gr->gy)
				continue;
			for (ix = cx0 - r; ix <= cx0 + r; ix++)
			{
				int32_t		a;
				int64_t		cell;

				if (ix < 0 || ix >= gr->gx)
					continue;
				if (iy != cy0 - r && iy != cy0 + r && ix != cx0 - r && ix != cx0 + r)
					continue;	/* inner cells were done in earlier rings */
				cell = iy * gr->gx + ix;
				for (a = gr->cell_start[cell]; a < gr->cell_start[cell + 1]; a++)
				{
					int32_t		j = gr->cell_items[a];
					double		dx,
								dy;

					if (j == skip)
						continue;
					dx = gr->cx[j] - qx;
					dy = gr->cy[j] - qy;
					nb_insert(list, dist, &have, cap, dx * dx + dy * dy, j);
				}
			}
		}
		if (have == cap && dist[cap - 1] <= ((double) r * gr->side) * ((double) r * gr->side))
			break;
		if (r > gr->gx && r > gr->gy)
			break;
	}
	return have;
}

/*
 * Finds each turf's nearest turfs by centroid, through the centroid grid.
 * Returns 0, or -1 when memory runs out.
 */
int
turf_find_neighbours(Cut *c)
{
	int64_t		t;
	int			cap = c->nnb;
	double		dist[TURF_NEIGHBOURS_MANY];
	CentroidGrid gr;

	if (cap == 0)
		return 0;
	if (turf_grid_build(&gr, c->cx, c->cy, NULL, c->k, c->mem) != 0)
	{
		turf_grid_free(&gr);
		return -1;
	}
	for (t = 0; t < c->k; t++)
	{
		int32_t    *list = c->nb + t * cap;
		int			have;

		if ((t & 1023) == 0)
			check_interrupt(c);
		have = turf_grid_nearest(&gr, c->cx[t], c->cy[t], (int32_t) t, cap, list, dist);
		for (; have < cap; have++)
			list[have] = -1;
	}
	turf_grid_free(&gr);
	return 0;
}

/* True if v is among u's neighbours. */
int
turf_is_neighbour(const Cut *c, int32_t u, int32_t v)
{
	int			j;

	for (j = 0; j < c->nnb; j++)
		if (c->nb[u * c->nnb + j] == v)
			return 1;
	return 0;
}
