/*
 * regions.h
 *	  Turf regions: the boundaries between turfs in the Voronoi diagram of
 *	  the doors, and the turf of the nearest door to any place, with no
 *	  PostgreSQL types, so it can be unit-tested without a server.
 *
 * The doors are snapped to an integer grid whose step is the power of two
 * just above 1/(2^29 - 4) of the larger side of their bounding box, and their Delaunay triangulation is computed
 * with exact integer predicates (Guibas and Stolfi's divide and conquer),
 * so cocircular and collinear doors (a street grid) never make it
 * inconsistent.  The Voronoi edge dual to each Delaunay edge whose two
 * doors lie in different turfs is a boundary between turfs; the edges
 * between doors of one turf are left out, so the boundaries are the
 * Voronoi cells already merged by turf.  Each boundary is clipped to a box
 * the caller gives (the partition polygon's, with a margin).
 */
#ifndef CANVASS_REGIONS_H
#define CANVASS_REGIONS_H

#include <stddef.h>
#include <stdint.h>

#include "core/coord.h"
#include "core/core_alloc.h"


/* Grid steps across the larger side of the doors' bounding box. */
#define REGIONS_GRID ((int64_t) 1 << 29)

typedef enum RegionsStatus
{
	REGIONS_OK = 0,
	REGIONS_NOT_FINITE,			/* a coordinate is NaN, infinite or beyond CORE_COORD_MAX */
	REGIONS_TOO_MANY,			/* more doors than the core indexes (2^31 - 1) */
	REGIONS_NO_MEMORY,
	REGIONS_SHARED_POINT		/* two doors of different turfs on one grid point */
} RegionsStatus;

/* The diagram of a set of doors. */
typedef struct RegionsDiagram
{
	size_t		npoints;		/* distinct (snapped) door points */
	double	   *px;				/* their snapped coordinates */
	double	   *py;
	int32_t    *turf;			/* the turf of each */
	size_t		nseg;			/* boundary segments between turfs */
	double	   *seg;			/* 4 per segment: x0, y0, x1, y1 */
	/* a bucket grid over the points, for regions_turf_at */
	int64_t		gw,
				gh;				/* cells across and down */
	double		gx0,
				gy0,
				gcell;			/* origin and side of a cell */
	size_t	   *gstart;			/* gw * gh + 1 offsets into gitem */
	size_t	   *gitem;			/* point indexes, cell by cell */
	/* on REGIONS_SHARED_POINT: the indexes of two clashing doors */
	size_t		clash_a,
				clash_b;
	const CoreAlloc *mem;
} RegionsDiagram;

/*
 * Builds the diagram of n doors (x[i], y[i]) with turf numbers turf[i],
 * clipping the boundaries to box = {xmin, ymin, xmax, ymax}.  Doors at one
 * grid point (identical coordinates, or closer than a grid step) are one
 * point when they share a turf; in different turfs they are an error,
 * REGIONS_SHARED_POINT with clash_a and clash_b set.  The segments between
 * turfs form closed curves or end outside the box (or on it), never in the
 * middle of it; with one turf there are none.  interrupt, if not NULL, is
 * called now and then (it may not return).  Memory comes from mem (NULL:
 * malloc); on failure nothing is left allocated.
 */
extern RegionsStatus regions_build(const double *x, const double *y, const int32_t *turf,
								   size_t n, const double box[4], RegionsDiagram *d,
								   void (*interrupt) (void), const CoreAlloc *mem);

/*
 * The index of the door point nearest (x, y) (ties to the smaller index of
 * the sorted, distinct points); d->turf[result] is its turf.  Needs
 * npoints > 0.
 */
extern size_t regions_nearest(const RegionsDiagram *d, double x, double y);

/* Releases what regions_build allocated. */
extern void regions_free(RegionsDiagram *d);

#endif							/* CANVASS_REGIONS_H */
