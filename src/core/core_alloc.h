/*
 * core_alloc.h
 *	  How the pure C core gets its working memory.  A NULL CoreAlloc means
 *	  malloc and free; the SQL wrappers pass palloc-based functions instead
 *	  (src/support.c), so memory held when a query is cancelled in the middle
 *	  (the interrupt callback does not return then) is released with the
 *	  query's memory context rather than leaked.
 */
#ifndef CANVASS_CORE_ALLOC_H
#define CANVASS_CORE_ALLOC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * An allocator: alloc returns NULL when it cannot give the memory, and
 * neither callback may throw or longjmp (the core must get the chance to
 * release what it holds and report its own status).  ctx is handed back to
 * both, for the caller's own state (a memory context, a limit).
 */
typedef struct CoreAlloc
{
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*release) (void *ctx, void *ptr);
	void	   *ctx;
} CoreAlloc;

/* n elements of size bytes (at least one byte), or NULL when out of memory. */
static inline void *
core_alloc(const CoreAlloc *mem, size_t n, size_t size)
{
	size_t		bytes;

	if (size != 0 && n > SIZE_MAX / 2 / size)
		return NULL;
	bytes = n * size;
	if (bytes == 0)
		bytes = 1;
	return mem ? mem->alloc(mem->ctx, bytes) : malloc(bytes);
}

/* The same, zeroed. */
static inline void *
core_alloc0(const CoreAlloc *mem, size_t n, size_t size)
{
	void	   *p = core_alloc(mem, n, size);

	if (p)
		memset(p, 0, n * size);
	return p;
}

/* Releases what core_alloc returned; NULL is ignored. */
static inline void
core_free(const CoreAlloc *mem, void *ptr)
{
	if (ptr == NULL)
		return;
	if (mem)
		mem->release(mem->ctx, ptr);
	else
		free(ptr);
}

#endif							/* CANVASS_CORE_ALLOC_H */
