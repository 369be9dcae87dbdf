/*
 * logit.h
 *	  Logistic regression on compressed data, with no PostgreSQL types: a
 *	  table of distinct feature patterns with their total weight and weighted
 *	  successes (exact compression of the rows), and a Newton/IRLS fit on it.
 */
#ifndef CANVASS_LOGIT_H
#define CANVASS_LOGIT_H

#include <stddef.h>
#include <stdint.h>

#include "core_alloc.h"

/* At most this many features (the fit adds an intercept). */
#define LOGIT_MAX_FEATURES 100

/*
 * At most LOGIT_MAX_PATTERN_DOUBLES / (k + 4) distinct patterns of k
 * features: each pattern holds k feature values and 4 sums, 8 bytes each,
 * so the pattern store stays under 256 MiB.
 */
#define LOGIT_MAX_PATTERN_DOUBLES (((size_t) 1) << 25)

/* Iteration cap and tolerances of the fit. */
#define LOGIT_MAX_ITERATIONS 100
#define LOGIT_TOLERANCE 1e-12		/* relative change in deviance */
#define LOGIT_STEP_TOLERANCE 1e-9	/* largest coefficient change, relative */
#define LOGIT_PIVOT_TOLERANCE 1e-10 /* Cholesky pivot / diagonal: collinearity */
#define LOGIT_SEPARATION_EPS 1e-10	/* fitted probability this close to 0 or 1 */

typedef enum LogitStatus
{
	LOGIT_OK = 0,
	LOGIT_NO_MEMORY,
	LOGIT_TOO_MANY_FEATURES,
	LOGIT_TOO_MANY_PATTERNS,
	LOGIT_LENGTH_MISMATCH,		/* feature count differs from earlier rows */
	LOGIT_NAN_FEATURE,
	LOGIT_INFINITE_FEATURE,
	LOGIT_NAN_WEIGHT,
	LOGIT_INFINITE_WEIGHT,
	LOGIT_NEGATIVE_WEIGHT,
	LOGIT_ONE_OUTCOME,			/* every row true, or every row false */
	LOGIT_COLLINEAR,			/* bad_feature names the column */
	LOGIT_SEPARATION,			/* bad_feature names the largest coefficient */
	LOGIT_CORRUPT,				/* serialized bytes are not a valid table */
	LOGIT_WEIGHT_OVERFLOW,		/* a pattern's or the total weight passes DBL_MAX */
	LOGIT_FIT_OVERFLOW			/* the information or log-likelihood passes DBL_MAX */
} LogitStatus;

/*
 * The distinct patterns seen so far.  Sums are double-double (hi + lo, the
 * lo part holding the rounding error of hi), so the total weight of a
 * pattern is the correctly rounded exact sum whatever the order of the rows
 * in practice; with integer weights below 2^53 it is exact.
 */
typedef struct LogitTable
{
	int			k;				/* features per row; -1 before the first */
	size_t		npatterns;
	size_t		capacity;		/* patterns the arrays can hold */
	double	   *keys;			/* capacity * k feature values */
	double	   *sums;			/* capacity * 4: weight hi, lo, successes hi, lo */
	size_t	   *slots;			/* hash slots: pattern index + 1, 0 = empty */
	size_t		nslots;			/* a power of two, at least 2 * capacity */
	int64_t		rows;			/* rows added (weight zero included) */
	int64_t		skipped;		/* rows the caller skipped (NULLs), for the report */
	double		overflow_log10; /* on LOGIT_WEIGHT_OVERFLOW: log10 of the sum */
	CoreAlloc	alloc;			/* memory for the table and the fit */
} LogitTable;

/* Result of a fit; coef and se are caller-provided arrays of k + 1. */
typedef struct LogitFit
{
	double	   *coef;			/* intercept first, then one per feature */
	double	   *se;
	double		loglik;
	int			iterations;
	int			converged;
	double		weight;			/* total weight */
	double		successes;		/* weighted successes */
	int			bad_feature;	/* on COLLINEAR/SEPARATION: 0-based feature, -1 = intercept */
	size_t		nseparated;		/* on SEPARATION: patterns fitted at 0 or 1 */
	double		weight_log10;	/* on WEIGHT_OVERFLOW: log10 of the total weight */
} LogitFit;

/* Largest number of distinct patterns of k features. */
extern size_t logit_max_patterns(int k);

/* An empty table using the allocator (nothing allocated until the first row). */
extern void logit_table_init(LogitTable *t, const CoreAlloc *alloc);

/* Frees the table's arrays. */
extern void logit_table_free(LogitTable *t);

/*
 * Adds one row: k features x, outcome y (0 or 1), weight w.  Validates the
 * row first; on a bad feature *bad is its 0-based index.  When the weight
 * of the row's pattern would pass DBL_MAX: LOGIT_WEIGHT_OVERFLOW, the
 * table unchanged and t->overflow_log10 the log10 of that weight.
 */
extern LogitStatus logit_table_add(LogitTable *t, const double *x, int k,
								   int y, double w, int *bad);

/* Adds every pattern of src into dst (src unchanged); overflow as logit_table_add. */
extern LogitStatus logit_table_merge(LogitTable *dst, const LogitTable *src);

/* Bytes logit_table_serialize writes. */
extern size_t logit_table_serial_size(const LogitTable *t);

/* Writes the table into buf (logit_table_serial_size bytes), native byte order. */
extern void logit_table_serialize(const LogitTable *t, unsigned char *buf);

/*
 * Rebuilds a table (initialised, empty) from bytes, checking everything:
 * the length, counts and limits, finite values, non-negative weights,
 * successes within the weight, and no repeated pattern.
 */
extern LogitStatus logit_table_deserialize(LogitTable *t, const unsigned char *buf,
										   size_t len);

/*
 * Fits the model by Newton/IRLS on the table's patterns, taken in canonical
 * (sorted) order so the result does not depend on the order rows arrived.
 * interrupt, if not NULL, is called once per iteration and per 64k patterns.
 * LOGIT_WEIGHT_OVERFLOW when the total weight passes DBL_MAX (its log10 in
 * fit->weight_log10), LOGIT_FIT_OVERFLOW when the Fisher information,
 * gradient or log-likelihood does (weights times squared features).
 */
extern LogitStatus logit_fit(const LogitTable *t, LogitFit *fit,
							 void (*interrupt) (void));

/*
 * The same, also writing the inverse Fisher information at the final
 * coefficients (the coefficients' covariance) into cov, (k + 1) x (k + 1)
 * row-major and exactly symmetric, when cov is not NULL and the fit is OK.
 */
extern LogitStatus logit_fit_cov(const LogitTable *t, LogitFit *fit, double *cov,
								 void (*interrupt) (void));

/* Probability of a true outcome for features x under coefficients coef (k + 1). */
extern double logit_predict(const double *coef, const double *x, int k);

#endif							/* CANVASS_LOGIT_H */
