/*
 * project.c
 *	  SQL-callable election-night projection: the project aggregate
 *	  (transition, combine, serial, deserial, final) over one row per
 *	  reporting unit, and project_row, the typed form of its jsonb.  The
 *	  state collects the units; the final function calls the pure core in
 *	  core/project.c, which puts them in canonical order first, so the answer
 *	  is the same whatever the row order or parallel plan.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "aggregate.h"
#include "core/project.h"
#include "memory_limit.h"
#include "support.h"

PG_FUNCTION_INFO_V1(canvass_project_trans);
PG_FUNCTION_INFO_V1(canvass_project_combine);
PG_FUNCTION_INFO_V1(canvass_project_serial);
PG_FUNCTION_INFO_V1(canvass_project_deserial);
PG_FUNCTION_INFO_V1(canvass_project_final);
PG_FUNCTION_INFO_V1(canvass_project_row);

/* Transition state: the units seen so far, row-major. */
typedef struct ProjectState
{
	int64		n;
	int64		cap;
	int			k;				/* features per unit; -1 before the first unit */
	double		level;			/* NaN before the first unit */
	double	   *v;				/* n x (PROJECT_FIXED + k) */
} ProjectState;

/* Bytes of working memory a unit of k features may need: state and fit. */
static double
unit_bytes(int k)
{
	return 8.0 * (PROJECT_FIXED + k) + 8.0 * 3 * (k + 2) + 96;
}

/* Errors out when n units of k features exceed canvass.max_memory. */
static void
check_units_memory(double n, int k)
{
	canvass_check_memory("project", n, "reporting units", unit_bytes(k < 0 ? 0 : k), 0,
						 "Project each contest on its own (GROUP BY contest), or pass fewer features.");
}

/* A new, empty state in cxt. */
static ProjectState *
new_state(MemoryContext cxt)
{
	ProjectState *s = MemoryContextAllocZero(cxt, sizeof(ProjectState));

	s->k = -1;
	s->level = NAN;
	return s;
}

/* Names of a unit's values, for messages. */
static const char *
value_name(int i)
{
	static const char *const names[] = {"counted_a", "counted_b", "baseline_a", "baseline_b", "complete"};

	return i >= 0 && i < PROJECT_FIXED ? names[i] : "features";
}

/* Raises the error of a unit that fails project_check_unit. */
static void
report_unit(ProjectStatus st, const double *u, int k, int bad)
{
	switch (st)
	{
		case PROJECT_OK:
			return;
		case PROJECT_NOT_FINITE:
			if (bad >= PROJECT_FIXED)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("project feature must be finite"),
						 errdetail("Element %d of features is %s.", bad - PROJECT_FIXED + 1,
								   isnan(u[bad]) ? "NaN" : "infinite"),
						 errhint("Check the division that produced the feature, or replace a missing value by a value and an indicator feature.")));
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("project votes must be finite"),
					 errdetail("%s is %s.", value_name(bad), isnan(u[bad]) ? "NaN" : "infinite"),
					 errhint("Pass vote counts as numbers of ballots.")));
			break;
		case PROJECT_OUT_OF_RANGE:
			if (bad >= PROJECT_FIXED)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("project feature is out of range"),
						 errdetail("Element %d of features is %g; features must lie within +-%g.",
								   bad - PROJECT_FIXED + 1, u[bad], PROJECT_MAX_FEATURE),
						 errhint("Rescale the feature (a share, a log, a z-score).")));
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("project votes are out of range"),
					 errdetail("%s is %g; a unit has at most %g votes.", value_name(bad), u[bad], PROJECT_MAX_VOTES),
					 errhint("Pass vote counts as numbers of ballots.")));
			break;
		case PROJECT_NEGATIVE_VOTES:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("project votes must not be negative"),
					 errdetail("%s is %g.", value_name(bad), u[bad]),
					 errhint("Check the feed: a correction is a new, smaller count, not a negative one.")));
			break;
		case PROJECT_FAR_ABOVE_BASELINE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("project counted votes are far above the unit's baseline"),
					 errdetail("The unit has counted %g votes against a baseline of %g; more than %g times the baseline plus %g signals a data error.",
							   u[0] + u[1], u[2] + u[3], PROJECT_FAR_FACTOR, PROJECT_FAR_SLACK),
					 errhint("Check that the unit is joined to its own baseline (same precinct and vote method) and counted once; leave a new unit out, or give it a baseline.")));
			break;
		case PROJECT_TOO_MANY_FEATURES:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("project takes at most %d features", PROJECT_MAX_FEATURES),
					 errdetail("A unit has %d features.", k),
					 errhint("Select the features that matter (county, vote method, baseline share).")));
			break;
		default:
			elog(ERROR, "unexpected project status %d", (int) st);
	}
}

