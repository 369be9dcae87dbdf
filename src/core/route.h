/*
 * route.h
 *	  Walk order: a short open path through a set of points in the plane,
 *	  with no PostgreSQL types, so it can be unit-tested without a server.
 */
#ifndef CANVASS_ROUTE_H
#define CANVASS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_alloc.h"

/* Largest coordinate magnitude taken, so no distance or length overflows. */
#define ROUTE_COORD_MAX 1e150

typedef enum RouteStatus
{
	ROUTE_OK = 0,
	ROUTE_NOT_FINITE,			/* a coordinate is NaN, infinite or beyond ROUTE_COORD_MAX */
	ROUTE_TOO_MANY,				/* more points than the core indexes (2^31 - 1) */
	ROUTE_NO_MEMORY
} RouteStatus;

/*
 * Orders n points (x[i], y[i]) into a short open path: order[k] is the
 * index of the k-th point to visit.  Points at the same coordinates are
 * visited one after another, in increasing index.  The answer depends only
 * on the set of coordinates, not on the order they are given in (apart from
 * the order among identical points), and is never longer than the plain
 * nearest-neighbour path of route_nearest_neighbour.  interrupt, if not
 * NULL, is called now and then so a caller can cancel (it may not return).
 * Working memory comes from mem (NULL: malloc) and is released before
 * returning; on failure order is left undefined.
 */
extern RouteStatus route_walk_order(const double *x, const double *y, size_t n,
									size_t *order, void (*interrupt) (void),
									const CoreAlloc *mem);

/*
 * The plain nearest-neighbour path over the same canonical input: start at
 * the point with the smallest x (then y), then always walk to the nearest
 * point not yet visited (ties to the smaller x, then y).  The anchor
 * walk_order is measured against.
 */
extern RouteStatus route_nearest_neighbour(const double *x, const double *y, size_t n,
										   size_t *order, void (*interrupt) (void),
										   const CoreAlloc *mem);

/*
 * route_walk_order without the exact solver for few stops: the heuristic
 * alone, so tests can measure its gap against brute force on small inputs.
 */
extern RouteStatus route_walk_order_heuristic(const double *x, const double *y, size_t n,
											  size_t *order);

/* Length of the open path visiting the points in the given order. */
extern double route_length(const double *x, const double *y, const size_t *order, size_t n);

#endif							/* CANVASS_ROUTE_H */
