/*
 * calibrate.c
 *	  SQL-callable calibration of turnout scores to a topline: the
 *	  logit_shift aggregate (transition, combine, serial, deserial, final),
 *	  shift_score, the calibrate window function; and the turnout_interval
 *	  aggregate.  The arithmetic is in core/calibrate.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "windowapi.h"

#include "aggregate.h"
#include "core/calibrate.h"
#include "memory_limit.h"
#include "support.h"
#include "logit_model.h"

PG_FUNCTION_INFO_V1(canvass_logit_shift_trans);
PG_FUNCTION_INFO_V1(canvass_logit_shift_combine);
PG_FUNCTION_INFO_V1(canvass_logit_shift_serial);
PG_FUNCTION_INFO_V1(canvass_logit_shift_deserial);
PG_FUNCTION_INFO_V1(canvass_logit_shift_final);
PG_FUNCTION_INFO_V1(canvass_shift_score);
PG_FUNCTION_INFO_V1(canvass_calibrate_window);

/* What a block of a shift state holds, and how to need fewer, for the memory error. */
#define SHIFT_BLOCK_ITEMS "numbers in one block of its state"
#define SHIFT_MEMORY_HINT "Round the scores (for example to 6 decimals) so that voters share scores."

/* Formats a target for a message: the number, or NULL. */
static void
format_target(char *buf, size_t len, CalTargetKind kind, double v)
{
	if (kind == CAL_TARGET_NULL)
		strlcpy(buf, "NULL", len);
	else
		snprintf(buf, len, "%.15g", v);
}

/*
 * Raises the error of a failed shift operation.  p is the row's score,
 * target the row's target (kind), s the state (for the earlier target and
 * the reachable range).
 */
static void
report_shift_error(CalStatus st, const char *fname, const ShiftState *s, double p,
				   CalTargetKind kind, double target, const ShiftSolution *sol)
{
	char		a[64],
				b[64];

	switch (st)
	{
		case CAL_OK:
			return;
		case CAL_NO_MEMORY:
			canvass_memory_report(s ? s->mem : NULL, fname, SHIFT_BLOCK_ITEMS, SHIFT_MEMORY_HINT);
			break;
		case CAL_BAD_SCORE:
			if (isnan(p))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s score must not be NaN", fname),
						 errhint("Use NULL for an unknown score; scores are probabilities from 0 to 1 (divide 0-100 scores by 100).")));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s score must be between 0 and 1", fname),
					 errdetail("The score is %g.", p),
					 errhint("%s", p > 1 && p <= 100
							 ? "Scores on a 0-100 scale (VAN, state parties) must be divided by 100."
							 : "canvass takes scores as probabilities from 0 to 1; divide 0-100 scores by 100.")));
			break;
		case CAL_BAD_TARGET:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s target must be finite", fname),
					 errdetail("The target is %g.", target),
					 errhint("The target is the number of voters expected to vote, for example 260455.")));
			break;
		case CAL_TARGET_DIFFERS:
			format_target(a, sizeof(a), s->target_kind, s->target);
			format_target(b, sizeof(b), kind, target);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s target must be the same on every row", fname),
					 errdetail("Earlier rows have target %s, this one %s.", a, b),
					 errhint("Pass the topline as a constant or from a one-row subquery; to calibrate groups to their own toplines, use GROUP BY or calibrate(p, target) OVER (PARTITION BY ...).")));
			break;
		case CAL_UNREACHABLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s target %.15g cannot be reached by shifting the scores", fname, s->target),
					 errdetail("Shifted scores add up to more than %.0f (the scores of exactly 1) and less than %.0f (the scores above 0), never to either end.",
							   sol->low, sol->high),
					 errhint("Scores of 0 and 1 never move: check the target, and that scores of 0 or 1 are meant as certain.")));
			break;
		case CAL_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct scores for %s", fname),
					 errdetail("%s holds at most %zu distinct scores.", fname, (size_t) CAL_MAX_ENTRIES),
					 errhint(SHIFT_MEMORY_HINT)));
			break;
		case CAL_CORRUPT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid %s state", fname),
					 errdetail("The serialized state is truncated, inconsistent or holds invalid values."),
					 errhint("Serialized states come only from the aggregate's own serial function.")));
			break;
	}
	elog(ERROR, "unexpected calibrate status %d", (int) st);
}