/* Raises the error of a bad level. */
static void
report_level(double level)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("project level must be between 0 and 1"),
			 errdetail("The level is %g.", level),
			 errhint("Pass the coverage of the interval as a fraction, for example 0.9.")));
}

/* Appends one unit's values to the state, growing it in cxt. */
static void
state_append(ProjectState *s, const double *u, int k, double level, MemoryContext cxt)
{
	int			stride = PROJECT_FIXED + k;

	if (s->k < 0)
	{
		s->k = k;
		s->level = level;
	}
	else if (s->k != k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("feature arrays of project must all have the same length"),
				 errdetail("Earlier units have %d features, this one has %d.", s->k, k),
				 errhint("Build features with the same values in the same order on every unit.")));
	else if (s->level != level)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project level must be the same on every row"),
				 errdetail("Earlier rows have level %g, this one has %g.", s->level, level),
				 errhint("Pass the level as a constant.")));
	if (s->n == s->cap)
	{
		int64		cap = s->cap == 0 ? 64 : s->cap * 2;

		check_units_memory((double) cap, k);
		if (s->v == NULL)
			s->v = MemoryContextAllocHuge(cxt, sizeof(double) * stride * cap);
		else
			s->v = repalloc_huge(s->v, sizeof(double) * stride * cap);
		s->cap = cap;
	}
	memcpy(s->v + s->n * stride, u, sizeof(double) * stride);
	s->n++;
}

/*
 * project transition: (state, counted_a, counted_b, complete, baseline_a,
 * baseline_b [, features [, level]]).  NULL counted votes are 0 and a NULL
 * complete is false (a unit that has not reported); a NULL baseline,
 * features array, feature or level is an error.
 */
Datum
canvass_project_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_project_trans");
	ProjectState *s = PG_ARGISNULL(0) ? NULL : (ProjectState *) PG_GETARG_POINTER(0);
	double		u[PROJECT_FIXED + PROJECT_MAX_FEATURES];
	int			k = 0,
				i,
				bad;
	double		level = PROJECT_DEFAULT_LEVEL;
	ProjectStatus st;

	if (s == NULL)
		s = new_state(aggcxt);
	for (i = 4; i <= 5; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("project baseline must not be NULL"),
					 errdetail("%s is NULL.", i == 4 ? "baseline_a" : "baseline_b"),
					 errhint("A unit with no baseline votes takes a baseline of 0 (it is then projected from the contest's baseline margin).")));
	u[0] = PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1);
	u[1] = PG_ARGISNULL(2) ? 0 : PG_GETARG_FLOAT8(2);
	u[2] = PG_GETARG_FLOAT8(4);
	u[3] = PG_GETARG_FLOAT8(5);
	u[4] = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3) ? 1 : 0;
	if (PG_NARGS() > 6)
	{
		ArrayType  *xa;
		Datum	   *elems;
		bool	   *nulls;
		int			nelems;

		if (PG_ARGISNULL(6))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("project features must not be NULL"),
					 errhint("Pass '{}' for no features.")));
		xa = PG_GETARG_ARRAYTYPE_P(6);
		if (ARR_NDIM(xa) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("project features must be a one-dimensional array"),
					 errdetail("The array has %d dimensions.", ARR_NDIM(xa)),
					 errhint("Pass the features of one unit as ARRAY[f1, f2, ...].")));
		nelems = ArrayGetNItems(ARR_NDIM(xa), ARR_DIMS(xa));
		if (nelems > PROJECT_MAX_FEATURES)
			report_unit(PROJECT_TOO_MANY_FEATURES, u, nelems, -1);
		deconstruct_array(xa, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
						  TYPALIGN_DOUBLE, &elems, &nulls, &nelems);
		for (i = 0; i < nelems; i++)
		{
			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("project feature must not be NULL"),
						 errdetail("Element %d of features is NULL.", i + 1),
						 errhint("Replace a missing value by a value and an indicator feature.")));
			u[PROJECT_FIXED + i] = DatumGetFloat8(elems[i]);
		}
		k = nelems;
	}
	if (PG_NARGS() > 7)
	{
		if (PG_ARGISNULL(7))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("project level must not be NULL"),
					 errhint("Pass the coverage of the interval, for example 0.9, or call project without a level.")));
		level = PG_GETARG_FLOAT8(7);
		if (project_check_level(level) != PROJECT_OK)
			report_level(level);
	}
	st = project_check_unit(u, k, &bad);
	if (st != PROJECT_OK)
		report_unit(st, u, k, bad);
	state_append(s, u, k, level, aggcxt);
	PG_RETURN_POINTER(s);
}

