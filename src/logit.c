/*
 * logit.c
 *	  SQL-callable logit_fit aggregate (transition, combine, serial,
 *	  deserial, final) and logit_score, over the pure core in core/logit.c.
 */
#include "postgres.h"

#include <float.h>
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

#include "core/logit.h"
#include "aggregate.h"
#include "memory_limit.h"
#include "support.h"
#include "logit_model.h"

PG_FUNCTION_INFO_V1(canvass_logit_fit_trans);
PG_FUNCTION_INFO_V1(canvass_logit_fit_combine);
PG_FUNCTION_INFO_V1(canvass_logit_fit_serial);
PG_FUNCTION_INFO_V1(canvass_logit_fit_deserial);
PG_FUNCTION_INFO_V1(canvass_logit_fit_final);
PG_FUNCTION_INFO_V1(canvass_logit_score);

/* What a block of the table holds, and how to need fewer, for the memory error. */
#define LOGIT_BLOCK_ITEMS "numbers in one block of its table of distinct feature vectors"
#define LOGIT_MEMORY_HINT "Bin continuous features (for example age into 5-year bands) so that many rows share a feature vector."

/* A new, empty table whose memory lives in cxt. */
static LogitTable *
new_table(MemoryContext cxt)
{
	LogitTable *t = MemoryContextAlloc(cxt, sizeof(LogitTable));
	CanvassMemory *m = MemoryContextAlloc(cxt, sizeof(CanvassMemory));

	canvass_memory_init(m, cxt);
	logit_table_init(t, &m->core);
	return t;
}

/* A positive number given by its log10, as "3e+308", for sums past DBL_MAX. */
static char *
log10_text(double l)
{
	double		e = floor(l);
	double		m = pow(10.0, l - e);

	if (m >= 9.9995)
	{
		m /= 10;
		e += 1;
	}
	return psprintf("%.4ge+%.0f", m, e);
}

#define WEIGHT_OVERFLOW_HINT "Rescale the weights, for example divide them all by 1e300: the coefficients depend only on their ratios."

/* Raises the error for a failed table operation; row-level details where known. */
static void
report_table_error(LogitStatus st, const LogitTable *t, int k, int bad, double w)
{
	switch (st)
	{
		case LOGIT_OK:
			return;
		case LOGIT_NO_MEMORY:
			canvass_memory_report(t ? &t->alloc : NULL, "logit_fit", LOGIT_BLOCK_ITEMS, LOGIT_MEMORY_HINT);
			break;
		case LOGIT_TOO_MANY_FEATURES:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("logit_fit takes at most %d features", LOGIT_MAX_FEATURES),
					 errdetail("A row has %d features.", k),
					 errhint("Select the features that matter, or fit several smaller models.")));
			break;
		case LOGIT_TOO_MANY_PATTERNS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct feature vectors for logit_fit"),
					 errdetail("With %d features logit_fit holds at most %zu distinct feature vectors (33554432 / (features + 4)).",
							   t->k, logit_max_patterns(t->k)),
					 errhint("Bin continuous features (for example age into 5-year bands, or width_bucket(...)) so that many rows share a feature vector.")));
			break;
		case LOGIT_LENGTH_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("feature arrays of logit_fit must all have the same length"),
					 errdetail("Earlier rows have %d features, this one has %d.", t->k, k),
					 errhint("Build x with the same features in the same order on every row, with 0 or a category for a missing value.")));
			break;
		case LOGIT_NAN_FEATURE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit feature must not be NaN"),
					 errdetail("Element %d of x is NaN.", bad + 1),
					 errhint("Replace missing values by a value and an indicator feature, or leave the row out.")));
			break;
		case LOGIT_INFINITE_FEATURE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit feature must be finite"),
					 errdetail("Element %d of x is infinite.", bad + 1),
					 errhint("Check the division or date arithmetic that produced this feature.")));
			break;
		case LOGIT_NAN_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit weight must not be NaN"),
					 errhint("Use NULL to leave a row out, or a weight of 0 or more.")));
			break;
		case LOGIT_INFINITE_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit weight must be finite"),
					 errhint("Weights count rows; check the division that produced this one.")));
			break;
		case LOGIT_NEGATIVE_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit weight must not be negative"),
					 errdetail("The weight is %g.", w),
					 errhint("Weights count rows (frequency weights): use 0 or more.")));
			break;
		case LOGIT_WEIGHT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("logit_fit weights add up to more than double precision holds"),
					 errdetail("The rows with one feature vector weigh about %s together, past the largest double precision number (%.7g).",
							   log10_text(t->overflow_log10), DBL_MAX),
					 errhint(WEIGHT_OVERFLOW_HINT)));
			break;
		case LOGIT_CORRUPT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid logit_fit state"),
					 errdetail("The serialized state is truncated, inconsistent or holds invalid values."),
					 errhint("Serialized states come only from logit_fit's own serial function.")));
			break;
		default:
			break;
	}
	elog(ERROR, "unexpected logit status %d", (int) st);
}

