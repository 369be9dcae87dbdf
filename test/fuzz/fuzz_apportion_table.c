/*
 * fuzz_apportion_table.c
 *	  libFuzzer target for controlled rounding with both margins fixed.  The
 *	  input's first two bytes are the row and column counts (1 to 8 each),
 *	  then the row totals as bytes, then 8 bytes of seed per cell when there
 *	  are enough (else the seed of ones); the column totals split the row
 *	  totals' sum by the next bytes.  Whatever the bytes, the core must
 *	  refuse them with a status or return cells that are each the floor or
 *	  ceiling of their quota, with both margins exact.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/apportion_table.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		nr,
				nc,
				i,
				j,
				pos = 2,
				bad;
	int64_t		rows[8],
				cols[8],
				cells[64],
				n = 0,
				left;
	double		seed[64],
				quota[64];
	int			has_seed;
	TableRoundStatus st;

	if (size < 2)
		return 0;
	nr = 1 + data[0] % 8;
	nc = 1 + data[1] % 8;
	for (i = 0; i < nr; i++)
		n += rows[i] = pos < size ? data[pos++] : 0;
	left = n;
	for (j = 0; j + 1 < nc; j++)
	{
		cols[j] = pos < size ? (left * data[pos++]) / 255 : 0;
		left -= cols[j];
	}
	cols[nc - 1] = left;
	has_seed = size - pos >= nr * nc * sizeof(double);
	if (has_seed)
		memcpy(seed, data + pos, nr * nc * sizeof(double));
	st = table_round(rows, nr, cols, nc, has_seed ? seed : NULL, cells, quota, &bad, NULL, NULL);
	if (st != TABLE_ROUND_OK)
	{
		/* Without a seed every table with equal margins can be rounded. */
		if (!has_seed)
			abort();
		return 0;
	}
	for (i = 0; i < nr; i++)
	{
		int64_t		s = 0;

		for (j = 0; j < nc; j++)
		{
			double		q = quota[i * nc + j];

			if ((double) cells[i * nc + j] < floor(q - 1e-6) || (double) cells[i * nc + j] > ceil(q + 1e-6))
				abort();
			s += cells[i * nc + j];
		}
		if (s != rows[i])
			abort();
	}
	for (j = 0; j < nc; j++)
	{
		int64_t		s = 0;

		for (i = 0; i < nr; i++)
			s += cells[i * nc + j];
		if (s != cols[j])
			abort();
	}
	return 0;
}