/* A new, empty shift state in cxt. */
static ShiftState *
new_shift_state(MemoryContext cxt)
{
	ShiftState *s = MemoryContextAlloc(cxt, sizeof(ShiftState));
	CanvassMemory *m = MemoryContextAlloc(cxt, sizeof(CanvassMemory));

	canvass_memory_init(m, cxt);
	shift_state_init(s, &m->core);
	return s;
}

/* Adds one row (p, target) to s, whose memory is in cxt; errors name fname. */
static void
shift_add_row(ShiftState *s, MemoryContext cxt, const char *fname, double p,
			  bool target_null, double target)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	CalStatus	st;

	st = shift_state_add(s, p, target_null, target, canvass_check_interrupts);
	MemoryContextSwitchTo(old);
	if (st != CAL_OK)
		report_shift_error(st, fname, s, p, target_null ? CAL_TARGET_NULL : CAL_TARGET_VALUE,
						   target, NULL);
}

/*
 * The shift of a state (compacted here, in cxt): false when there is none
 * (no row, or NULL targets).
 */
static bool
shift_of_state(ShiftState *s, MemoryContext cxt, const char *fname, double *d)
{
	MemoryContext old;
	ShiftSolution sol = {0};
	CalStatus	st;

	if (s == NULL || s->rows == 0 || s->target_kind != CAL_TARGET_VALUE)
		return false;
	old = MemoryContextSwitchTo(cxt);
	st = shift_state_compact(s, canvass_check_interrupts);
	MemoryContextSwitchTo(old);
	if (st == CAL_OK)
		st = shift_solve(s, &sol, canvass_check_interrupts);
	if (st != CAL_OK)
		report_shift_error(st, fname, s, 0, CAL_TARGET_VALUE, s->target, &sol);
	*d = sol.d;
	return true;
}

/*
 * logit_shift transition: (state, p, target).  A row whose p is NULL is
 * skipped; the target of the others must be the same (NULL included).
 */
Datum
canvass_logit_shift_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_shift_trans");
	ShiftState *s = PG_ARGISNULL(0) ? NULL : (ShiftState *) PG_GETARG_POINTER(0);

	if (s == NULL)
		s = new_shift_state(aggcxt);
	if (!PG_ARGISNULL(1))
		shift_add_row(s, aggcxt, "logit_shift", PG_GETARG_FLOAT8(1), PG_ARGISNULL(2),
					  PG_ARGISNULL(2) ? 0 : PG_GETARG_FLOAT8(2));
	PG_RETURN_POINTER(s);
}

/* logit_shift combine: merges state 2 into state 1 (or a new one), never aliasing. */
Datum
canvass_logit_shift_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_shift_combine");
	ShiftState *a = PG_ARGISNULL(0) ? NULL : (ShiftState *) PG_GETARG_POINTER(0);
	ShiftState *b = PG_ARGISNULL(1) ? NULL : (ShiftState *) PG_GETARG_POINTER(1);
	MemoryContext old;
	CalStatus	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = new_shift_state(aggcxt);
	old = MemoryContextSwitchTo(aggcxt);
	st = shift_state_merge(a, b, canvass_check_interrupts);
	MemoryContextSwitchTo(old);
	if (st != CAL_OK)
		report_shift_error(st, "logit_shift", a, 0, b->target_kind, b->target, NULL);
	PG_RETURN_POINTER(a);
}

/* logit_shift serial: the compacted state as bytea. */
Datum
canvass_logit_shift_serial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_shift_serial");
	ShiftState *s = (ShiftState *) PG_GETARG_POINTER(0);
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	CalStatus	st;
	size_t		len;
	bytea	   *out;

	st = shift_state_compact(s, canvass_check_interrupts);
	MemoryContextSwitchTo(old);
	if (st != CAL_OK)
		report_shift_error(st, "logit_shift", s, 0, CAL_TARGET_NONE, 0, NULL);
	len = shift_state_serial_size(s);
	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("logit_shift state too large to pass between parallel workers"),
				 errdetail("The state of %zu distinct scores needs %zu bytes.", s->n, len),
				 errhint("Round the scores, or disable parallel query for this statement.")));
	out = palloc(len + VARHDRSZ);
	SET_VARSIZE(out, len + VARHDRSZ);
	shift_state_serialize(s, (unsigned char *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* logit_shift deserial: validates the bytes like user input. */
Datum
canvass_logit_shift_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_shift_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	ShiftState *s = new_shift_state(aggcxt);
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	CalStatus	st;

	st = shift_state_deserialize(s, (const unsigned char *) VARDATA_ANY(in),
								 VARSIZE_ANY_EXHDR(in));
	MemoryContextSwitchTo(old);
	if (st != CAL_OK)
		report_shift_error(st, "logit_shift", s, 0, CAL_TARGET_NONE, 0, NULL);
	PG_RETURN_POINTER(s);
}

/*
 * logit_shift final: the shift d; NULL with no row or a NULL target.  It
 * sorts the state in place, which leaves its meaning unchanged.
 */
Datum
canvass_logit_shift_final(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_shift_final");
	ShiftState *s = PG_ARGISNULL(0) ? NULL : (ShiftState *) PG_GETARG_POINTER(0);
	double		d;

	if (!shift_of_state(s, aggcxt, "logit_shift", &d))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d);
}

