/*
 * test_metrics_state.c
 *	  Unit tests of metrics_state_check, the check of the plan-metric
 *	  aggregates' serialized state.  Every state is built byte by byte at the
 *	  offsets of the layout (four int32, four doubles, one int64, then
 *	  (a, b) pairs of doubles), not with the core's own writer, and each bad
 *	  state breaks one rule of a good one.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/metrics.h"
#include "tap.h"

#define HEADER 56
#define DISTRICT 16
#define MAXD 4

/* A state under construction: its bytes and their length. */
typedef struct Bytes
{
	unsigned char b[1 + HEADER + MAXD * DISTRICT];
	size_t		len;
} Bytes;

static void
put_i32(Bytes *s, size_t at, int32_t v)
{
	memcpy(s->b + at, &v, sizeof(v));
}

static void
put_i64(Bytes *s, size_t at, int64_t v)
{
	memcpy(s->b + at, &v, sizeof(v));
}

static void
put_f64(Bytes *s, size_t at, double v)
{
	memcpy(s->b + at, &v, sizeof(v));
}

/*
 * The good state: version 1, options set, variant 'simplified', swing 0.05,
 * uncontested 0.75, band [0.4, 0.6], and two districts (60, 40), (0, 25).
 */
static void
good(Bytes *s)
{
	memset(s, 0, sizeof(*s));
	put_i32(s, 0, 1);
	put_i32(s, 4, 1);
	put_i32(s, 8, 2);
	put_i32(s, 12, 0);
	put_f64(s, 16, 0.05);
	put_f64(s, 24, 0.75);
	put_f64(s, 32, 0.4);
	put_f64(s, 40, 0.6);
	put_i64(s, 48, 2);
	put_f64(s, 56, 60);
	put_f64(s, 64, 40);
	put_f64(s, 72, 0);
	put_f64(s, 80, 25);
	s->len = HEADER + 2 * DISTRICT;
}

/* An empty state as a fresh aggregate serializes it: no options, n = 0. */
static void
empty(Bytes *s)
{
	memset(s, 0, sizeof(*s));
	put_i32(s, 0, 1);
	put_f64(s, 32, 0.45);
	put_f64(s, 40, 0.55);
	s->len = HEADER;
}

/* Checks s, expecting status want (and bad_index when a district is bad). */
static MetricsStatus
check(const Bytes *s, MetricsStatus want, size_t want_bad, const char *name)
{
	MetricsStateHeader h;
	MetricsOptions o;
	size_t		bad = 99;
	MetricsStatus st = metrics_state_check(s->b, s->len, &h, &o, &bad);

	if (!tap_ok(st == want && (want == METRICS_OK || bad == want_bad), "%s", name))
		printf("# got status %d (bad_index %zu), want %d (%zu)\n", (int) st, bad,
			   (int) want, want_bad);
	return st;
}

