/*
 * test_lean.c
 *	  Unit tests of the lean core: the normal quantile against scipy's
 *	  norm.ppf (and mpmath far in the tails), Wilson intervals against statsmodels' proportion_confint
 *	  (method='wilson'), as printed by test/metrics_crosscheck.py, and Cook
 *	  PVI and its rounding by hand.
 */
#include <math.h>
#include <stdio.h>

#include "core/lean.h"
#include "tap.h"

/* Reports |got - want| <= tol. */
static void
near(double got, double want, double tol, const char *name)
{
	if (!tap_ok(fabs(got - want) <= tol, "%s", name))
		printf("# got %.17g, want %.17g\n", got, want);
}

int
main(void)
{
	double		lo,
				hi,
				pvi,
				pts;

	/* scipy.stats.norm.ppf(p) */
	near(lean_normal_quantile(0.975), 1.959963984540054, 1e-14, "quantile 0.975");
	near(lean_normal_quantile(0.995), 2.5758293035489004, 1e-14, "quantile 0.995");
	near(lean_normal_quantile(0.5), 0.0, 1e-15, "quantile 0.5");
	near(lean_normal_quantile(0.75), 0.6744897501960817, 1e-14, "quantile 0.75");
	near(lean_normal_quantile(1e-10), -6.361340902404056, 1e-12, "quantile 1e-10 (lower tail)");
	near(lean_normal_quantile(0.02), -2.053748910631823, 1e-14, "quantile 0.02 (lower branch)");
	near(lean_normal_quantile(0.999999), 4.753424308817087, 1e-14, "quantile 0.999999 (upper tail)");

	/*
	 * Far in the tails (found by fuzzing), against the root of
	 * log(erfc(-x / sqrt 2) / 2) = log p solved by mpmath at 50 digits.
	 * Near 1 the quantile is the mirror of the lower tail's, to full
	 * precision (Phi(x) - p there kept only a few digits); a subnormal p,
	 * whose exp(x^2/2) overflowed to give NaN, is as close as its few
	 * bits allow.
	 */
	near(lean_normal_quantile(0.9999999999), 6.3613408896974219, 1e-14, "quantile 1 - 1e-10");
	near(lean_normal_quantile(1 - 0x1p-53), 8.2095361516013869, 1e-14, "quantile 1 - 2^-53, the largest below 1");
	near(lean_normal_quantile(1e-300), -37.047096299361199, 1e-12, "quantile 1e-300");
	near(lean_normal_quantile(4.9406564584124654e-323), -38.407541387272422, 1e-6,
		 "quantile 4.9e-323 (subnormal, 4 significant bits): finite");
	tap_ok(lean_normal_quantile(0.75) == -lean_normal_quantile(0.25), "quantile 0.75 mirrors 0.25 exactly");

	/* statsmodels proportion_confint(x, n, alpha=1-c, method='wilson') */
	tap_ok(lean_wilson(81, 263, 0.95, &lo, &hi) == LEAN_OK, "wilson 81/263 accepted");
	near(lo, 0.255288519878, 1e-12, "wilson 81/263 95%: lower");
	near(hi, 0.366209576983, 1e-12, "wilson 81/263 95%: upper");
	lean_wilson(0, 10, 0.95, &lo, &hi);
	tap_ok(lo == 0.0, "wilson 0/10: lower exactly 0");
	/* by hand: z^2/n / (1 + z^2/n) with z^2 = 3.841459: .3841459/1.3841459 */
	near(hi, 0.277532799863, 1e-12, "wilson 0/10 95%: upper .277533");
	lean_wilson(10, 10, 0.95, &lo, &hi);
	near(lo, 0.722467200137, 1e-12, "wilson 10/10 95%: lower");
	tap_ok(hi == 1.0, "wilson 10/10: upper exactly 1");
	lean_wilson(1, 2, 0.9, &lo, &hi);
	near(lo, 0.120866319422, 1e-12, "wilson 1/2 90%: lower");
	near(hi, 0.879133680578, 1e-12, "wilson 1/2 90%: upper");
	lean_wilson(520, 1000, 0.99, &lo, &hi);
	near(lo, 0.479307455095, 1e-12, "wilson 520/1000 99%: lower");
	near(hi, 0.560428898309, 1e-12, "wilson 520/1000 99%: upper");
	tap_ok(lean_wilson(-1, 10, 0.95, &lo, &hi) == LEAN_NEGATIVE_COUNT, "wilson: negative successes");
	tap_ok(lean_wilson(11, 10, 0.95, &lo, &hi) == LEAN_SUCCESSES_ABOVE_TRIALS, "wilson: successes above trials");
	tap_ok(lean_wilson(1, 10, 1.0, &lo, &hi) == LEAN_BAD_CONFIDENCE, "wilson: confidence 1");
	tap_ok(lean_wilson(1, 10, 0.0, &lo, &hi) == LEAN_BAD_CONFIDENCE, "wilson: confidence 0");
	tap_ok(lean_wilson(NAN, 10, 0.95, &lo, &hi) == LEAN_NOT_FINITE, "wilson: NaN");
	tap_ok(lean_wilson(1, INFINITY, 0.95, &lo, &hi) == LEAN_NOT_FINITE, "wilson: infinite trials");

	/*
	 * PVI by hand: district .55 and .53, nation .52 and .51.  75/25:
	 * 100 (.75 x .03 + .25 x .02) = 2.75; 50/50: 100 (.015 + .01) = 2.5.
	 */
	tap_ok(lean_pvi(0.55, 0.52, 0.53, 0.51, 0.75, &pvi) == LEAN_OK, "pvi accepted");
	near(pvi, 2.75, 1e-12, "pvi 75/25: 2.75");
	lean_pvi(0.55, 0.52, 0.53, 0.51, 0.5, &pvi);
	near(pvi, 2.5, 1e-12, "pvi 50/50: 2.5");
	lean_pvi(0.40, 0.52, 0.41, 0.51, 0.75, &pvi);
	near(pvi, -11.5, 1e-12, "pvi 75/25: 100 (.75 x -.12 + .25 x -.10) = -11.5");
	tap_ok(lean_pvi(55, 0.52, 0.53, 0.51, 0.75, &pvi) == LEAN_BAD_SHARE, "pvi: a percentage is not a share");
	tap_ok(lean_pvi(0.55, 0.52, 0.53, 0.51, 1.5, &pvi) == LEAN_BAD_WEIGHT, "pvi: weight 1.5");
	tap_ok(lean_pvi(0.55, NAN, 0.53, 0.51, 0.5, &pvi) == LEAN_NOT_FINITE, "pvi: NaN");

	/* Cook's rounding: EVEN below half a point, else half away from zero. */
	tap_ok(lean_label_points(0.49, &pts) == 0, "label 0.49: EVEN");
	tap_ok(lean_label_points(-0.49, &pts) == 0, "label -0.49: EVEN");
	tap_ok(lean_label_points(0.5, &pts) == 1 && pts == 1, "label 0.5: +1");
	tap_ok(lean_label_points(-0.5, &pts) == -1 && pts == 1, "label -0.5: -1");
	tap_ok(lean_label_points(2.5, &pts) == 1 && pts == 3, "label 2.5: +3");
	tap_ok(lean_label_points(-13.2, &pts) == -1 && pts == 13, "label -13.2: -13");
	return tap_done();
}
