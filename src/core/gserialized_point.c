/*
 * gserialized_point.c
 *	  Reading a point from PostGIS's serialized geometry; see
 *	  gserialized_point.h.
 *
 * Layout of version 2 (PostGIS 3; liblwgeom/gserialized.txt), after the
 * 4-byte or 1-byte varlena header:
 *
 *	  srid[3]	21-bit signed SRID, high byte first (0: unknown)
 *	  flags		Z 0x01, M 0x02, BBOX 0x04, GEODETIC 0x08, EXTENDED 0x10,
 *				reserved 0x20, VERSION 0x40 (set in version 2), reserved 0x80
 *	  [8 bytes of extended flags, if EXTENDED]
 *	  [bounding box, if BBOX: 2 floats per dimension]
 *	  uint32 type (1 = point), uint32 number of points (0 = empty),
 *	  then the coordinates, one double per dimension, native byte order.
 *
 * Being the on-disk format, it cannot change under data already stored; a
 * new version would clear or change the version bit, which sends every
 * value to the caller's general path.
 */
#include "core/gserialized_point.h"

#include <string.h>

#define G2_Z 0x01
#define G2_M 0x02
#define G2_BBOX 0x04
#define G2_GEODETIC 0x08
#define G2_EXTENDED 0x10
#define G2_RESERVED1 0x20
#define G2_VERSION 0x40
#define G2_RESERVED2 0x80
#define G2_POINTTYPE 1u

GserPointStatus
gser_point_read(const uint8_t *p, size_t len, double *x, double *y, int32_t *srid)
{
	size_t		off = 4;
	uint8_t		flags;
	uint32_t	type,
				npoints,
				raw;
	size_t		ndims;

	if (p == NULL || len < 12)
		return GSER_OTHER;
	flags = p[3];
	if ((flags & G2_VERSION) == 0 ||
		(flags & (G2_GEODETIC | G2_EXTENDED | G2_RESERVED1 | G2_RESERVED2)) != 0)
		return GSER_OTHER;
	ndims = 2 + ((flags & G2_Z) ? 1 : 0) + ((flags & G2_M) ? 1 : 0);
	if (flags & G2_BBOX)
		off += 2 * ndims * sizeof(float);
	if (len < off + 8)
		return GSER_OTHER;
	memcpy(&type, p + off, 4);
	memcpy(&npoints, p + off + 4, 4);
	if (type != G2_POINTTYPE)
		return GSER_OTHER;
	/* the low 21 bits of the 3 bytes, sign-extended (PostGIS ignores the top 3) */
	raw = (((uint32_t) p[0] << 16) | ((uint32_t) p[1] << 8) | (uint32_t) p[2]) & 0x1FFFFFu;
	if (raw & 0x100000u)
		*srid = (int32_t) raw - 0x200000;
	else
		*srid = (int32_t) raw;
	if (npoints == 0 && len == off + 8)
		return GSER_EMPTY;
	if (npoints == 1 && len == off + 8 + ndims * sizeof(double))
	{
		memcpy(x, p + off + 8, sizeof(double));
		memcpy(y, p + off + 16, sizeof(double));
		return GSER_POINT;
	}
	return GSER_OTHER;
}
