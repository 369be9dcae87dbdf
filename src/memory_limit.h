/*
 * memory_limit.h
 *	  The canvass.max_memory setting: the most working memory one call of a
 *	  canvass function may ask for, checked before the memory is taken.
 *
 * Functions that hold a whole partition (apportion, turf, walk_order), a
 * distance table (assign_turfs) or a growing aggregate state (the plan
 * metrics, logit_fit) compute what they will need from the documented
 * per-row cost and call canvass_check_memory first, so input that is too
 * big gets a clear error (SQLSTATE 53400, as temp_file_limit gives) rather
 * than the operating system's out-of-memory killer.
 */
#ifndef CANVASS_MEMORY_LIMIT_H
#define CANVASS_MEMORY_LIMIT_H

#include "postgres.h"

/* canvass.max_memory in kilobytes. */
extern int	canvass_max_memory_kb;

/* Defines the setting; called once from _PG_init. */
extern void canvass_define_memory_limit(void);

/*
 * Errors out when items of bytes_each (plus fixed bytes) exceed
 * canvass.max_memory.  fname is the SQL function, items_name what is
 * counted ("rows", "districts"), hint how to make the input smaller.
 */
extern void canvass_check_memory(const char *fname, double items, const char *items_name,
								 double bytes_each, double fixed, const char *hint);

#endif
