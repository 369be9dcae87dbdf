/*
 * counting_alloc.h
 *	  A CoreAlloc for the core's unit tests that counts live allocations and
 *	  can refuse one, to check that every path releases what it took.
 *	  Included by one test program each (static definitions).
 */
#ifndef CANVASS_COUNTING_ALLOC_H
#define CANVASS_COUNTING_ALLOC_H

#include <stdlib.h>

#include "core/core_alloc.h"

/* An allocator that counts what is live and can fail after a number of calls. */
static long live = 0;
static long fail_after = -1;
static int	refused = 0;

static void *
counting_alloc(void *ctx, size_t size)
{
	size_t	   *p;

	(void) ctx;
	if (fail_after == 0)
	{
		refused = 1;
		return NULL;
	}
	if (fail_after > 0)
		fail_after--;
	p = malloc(size + sizeof(size_t));
	if (!p)
		return NULL;
	live++;
	return p + 1;
}

static void
counting_free(void *ctx, void *ptr)
{
	(void) ctx;
	live--;
	free((size_t *) ptr - 1);
}

static const CoreAlloc counting = {counting_alloc, counting_free, NULL};

#endif							/* CANVASS_COUNTING_ALLOC_H */