/* shift_score(p, d): 1 / (1 + exp(-(logit p + d))); p = 0 and p = 1 stay. */
Datum
canvass_shift_score(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);
	double		d = PG_GETARG_FLOAT8(1);

	if (shift_check_score(p) != CAL_OK)
		report_shift_error(CAL_BAD_SCORE, "shift_score", NULL, p, CAL_TARGET_NONE, 0, NULL);
	if (!isfinite(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shift_score shift must be finite"),
				 errdetail("The shift is %g.", d),
				 errhint("Pass the shift that canvass.logit_shift(...) returned.")));
	PG_RETURN_FLOAT8(shift_score(p, d));
}

/* What calibrate keeps per partition. */
typedef struct CalibratePartition
{
	bool		computed;
	bool		has_shift;		/* false: every row's result is NULL */
	double		d;
} CalibratePartition;

/*
 * calibrate(p, target) OVER (PARTITION BY ...): reads the partition once,
 * finds its shift, and returns each row's shifted score (NULL for a NULL p,
 * and for every row when the target is NULL).
 */
Datum
canvass_calibrate_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	CalibratePartition *part;
	bool		isnull;
	double		p;

	part = (CalibratePartition *) WinGetPartitionLocalMemory(winobj, sizeof(CalibratePartition));
	if (!part->computed)
	{
		ShiftState	s;
		CanvassMemory m;
		int64		row;

		canvass_memory_init(&m, CurrentMemoryContext);
		shift_state_init(&s, &m.core);
		for (row = 0;; row++)
		{
			bool		pnull,
						tnull,
						isout;
			Datum		pd,
						td;

			if ((row & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			pd = WinGetFuncArgInPartition(winobj, 0, row, WINDOW_SEEK_HEAD, false,
										  &pnull, &isout);
			if (isout)
				break;
			if (pnull)
				continue;
			td = WinGetFuncArgInPartition(winobj, 1, row, WINDOW_SEEK_HEAD, false,
										  &tnull, &isout);
			shift_add_row(&s, CurrentMemoryContext, "calibrate", DatumGetFloat8(pd), tnull,
						  tnull ? 0 : DatumGetFloat8(td));
		}
		part->has_shift = shift_of_state(&s, CurrentMemoryContext, "calibrate", &part->d);
		shift_state_free(&s);
		part->computed = true;
	}
	p = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 0, &isnull));
	if (isnull || !part->has_shift)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(shift_score(p, part->d));
}

/*
 * turnout_interval: the state holds the model (coefficients, covariance),
 * the level and the shift, which must be the same on every row, and the
 * sums of core/calibrate.h.  A copy of the last model as passed lets rows
 * carrying the same model skip detoasting and parsing it.
 */
typedef struct IntervalState
{
	bool		has_model;
	int			p;				/* coefficients: features + 1 */
	double		coef[INTERVAL_MAX_FEATURES + 1];
	double	   *cov;			/* p * p, in the aggregate context */
	double		level;
	double		shift;
	IntervalSums sums;
	Size		model_len;		/* the last model's bytes, to recognise it */
	char	   *model_bytes;
} IntervalState;

#define INTERVAL_HINT "Refit the model with canvass 0.3.0's logit_fit, which reports the covariance of the coefficients."

PG_FUNCTION_INFO_V1(canvass_turnout_interval_trans);
PG_FUNCTION_INFO_V1(canvass_turnout_interval_combine);
PG_FUNCTION_INFO_V1(canvass_turnout_interval_serial);
PG_FUNCTION_INFO_V1(canvass_turnout_interval_deserial);
PG_FUNCTION_INFO_V1(canvass_turnout_interval_final);

/* Raises 22023 for a model whose covariance is missing or malformed. */
static void
bad_covariance(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("turnout_interval needs the covariance of the model's coefficients"),
			 errdetail("%s", detail),
			 errhint(INTERVAL_HINT)));
}

