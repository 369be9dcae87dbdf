/*
 * turf_grid.c
 *	  The turfs' lists, sizes and centroids, and each turf's nearest turfs,
 *	  found through a grid over the centroids (core/grid.c).
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
	Grid		gr;

	if (cap == 0)
		return 0;
	if (grid_build(&gr, c->cx, c->cy, NULL, c->k, GRID_SQUARED, c->interrupt, c->mem) != 0)
	{
		grid_free(&gr);
		return -1;
	}
	for (t = 0; t < c->k; t++)
	{
		int32_t    *list = c->nb + t * cap;
		int			have;

		if ((t & 1023) == 0)
			check_interrupt(c);
		have = grid_nearest(&gr, c->cx[t], c->cy[t], (int32_t) t, cap, list, dist);
		for (; have < cap; have++)
			list[have] = -1;
	}
	grid_free(&gr);
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
