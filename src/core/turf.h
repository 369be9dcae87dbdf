/*
 * turf.h
 *	  Cutting balanced, compact canvassing turfs from weighted points, with
 *	  no PostgreSQL types, so it can be unit-tested, fuzzed and run under
 *	  valgrind without a server.
 */
#ifndef CANVASS_TURF_H
#define CANVASS_TURF_H

#include <stddef.h>
#include <stdint.h>

#include "core/coord.h"
#include "core/core_alloc.h"

/*
 * From this many turfs up, the cut looks at 16 neighbours of each turf
 * instead of 6 and refines until it gains less than 0.01% a round (more
 * compact, more memory per turf: the SQL layer's estimate follows it).
 */
#define TURF_MANY_TURFS 256

/* Outcome of a cut. */
typedef enum TurfStatus
{
	TURF_OK = 0,
	TURF_NO_MEMORY,				/* malloc failed */
	TURF_BAD_INPUT				/* n == 0, k < 1, a weight < 1 or a coordinate beyond CORE_COORD_MAX */
} TurfStatus;

/* Figures of a finished cut, for tests and benchmarks. */
typedef struct TurfStats
{
	int64_t		turfs;			/* turfs made: min(k, distinct points) */
	int64_t		min_size;		/* smallest turf, in weight */
	int64_t		max_size;		/* largest turf, in weight */
	int64_t		max_weight;		/* largest weight at one point (rows at a point summed) */
	int			sweeps;			/* refinement sweeps run */
	int64_t		repair_moves;	/* points moved to restore balance */
	double		cost;			/* sum of w * squared distance to the turf centroid */
} TurfStats;

/*
 * Number of turfs for a total weight and a target size:
 * max(1, round(total / target)), halves rounded up.  target must be > 0 and
 * total >= 0.
 */
extern int64_t turf_count(int64_t total, int64_t target);

/*
 * Cuts n points into min(k, distinct points) turfs and writes each point's
 * turf number, 1-based, to turf[].  Rows at the same (x, y) are merged into
 * one point whose weight is their sum, so they share a turf.  Weights are
 * >= 1 (and n * weight fits in 64 bits); turf sizes (sums of weights) differ
 * by at most the largest merged weight, and a point is never split.
 * The answer depends only on the set of (x, y, w) triples, not their order:
 * identical triples are interchangeable.  interrupt, if not NULL, is called
 * regularly in long loops; if it does not return (PostgreSQL's cancel), the
 * memory taken through mem (NULL: malloc and free) is the caller's to
 * release; mem's callbacks return NULL when they cannot give memory, and
 * the cut then returns TURF_NO_MEMORY having released what it took.  stats
 * may be NULL.
 */
extern TurfStatus turf_cut(size_t n, const double *x, const double *y,
						   const int64_t *w, int64_t k, int32_t *turf,
						   void (*interrupt) (void), TurfStats *stats,
						   const CoreAlloc *mem);

/*
 * How far a cut refines, for measuring the trade between compactness and
 * stability (bench/turf_frontier.c); turf_default_tuning is what the SQL
 * function uses: refinement on, cycle rounds floor(log2(k)) - 2.
 */
typedef struct TurfTuning
{
	int			refine;			/* 0: bisection and balance only */
	int			rounds_from_log2k;	/* cycle rounds = floor(log2(k)) - this */
} TurfTuning;

extern const TurfTuning turf_default_tuning;

/* A row without a previous turf (turf_cut_from). */
#define TURF_NO_PREVIOUS INT64_MIN

/*
 * turf_cut, starting from the turfs of an earlier cut: prev[i] is row i's
 * earlier turf number, TURF_NO_PREVIOUS for a new row.  Rows keep their
 * earlier turf where balance and compactness allow, so a cut redone after
 * a few doors are added moves few of the others; k turfs are still made
 * (the heaviest earlier turf is split, or the lightest dissolved, until
 * there are k), balanced as turf_cut's.  Turfs keep their earlier numbers
 * where those lie in 1..k; new turfs take the unused numbers.  With no
 * previous turf at all it is turf_cut.  prev may be NULL.
 */
extern TurfStatus turf_cut_from(size_t n, const double *x, const double *y,
								const int64_t *w, const int64_t *prev, int64_t k,
								int32_t *turf, void (*interrupt) (void), TurfStats *stats,
								const CoreAlloc *mem);

/* turf_cut_from with a tuning other than turf_default_tuning (NULL: the default). */
extern TurfStatus turf_cut_tuned(size_t n, const double *x, const double *y,
								 const int64_t *w, const int64_t *prev, int64_t k,
								 int32_t *turf, void (*interrupt) (void), TurfStats *stats,
								 const TurfTuning *tuning, const CoreAlloc *mem);

#endif							/* CANVASS_TURF_H */
