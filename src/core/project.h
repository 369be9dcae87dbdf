/*
 * project.h
 *	  Election-night projection from partial returns, with no PostgreSQL
 *	  types: each complete unit's deviation from its baseline regressed on
 *	  its features by weighted ridge regression (the penalty chosen by
 *	  leave-one-out error; uniform swing with no features), the projection
 *	  of the units not yet complete from their baseline, and a normal
 *	  interval from a three-part standard error; after the Washington
 *	  Post's elex-live-model.
 *
 * A unit is a reporting unit (a precinct, or a precinct and vote method),
 * stored as PROJECT_FIXED + k doubles: votes counted for side A and B, the
 * baseline's votes for A and B, 1 when the unit is complete (else 0), and
 * its k features.
 */
#ifndef CANVASS_PROJECT_H
#define CANVASS_PROJECT_H

#include <stddef.h>

#include "core/core_alloc.h"

#define PROJECT_FIXED 5			/* ca, cb, ba, bb, complete */
#define PROJECT_MAX_FEATURES 32
#define PROJECT_DEFAULT_LEVEL 0.9
#define PROJECT_MAX_VOTES 1e12		/* no unit casts more ballots */
#define PROJECT_MAX_FEATURE 1e100	/* sums of features stay finite */

/*
 * A unit whose counted votes exceed PROJECT_FAR_FACTOR times its baseline
 * plus PROJECT_FAR_SLACK is taken for a data error (a unit joined to the
 * wrong baseline, a count entered twice); a baseline of zero means the unit
 * has none, and is not checked.
 */
#define PROJECT_FAR_FACTOR 10.0
#define PROJECT_FAR_SLACK 100.0

/* Outcome of a check or a computation. */
typedef enum ProjectStatus
{
	PROJECT_OK = 0,
	PROJECT_NO_MEMORY,
	PROJECT_NOT_FINITE,			/* NaN or infinite vote or feature */
	PROJECT_OUT_OF_RANGE,		/* votes above PROJECT_MAX_VOTES, |feature| above PROJECT_MAX_FEATURE */
	PROJECT_NEGATIVE_VOTES,		/* a vote count below 0 */
	PROJECT_FAR_ABOVE_BASELINE, /* counted > factor x baseline + slack */
	PROJECT_BAD_LEVEL,			/* level outside (0, 1) */
	PROJECT_TOO_MANY_FEATURES,
	PROJECT_CORRUPT				/* a serialized state that fails its checks */
} ProjectStatus;

/* Why a result has no projection or no interval. */
typedef enum ProjectGap
{
	PROJECT_GAP_NONE = 0,
	PROJECT_GAP_NO_UNITS,		/* no unit at all */
	PROJECT_GAP_TOO_FEW_COMPLETE,	/* fewer complete units than parameters */
	PROJECT_GAP_TOO_FEW_CALIBRATION,	/* too few complete units for an interval */
	PROJECT_GAP_ALL_COMPLETE	/* nothing left to project: exact */
} ProjectGap;

/*
 * Checks one unit (PROJECT_FIXED + k doubles); *bad is the 0-based index of
 * the offending value.
 */
extern ProjectStatus project_check_unit(const double *unit, int k, int *bad);

/* Checks a level: 0 < level < 1. */
extern ProjectStatus project_check_level(double level);

/*
 * Fewer complete units in the margin fit than this plus the feature count
 * give no interval: the standard error rests on their residuals.
 */
#define PROJECT_INTERVAL_MIN_UNITS 10

/* A projection of a whole contest. */
typedef struct ProjectResult
{
	size_t		units;
	size_t		complete;
	size_t		turnout_fitted;		/* complete units in the turnout fit */
	size_t		margin_fitted;		/* ... in the margin fit (baseline > 0) */
	size_t		pooled;				/* pending units of a stratum no complete unit is in */
	double		counted_a;
	double		counted_b;
	double		baseline_a;
	double		baseline_b;
	ProjectGap	projection_gap;		/* NONE: the projection below is set */
	double		projected_a;
	double		projected_b;
	ProjectGap	interval_gap;		/* NONE: the interval below is set */
	double		level;
	double		standard_error;		/* of the projected margin A - B, in votes */
	double		se_shared;			/* its parts: the fits' coefficients, */
	double		se_units;			/* the pending units' own errors, */
	double		se_unseen;			/* strata with no complete unit */
	double		margin_lower;		/* projected A - B, in votes */
	double		margin_upper;
	int			k;
	double		turnout_penalty;	/* ridge penalty chosen; INFINITY: intercept only */
	double		margin_penalty;
	/* coefficients on the original feature scale, intercept first */
	double		turnout_coef[PROJECT_MAX_FEATURES + 1];
	double		margin_coef[PROJECT_MAX_FEATURES + 1];
	/* 1 where a feature was left out of a fit as collinear among its units */
	unsigned char turnout_dropped[PROJECT_MAX_FEATURES];
	unsigned char margin_dropped[PROJECT_MAX_FEATURES];
} ProjectResult;

/*
 * Projects the contest from n units of k features (row-major, checked by
 * project_check_unit) at the interval level.  The units are put in a
 * canonical order first, so the result is the same whatever their order.
 */
extern ProjectStatus project_compute(const double *units, size_t n, int k, double level,
									 ProjectResult *res, const CoreAlloc *mem,
									 void (*interrupt) (void));

/*
 * The serialized aggregate state: a header (magic "CNVP", version 1, k as
 * int32, 4 bytes of padding, level as double, n as int64, native byte
 * order) and the n units' doubles.  k is -1 and n 0 in an empty state.
 */
#define PROJECT_STATE_MAGIC 0x434e5650
#define PROJECT_STATE_VERSION 1
#define PROJECT_STATE_HEADER 32

/* Bytes of the state of n units of k features. */
extern size_t project_state_size(size_t n, int k);

/* Writes the state of n units of k features at level to out. */
extern void project_state_write(unsigned char *out, const double *units, size_t n,
								int k, double level);

/*
 * Checks a serialized state like user input: header, length, and every
 * unit (project_check_unit, complete 0 or 1); sets *k, *n, *level and
 * *units (pointing into bytes, possibly unaligned).  PROJECT_CORRUPT, with
 * a sentence in *why, when any check fails.
 */
extern ProjectStatus project_state_check(const unsigned char *bytes, size_t len, int *k,
										 size_t *n, double *level,
										 const unsigned char **units, const char **why);

#endif							/* CANVASS_PROJECT_H */