/* Checks a covariance of p x p: finite, symmetric, positive semi-definite. */
static void
check_covariance(const double *cov, int p)
{
	double	   *work = palloc(sizeof(double) * p * p);
	int			i,
				j;
	char		detail[256];

	switch (interval_check_covariance(cov, p, work, &i, &j))
	{
		case 0:
			pfree(work);
			return;
		case 1:
			snprintf(detail, sizeof(detail),
					 "\"covariance\" is not symmetric: row %d, column %d is %.17g but row %d, column %d is %.17g.",
					 i + 1, j + 1, cov[i * p + j], j + 1, i + 1, cov[j * p + i]);
			break;
		case 2:
			snprintf(detail, sizeof(detail), "\"covariance\" row %d, column %d is not a finite number.", i + 1, j + 1);
			break;
		default:
			snprintf(detail, sizeof(detail),
					 "\"covariance\" is not positive semi-definite (pivot %d of its LDL' factorisation is negative): it is not the covariance of any estimate.",
					 i + 1);
			break;
	}
	bad_covariance(detail);
}

/* Reads the p x p "covariance" of a model into cov. */
static void
parse_covariance(Jsonb *model, int p, double *cov)
{
	JsonbValue *v;
	JsonbContainer *rows;
	int			i,
				j;
	char		detail[256];

	v = getKeyJsonValueFromContainer(&model->root, "covariance", strlen("covariance"), NULL);
	if (v == NULL)
		bad_covariance("The model has no \"covariance\" key: it was fitted by a canvass release before 0.3.0, or written by hand.");
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data) ||
		JsonContainerIsScalar(v->val.binary.data) || JsonContainerSize(v->val.binary.data) != (uint32) p)
	{
		snprintf(detail, sizeof(detail),
				 "\"covariance\" must be an array of %d rows of %d numbers, one per coefficient (the intercept first).", p, p);
		bad_covariance(detail);
	}
	rows = v->val.binary.data;
	for (i = 0; i < p; i++)
	{
		JsonbValue *r = getIthJsonbValueFromContainer(rows, i);

		if (r == NULL || r->type != jbvBinary || !JsonContainerIsArray(r->val.binary.data) ||
			JsonContainerIsScalar(r->val.binary.data) || JsonContainerSize(r->val.binary.data) != (uint32) p)
		{
			snprintf(detail, sizeof(detail),
					 "Row %d of \"covariance\" is not an array of %d numbers: the model has %d coefficients.", i + 1, p, p);
			bad_covariance(detail);
		}
		for (j = 0; j < p; j++)
		{
			JsonbValue *e = getIthJsonbValueFromContainer(r->val.binary.data, j);

			if (e == NULL || e->type != jbvNumeric)
			{
				snprintf(detail, sizeof(detail), "\"covariance\" row %d, column %d is not a number.", i + 1, j + 1);
				bad_covariance(detail);
			}
			cov[i * p + j] = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
																NumericGetDatum(e->val.numeric)));
		}
	}
	check_covariance(cov, p);
}

/* Raises 22023 for a level outside (0, 1). */
static void
check_level(double level)
{
	if (!(level > 0 && level < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("turnout_interval level must be greater than 0 and less than 1"),
				 errdetail("The level is %g.", level),
				 errhint("%s", level > 1 && level < 100 ? "Write a percentage as a share: 0.95 for a 95% interval."
						 : "The level is the interval's coverage, such as 0.95 or 0.9.")));
}

/* Raises 22023 when a row's model, level or shift differs from the earlier rows'. */
static void
interval_differs(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("turnout_interval %s must be the same on every row", what),
			 errdetail("Rows of one aggregate carry different values of %s.", what),
			 errhint("Pass one model (for example from a one-row table or subquery) and constant level and shift; use GROUP BY for several models.")));
}

/*
 * Takes the row's model, level and shift into the state: the first row sets
 * them, the others must carry the same.
 */
