/*
 * metrics.h
 *	  Partisan metrics of a district plan from each district's two-party
 *	  votes, with no PostgreSQL types, so it can be unit-tested, fuzzed and
 *	  run under valgrind without a server.
 *
 * Conventions (README "Plan metrics"): A is the first party; every signed
 * metric is positive when it favours A.  v_i = A_i / (A_i + B_i).  A district
 * with A = B counts half a seat to each party.  Districts with no votes take
 * no part.
 */
#ifndef CANVASS_METRICS_H
#define CANVASS_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Outcome of validating one district's votes or the options. */
typedef enum MetricsStatus
{
	METRICS_OK = 0,
	METRICS_NAN_VOTES,
	METRICS_INFINITE_VOTES,
	METRICS_NEGATIVE_VOTES,
	METRICS_BAD_SWING,			/* NaN, infinite, or outside [-1, 1] */
	METRICS_BAD_UNCONTESTED,	/* substitute share outside (0.5, 1] */
	METRICS_BAD_BAND,			/* competitive band: NaN, outside [0, 1], or lo > hi */
	METRICS_VOTES_TOO_LARGE,	/* above METRICS_MAX_VOTES (serialized state) */
	METRICS_BAD_STATE			/* serialized state: length, version or header */
} MetricsStatus;

/* Largest vote count a double holds exactly, 2^53: the aggregates' limit. */
#define METRICS_MAX_VOTES INT64_C(9007199254740992)

/* Efficiency-gap variants (README "efficiency_gap"). */
typedef enum MetricsEgVariant
{
	METRICS_EG_HALF = 0,		/* winner wastes votes above T/2 */
	METRICS_EG_MAJORITY = 1,	/* winner wastes votes above floor(T/2) + 1 */
	METRICS_EG_SIMPLIFIED = 2	/* (S - 1/2) - 2 (V - 1/2) */
} MetricsEgVariant;

/* Options every metric takes. */
typedef struct MetricsOptions
{
	double		swing;			/* added to every v_i, turnout held fixed */
	double		uncontested;	/* 0: as is; else the winner's substituted share */
	MetricsEgVariant eg_variant;
	double		competitive_lo; /* competitive band, inclusive */
	double		competitive_hi;
} MetricsOptions;

/* One district's votes for A and B. */
typedef struct MetricsDistrict
{
	double		a;
	double		b;
} MetricsDistrict;

/* One district's working values: its share after the options, its votes. */
typedef struct MetricsWork
{
	double		x;				/* A's share after the options */
	double		a_after;		/* A's votes after the options */
	double		a;				/* the votes as given, for canonical order */
	double		b;
} MetricsWork;

/*
 * Every metric of a plan.  A *_defined flag of 0 means the metric has no
 * value for this plan (NULL in SQL).
 */
typedef struct MetricsResult
{
	int64_t		districts;		/* districts with votes (N) */
	int64_t		uncontested;	/* of which one party had no votes */
	double		seats;			/* A's seats, a tie counting 1/2 */
	double		seat_share;		/* seats / N */
	double		vote_share;		/* V: A's turnout-weighted share after options */
	double		mean_share;		/* unweighted mean of v_i */
	double		median_share;
	double		efficiency_gap[3];	/* by MetricsEgVariant */
	double		mean_median;	/* median(v) - mean(v) */
	double		partisan_bias;
	double		declination;	/* Warrington's delta, a sweep +-1 */
	double		declination_scaled; /* delta * ln(N) / 2 */
	int			lopsided_defined;	/* 0 when a party won no seat */
	double		lopsided_margin;
	int64_t		competitive;	/* districts with lo <= v_i <= hi */
} MetricsResult;

/* Checks one district's votes: finite and not negative. */
extern MetricsStatus metrics_check_votes(double a, double b);

/* Checks the options. */
extern MetricsStatus metrics_check_options(const MetricsOptions *options);

/* Default options: no swing, uncontested as is, 'half', band [0.45, 0.55]. */
extern void metrics_default_options(MetricsOptions *options);

/*
 * Computes every metric of the n districts.  The districts are put into a
 * canonical order in work (by share after the options, then votes) before
 * anything is summed, so the answer does not depend on the input order;
 * work must hold n items.  Returns 0 districts (and nothing else set) when
 * no district has votes.  Votes and options must have passed the checks.
 * interrupt, when not NULL, is called now and then while sorting a large
 * plan (the SQL wrapper passes one that checks for query cancel).
 */
extern void metrics_compute(const MetricsDistrict *districts, size_t n,
							const MetricsOptions *options,
							MetricsResult *result, MetricsWork *work,
							void (*interrupt) (void));

/*
 * The serialized state of the plan-metric aggregates, what a parallel
 * worker hands back and what anyone can hand to the deserial function: this
 * header, then n MetricsDistrict records, in the machine's byte order and
 * with no alignment.  has_options is 1 once a district is in (the first
 * district row sets the options); when it is 0 the option fields are not
 * read.
 */
#define METRICS_STATE_VERSION 1

typedef struct MetricsStateHeader
{
	int32_t		version;		/* METRICS_STATE_VERSION */
	int32_t		has_options;	/* 0 or 1 */
	int32_t		eg_variant;		/* a MetricsEgVariant */
	int32_t		pad;			/* 0 */
	double		swing;
	double		uncontested;
	double		competitive_lo;
	double		competitive_hi;
	int64_t		n;				/* districts after the header */
} MetricsStateHeader;

/* Fills the header of a state of n districts (all of it, padding included). */
extern void metrics_state_header(MetricsStateHeader *header, int has_options,
								 const MetricsOptions *options, int64_t n);

/*
 * Writes the serialized state of n districts into out, which must hold
 * sizeof(MetricsStateHeader) + n * sizeof(MetricsDistrict) bytes: the
 * header (metrics_state_header), then each district's a and b, field by
 * field, so every byte written is defined and two states with the same
 * districts and options serialize to the same bytes.
 */
extern void metrics_state_write(void *out, int has_options, const MetricsOptions *options,
								const MetricsDistrict *districts, int64_t n);

/*
 * Checks len bytes as a serialized state: a header of the current version,
 * has_options 0 or 1 (and 1 when there are districts), padding 0, a known
 * variant, exactly n districts after the header (n >= 0), options that pass
 * metrics_check_options when has_options, and every district's votes
 * finite, not negative and at most METRICS_MAX_VOTES (what the transition
 * functions accept).  Returns METRICS_OK, METRICS_BAD_STATE for the layout,
 * the options' status for bad options, or a bad district's status, its
 * position in *bad_index.  On METRICS_OK, *header is the header and
 * *options the state's options (the defaults when has_options is 0); the n
 * districts start at bytes + sizeof(MetricsStateHeader), not necessarily
 * aligned, so copy them out with memcpy.
 */
extern MetricsStatus metrics_state_check(const void *bytes, size_t len,
										 MetricsStateHeader *header,
										 MetricsOptions *options,
										 size_t *bad_index);

#endif							/* CANVASS_METRICS_H */