/* project combine: appends state 2's units to state 1 (or a copy of 2). */
Datum
canvass_project_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_project_combine");
	ProjectState *a = PG_ARGISNULL(0) ? NULL : (ProjectState *) PG_GETARG_POINTER(0);
	ProjectState *b = PG_ARGISNULL(1) ? NULL : (ProjectState *) PG_GETARG_POINTER(1);
	int64		i;

	if (b == NULL || b->n == 0)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = new_state(aggcxt);
	for (i = 0; i < b->n; i++)
		state_append(a, b->v + i * (PROJECT_FIXED + b->k), b->k, b->level, aggcxt);
	PG_RETURN_POINTER(a);
}

/* project serial: header and units as bytea (core/project.h describes it). */
Datum
canvass_project_serial(PG_FUNCTION_ARGS)
{
	ProjectState *s = (ProjectState *) PG_GETARG_POINTER(0);
	Size		len = project_state_size((size_t) s->n, s->k);
	bytea	   *out;

	(void) canvass_agg_context(fcinfo, "canvass_project_serial");
	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("project state too large to pass between parallel workers"),
				 errdetail("The state of " INT64_FORMAT " units needs %zu bytes.", s->n, len),
				 errhint("Project each contest on its own, or disable parallel query for this statement.")));
	out = palloc(len + VARHDRSZ);
	SET_VARSIZE(out, len + VARHDRSZ);
	project_state_write((unsigned char *) VARDATA(out), s->v, (size_t) s->n, s->k, s->level);
	PG_RETURN_BYTEA_P(out);
}

