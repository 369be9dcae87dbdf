/*
 * test_gserialized.c
 *	  Unit tests of gser_point_read on bytes built by hand from the layout
 *	  of PostGIS's serialized geometry, version 2 (liblwgeom/gserialized.txt):
 *	  3 bytes of SRID, a flags byte, an optional float box, the type, the
 *	  number of points and the coordinates in native byte order.
 */
#include <math.h>
#include <string.h>

#include "core/gserialized_point.h"
#include "tap.h"

/* Builds the bytes after the varlena header; returns their length. */
static size_t
build(uint8_t *buf, int32_t srid, uint8_t flags, uint32_t type, uint32_t npoints,
	  const double *coords, int ncoords)
{
	size_t		off = 0;
	uint32_t	s = (uint32_t) srid & 0x1FFFFFu;
	int			ndims = 2 + ((flags & 1) ? 1 : 0) + ((flags & 2) ? 1 : 0);
	int			i;

	buf[off++] = (uint8_t) (s >> 16);
	buf[off++] = (uint8_t) (s >> 8);
	buf[off++] = (uint8_t) s;
	buf[off++] = flags;
	if (flags & 0x04)
		for (i = 0; i < 2 * ndims; i++)
		{
			float		f = (float) (i + 0.5);

			memcpy(buf + off, &f, 4);
			off += 4;
		}
	memcpy(buf + off, &type, 4);
	off += 4;
	memcpy(buf + off, &npoints, 4);
	off += 4;
	for (i = 0; i < ncoords; i++)
	{
		memcpy(buf + off, &coords[i], 8);
		off += 8;
	}
	return off;
}

int
main(void)
{
	uint8_t		b[128];
	double		xy[4] = {1.0, 2.0, 3.0, 4.0},
				x = 0,
				y = 0;
	int32_t		srid = -1;
	size_t		len;

	/* SRID=32616;POINT(1 2): 00 7f 68 | 40 | type 1 | 1 point | 1.0 2.0 */
	len = build(b, 32616, 0x40, 1, 1, xy, 2);
	tap_is_int((int64_t) len, 28, "a 2D point is 28 bytes after the header");
	tap_is_int(b[0] * 65536 + b[1] * 256 + b[2], 32616, "SRID 32616 is 00 7f 68");
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && x == 1.0 && y == 2.0 && srid == 32616,
		   "2D point: x 1, y 2, SRID 32616");

	/* Z, M, ZM: x and y are the first two coordinates */
	len = build(b, 4326, 0x41, 1, 1, xy, 3);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && x == 1.0 && y == 2.0 && srid == 4326,
		   "Z point: x and y read, z skipped");
	len = build(b, 4326, 0x42, 1, 1, xy, 3);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && x == 1.0 && y == 2.0,
		   "M point: x and y read");
	len = build(b, 4326, 0x43, 1, 1, xy, 4);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && x == 1.0 && y == 2.0,
		   "ZM point: x and y read");

	/* a bounding box (4 floats in 2D, 8 in ZM) comes before the type */
	len = build(b, 3857, 0x44, 1, 1, xy, 2);
	tap_is_int((int64_t) len, 44, "a boxed 2D point is 28 + 16 bytes");
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && x == 1.0 && y == 2.0 && srid == 3857,
		   "boxed 2D point: the box is skipped");
	len = build(b, 3857, 0x47, 1, 1, xy, 4);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && x == 1.0 && y == 2.0,
		   "boxed ZM point: 8 floats skipped");

	/* SRIDs: 0 (unknown), the largest PostGIS takes, a negative one */
	len = build(b, 0, 0x40, 1, 1, xy, 2);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && srid == 0, "SRID 0");
	len = build(b, 999999, 0x40, 1, 1, xy, 2);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && srid == 999999, "SRID 999999 (0f 42 3f)");
	len = build(b, -2, 0x40, 1, 1, xy, 2);
	tap_is_int(b[0], 0x1f, "SRID -2 is 21-bit two's complement: 1f ff fe");
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && srid == -2, "SRID -2 sign-extended");

	/* the top 3 bits of the SRID bytes are not part of it (found by fuzzing) */
	len = build(b, -2, 0x40, 1, 1, xy, 2);
	b[0] |= 0xE0;
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && srid == -2,
		   "SRID bytes ff ff fe: the low 21 bits, -2");

	/* POINT EMPTY: no points, no coordinates */
	len = build(b, 4326, 0x40, 1, 0, xy, 0);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_EMPTY && srid == 4326, "POINT EMPTY");
	len = build(b, 4326, 0x43, 1, 0, xy, 0);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_EMPTY, "POINT ZM EMPTY");

	/* NaN and infinite coordinates are read as they are (the caller refuses them) */
	xy[0] = NAN;
	xy[1] = INFINITY;
	len = build(b, 4326, 0x40, 1, 1, xy, 2);
	tap_ok(gser_point_read(b, len, &x, &y, &srid) == GSER_POINT && isnan(x) && isinf(y),
		   "NaN and infinity read as they are");
	xy[0] = 1.0;
	xy[1] = 2.0;

	/* everything else is left to the caller */
	{
		static const struct
		{
			uint8_t		flags;
			uint32_t	type,
						npoints;
			int			ncoords,
						extra;	/* bytes added to (or cut from) the length */
			const char *name;
		}			other[] = {
			{0x40, 2, 2, 4, 0, "a line"},
			{0x40, 4, 1, 2, 0, "a multipoint type"},
			{0x00, 1, 1, 2, 0, "version 1 flags"},
			{0x48, 1, 1, 2, 0, "geodetic flag"},
			{0x50, 1, 1, 2, 0, "extended flags"},
			{0x60, 1, 1, 2, 0, "reserved bit 0x20"},
			{0xC0, 1, 1, 2, 0, "reserved bit 0x80"},
			{0x40, 1, 2, 4, 0, "a point type with 2 points"},
			{0x40, 1, 1, 2, -1, "one byte short"},
			{0x40, 1, 1, 2, 8, "eight bytes too many"},
			{0x41, 1, 1, 2, 0, "Z flag with 2 coordinates"},
			{0x40, 1, 0, 0, 1, "an empty point with a stray byte"},
		};
		size_t		i;

		for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		{
			len = build(b, 4326, other[i].flags, other[i].type, other[i].npoints, xy, other[i].ncoords);
			tap_ok(gser_point_read(b, (size_t) ((int) len + other[i].extra), &x, &y, &srid) == GSER_OTHER,
				   "%s: other", other[i].name);
		}
	}
	tap_ok(gser_point_read(b, 11, &x, &y, &srid) == GSER_OTHER, "shorter than a header: other");
	tap_ok(gser_point_read(NULL, 0, &x, &y, &srid) == GSER_OTHER, "no bytes: other");
	return tap_done();
}
