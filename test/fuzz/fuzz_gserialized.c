/*
 * fuzz_gserialized.c
 *	  libFuzzer target for gser_point_read: any bytes.  It must never read
 *	  past len; on a point or an empty point the SRID must be a 21-bit
 *	  value and the length must be exactly what the flags say.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/gserialized_point.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes, so ASan sees any over-read */
	uint8_t    *copy = malloc(size > 0 ? size : 1);
	double		x = 0,
				y = 0;
	int32_t		srid = 0;
	GserPointStatus st;

	if (size > 0)
		memcpy(copy, data, size);
	st = gser_point_read(size > 0 ? copy : NULL, size, &x, &y, &srid);
	if (st != GSER_OTHER)
	{
		size_t		ndims = 2 + (copy[3] & 1) + ((copy[3] >> 1) & 1);
		size_t		head = 4 + ((copy[3] & 4) ? 8 * ndims : 0) + 8;

		if (srid < -1048576 || srid > 1048575)
			abort();
		if (size != head + (st == GSER_POINT ? 8 * ndims : 0))
			abort();
	}
	free(copy);
	return 0;
}
