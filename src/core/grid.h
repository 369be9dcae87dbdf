/*
 * grid.h
 *	  A uniform grid over points in the plane for nearest-neighbour
 *	  searches, shared by the route and turf cores; no PostgreSQL types.
 *
 * The grid holds items (indexes into the caller's x and y arrays).  A search
 * returns the items nearest a query point, nearest first, the lower item on
 * a tie, exactly: the grid only decides how few cells are looked at.  How
 * distances are compared is fixed at build time, because the two callers
 * have always broken ties differently and their outputs must not change:
 *
 *	- GRID_SQUARED (turf): by squared distance dx * dx + dy * dy;
 *	- GRID_EUCLIDEAN (route): by its square root, so two squared distances
 *	  that round to the same root are a tie, broken by the lower item.
 *
 * With GRID_REMOVABLE, items can be taken out of the grid as a search goes
 * (route's nearest-neighbour path).
 */
#ifndef CANVASS_GRID_H
#define CANVASS_GRID_H

#include <stdint.h>

#include "core/core_alloc.h"

/* Flags of grid_build. */
#define GRID_SQUARED	0		/* compare squared distances (and report them) */
#define GRID_EUCLIDEAN	1		/* compare distances (and report them) */
#define GRID_REMOVABLE	2		/* grid_remove may be called */

typedef struct Grid
{
	const double *x;			/* coordinates, by item */
	const double *y;
	double		xmin;
	double		ymin;
	double		side;			/* of a cell */
	int64_t		gx;				/* columns */
	int64_t		gy;				/* rows */
	int32_t    *start;			/* cell c holds items[start[c] .. end[c]) */
	int32_t    *end;			/* start + 1, or live ends when removable */
	int32_t    *items;
	int32_t    *slot;			/* place of each item in items (removable only) */
	int			flags;
	void		(*interrupt) (void);
	const CoreAlloc *mem;
} Grid;

/*
 * Builds the grid over the m items items[0..m) (items NULL: 0..m-1) of x, y,
 * of about two items per cell; flags are GRID_SQUARED or GRID_EUCLIDEAN,
 * optionally with GRID_REMOVABLE.  interrupt, if not NULL, is called now and
 * then, here and in long searches.  Returns 0, or -1 when memory runs out
 * (then grid_free may still be called, and must be).
 */
extern int	grid_build(Grid *g, const double *x, const double *y, const int32_t *items, int64_t m,
					   int flags, void (*interrupt) (void), const CoreAlloc *mem);

/* Frees the grid's cells. */
extern void grid_free(Grid *g);

/* Takes item s out of the grid (built with GRID_REMOVABLE). */
extern void grid_remove(Grid *g, int32_t s);

/*
 * The up to want items nearest (qx, qy), item `skip` left out (-1: none),
 * into out, and their distances (squared with GRID_SQUARED) into outd,
 * nearest first, the lower item on a tie; returns how many were found
 * (fewer than want only if the grid holds fewer).
 */
extern int	grid_nearest(const Grid *g, double qx, double qy, int32_t skip, int want,
						 int32_t *out, double *outd);

#endif							/* CANVASS_GRID_H */