static void
interval_take_model(IntervalState *s, Datum model_datum, double level, double shift,
					MemoryContext aggcxt)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(model_datum);
	Size		len = VARSIZE_ANY(raw);
	Jsonb	   *model;
	int			p;
	double	   *coef,
			   *cov;

	/* recognised by its bytes as passed: a compressed model is not detoasted again */
	if (s->has_model && s->model_len == len && memcmp(s->model_bytes, raw, len) == 0 &&
		s->level == level && s->shift == shift)
		return;
	model = DatumGetJsonbP(model_datum);
	check_level(level);
	if (!isfinite(shift))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("turnout_interval shift must be finite"),
				 errdetail("The shift is %g.", shift),
				 errhint("Pass the shift that canvass.logit_shift(...) returned.")));
	coef = canvass_parse_model(model, &p, CurrentMemoryContext);
	cov = palloc(sizeof(double) * p * p);
	parse_covariance(model, p, cov);
	if (s->has_model)
	{
		if (p != s->p || memcmp(coef, s->coef, sizeof(double) * p) != 0 ||
			memcmp(cov, s->cov, sizeof(double) * p * p) != 0)
			interval_differs("model");
		if (level != s->level)
			interval_differs("level");
		if (shift != s->shift)
			interval_differs("shift");
	}
	else
	{
		s->has_model = true;
		s->p = p;
		memcpy(s->coef, coef, sizeof(double) * p);
		s->cov = MemoryContextAlloc(aggcxt, sizeof(double) * p * p);
		memcpy(s->cov, cov, sizeof(double) * p * p);
		s->level = level;
		s->shift = shift;
	}
	if (s->model_bytes)
		pfree(s->model_bytes);
	s->model_bytes = MemoryContextAlloc(aggcxt, len);
	memcpy(s->model_bytes, raw, len);
	s->model_len = len;
	pfree(coef);
	pfree(cov);
}

/* A new, empty interval state in cxt. */
static IntervalState *
new_interval_state(MemoryContext cxt)
{
	IntervalState *s = MemoryContextAllocZero(cxt, sizeof(IntervalState));

	interval_init(&s->sums);
	return s;
}

/*
 * turnout_interval transition: (state, model, x [, shift], level) or
 * (state, model, x) with level 0.95.  A row with a NULL argument, or a NULL
 * element in x, is skipped.
 */
Datum
canvass_turnout_interval_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_turnout_interval_trans");
	IntervalState *s = PG_ARGISNULL(0) ? NULL : (IntervalState *) PG_GETARG_POINTER(0);
	int			nargs = PG_NARGS();
	int			i,
				k;
	double		level = 0.95,
				shift = 0;
	ArrayType  *xa;
	const double *x;
	double		xbuf[INTERVAL_MAX_FEATURES];

	if (s == NULL)
		s = new_interval_state(aggcxt);
	for (i = 1; i < nargs; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_POINTER(s);
	if (nargs == 4)
		level = PG_GETARG_FLOAT8(3);
	else if (nargs == 5)
	{
		shift = PG_GETARG_FLOAT8(3);
		level = PG_GETARG_FLOAT8(4);
	}
	interval_take_model(s, PG_GETARG_DATUM(1), level, shift, aggcxt);

	xa = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(xa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("turnout_interval features must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(xa)),
				 errhint("Pass the features of one row as ARRAY[f1, f2, ...].")));
	k = ArrayGetNItems(ARR_NDIM(xa), ARR_DIMS(xa));
	if (k != s->p - 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("turnout_interval needs as many features as the model"),
				 errdetail("The model has %d features, x has %d.", s->p - 1, k),
				 errhint("Build x with the same features, in the same order, as in logit_fit.")));
	if (ARR_HASNULL(xa))
	{
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		deconstruct_array(xa, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
						  TYPALIGN_DOUBLE, &elems, &nulls, &n);
		for (i = 0; i < n; i++)
		{
			if (nulls[i])
				PG_RETURN_POINTER(s);	/* a missing feature: no score, as logit_score */
			xbuf[i] = DatumGetFloat8(elems[i]);
		}
		x = xbuf;
	}
	else
		x = (const double *) ARR_DATA_PTR(xa);
	for (i = 0; i < k; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("turnout_interval feature must be finite"),
					 errdetail("Element %d of x is %s.", i + 1, isnan(x[i]) ? "NaN" : "infinite"),
					 errhint("Build x the same way as the rows the model was fitted on.")));
	interval_add_voter(&s->sums, s->coef, s->shift, x, k);
	PG_RETURN_POINTER(s);
}

