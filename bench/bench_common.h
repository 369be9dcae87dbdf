/*
 * bench_common.h
 *	  What the benchmark programs in bench/ share: reading a CSV file of
 *	  rows, the process's CPU time, and a comparison of doubles for qsort.
 *	  Static functions in a header, so each program is still built from its
 *	  own .c file and the core sources alone.
 */
#ifndef CANVASS_BENCH_COMMON_H
#define CANVASS_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/*
 * Reads the rows of path into an array of rows of size bytes: read_row reads
 * the next row from the stream into its argument (fscanf) and returns
 * nonzero when it got one; reading stops at the first row it does not get.
 * *n receives the count.  Exits with status 2, naming prog, on a file that
 * cannot be read or when memory runs out.
 */
static inline void *
bench_read_rows(const char *path, const char *prog, size_t size,
				int (*read_row) (FILE *f, void *row), size_t *n)
{
	FILE	   *f = fopen(path, "r");
	size_t		cap = 1 << 16,
				m = 0;
	char	   *r = malloc(cap * size);

	if (!f || !r)
	{
		fprintf(stderr, "%s: cannot read %s\n", prog, path);
		exit(2);
	}
	while (read_row(f, r + m * size))
	{
		if (++m == cap)
		{
			cap *= 2;
			r = realloc(r, cap * size);
			if (!r)
				exit(2);
		}
	}
	fclose(f);
	*n = m;
	return r;
}

/* Orders doubles ascending (qsort). */
static inline int
bench_cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/* Process CPU seconds. */
static inline double
bench_cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double) t.tv_sec + (double) t.tv_nsec * 1e-9;
}

#endif							/* CANVASS_BENCH_COMMON_H */
