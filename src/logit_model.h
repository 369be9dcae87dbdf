/*
 * logit_model.h
 *	  Reading a logit_fit model (jsonb) in the SQL glue: shared by
 *	  logit_score and turnout_interval.
 */
#ifndef CANVASS_LOGIT_MODEL_H
#define CANVASS_LOGIT_MODEL_H

#include "postgres.h"

#include "utils/jsonb.h"

/* Raises 22023 "invalid logit model" with the detail given. */
extern void canvass_bad_model(const char *detail) pg_attribute_noreturn();

/*
 * The coefficients of a model (the intercept first), in cxt memory; *p_out
 * receives their number.  Errors out on a malformed model.
 */
extern double *canvass_parse_model(Jsonb *model, int *p_out, MemoryContext cxt);

#endif							/* CANVASS_LOGIT_MODEL_H */
