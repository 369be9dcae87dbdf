/*
 * calibrate.h
 *	  Calibration of turnout scores to a topline, with no PostgreSQL types:
 *	  the shift d of every score's log-odds that makes the scores add up to
 *	  a target T,
 *
 *	    sum_i 1 / (1 + exp(-(logit p_i + d))) = T,
 *
 *	  and the state of the aggregate that finds it (the distinct scores with
 *	  their counts, mergeable and serializable for parallel query).  Also the
 *	  sums of turnout_interval, the interval of a total from a logit model.
 */
#ifndef CANVASS_CALIBRATE_H
#define CANVASS_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_alloc.h"

typedef enum CalStatus
{
	CAL_OK = 0,
	CAL_NO_MEMORY,
	CAL_BAD_SCORE,				/* NaN, infinite, or outside [0, 1] */
	CAL_BAD_TARGET,				/* NaN or infinite */
	CAL_TARGET_DIFFERS,			/* not the same target on every row */
	CAL_UNREACHABLE,			/* target outside (count(p = 1), count(p > 0)) */
	CAL_TOO_MANY,				/* more distinct scores than CAL_MAX_ENTRIES */
	CAL_CORRUPT					/* serialized bytes are not a valid state */
} CalStatus;

/* Where the target of a state comes from. */
typedef enum CalTargetKind
{
	CAL_TARGET_NONE = 0,		/* no row yet */
	CAL_TARGET_VALUE,			/* every row so far had this target */
	CAL_TARGET_NULL				/* every row so far had a NULL target */
} CalTargetKind;

/* One distinct score strictly between 0 and 1 and how many rows have it. */
typedef struct ShiftEntry
{
	double		v;
	int64_t		n;
} ShiftEntry;

/* At most this many distinct scores (16 bytes each: 4 GiB). */
#define CAL_MAX_ENTRIES (((size_t) 1) << 28)

/* Rows appended before the unsorted tail is sorted into the rest. */
#define CAL_CHUNK 65536

/*
 * The scores seen so far.  Scores of exactly 0 and 1 are only counted (no
 * shift moves them).  The others are entries e[0 .. n), distinct and
 * increasing with their counts, and raw[0 .. nraw), one row each, appended
 * since in arrival order; shift_state_compact sorts raw and merges it into
 * the entries, so that a compacted state is the same for the same multiset
 * of scores, whatever their order.  It runs on its own whenever as many
 * scores were appended as there are entries (at least CAL_CHUNK), so
 * repeated scores stay compact, unless the scores proved mostly distinct
 * (continuous), which are then sorted once, at the end.
 */
typedef struct ShiftState
{
	int64_t		rows;			/* non-NULL scores added */
	int64_t		n_zero;			/* scores of exactly 0 */
	int64_t		n_one;			/* scores of exactly 1 */
	CalTargetKind target_kind;
	double		target;
	ShiftEntry *e;
	size_t		n;
	size_t		cap;
	double	   *raw;
	size_t		nraw;
	size_t		rawcap;
	int			distinct;		/* mostly distinct scores: sort only at the end */
	ShiftEntry *cache;			/* CAL_CACHE slots, or NULL: see shift_state_add */
	const CoreAlloc *mem;		/* NULL: malloc */
} ShiftState;

/* Slots of the cache of repeated scores (a direct-mapped table, 64 kB). */
#define CAL_CACHE 4096

/* What shift_solve found, or the reachable range when the target is outside. */
typedef struct ShiftSolution
{
	double		d;
	double		low;			/* count(p = 1): the sum as d -> -infinity */
	double		high;			/* count(p > 0): the sum as d -> +infinity */
	int			iterations;
} ShiftSolution;

/* An empty state using mem (nothing allocated until the first score). */
extern void shift_state_init(ShiftState *s, const CoreAlloc *mem);

/* Frees the state's entries. */
extern void shift_state_free(ShiftState *s);

/* Checks a score: CAL_OK within [0, 1], else CAL_BAD_SCORE. */
extern CalStatus shift_check_score(double p);

/*
 * Adds one row: score p (validated) with its target (target_null: NULL;
 * else validated finite, and equal to the earlier rows').  interrupt, if not
 * NULL, is called during the sorts that keep the state compact.
 */
extern CalStatus shift_state_add(ShiftState *s, double p, int target_null, double target,
								 void (*interrupt) (void));

/* Adds every score of src into dst (src unchanged); targets must agree. */
extern CalStatus shift_state_merge(ShiftState *dst, const ShiftState *src,
								   void (*interrupt) (void));

/* Sorts and merges the appended scores: afterwards nraw == 0. */
extern CalStatus shift_state_compact(ShiftState *s, void (*interrupt) (void));