/*
 * logit_fit transition: (state, y, x [, weight]).  Rows with a NULL y, x or
 * weight are skipped and counted; a NULL element of x is an error.
 */
Datum
canvass_logit_fit_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_fit_trans");
	LogitTable *t = PG_ARGISNULL(0) ? NULL : (LogitTable *) PG_GETARG_POINTER(0);
	bool		has_weight = PG_NARGS() > 3;
	double		w = 1.0;
	ArrayType  *xa;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				i,
				bad;
	double		x[LOGIT_MAX_FEATURES];
	LogitStatus st;

	if (t == NULL)
		t = new_table(aggcxt);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (has_weight && PG_ARGISNULL(3)))
	{
		t->skipped++;
		PG_RETURN_POINTER(t);
	}
	if (has_weight)
		w = PG_GETARG_FLOAT8(3);
	xa = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(xa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("logit_fit features must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(xa)),
				 errhint("Pass the features of one row as ARRAY[f1, f2, ...].")));
	nelems = ArrayGetNItems(ARR_NDIM(xa), ARR_DIMS(xa));
	if (nelems > LOGIT_MAX_FEATURES)
		report_table_error(LOGIT_TOO_MANY_FEATURES, t, nelems, -1, w);
	deconstruct_array(xa, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &elems, &nulls, &nelems);
	for (i = 0; i < nelems; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("logit_fit feature must not be NULL"),
					 errdetail("Element %d of x is NULL.", i + 1),
					 errhint("Use coalesce(...) with an indicator feature for missing values, or leave the row out by making x NULL.")));
		x[i] = DatumGetFloat8(elems[i]);
	}
	st = logit_table_add(t, x, nelems, PG_GETARG_BOOL(1) ? 1 : 0, w, &bad);
	if (st != LOGIT_OK)
		report_table_error(st, t, nelems, bad, w);
	if (nelems > 0)
	{
		pfree(elems);
		pfree(nulls);
	}
	PG_RETURN_POINTER(t);
}

/* logit_fit combine: merges state 2 into a copy or into state 1, never aliasing. */
Datum
canvass_logit_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_fit_combine");
	LogitTable *a = PG_ARGISNULL(0) ? NULL : (LogitTable *) PG_GETARG_POINTER(0);
	LogitTable *b = PG_ARGISNULL(1) ? NULL : (LogitTable *) PG_GETARG_POINTER(1);
	LogitStatus st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = new_table(aggcxt);
	st = logit_table_merge(a, b);
	if (st != LOGIT_OK)
		report_table_error(st, a, b->k, -1, 0);
	PG_RETURN_POINTER(a);
}

/* logit_fit serial: the table as bytea. */
Datum
canvass_logit_fit_serial(PG_FUNCTION_ARGS)
{
	LogitTable *t = (LogitTable *) PG_GETARG_POINTER(0);
	size_t		len = logit_table_serial_size(t);
	bytea	   *out;

	(void) canvass_agg_context(fcinfo, "canvass_logit_fit_serial");
	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("logit_fit state too large to pass between parallel workers"),
				 errdetail("The state of %zu distinct feature vectors needs %zu bytes.", t->npatterns, len),
				 errhint("Bin continuous features, or disable parallel query for this statement.")));
	out = palloc(len + VARHDRSZ);
	SET_VARSIZE(out, len + VARHDRSZ);
	logit_table_serialize(t, (unsigned char *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* logit_fit deserial: validates the bytes like user input. */
Datum
canvass_logit_fit_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_logit_fit_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	LogitTable *t = new_table(aggcxt);
	LogitStatus st;

	st = logit_table_deserialize(t, (const unsigned char *) VARDATA_ANY(in),
								 VARSIZE_ANY_EXHDR(in));
	if (st != LOGIT_OK)
		report_table_error(st == LOGIT_TOO_MANY_PATTERNS ? LOGIT_CORRUPT : st, t, 0, -1, 0);
	PG_RETURN_POINTER(t);
}

/* The error of a result out of the range of double precision, unless v is finite. */
static void
check_finite(double v)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("logit_fit result out of the range of double precision"),
				 errdetail("A coefficient, standard error, z or log-likelihood of the model is %s.",
						   isnan(v) ? "NaN" : "infinite"),
				 errhint("Rescale the weights (divide them all by one number) or the features (for example thousands rather than units).")));
}

/* Pushes key: v, checked. */
static void
push_num(JsonbParseState **ps, const char *key, double v)
{
	check_finite(v);
	canvass_jsonb_number(ps, key, v);
}

