/*
 * support.h
 *	  What the SQL glue of every concern shares: the interrupt callback and
 *	  the allocators handed to the C core, checked array allocation, and
 *	  the building of jsonb results.
 *
 * The C core (src/core) takes a CoreAlloc and a void (*)(void) interrupt
 * callback.  The glue passes:
 *	  - canvass_check_interrupts, which runs CHECK_FOR_INTERRUPTS() (it does
 *		not return when the query is cancelled: the core's memory is palloc'd,
 *		so it goes with the query's memory context);
 *	  - &canvass_core_palloc, palloc in the current memory context, for
 *		working memory whose size the glue checked against
 *		canvass.max_memory beforehand;
 *	  - a CanvassMemory, for memory that grows while rows arrive (an
 *		aggregate's state): palloc in a given context, each block checked
 *		against canvass.max_memory.  Allocator callbacks never throw: a block
 *		the limit refuses is NULL to the core, which reports out of memory,
 *		and the glue then calls canvass_memory_report for the error.
 */
#ifndef CANVASS_SUPPORT_H
#define CANVASS_SUPPORT_H

#include "postgres.h"

#include "core/core_alloc.h"
#include "lib/stringinfo.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

/* Calls CHECK_FOR_INTERRUPTS(); the callback the C core takes. */
extern void canvass_check_interrupts(void);

/*
 * Working memory for the C core from palloc in the current memory context
 * (huge allocations allowed, NULL when out of memory).
 */
extern const CoreAlloc canvass_core_palloc;

/* An allocator whose blocks go to one memory context, each within canvass.max_memory. */
typedef struct CanvassMemory
{
	CoreAlloc	core;			/* hand &m->core to the C core */
	MemoryContext cxt;			/* where the blocks go */
	size_t		refused;		/* size of the last block refused by the limit, or 0 */
} CanvassMemory;

/* Sets m up to allocate in cxt; m must live as long as what the core keeps. */
extern void canvass_memory_init(CanvassMemory *m, MemoryContext cxt);

/*
 * Raises the error of a core call that ran out of memory with mem: 53400
 * (canvass.max_memory, naming fname, what a block holds and the hint) when
 * mem is a CanvassMemory that refused a block, else 53200.
 */
extern void canvass_memory_report(const CoreAlloc *mem, const char *fname,
								  const char *block_items, const char *hint) pg_attribute_noreturn();

/*
 * n elements of elsize bytes in cxt (at least one byte), or an error
 * (54000) "too many <what> to <action>" past what one allocation can hold.
 */
extern void *canvass_alloc_array(MemoryContext cxt, Size n, Size elsize, const char *what,
								 const char *action, const char *hint);

/*
 * jsonb results, built as JsonbValues pushed into a JsonbParseState (what
 * jsonb_in itself builds from text, without writing and parsing the text,
 * and with strings that need no escaping).  Each value function takes the
 * key it goes under in the current object, or NULL for the next element of
 * the current array.  The object is begun with canvass_jsonb_begin_object
 * (ps NULL, key NULL) and ended with canvass_jsonb_result.
 */
/*
 * The shortest decimal that reads back as v (float8out's digits), as the
 * numeric numeric_in makes of that text; -0 is 0.
 */
extern Numeric canvass_double_to_numeric(double v);

/* Pushes key: v, v finite (the caller checks with its own error). */
extern void canvass_jsonb_number(JsonbParseState **ps, const char *key, double v);

/* Pushes key: v, v finite, or key: null otherwise. */
extern void canvass_jsonb_number_or_null(JsonbParseState **ps, const char *key, double v);

/* Pushes key: n. */
extern void canvass_jsonb_int(JsonbParseState **ps, const char *key, int64 n);

/* Pushes key: v for a numeric. */
extern void canvass_jsonb_numeric(JsonbParseState **ps, const char *key, Numeric v);

/* Pushes key: "str", or key: null when str is NULL. */
extern void canvass_jsonb_string(JsonbParseState **ps, const char *key, const char *str);

/* Pushes key: null. */
extern void canvass_jsonb_null(JsonbParseState **ps, const char *key);

/* Pushes key: true or false. */
extern void canvass_jsonb_bool(JsonbParseState **ps, const char *key, bool b);

/* Pushes key: [v0, v1, ...] of n finite numbers. */
extern void canvass_jsonb_number_array(JsonbParseState **ps, const char *key, const double *v,
									   int n);

/* Begins an object, or an array, under key (NULL: an element, or the result). */
extern void canvass_jsonb_begin_object(JsonbParseState **ps, const char *key);
extern void canvass_jsonb_begin_array(JsonbParseState **ps, const char *key);

/* Ends the innermost object, or array (not the result's object). */
extern void canvass_jsonb_end_object(JsonbParseState **ps);
extern void canvass_jsonb_end_array(JsonbParseState **ps);

/* Ends the result's object and returns it as a jsonb Datum. */
extern Datum canvass_jsonb_result(JsonbParseState **ps);

#endif							/* CANVASS_SUPPORT_H */
