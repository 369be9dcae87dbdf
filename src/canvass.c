/*
 * canvass.c
 *	  Module entry point of the canvass extension: district shares, canvassing
 *	  turf and turnout targets for campaign data teams.
 *
 * Each SQL-callable function lives in the file of its concern (apportion.c,
 * ...); the algorithms themselves live under src/core with no PostgreSQL
 * types in them.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "memory_limit.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Defines canvass's settings when the library is loaded. */
void
_PG_init(void)
{
	canvass_define_memory_limit();
	MarkGUCPrefixReserved("canvass");
}