/* Bytes shift_state_serialize writes (the state must be compacted). */
extern size_t shift_state_serial_size(const ShiftState *s);

/* Writes a compacted state into buf (shift_state_serial_size bytes), native order. */
extern void shift_state_serialize(const ShiftState *s, unsigned char *buf);

/*
 * Rebuilds a state (initialised, empty) from bytes, checking everything:
 * the length, the counts adding up, a finite target, entries strictly
 * increasing inside (0, 1) with positive counts.
 */
extern CalStatus shift_state_deserialize(ShiftState *s, const unsigned char *buf, size_t len);

/*
 * Solves for d on a compacted state whose target is a value.  Errors:
 * CAL_UNREACHABLE when the target is not strictly between count(p = 1) and
 * count(p > 0) (when every score is 0 or 1 and the target is count(p = 1),
 * nothing can move and d is 0); CAL_NO_MEMORY.  The scores are visited in
 * increasing order with double-double sums, so d depends only on the
 * multiset of scores and the target.  interrupt is called every 64k scores.
 */
extern CalStatus shift_solve(const ShiftState *s, ShiftSolution *sol, void (*interrupt) (void));

/*
 * 1 / (1 + exp(-(logit p + d))) without overflow: p = 0 gives 0, p = 1
 * gives 1; p must be within [0, 1] and d finite.
 */
extern double shift_score(double p, double d);

/*
 * turnout_interval's sums over voters: count, sum p, sum p(1 - p) and the
 * gradient sum p(1 - p) [1, x] of the expected total with respect to the
 * coefficients, each a double-double (hi, lo) pair, so that the result does
 * not depend on the row order beyond the last bit.
 */
#define INTERVAL_MAX_FEATURES 100
typedef struct IntervalSums
{
	int			k;				/* features; -1 before the first row */
	int64_t		voters;
	double		sum_p[2];
	double		sum_w[2];
	double		grad[2 * (INTERVAL_MAX_FEATURES + 1)];	/* (hi, lo) per coefficient */
} IntervalSums;

/* Empty sums. */
extern void interval_init(IntervalSums *s);

/* Adds a voter with score p and features x (k of them; the caller checks k). */
extern void interval_add(IntervalSums *s, double p, const double *x, int k);

/*
 * Adds a voter with features x (k) under coefficients coef (k + 1, the
 * intercept first) and a shift: p = 1 / (1 + exp(-(coef . [1, x] + shift))).
 */
extern void interval_add_voter(IntervalSums *s, const double *coef, double shift,
							   const double *x, int k);

/* Adds the sums of src into dst (same k, or one of them empty). */
extern void interval_merge(IntervalSums *dst, const IntervalSums *src);

/* Bytes interval_serialize writes for a model of p coefficients (0: none yet). */
extern size_t interval_serial_size(int p);

/*
 * Writes the sums with the model they were taken under (p coefficients
 * coef, covariance cov p x p, level, shift; p = 0 when no row was added),
 * native order.
 */
extern void interval_serialize(const IntervalSums *s, int p, const double *coef,
							   const double *cov, double level, double shift,
							   unsigned char *buf);

/*
 * Reads what interval_serialize wrote, checking everything: the length,
 * a level in (0, 1), finite shift, coefficients and sums, a symmetric
 * positive semi-definite covariance, sums within what voters allow.  coef
 * holds INTERVAL_MAX_FEATURES + 1 doubles, cov and work their square.
 */
extern CalStatus interval_deserialize(const unsigned char *buf, size_t len, IntervalSums *s,
									  int *p, double *coef, double *cov, double *level,
									  double *shift, double *work);

/*
 * Variances of the total: var_b = sum p(1 - p) and var_m = g' C g with C
 * the (k + 1) x (k + 1) covariance (row-major); also the expected total.
 */
extern void interval_variances(const IntervalSums *s, const double *cov,
							   double *expected, double *var_b, double *var_m);

/*
 * Checks a covariance matrix of size p x p (row-major): finite, symmetric
 * to 1e-9 relative, and positive semi-definite (an LDL' factorisation with
 * no pivot below -1e-9 of the largest diagonal).  Returns 0 when valid,
 * else 1 (not symmetric, *bad_i and *bad_j the entry), 2 (not finite), 3 (not
 * positive semi-definite, *bad_i the pivot).  work: p * p doubles.
 */
extern int	interval_check_covariance(const double *cov, int p, double *work,
									  int *bad_i, int *bad_j);

/* Normal quantile: z with Phi(z) = q, for 0 < q < 1 (Acklam, refined by Newton). */
extern double interval_normal_quantile(double q);

#endif							/* CANVASS_CALIBRATE_H */
