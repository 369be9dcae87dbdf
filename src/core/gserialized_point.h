/*
 * gserialized_point.h
 *	  Reading a point from the bytes of PostGIS's serialized geometry
 *	  (version 2, the on-disk format of PostGIS 3), with no PostgreSQL or
 *	  PostGIS types, so it can be unit-tested and fuzzed on its own.
 */
#ifndef CANVASS_GSERIALIZED_POINT_H
#define CANVASS_GSERIALIZED_POINT_H

#include <stddef.h>
#include <stdint.h>

/* What the bytes hold. */
typedef enum GserPointStatus
{
	GSER_POINT,					/* a point: x, y and srid set */
	GSER_EMPTY,					/* POINT EMPTY (of any dimension): srid set */
	GSER_OTHER					/* anything else, or bytes this reader does not know */
} GserPointStatus;

/*
 * Reads the bytes after the varlena header: 3 bytes of SRID, a flags byte,
 * an optional float bounding box, then the type, the number of points and
 * the coordinates in native byte order.  Only x and y are read (Z and M are
 * skipped).  GSER_OTHER for version-1 bytes, extended, geodetic or reserved
 * flags, any type but a point, and any length that does not match exactly:
 * the caller then reads the value another way.
 */
extern GserPointStatus gser_point_read(const uint8_t *bytes, size_t len,
									   double *x, double *y, int32_t *srid);

#endif							/* CANVASS_GSERIALIZED_POINT_H */
