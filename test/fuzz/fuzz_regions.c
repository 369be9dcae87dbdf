/*
 * fuzz_regions.c
 *	  libFuzzer target for the turf-regions core.  The input is read as
 *	  (x, y, turf) triples (two doubles and a byte: the turf is its value
 *	  mod 4), at most 500 doors, clipped to a box around them.  Whatever
 *	  the bytes, the core must refuse coordinates that are not finite or
 *	  beyond CORE_COORD_MAX, or doors of two turfs at one grid point, or
 *	  return boundary segments inside the box whose midpoints are equally
 *	  far (within 1e-6 of the box's size) from the nearest doors of two
 *	  different turfs, and a nearest door that is as near as any.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/regions.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		rec = 2 * sizeof(double) + 1,
				n = size / rec,
				i,
				k;
	double	   *x,
			   *y,
				box[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY},
				side;
	int32_t    *t;
	int			finite = 1;
	RegionsDiagram d;
	RegionsStatus st;

	if (n > 500)
		n = 500;
	x = calloc(n + 1, sizeof(double));
	y = calloc(n + 1, sizeof(double));
	t = calloc(n + 1, sizeof(int32_t));
	for (i = 0; i < n; i++)
	{
		memcpy(&x[i], data + i * rec, sizeof(double));
		memcpy(&y[i], data + i * rec + sizeof(double), sizeof(double));
		t[i] = data[i * rec + 2 * sizeof(double)] % 4;
		finite &= fabs(x[i]) <= CORE_COORD_MAX && fabs(y[i]) <= CORE_COORD_MAX;
		if (finite)
		{
			box[0] = fmin(box[0], x[i]);
			box[1] = fmin(box[1], y[i]);
			box[2] = fmax(box[2], x[i]);
			box[3] = fmax(box[3], y[i]);
		}
	}
	side = n > 0 && finite ? fmax(fmax(box[2] - box[0], box[3] - box[1]), 1e-3) : 1;
	if (n > 0 && finite)
	{
		box[0] -= side;
		box[1] -= side;
		box[2] += side;
		box[3] += side;
	}
	st = regions_build(x, y, t, n, box, &d, NULL, NULL);
	if (!finite)
	{
		if (st != REGIONS_NOT_FINITE)
			abort();
	}
	else if (st == REGIONS_SHARED_POINT)
	{
		if (d.clash_a >= n || d.clash_b >= n || t[d.clash_a] == t[d.clash_b])
			abort();
	}
	else
	{
		if (st != REGIONS_OK)
			abort();
		for (k = 0; k < d.nseg; k++)
		{
			double		px = (d.seg[4 * k] + d.seg[4 * k + 2]) / 2,
						py = (d.seg[4 * k + 1] + d.seg[4 * k + 3]) / 2,
						best = INFINITY,
						other = INFINITY;
			int32_t		bt = -1;

			if (px < box[0] - 1e-6 * side || px > box[2] + 1e-6 * side ||
				py < box[1] - 1e-6 * side || py > box[3] + 1e-6 * side)
				abort();
			for (i = 0; i < d.npoints; i++)
			{
				double		dd = hypot(d.px[i] - px, d.py[i] - py);

				if (dd < best)
				{
					best = dd;
					bt = d.turf[i];
				}
			}
			for (i = 0; i < d.npoints; i++)
				if (d.turf[i] != bt)
					other = fmin(other, hypot(d.px[i] - px, d.py[i] - py));
			if (other - best > 1e-6 * side)
				abort();
		}
		if (d.npoints > 0)
		{
			size_t		near = regions_nearest(&d, box[0], box[3]);
			double		nd = hypot(d.px[near] - box[0], d.py[near] - box[3]);

			for (i = 0; i < d.npoints; i++)
				if (hypot(d.px[i] - box[0], d.py[i] - box[3]) < nd - 1e-9 * side)
					abort();
		}
		regions_free(&d);
	}
	free(x);
	free(y);
	free(t);
	return 0;
}