/* turnout_interval combine: adds state 2 into state 1 (or a copy), checking the models agree. */
Datum
canvass_turnout_interval_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_turnout_interval_combine");
	IntervalState *a = PG_ARGISNULL(0) ? NULL : (IntervalState *) PG_GETARG_POINTER(0);
	IntervalState *b = PG_ARGISNULL(1) ? NULL : (IntervalState *) PG_GETARG_POINTER(1);

	if (b == NULL || !b->has_model)
	{
		if (a == NULL)
			a = new_interval_state(aggcxt);
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = new_interval_state(aggcxt);
	if (!a->has_model)
	{
		a->has_model = true;
		a->p = b->p;
		memcpy(a->coef, b->coef, sizeof(double) * b->p);
		a->cov = MemoryContextAlloc(aggcxt, sizeof(double) * b->p * b->p);
		memcpy(a->cov, b->cov, sizeof(double) * b->p * b->p);
		a->level = b->level;
		a->shift = b->shift;
	}
	else
	{
		if (a->p != b->p || memcmp(a->coef, b->coef, sizeof(double) * a->p) != 0 ||
			memcmp(a->cov, b->cov, sizeof(double) * a->p * a->p) != 0)
			interval_differs("model");
		if (a->level != b->level)
			interval_differs("level");
		if (a->shift != b->shift)
			interval_differs("shift");
	}
	interval_merge(&a->sums, &b->sums);
	PG_RETURN_POINTER(a);
}

/* turnout_interval serial: the sums and the model as bytea. */
Datum
canvass_turnout_interval_serial(PG_FUNCTION_ARGS)
{
	IntervalState *s = (IntervalState *) PG_GETARG_POINTER(0);
	int			p = s->has_model ? s->p : 0;
	size_t		len = interval_serial_size(p);
	bytea	   *out;

	(void) canvass_agg_context(fcinfo, "canvass_turnout_interval_serial");
	out = palloc(len + VARHDRSZ);
	SET_VARSIZE(out, len + VARHDRSZ);
	interval_serialize(&s->sums, p, s->coef, s->cov, s->has_model ? s->level : 0,
					   s->has_model ? s->shift : 0, (unsigned char *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* turnout_interval deserial: validates the bytes like user input. */
Datum
canvass_turnout_interval_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_turnout_interval_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	IntervalState *s = new_interval_state(aggcxt);
	int			pmax = INTERVAL_MAX_FEATURES + 1,
				p;
	double	   *cov = palloc(sizeof(double) * pmax * pmax);
	double	   *work = palloc(sizeof(double) * pmax * pmax);

	if (interval_deserialize((const unsigned char *) VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in),
							 &s->sums, &p, s->coef, cov, &s->level, &s->shift, work) != CAL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid turnout_interval state"),
				 errdetail("The serialized state is truncated, inconsistent or holds invalid values."),
				 errhint("Serialized states come only from the aggregate's own serial function.")));
	if (p > 0)
	{
		s->has_model = true;
		s->p = p;
		s->cov = MemoryContextAlloc(aggcxt, sizeof(double) * p * p);
		memcpy(s->cov, cov, sizeof(double) * p * p);
	}
	pfree(cov);
	pfree(work);
	PG_RETURN_POINTER(s);
}

/*
 * turnout_interval final: {"voters", "expected", "sd_bernoulli", "sd_model",
 * "sd", "low", "high", "level"}; NULL when no row was taken.
 */
Datum
canvass_turnout_interval_final(PG_FUNCTION_ARGS)
{
	IntervalState *s = PG_ARGISNULL(0) ? NULL : (IntervalState *) PG_GETARG_POINTER(0);
	double		e,
				vb,
				vm,
				sd,
				z,
				lo,
				hi;
	JsonbParseState *ps = NULL;

	(void) canvass_agg_context(fcinfo, "canvass_turnout_interval_final");
	if (s == NULL || !s->has_model || s->sums.voters == 0)
		PG_RETURN_NULL();
	interval_variances(&s->sums, s->cov, &e, &vb, &vm);
	sd = sqrt(vb + vm);
	z = interval_normal_quantile((1 + s->level) / 2);
	lo = fmax(e - z * sd, 0);
	hi = fmin(e + z * sd, (double) s->sums.voters);
	canvass_jsonb_begin_object(&ps, NULL);
	canvass_jsonb_int(&ps, "voters", s->sums.voters);
	canvass_jsonb_number(&ps, "expected", e);
	canvass_jsonb_number(&ps, "sd_bernoulli", sqrt(vb));
	canvass_jsonb_number(&ps, "sd_model", sqrt(vm));
	canvass_jsonb_number(&ps, "sd", sd);
	canvass_jsonb_number(&ps, "low", lo);
	canvass_jsonb_number(&ps, "high", hi);
	canvass_jsonb_number(&ps, "level", s->level);
	PG_RETURN_DATUM(canvass_jsonb_result(&ps));
}
