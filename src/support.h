/*
 * support.h
 *	  What the SQL glue of every concern shares: the interrupt callback and
 *	  the allocators handed to the C core, and checked array allocation.
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
 * jsonb results written as text (then read by jsonb_in): a number in its
 * shortest exact decimal form, -0 written as 0; v must be finite, which
 * the caller checks with its own error.
 */
extern void canvass_json_number(StringInfo buf, double v);

/* Appends ', "name": v', v as canvass_json_number writes it. */
extern void canvass_json_field(StringInfo buf, const char *name, double v);

#endif							/* CANVASS_SUPPORT_H */
