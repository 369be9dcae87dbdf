/*
 * aggregate.h
 *	  What every canvass aggregate's support functions share.
 */
#ifndef CANVASS_AGGREGATE_H
#define CANVASS_AGGREGATE_H

#include "postgres.h"

#include "fmgr.h"

/*
 * The aggregate memory context of a transition or combine call.  Not
 * reachable from SQL as an error: every caller takes a state of type
 * internal, which no SQL expression can produce.
 */
static inline MemoryContext
canvass_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", fname);
	return aggcxt;
}

#endif							/* CANVASS_AGGREGATE_H */