int
main(void)
{
	Bytes		s;
	MetricsStateHeader h;
	MetricsOptions o;
	MetricsDistrict d[2];
	MetricsWork work[2];
	MetricsResult r;
	size_t		bad = 99;
	double		next_above_2_53 = 9007199254740994.0;	/* 2^53 + 2 */

	tap_is_int((int64_t) sizeof(MetricsStateHeader), HEADER, "header is 56 bytes: 4 x 4 + 4 x 8 + 8");
	tap_is_int((int64_t) sizeof(MetricsDistrict), DISTRICT, "a district is 16 bytes");

	/* The good state, and what it decodes to. */
	good(&s);
	tap_ok(metrics_state_check(s.b, s.len, &h, &o, &bad) == METRICS_OK, "good state accepted");
	tap_is_int(h.n, 2, "good state: n = 2");
	tap_is_int(h.has_options, 1, "good state: has options");
	tap_ok(o.swing == 0.05 && o.uncontested == 0.75 && o.eg_variant == METRICS_EG_SIMPLIFIED &&
		   o.competitive_lo == 0.4 && o.competitive_hi == 0.6,
		   "good state: options as written");
	tap_is_int((int64_t) bad, 0, "good state: bad_index 0");

	/*
	 * Its metrics: (60, 40) is 0.6 + 0.05 = 0.65; (0, 25) is uncontested, B
	 * gets 0.75, A 0.25, plus the swing: 0.30.  One seat of two, one
	 * uncontested, none in [0.4, 0.6].
	 */
	memcpy(d, s.b + sizeof(MetricsStateHeader), sizeof(d));
	metrics_compute(d, 2, &o, &r, work, NULL);
	tap_is_int(r.districts, 2, "good state's metrics: 2 districts");
	tap_ok(r.seats == 1.0, "good state's metrics: 1 seat");
	tap_is_int(r.uncontested, 1, "good state's metrics: 1 uncontested");
	tap_is_int(r.competitive, 0, "good state's metrics: none competitive in [0.4, 0.6]");

	/* The core's writer lays out the same header bytes. */
	metrics_state_header(&h, 1, &o, 2);
	tap_ok(memcmp(&h, s.b, HEADER) == 0, "metrics_state_header writes the hand-built header");

	/*
	 * The core's writer of a whole state: into a buffer full of 0xAA and one
	 * full of 0x55, the same state gives the same bytes, the hand-built
	 * ones (56 + 2 x 16 = 88), so no byte is left as it was.
	 */
	{
		unsigned char w1[HEADER + MAXD * DISTRICT],
					w2[HEADER + MAXD * DISTRICT];

		memset(w1, 0xAA, sizeof(w1));
		memset(w2, 0x55, sizeof(w2));
		metrics_state_write(w1, 1, &o, d, 2);
		metrics_state_write(w2, 1, &o, d, 2);
		tap_ok(memcmp(w1, w2, HEADER + 2 * DISTRICT) == 0,
			   "metrics_state_write: two serialisations of one state are byte-identical");
		tap_ok(memcmp(w1, s.b, HEADER + 2 * DISTRICT) == 0,
			   "metrics_state_write writes the hand-built state");
		tap_ok(w1[HEADER + 2 * DISTRICT] == 0xAA, "metrics_state_write writes 88 bytes, no more");
	}

	/* The same bytes one byte off alignment. */
	memmove(s.b + 1, s.b, s.len);
	tap_ok(metrics_state_check(s.b + 1, s.len, &h, &o, &bad) == METRICS_OK && h.n == 2,
		   "good state at an odd address accepted");

	/* Empty states. */
	empty(&s);
	tap_ok(metrics_state_check(s.b, s.len, &h, &o, &bad) == METRICS_OK, "empty state accepted");
	tap_ok(h.n == 0 && h.has_options == 0 && o.swing == 0 && o.uncontested == 0 &&
		   o.eg_variant == METRICS_EG_HALF && o.competitive_lo == 0.45 && o.competitive_hi == 0.55,
		   "empty state: n 0, default options");
	put_f64(&s, 16, NAN);
	put_f64(&s, 32, 7);
	tap_ok(metrics_state_check(s.b, s.len, &h, &o, &bad) == METRICS_OK && o.swing == 0 &&
		   o.competitive_lo == 0.45,
		   "no options: the option fields are not read, the defaults are used");
	put_i32(&s, 4, 1);
	check(&s, METRICS_BAD_SWING, 0, "...but with has_options 1 a NaN swing is refused");
	empty(&s);
	put_i32(&s, 4, 1);
	check(&s, METRICS_OK, 0, "options and no district accepted");

	/* Length. */
	good(&s);
	s.len = 0;
	check(&s, METRICS_BAD_STATE, 0, "no bytes");
	s.len = HEADER - 1;
	check(&s, METRICS_BAD_STATE, 0, "truncated header (55 bytes)");
	s.len = HEADER + 2 * DISTRICT - 1;
	check(&s, METRICS_BAD_STATE, 0, "truncated last district");
	s.len = HEADER + DISTRICT;
	check(&s, METRICS_BAD_STATE, 0, "n = 2 with one district");
	s.len = HEADER + 2 * DISTRICT + 1;
	check(&s, METRICS_BAD_STATE, 0, "one byte after the districts");
	s.len = HEADER + 3 * DISTRICT;
	check(&s, METRICS_BAD_STATE, 0, "n = 2 with three districts' bytes");

	/* The count. */
	good(&s);
	put_i64(&s, 48, 3);
	check(&s, METRICS_BAD_STATE, 0, "n too large: 3 for two districts");
	put_i64(&s, 48, 1);
	check(&s, METRICS_BAD_STATE, 0, "n too small: 1 for two districts");
	put_i64(&s, 48, -1);
	check(&s, METRICS_BAD_STATE, 0, "n = -1");
	put_i64(&s, 48, INT64_MAX);
	check(&s, METRICS_BAD_STATE, 0, "n = 2^63 - 1");
	/* 2^60 + 2 districts of 16 bytes wrap to 32 bytes in 64 bits */
	put_i64(&s, 48, (INT64_C(1) << 60) + 2);
	check(&s, METRICS_BAD_STATE, 0, "n = 2^60 + 2, whose byte count wraps to 32");
	empty(&s);
	put_i64(&s, 48, 1);
	put_f64(&s, 56, 1);
	put_f64(&s, 64, 1);
	s.len = HEADER + DISTRICT;
	check(&s, METRICS_BAD_STATE, 0, "a district without options (the first district sets them)");

	/* The header's tags. */
	good(&s);
	put_i32(&s, 0, 2);
	check(&s, METRICS_BAD_STATE, 0, "version 2");
	put_i32(&s, 0, 0);
	check(&s, METRICS_BAD_STATE, 0, "version 0");
	good(&s);
	put_i32(&s, 4, 2);
	check(&s, METRICS_BAD_STATE, 0, "has_options 2");
	put_i32(&s, 4, -1);
	check(&s, METRICS_BAD_STATE, 0, "has_options -1");
	good(&s);
	put_i32(&s, 8, 3);
	check(&s, METRICS_BAD_STATE, 0, "variant 3");
	put_i32(&s, 8, -1);
	check(&s, METRICS_BAD_STATE, 0, "variant -1");
	put_i32(&s, 8, 0);
	check(&s, METRICS_OK, 0, "variant 0 ('half')");
	good(&s);
	put_i32(&s, 12, 1);
	check(&s, METRICS_BAD_STATE, 0, "padding not 0");

	/* The options. */
	good(&s);
	put_f64(&s, 16, 1.5);
	check(&s, METRICS_BAD_SWING, 0, "swing 1.5");
	put_f64(&s, 16, -1);
	check(&s, METRICS_OK, 0, "swing -1 (the bound)");
	put_f64(&s, 16, -INFINITY);
	check(&s, METRICS_BAD_SWING, 0, "swing -infinity");
	good(&s);
	put_f64(&s, 24, 0.5);
	check(&s, METRICS_BAD_UNCONTESTED, 0, "uncontested share 0.5");
	put_f64(&s, 24, 0);
	check(&s, METRICS_OK, 0, "uncontested 0 (as is)");
	good(&s);
	put_f64(&s, 32, 0.7);
	check(&s, METRICS_BAD_BAND, 0, "band [0.7, 0.6]");
	put_f64(&s, 32, NAN);
	check(&s, METRICS_BAD_BAND, 0, "band [NaN, 0.6]");

	/* The districts' votes. */
	good(&s);
	put_f64(&s, 72, NAN);
	check(&s, METRICS_NAN_VOTES, 1, "NaN votes in the second district");
	good(&s);
	put_f64(&s, 64, -1);
	check(&s, METRICS_NEGATIVE_VOTES, 0, "B = -1 in the first district");
	good(&s);
	put_f64(&s, 80, INFINITY);
	check(&s, METRICS_INFINITE_VOTES, 1, "infinite B in the second district");
	good(&s);
	put_f64(&s, 56, 9007199254740992.0);
	check(&s, METRICS_OK, 0, "A = 2^53 (the limit) accepted");
	put_f64(&s, 56, next_above_2_53);
	check(&s, METRICS_VOTES_TOO_LARGE, 0, "A = 2^53 + 2 refused");
	good(&s);
	put_f64(&s, 80, 1e308);
	check(&s, METRICS_VOTES_TOO_LARGE, 1, "B = 1e308 in the second district refused");
	good(&s);
	put_f64(&s, 72, -0.0);
	check(&s, METRICS_OK, 0, "A = -0 is zero votes");

	return tap_done();
}
