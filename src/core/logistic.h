/*
 * logistic.h
 *	  Small numeric helpers shared by the logit and calibration cores: the
 *	  logistic function without overflow, and double-double accumulation.
 */
#ifndef CANVASS_LOGISTIC_H
#define CANVASS_LOGISTIC_H

#include <math.h>

/* 1 / (1 + exp(-eta)) without overflow. */
static inline double
logistic(double eta)
{
	if (eta >= 0)
		return 1.0 / (1.0 + exp(-eta));
	else
	{
		double		e = exp(eta);

		return e / (1.0 + e);
	}
}

/* (hi, lo) += v, keeping lo as the rounding error of hi (TwoSum). */
static inline void
dd_add(double *hi, double *lo, double v)
{
	double		s = *hi + v;
	double		bp = s - *hi;
	double		err = (*hi - (s - bp)) + (v - bp);
	double		l = *lo + err;
	double		h2 = s + l;

	*lo = l - (h2 - s);
	*hi = h2;
}

#endif							/* CANVASS_LOGISTIC_H */