/* Pushes key: [v0, v1, ...], checked. */
static void
push_array(JsonbParseState **ps, const char *key, const double *v, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		check_finite(v[i]);
	canvass_jsonb_number_array(ps, key, v, n);
}

/* logit_fit final: fits and returns the model as jsonb; NULL with no weighted row. */
Datum
canvass_logit_fit_final(PG_FUNCTION_ARGS)
{
	LogitTable *t = PG_ARGISNULL(0) ? NULL : (LogitTable *) PG_GETARG_POINTER(0);
	LogitTable	scratch;
	CanvassMemory fitmem;
	LogitFit	fit;
	LogitStatus st;
	int			k,
				p,
				i;
	double	   *z,
			   *pv,
			   *cov;
	JsonbParseState *ps = NULL;

	(void) canvass_agg_context(fcinfo, "canvass_logit_fit_final");
	if (t == NULL || t->npatterns == 0)
		PG_RETURN_NULL();
	k = t->k;
	p = k + 1;
	/* Working memory of the fit: the current (per-call) context. */
	scratch = *t;
	canvass_memory_init(&fitmem, CurrentMemoryContext);
	scratch.alloc = fitmem.core;
	fit.coef = palloc0(sizeof(double) * p);
	fit.se = palloc0(sizeof(double) * p);
	cov = palloc0(sizeof(double) * p * p);
	st = logit_fit_cov(&scratch, &fit, cov, canvass_check_interrupts);
	switch (st)
	{
		case LOGIT_OK:
			break;
		case LOGIT_ONE_OUTCOME:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit needs both outcomes"),
					 errdetail("Every weighted row has y = %s.", fit.successes > 0 ? "true" : "false"),
					 errhint("Check the outcome column: a turnout model needs voters who voted and voters who did not.")));
			break;
		case LOGIT_WEIGHT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("logit_fit weights add up to more than double precision holds"),
					 errdetail("The weights of the %zu distinct feature vectors add up to about %s, past the largest double precision number (%.7g).",
							   t->npatterns, log10_text(fit.weight_log10), DBL_MAX),
					 errhint(WEIGHT_OVERFLOW_HINT)));
			break;
		case LOGIT_FIT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("logit_fit sums overflow double precision"),
					 errdetail("The Fisher information or the log-likelihood of the fit passes the largest double precision number (%.7g): the weights times the squared features are too large.",
							   DBL_MAX),
					 errhint("Rescale the weights (divide them all by one number) or the features (for example thousands rather than units).")));
			break;
		case LOGIT_COLLINEAR:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit features are collinear"),
					 errdetail("Feature %d (x[%d]) is a linear combination of the intercept and the features before it, or is constant.",
							   fit.bad_feature + 1, fit.bad_feature + 1),
					 errhint("Drop x[%d], or one of the features it depends on; do not add a constant column (the intercept is added for you).",
							 fit.bad_feature + 1)));
			break;
		case LOGIT_SEPARATION:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit outcome is separated by the features"),
					 errdetail("%zu distinct feature vectors are fitted with probability 0 or 1 (the coefficients diverge); the largest coefficient is that of feature %d (x[%d]).",
							   fit.nseparated, fit.bad_feature + 1, fit.bad_feature + 1),
					 errhint("A feature, or a combination of features, predicts the outcome perfectly: drop it, merge its rare categories, or check that it is not computed from the outcome itself.")));
			break;
		default:
			report_table_error(st, &scratch, k, -1, 0);
	}

	z = palloc(sizeof(double) * p);
	pv = palloc(sizeof(double) * p);
	for (i = 0; i < p; i++)
	{
		z[i] = fit.coef[i] / fit.se[i];
		pv[i] = erfc(fabs(z[i]) / M_SQRT2);
	}
	canvass_jsonb_begin_object(&ps, NULL);
	canvass_jsonb_int(&ps, "features", k);
	push_array(&ps, "coefficients", fit.coef, p);
	push_array(&ps, "std_errors", fit.se, p);
	push_array(&ps, "z", z, p);
	push_array(&ps, "p", pv, p);
	/* the inverse Fisher information, row by row: what turnout_interval reads */
	canvass_jsonb_begin_array(&ps, "covariance");
	for (i = 0; i < p; i++)
		push_array(&ps, NULL, cov + i * p, p);
	canvass_jsonb_end_array(&ps);
	push_num(&ps, "log_likelihood", fit.loglik);
	canvass_jsonb_int(&ps, "iterations", fit.iterations);
	canvass_jsonb_bool(&ps, "converged", fit.converged);
	canvass_jsonb_begin_object(&ps, "n");
	canvass_jsonb_int(&ps, "rows", t->rows);
	push_num(&ps, "weight", fit.weight);
	push_num(&ps, "successes", fit.successes);
	canvass_jsonb_int(&ps, "patterns", (int64) t->npatterns);
	canvass_jsonb_int(&ps, "skipped", t->skipped);
	canvass_jsonb_end_object(&ps);
	PG_RETURN_DATUM(canvass_jsonb_result(&ps));
}

