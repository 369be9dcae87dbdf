/*
 * lean.c
 *	  Wilson score interval, normal quantile and Cook PVI (README "Shares
 *	  and lean").
 */
#include "lean.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/*
 * Quantile of the standard normal distribution: Acklam's rational
 * approximation (relative error below 1.2e-9), refined by one Halley step
 * on erfc, which brings it to full double precision.  The upper half is the
 * lower half mirrored: there 1 - p is exact, whereas Phi(x) - p near 1
 * cancels to a few digits and the step would not refine anything.
 */
double
lean_normal_quantile(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
	-3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
	-1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
	4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
	2.445134137142996e+00, 3.754408661907416e+00};
	const double plow = 0.02425;
	double		q,
				r,
				x,
				e,
				u;

	if (p > 0.5)
		return -lean_normal_quantile(1 - p);
	if (p < plow)
	{
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	else
	{
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	/*
	 * One Halley step: e = Phi(x) - p and u = e / phi(x), written (e / p)
	 * sqrt(2 pi) exp(x^2/2 + log p) so that exp does not overflow when p is
	 * subnormal and x below -37.5.
	 */
	e = 0.5 * erfc(-x / sqrt(2)) - p;
	u = (e / p) * sqrt(2 * M_PI) * exp(x * x / 2 + log(p));
	x = x - u / (1 + x * u / 2);
	return x;
}

/*
 * Wilson score interval (Wilson 1927): with p = x/n and z the normal
 * quantile at 1 - (1 - confidence)/2,
 *   centre = (p + z^2/(2n)) / (1 + z^2/n)
 *   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2)).
 * The bounds are clamped to [0, 1], and are exactly 0 when x = 0 and 1
 * when x = n.
 */
LeanStatus
lean_wilson(double x, double n, double confidence, double *lower, double *upper)
{
	double		z,
				p,
				z2n,
				centre,
				half;

	if (!isfinite(x) || !isfinite(n) || !isfinite(confidence))
		return LEAN_NOT_FINITE;
	if (x < 0 || n < 0)
		return LEAN_NEGATIVE_COUNT;
	if (x > n)
		return LEAN_SUCCESSES_ABOVE_TRIALS;
	if (!(confidence > 0 && confidence < 1))
		return LEAN_BAD_CONFIDENCE;
	z = lean_normal_quantile(1 - (1 - confidence) / 2);
	p = x / n;
	z2n = z * z / n;
	centre = (p + z2n / 2) / (1 + z2n);
	half = z / (1 + z2n) * sqrt(p * (1 - p) / n + z2n / (4 * n));
	*lower = x == 0 ? 0.0 : fmax(0.0, centre - half);
	*upper = x == n ? 1.0 : fmin(1.0, centre + half);
	return LEAN_OK;
}

/* Cook PVI in points (see lean.h). */
LeanStatus
lean_pvi(double share, double national_share, double prev_share,
		 double prev_national_share, double w, double *pvi)
{
	if (!isfinite(share) || !isfinite(national_share) || !isfinite(prev_share) ||
		!isfinite(prev_national_share) || !isfinite(w))
		return LEAN_NOT_FINITE;
	if (share < 0 || share > 1 || national_share < 0 || national_share > 1 ||
		prev_share < 0 || prev_share > 1 || prev_national_share < 0 ||
		prev_national_share > 1)
		return LEAN_BAD_SHARE;
	if (w < 0 || w > 1)
		return LEAN_BAD_WEIGHT;
	*pvi = 100.0 * (w * (share - national_share) +
					(1 - w) * (prev_share - prev_national_share));
	return LEAN_OK;
}

/* Cook's rounding of a lean for its label (see lean.h). */
int
lean_label_points(double lean, double *points)
{
	double		m = fabs(lean);

	*points = 0;
	if (m < 0.5)
		return 0;
	*points = round(m);
	return lean > 0 ? 1 : -1;
}