/* project deserial: validates the bytes like user input (project_state_check). */
Datum
canvass_project_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_project_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	ProjectState *s = new_state(aggcxt);
	const unsigned char *units;
	const char *why;
	int			k;
	size_t		n,
				i;
	double		level;

	if (project_state_check((const unsigned char *) VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in),
							&k, &n, &level, &units, &why) != PROJECT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid project state"),
				 errdetail("%s", why),
				 errhint("Serialized states come only from project's own serial function.")));
	check_units_memory((double) n, k);
	for (i = 0; i < n; i++)
	{
		double		u[PROJECT_FIXED + PROJECT_MAX_FEATURES];

		memcpy(u, units + sizeof(double) * (PROJECT_FIXED + k) * i,
			   sizeof(double) * (PROJECT_FIXED + k));
		state_append(s, u, k, level, aggcxt);
		if ((i & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_POINTER(s);
}

/* v / d, or NaN (null in the output) when d is 0. */
static double
ratio(double v, double d)
{
	return d != 0 ? v / d : NAN;
}

/*
 * Pushes one fit's "coefficients", "dropped", "units" and "penalty" (null
 * when the fit kept the intercept alone).
 */
static void
push_fit(JsonbParseState **ps, const char *name, const double *coef, const unsigned char *dropped,
		 int k, size_t units, double penalty)
{
	int			j;

	canvass_jsonb_begin_object(ps, name);
	canvass_jsonb_number_array(ps, "coefficients", coef, k + 1);
	canvass_jsonb_begin_array(ps, "dropped");
	for (j = 0; j < k; j++)
		if (dropped[j])
			canvass_jsonb_int(ps, NULL, j + 1);
	canvass_jsonb_end_array(ps);
	canvass_jsonb_int(ps, "units", (int64) units);
	canvass_jsonb_number_or_null(ps, "penalty", penalty);
	canvass_jsonb_end_object(ps);
}

/* The note that explains a missing projection or interval. */
static const char *
gap_note(ProjectGap g)
{
	switch (g)
	{
		case PROJECT_GAP_NO_UNITS:
			return "no units";
		case PROJECT_GAP_TOO_FEW_COMPLETE:
			return "no complete unit with votes and a baseline yet: nothing to fit";
		case PROJECT_GAP_TOO_FEW_CALIBRATION:
			return "too few complete units for an interval: it needs 10 more than the features";
		default:
			return NULL;
	}
}

/* project final: fits and returns the projection as jsonb; NULL over no rows. */
Datum
canvass_project_final(PG_FUNCTION_ARGS)
{
	ProjectState *s = PG_ARGISNULL(0) ? NULL : (ProjectState *) PG_GETARG_POINTER(0);
	ProjectResult r;
	ProjectStatus st;
	JsonbParseState *ps = NULL;
	double		ct,
				pt;
	const char *note;

	(void) canvass_agg_context(fcinfo, "canvass_project_final");
	if (s == NULL || s->n == 0)
		PG_RETURN_NULL();
	check_units_memory((double) s->n, s->k);
	st = project_compute(s->v, (size_t) s->n, s->k, s->level, &r, &canvass_core_palloc, canvass_check_interrupts);
	switch (st)
	{
		case PROJECT_OK:
			break;
		case PROJECT_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in project")));
			break;
		default:
			elog(ERROR, "unexpected project status %d", (int) st);
	}
	ct = r.counted_a + r.counted_b;
	canvass_jsonb_begin_object(&ps, NULL);
	canvass_jsonb_int(&ps, "units", (int64) r.units);
	canvass_jsonb_int(&ps, "units_complete", (int64) r.complete);
	canvass_jsonb_begin_object(&ps, "counted");
	canvass_jsonb_number_or_null(&ps, "a", r.counted_a);
	canvass_jsonb_number_or_null(&ps, "b", r.counted_b);
	canvass_jsonb_number_or_null(&ps, "total", ct);
	canvass_jsonb_number_or_null(&ps, "margin", r.counted_a - r.counted_b);
	canvass_jsonb_end_object(&ps);
	canvass_jsonb_begin_object(&ps, "baseline");
	canvass_jsonb_number_or_null(&ps, "a", r.baseline_a);
	canvass_jsonb_number_or_null(&ps, "b", r.baseline_b);
	canvass_jsonb_end_object(&ps);
	if (r.projection_gap == PROJECT_GAP_NONE)
	{
		pt = r.projected_a + r.projected_b;
		canvass_jsonb_begin_object(&ps, "projected");
		canvass_jsonb_number_or_null(&ps, "a", r.projected_a);
		canvass_jsonb_number_or_null(&ps, "b", r.projected_b);
		canvass_jsonb_number_or_null(&ps, "total", pt);
		canvass_jsonb_number_or_null(&ps, "margin", r.projected_a - r.projected_b);
		canvass_jsonb_number_or_null(&ps, "margin_share", ratio(r.projected_a - r.projected_b, pt));
		canvass_jsonb_number_or_null(&ps, "share_a", ratio(r.projected_a, pt));
		canvass_jsonb_end_object(&ps);
		canvass_jsonb_number_or_null(&ps, "expected_total", pt);
		canvass_jsonb_number_or_null(&ps, "share_counted", ratio(ct, pt));
	}
	else
	{
		canvass_jsonb_null(&ps, "projected");
		canvass_jsonb_null(&ps, "expected_total");
		canvass_jsonb_null(&ps, "share_counted");
		pt = 0;
	}
	if (r.interval_gap == PROJECT_GAP_NONE)
	{
		canvass_jsonb_begin_object(&ps, "interval");
		canvass_jsonb_number_or_null(&ps, "level", r.level);
		canvass_jsonb_number_or_null(&ps, "margin_lower", r.margin_lower);
		canvass_jsonb_number_or_null(&ps, "margin_upper", r.margin_upper);
		canvass_jsonb_number_or_null(&ps, "margin_share_lower", ratio(r.margin_lower, pt));
		canvass_jsonb_number_or_null(&ps, "margin_share_upper", ratio(r.margin_upper, pt));
		canvass_jsonb_number_or_null(&ps, "standard_error", r.standard_error);
		canvass_jsonb_begin_object(&ps, "error_parts");
		canvass_jsonb_number_or_null(&ps, "fit", r.se_shared);
		canvass_jsonb_number_or_null(&ps, "units", r.se_units);
		canvass_jsonb_number_or_null(&ps, "unseen", r.se_unseen);
		canvass_jsonb_end_object(&ps);
		canvass_jsonb_end_object(&ps);
	}
	else
		canvass_jsonb_null(&ps, "interval");
	note = gap_note(r.projection_gap != PROJECT_GAP_NONE ? r.projection_gap : r.interval_gap);
	if (note)
		canvass_jsonb_string(&ps, "note", note);
	canvass_jsonb_begin_object(&ps, "model");
	canvass_jsonb_int(&ps, "features", r.k);
	canvass_jsonb_int(&ps, "units_pooled", (int64) r.pooled);
	if (r.projection_gap == PROJECT_GAP_NONE && r.complete < r.units)
	{
		push_fit(&ps, "turnout", r.turnout_coef, r.turnout_dropped, r.k,
				 r.turnout_fitted, r.turnout_penalty);
		push_fit(&ps, "margin", r.margin_coef, r.margin_dropped, r.k,
				 r.margin_fitted, r.margin_penalty);
	}
	canvass_jsonb_end_object(&ps);
	PG_RETURN_DATUM(canvass_jsonb_result(&ps));
}

/* Raises the error of a jsonb that is not a projection. */
static void
bad_projection(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid projection"),
			 errdetail("%s", detail),
			 errhint("Pass the jsonb that canvass.project returned.")));
}

