/*
 * geom_points.h
 *	  Reading PostGIS points into plane coordinates, shared by the functions
 *	  that work on household points (walk_order, assign_turfs, turf).
 *
 * Points are read straight from PostGIS's serialized form (version 2, the
 * on-disk format of PostGIS 3) when it is a plain point; every other value
 * is read through PostGIS's own SQL-callable
 * functions, looked up by name in the schema of the geometry type (the
 * postgis extension's schema): ST_AsEWKB, whose output is PostGIS's stable
 * extended well-known binary (the same bytes as the type's binary send),
 * and ST_IsEmpty for the one case the bytes leave open (POINT EMPTY and a
 * point with two NaN coordinates have the same bytes).
 *
 * Use:
 *	  CanvassGeomReader *rd = canvass_geom_reader(fcinfo, argno, "walk_order");
 *	  CanvassPoints pts;
 *	  canvass_points_read_window(rd, winobj, argno, &pts);   (or _read_array)
 *	  canvass_points_project(&pts, 1, "walk_order");
 *	  ... pts.x[i], pts.y[i] for i < pts.n, each from row pts.row[i] ...
 */
#ifndef CANVASS_GEOM_POINTS_H
#define CANVASS_GEOM_POINTS_H


#include "fmgr.h"
#include "utils/array.h"
#include "windowapi.h"

#include "core/core_alloc.h"
#include "support.h"

/* PostGIS functions, looked up once per call site and cached in fn_extra. */
typedef struct CanvassGeomReader
{
	FmgrInfo	asewkb;			/* ST_AsEWKB(geometry) -> bytea */
	FmgrInfo	isempty;		/* ST_IsEmpty(geometry) -> boolean */
	const char *fname;			/* the SQL function, for messages */
	MemoryContext rowcxt;		/* reset after each value read */
} CanvassGeomReader;

/* Points read from a partition or an array, all in one SRID. */
typedef struct CanvassPoints
{
	int64		nrows;			/* rows (or elements) read, NULL ones included */
	int64		n;				/* points taking part */
	double	   *x;				/* x (longitude), then projected x */
	double	   *y;				/* y (latitude), then projected y */
	int64	   *row;			/* 0-based row or element each point came from */
	int32		srid;			/* SRID shared by the points; 0 if n == 0 */
	bool		geographic;		/* longitude/latitude degrees, projected to metres */
	const char *what;			/* "row" or "element", for messages */
	const char *argname;		/* the SQL argument, for messages */
	int64		base;			/* number of the first row or element (lower bound) */
} CanvassPoints;

/*
 * canvass.debug_point_reader, for tests: 'auto' reads plain points from the
 * serialized form and the rest through ST_AsEWKB; 'wkb' reads everything
 * through ST_AsEWKB; 'serialized' fails on any value the direct reader does
 * not take (so tests can show which values it takes), with SQLSTATE 22023
 * like the 'auto' reader's errors.  Superuser-only (PGC_SUSET).
 */
typedef enum CanvassPointReader
{
	CANVASS_READER_AUTO,
	CANVASS_READER_WKB,
	CANVASS_READER_SERIALIZED
} CanvassPointReader;

extern int	canvass_point_reader;

/*
 * The reader for argument argno of the current function (a geometry, or an
 * array of them), looked up on the first call and kept in fn_extra.
 */
extern CanvassGeomReader *canvass_geom_reader(FunctionCallInfo fcinfo, int argno,
											  const char *fname);

/*
 * Reads argument argno of every row of the window partition.  NULL and empty
 * geometries take no part.  Errors: a non-point geometry (hint:
 * ST_PointOnSurface), a NaN or infinite coordinate, mixed SRIDs.
 */
extern void canvass_points_read_window(CanvassGeomReader *rd, WindowObject winobj,
									   int argno, const char *argname,
									   CanvassPoints *pts);

/*
 * Reads a one-dimensional geometry array.  NULL or empty elements are an
 * error; otherwise the same checks as canvass_points_read_window.
 */
extern void canvass_points_read_array(CanvassGeomReader *rd, ArrayType *arr,
									  const char *argname, CanvassPoints *pts);

/*
 * Checks that all nsets sets share one SRID and that every coordinate is
 * within +-1e15 (so no distance or sum of distances overflows), and turns
 * their coordinates into plane coordinates: geographic SRIDs (4326 and the other common
 * longitude/latitude systems, canvass_srid_is_geographic) to metres by an
 * equirectangular projection about the centre of the bounding box of all
 * the points; other SRIDs are used as they are.
 */
extern void canvass_points_project(CanvassPoints *sets, int nsets, const char *fname);

/* True for the SRIDs read as longitude/latitude degrees. */
extern bool canvass_srid_is_geographic(int32 srid);

#endif							/* CANVASS_GEOM_POINTS_H */
