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
#include "utils/memutils.h"
#include "windowapi.h"

#include "core/calibrate.h"
#include "geom_points.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_logit_shift_trans);
PG_FUNCTION_INFO_V1(canvass_logit_shift_combine);
PG_FUNCTION_INFO_V1(canvass_logit_shift_serial);
PG_FUNCTION_INFO_V1(canvass_logit_shift_deserial);
PG_FUNCTION_INFO_V1(canvass_logit_shift_final);
PG_FUNCTION_INFO_V1(canvass_shift_score);
PG_FUNCTION_INFO_V1(canvass_calibrate_window);

/* The SQL function whose state is being allocated, for the memory error. */
static const char *shift_fname = "logit_shift";

/* Memory for a shift state: checked against canvass.max_memory, NULL when out of memory. */
static void *
shift_palloc(size_t size)
{
	canvass_check_memory(shift_fname, (double) size / sizeof(ShiftEntry),
						 "distinct scores in one block of its state", sizeof(ShiftEntry), 0,
						 "Round the scores (for example to 6 decimals) so that voters share scores.");
	return palloc_extended(size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
shift_pfree(void *ptr)
{
	pfree(ptr);
}

static const CoreAlloc shift_alloc = {shift_palloc, shift_pfree};

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
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in %s", fname)));
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
					 errhint("Round the scores (for example to 6 decimals) so that voters share scores.")));
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

/* The aggregate memory context, or an error outside an aggregate. */
static MemoryContext
agg_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", fn);
	return aggcxt;
}

/* A new, empty shift state in cxt. */
static ShiftState *
new_shift_state(MemoryContext cxt)
{
	ShiftState *s = MemoryContextAlloc(cxt, sizeof(ShiftState));

	shift_state_init(s, &shift_alloc);
	return s;
}

/* Adds one row (p, target) to s, whose memory is in cxt; errors name fname. */
static void
shift_add_row(ShiftState *s, MemoryContext cxt, const char *fname, double p,
			  bool target_null, double target)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	CalStatus	st;

	shift_fname = fname;
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
	shift_fname = fname;
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
	MemoryContext aggcxt = agg_context(fcinfo, "canvass_logit_shift_trans");
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
	MemoryContext aggcxt = agg_context(fcinfo, "canvass_logit_shift_combine");
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
	shift_fname = "logit_shift";
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
	MemoryContext aggcxt = agg_context(fcinfo, "canvass_logit_shift_serial");
	ShiftState *s = (ShiftState *) PG_GETARG_POINTER(0);
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	CalStatus	st;
	size_t		len;
	bytea	   *out;

	shift_fname = "logit_shift";
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
	MemoryContext aggcxt = agg_context(fcinfo, "canvass_logit_shift_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	ShiftState *s = new_shift_state(aggcxt);
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	CalStatus	st;

	shift_fname = "logit_shift";
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
	MemoryContext aggcxt = agg_context(fcinfo, "canvass_logit_shift_final");
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
		int64		row;

		shift_state_init(&s, &shift_alloc);
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
