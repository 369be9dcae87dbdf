/*
 * tap.h
 *	  A minimal Test Anything Protocol emitter for the core's unit tests, so
 *	  `prove` and test/run.sh count them like the pgTAP tests.
 */
#ifndef CANVASS_TAP_H
#define CANVASS_TAP_H

#include <stdint.h>

/* Reports one assertion; returns cond. */
extern int	tap_ok(int cond, const char *fmt,...) __attribute__((format(printf, 2, 3)));

/* Reports got == want for 64-bit integers, printing both on failure. */
extern int	tap_is_int(int64_t got, int64_t want, const char *name);

/* Reports two int64 arrays equal, printing the first difference on failure. */
extern int	tap_is_int_array(const int64_t *got, const int64_t *want, int n, const char *name);

/* A deterministic pseudo-random generator (splitmix64), so failures reproduce. */
extern uint64_t tap_random(uint64_t *state);

/* Prints the plan line and returns the exit status (0 when all passed). */
extern int	tap_done(void);

#endif							/* CANVASS_TAP_H */
