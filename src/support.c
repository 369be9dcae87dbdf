/*
 * support.c
 *	  The interrupt callback and allocators the SQL glue hands to the C core,
 *	  checked array allocation, and the building of jsonb results (see
 *	  support.h).
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "memory_limit.h"
#include "support.h"

void
canvass_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/* palloc in the current context: huge sizes allowed, NULL rather than an error. */
static void *
core_palloc(void *ctx, size_t size)
{
	(void) ctx;
	return palloc_extended(size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

/* pfree, for every allocator of this file. */
static void
core_pfree(void *ctx, void *ptr)
{
	(void) ctx;
	pfree(ptr);
}

const CoreAlloc canvass_core_palloc = {core_palloc, core_pfree, NULL};

/* palloc in the CanvassMemory's context; a block above canvass.max_memory is NULL. */
static void *
limited_palloc(void *ctx, size_t size)
{
	CanvassMemory *m = (CanvassMemory *) ctx;

	if ((double) size > (double) canvass_max_memory_kb * 1024.0)
	{
		m->refused = size;
		return NULL;
	}
	return MemoryContextAllocExtended(m->cxt, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

void
canvass_memory_init(CanvassMemory *m, MemoryContext cxt)
{
	m->core.alloc = limited_palloc;
	m->core.release = core_pfree;
	m->core.ctx = m;
	m->cxt = cxt;
	m->refused = 0;
}

void
canvass_memory_report(const CoreAlloc *mem, const char *fname, const char *block_items,
					  const char *hint)
{
	if (mem != NULL && mem->alloc == limited_palloc)
	{
		CanvassMemory *m = (CanvassMemory *) mem->ctx;

		if (m->refused > 0)
			canvass_check_memory(fname, (double) m->refused / 8.0, block_items, 8, 0, hint);
	}
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory in %s", fname)));
	pg_unreachable();
}

void *
canvass_alloc_array(MemoryContext cxt, Size n, Size elsize, const char *what,
					const char *action, const char *hint)
{
	if (elsize > 0 && n > MaxAllocHugeSize / elsize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many %s to %s", what, action),
				 errdetail("%zu %s would need more memory than one allocation can hold.", n, what),
				 errhint("%s", hint)));
	return MemoryContextAllocHuge(cxt, Max(n * elsize, 1));
}

Numeric
canvass_double_to_numeric(double v)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];
	const char *p = buf;
	bool		negative = false;
	int64		digits = 0;
	int			ndigits = 0;
	int			frac = 0;
	int			exp10 = 0;
	bool		in_frac = false;
	int			scale;

	/*
	 * The decimal's digits and exponent are read off Ryu's output and turned
	 * into a numeric directly, digits / 10^scale, which is what numeric_in
	 * would make of the same text; outside that form (huge values) numeric_in
	 * does it.
	 */
	double_to_shortest_decimal_buf(v == 0 ? 0 : v, buf);
	if (*p == '-')
	{
		negative = true;
		p++;
	}
	for (; *p; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			if (ndigits >= 18)
				goto fallback;
			digits = digits * 10 + (*p - '0');
			if (digits > 0)
				ndigits++;
			if (in_frac)
				frac++;
		}
		else if (*p == '.' && !in_frac)
			in_frac = true;
		else if (*p == 'e' || *p == 'E')
		{
			char	   *end;
			long		e = strtol(p + 1, &end, 10);

			if (*end != '\0' || e < -400 || e > 400)
				goto fallback;
			exp10 = (int) e;
			break;
		}
		else
			goto fallback;		/* NaN, Infinity */
	}
	scale = frac - exp10;
	if (scale < 0 || scale > 1000)
		goto fallback;
	return int64_div_fast_to_numeric(negative ? -digits : digits, scale);

fallback:
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

/* Pushes the key, or nothing for an array element (key NULL). */
static void
push_key(JsonbParseState **ps, const char *key)
{
	JsonbValue	k;

	if (key == NULL)
		return;
	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	pushJsonbValue(ps, WJB_KEY, &k);
}

/* Pushes the scalar v under key (NULL: as an array element). */
static void
push_scalar(JsonbParseState **ps, const char *key, JsonbValue *v)
{
	push_key(ps, key);
	pushJsonbValue(ps, key ? WJB_VALUE : WJB_ELEM, v);
}

void
canvass_jsonb_numeric(JsonbParseState **ps, const char *key, Numeric n)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = n;
	push_scalar(ps, key, &v);
}

void
canvass_jsonb_number(JsonbParseState **ps, const char *key, double v)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("result out of the range of double precision"),
				 errdetail("The value of \"%s\" is %s.", key ? key : "an array element",
						   isnan(v) ? "NaN" : "infinite"),
				 errhint("Rescale the input (for example thousands rather than units).")));
	canvass_jsonb_numeric(ps, key, canvass_double_to_numeric(v));
}

void
canvass_jsonb_number_or_null(JsonbParseState **ps, const char *key, double v)
{
	if (isfinite(v))
		canvass_jsonb_number(ps, key, v);
	else
		canvass_jsonb_null(ps, key);
}

void
canvass_jsonb_int(JsonbParseState **ps, const char *key, int64 n)
{
	canvass_jsonb_numeric(ps, key, int64_to_numeric(n));
}

void
canvass_jsonb_string(JsonbParseState **ps, const char *key, const char *str)
{
	JsonbValue	v;

	if (str == NULL)
	{
		canvass_jsonb_null(ps, key);
		return;
	}
	v.type = jbvString;
	v.val.string.val = (char *) str;
	v.val.string.len = strlen(str);
	push_scalar(ps, key, &v);
}

void
canvass_jsonb_null(JsonbParseState **ps, const char *key)
{
	JsonbValue	v;

	v.type = jbvNull;
	push_scalar(ps, key, &v);
}

void
canvass_jsonb_bool(JsonbParseState **ps, const char *key, bool b)
{
	JsonbValue	v;

	v.type = jbvBool;
	v.val.boolean = b;
	push_scalar(ps, key, &v);
}

void
canvass_jsonb_number_array(JsonbParseState **ps, const char *key, const double *v, int n)
{
	int			i;

	canvass_jsonb_begin_array(ps, key);
	for (i = 0; i < n; i++)
		canvass_jsonb_number(ps, NULL, v[i]);
	canvass_jsonb_end_array(ps);
}

void
canvass_jsonb_begin_object(JsonbParseState **ps, const char *key)
{
	push_key(ps, key);
	pushJsonbValue(ps, WJB_BEGIN_OBJECT, NULL);
}

void
canvass_jsonb_begin_array(JsonbParseState **ps, const char *key)
{
	push_key(ps, key);
	pushJsonbValue(ps, WJB_BEGIN_ARRAY, NULL);
}

void
canvass_jsonb_end_object(JsonbParseState **ps)
{
	pushJsonbValue(ps, WJB_END_OBJECT, NULL);
}

void
canvass_jsonb_end_array(JsonbParseState **ps)
{
	pushJsonbValue(ps, WJB_END_ARRAY, NULL);
}

Datum
canvass_jsonb_result(JsonbParseState **ps)
{
	return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(ps, WJB_END_OBJECT, NULL)));
}
