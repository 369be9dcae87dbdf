/*
 * fuzz_metrics.c
 *	  libFuzzer target for the plan-metrics core.  The input's first 40
 *	  bytes are the options (swing, uncontested share, variant, band), the
 *	  rest (a, b) pairs of doubles.  Whatever the bytes, the checks must
 *	  refuse bad votes and options, and on accepted input every defined
 *	  metric must be finite and within its range.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MetricsOptions o;
	MetricsDistrict *d;
	MetricsWork *work;
	MetricsResult r;
	size_t		n,
				i,
				m = 0;
	double		opt[5];

	if (size < sizeof(opt))
		return 0;
	memcpy(opt, data, sizeof(opt));
	metrics_default_options(&o);
	o.swing = opt[0];
	o.uncontested = opt[1];
	o.eg_variant = (MetricsEgVariant) (data[16] % 3);
	o.competitive_lo = opt[3];
	o.competitive_hi = opt[4];
	if (metrics_check_options(&o) != METRICS_OK)
		return 0;
	n = (size - sizeof(opt)) / (2 * sizeof(double));
	d = malloc((n + 1) * sizeof(MetricsDistrict));
	work = malloc((n + 1) * sizeof(MetricsWork));
	for (i = 0; i < n; i++)
	{
		MetricsDistrict x;

		memcpy(&x.a, data + sizeof(opt) + 2 * i * sizeof(double), sizeof(double));
		memcpy(&x.b, data + sizeof(opt) + (2 * i + 1) * sizeof(double), sizeof(double));
		if (metrics_check_votes(x.a, x.b) == METRICS_OK && x.a < 9007199254740992.0 && x.b < 9007199254740992.0)
			d[m++] = x;
	}
	memset(&r, 0, sizeof(r));
	metrics_compute(d, m, &o, &r, work, NULL);
	if (r.districts > 0)
	{
		if (r.seats < 0 || r.seats > r.districts || !isfinite(r.seats))
			abort();
		if (!(r.vote_share >= 0 && r.vote_share <= 1))
			abort();
		for (i = 0; i < 3; i++)
			if (!isfinite(r.efficiency_gap[i]) || fabs(r.efficiency_gap[i]) > 2)
				abort();
		if (!isfinite(r.mean_median) || fabs(r.mean_median) > 1)
			abort();
		if (!isfinite(r.partisan_bias) || fabs(r.partisan_bias) > 0.5)
			abort();
		if (r.competitive < 0 || r.competitive > r.districts)
			abort();
	}
	free(d);
	free(work);
	return 0;
}