/*
 * The number at key (inside object key1 when key1 is not NULL) of j; sets
 * *isnull when it or its object is JSON null.  Anything else is an error.
 */
static double
json_number(Jsonb *j, const char *key1, const char *key, bool *isnull)
{
	JsonbContainer *c = &j->root;
	JsonbValue *v;

	*isnull = false;
	if (key1 != NULL)
	{
		v = getKeyJsonValueFromContainer(c, key1, strlen(key1), NULL);
		if (v == NULL)
			bad_projection(psprintf("The key \"%s\" is missing.", key1));
		if (v->type == jbvNull)
		{
			*isnull = true;
			return 0;
		}
		if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
			bad_projection(psprintf("\"%s\" is neither an object nor null.", key1));
		c = v->val.binary.data;
	}
	v = getKeyJsonValueFromContainer(c, key, strlen(key), NULL);
	if (v == NULL)
		bad_projection(psprintf("The key \"%s\" is missing.", key));
	if (v->type == jbvNull)
	{
		*isnull = true;
		return 0;
	}
	if (v->type != jbvNumeric)
		bad_projection(psprintf("\"%s\" is not a number.", key));
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(v->val.numeric)));
}

/* project_row(jsonb): the projection as a canvass.projection row. */
Datum
canvass_project_row(PG_FUNCTION_ARGS)
{
	Jsonb	   *j = PG_GETARG_JSONB_P(0);
	TupleDesc	desc;
	static const char *const paths[][2] = {
		{NULL, "units"}, {NULL, "units_complete"},
		{"counted", "a"}, {"counted", "b"},
		{"projected", "a"}, {"projected", "b"}, {"projected", "margin"},
		{"projected", "margin_share"}, {NULL, "expected_total"}, {NULL, "share_counted"},
		{"interval", "level"}, {"interval", "margin_lower"}, {"interval", "margin_upper"},
		{"interval", "margin_share_lower"}, {"interval", "margin_share_upper"}};
	Datum		values[lengthof(paths)];
	bool		nulls[lengthof(paths)];
	int			i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "project_row must return a composite type");
	desc = BlessTupleDesc(desc);
	if (desc->natts != lengthof(paths))
		elog(ERROR, "canvass.projection has %d attributes, expected %d", desc->natts, (int) lengthof(paths));
	if (!JB_ROOT_IS_OBJECT(j))
		bad_projection("The value is not a JSON object.");
	for (i = 0; i < (int) lengthof(paths); i++)
	{
		double		v = json_number(j, paths[i][0], paths[i][1], &nulls[i]);

		if (i < 2)
		{
			if (!nulls[i] && !(v >= 0 && v <= PG_INT32_MAX && v == floor(v)))
				bad_projection(psprintf("\"%s\" is not a count.", paths[i][1]));
			values[i] = Int32GetDatum((int32) v);
		}
		else
			values[i] = Float8GetDatum(v);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
