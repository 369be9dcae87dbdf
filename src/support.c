/*
 * support.c
 *	  The interrupt callback and allocators the SQL glue hands to the C core,
 *	  and checked array allocation (see support.h).
 */
#include "postgres.h"

#include "common/shortest_dec.h"
#include "miscadmin.h"
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

void
canvass_json_number(StringInfo buf, double v)
{
	char		s[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v == 0 ? 0 : v, s);
	appendStringInfoString(buf, s);
}

void
canvass_json_field(StringInfo buf, const char *name, double v)
{
	appendStringInfo(buf, ", \"%s\": ", name);
	canvass_json_number(buf, v);
}
