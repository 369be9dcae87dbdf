/*
 * lean.h
 *	  Shares and lean with no PostgreSQL types: the Wilson score interval of
 *	  a proportion, the normal quantile it needs, and Cook's partisan voting
 *	  index.
 */
#ifndef CANVASS_LEAN_H
#define CANVASS_LEAN_H

/* Outcome of validating the arguments. */
typedef enum LeanStatus
{
	LEAN_OK = 0,
	LEAN_NOT_FINITE,			/* NaN or infinite argument */
	LEAN_NEGATIVE_COUNT,		/* successes or trials below 0 */
	LEAN_SUCCESSES_ABOVE_TRIALS,
	LEAN_BAD_CONFIDENCE,		/* confidence outside (0, 1) */
	LEAN_BAD_SHARE,				/* a share outside [0, 1] */
	LEAN_BAD_WEIGHT				/* latest-election weight outside [0, 1] */
} LeanStatus;

/* Quantile of the standard normal distribution at p, 0 < p < 1. */
extern double lean_normal_quantile(double p);

/*
 * Wilson score interval of successes out of trials at the given confidence
 * level; trials must be > 0.  Writes the bounds to *lower and *upper.
 */
extern LeanStatus lean_wilson(double successes, double trials, double confidence,
							  double *lower, double *upper);

/*
 * Cook partisan voting index in percentage points: the district's share
 * minus the national share, in the latest and the previous election,
 * weighted latest_weight and 1 - latest_weight.  Positive favours the party
 * whose shares are given.
 */
extern LeanStatus lean_pvi(double share, double national_share,
						   double prev_share, double prev_national_share,
						   double latest_weight, double *pvi);

/*
 * Cook's rounding of a lean in points, for its label: returns 0 ("EVEN")
 * when |lean| < 0.5, else +1 or -1 for the favoured side, with |lean|
 * rounded half away from zero in *points.  lean must be finite.
 */
extern int	lean_label_points(double lean, double *points);

#endif							/* CANVASS_LEAN_H */