/* Parsed coefficients of a model, cached across calls on the same jsonb. */
typedef struct ScoreCache
{
	Size		len;
	char	   *bytes;			/* a copy of the model as passed (perhaps
								 * compressed or a TOAST pointer), to
								 * recognise it without detoasting it */
	int			p;
	double	   *coef;
} ScoreCache;

/* Raises the error for a malformed model. */
void
canvass_bad_model(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid logit model"),
			 errdetail("%s", detail),
			 errhint("Pass the jsonb that canvass.logit_fit returned, with its \"coefficients\" array (the intercept first).")));
}

/* Reads the coefficients of a model jsonb into cxt memory. */
double *
canvass_parse_model(Jsonb *model, int *p_out, MemoryContext cxt)
{
	JsonbValue *v;
	JsonbContainer *arr;
	int			p,
				i;
	double	   *coef;

	if (!JB_ROOT_IS_OBJECT(model))
		canvass_bad_model("The model is not a JSON object.");
	v = getKeyJsonValueFromContainer(&model->root, "coefficients",
									 strlen("coefficients"), NULL);
	if (v == NULL)
		canvass_bad_model("The model has no \"coefficients\" key.");
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data) ||
		JsonContainerIsScalar(v->val.binary.data))
		canvass_bad_model("\"coefficients\" is not an array.");
	arr = v->val.binary.data;
	p = JsonContainerSize(arr);
	if (p < 1 || p > LOGIT_MAX_FEATURES + 1)
		canvass_bad_model("\"coefficients\" must hold the intercept and at most 100 feature coefficients.");
	coef = MemoryContextAlloc(cxt, sizeof(double) * p);
	for (i = 0; i < p; i++)
	{
		JsonbValue *e = getIthJsonbValueFromContainer(arr, i);

		if (e == NULL || e->type != jbvNumeric)
			canvass_bad_model("Every element of \"coefficients\" must be a number.");
		coef[i] = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
													 NumericGetDatum(e->val.numeric)));
		if (!isfinite(coef[i]))
			canvass_bad_model("A coefficient is out of the range of double precision.");
	}
	*p_out = p;
	return coef;
}

/* logit_score(model jsonb, x float8[]): the fitted probability of a true outcome. */
Datum
canvass_logit_score(PG_FUNCTION_ARGS)
{
	struct varlena *raw = (struct varlena *) PG_GETARG_POINTER(0);
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(1);
	ScoreCache *cache = (ScoreCache *) fcinfo->flinfo->fn_extra;
	Size		len = VARSIZE_ANY(raw);
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				i;
	double		x[LOGIT_MAX_FEATURES];

	/*
	 * A model with its covariance is often over 2 kB, so stored compressed:
	 * recognise it by the bytes as passed, and detoast only a new one.
	 */
	if (cache == NULL || cache->len != len || memcmp(cache->bytes, raw, len) != 0)
	{
		MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
		int			p;
		double	   *coef = canvass_parse_model(PG_GETARG_JSONB_P(0), &p, cxt);

		if (cache == NULL)
			cache = MemoryContextAllocZero(cxt, sizeof(ScoreCache));
		else
		{
			pfree(cache->bytes);
			pfree(cache->coef);
		}
		cache->bytes = MemoryContextAlloc(cxt, len);
		memcpy(cache->bytes, raw, len);
		cache->len = len;
		cache->p = p;
		cache->coef = coef;
		fcinfo->flinfo->fn_extra = cache;
	}
	if (ARR_NDIM(xa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("logit_score features must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(xa)),
				 errhint("Pass the features of one row as ARRAY[f1, f2, ...].")));
	nelems = ArrayGetNItems(ARR_NDIM(xa), ARR_DIMS(xa));
	if (nelems != cache->p - 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("logit_score needs as many features as the model"),
				 errdetail("The model has %d features, x has %d.", cache->p - 1, nelems),
				 errhint("Build x with the same features, in the same order, as in logit_fit.")));
	deconstruct_array(xa, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &elems, &nulls, &nelems);
	for (i = 0; i < nelems; i++)
	{
		if (nulls[i])
			PG_RETURN_NULL();	/* a missing feature: no score */
		x[i] = DatumGetFloat8(elems[i]);
		if (isnan(x[i]) || isinf(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_score feature must be finite"),
					 errdetail("Element %d of x is %s.", i + 1, isnan(x[i]) ? "NaN" : "infinite"),
					 errhint("Build x the same way as the rows the model was fitted on.")));
	}
	PG_RETURN_FLOAT8(logit_predict(cache->coef, x, nelems));
}
