/*
 * apportion.h
 *	  Integer apportionment by largest remainder (Hamilton), with no
 *	  PostgreSQL types, so it can be unit-tested, fuzzed and run under
 *	  valgrind without a server.
 */
#ifndef CANVASS_APPORTION_H
#define CANVASS_APPORTION_H

#include <stddef.h>
#include <stdint.h>

/* Outcome of validating or apportioning; the index of the offending weight is returned separately. */
typedef enum ApportionStatus
{
	APPORTION_OK = 0,
	APPORTION_NEGATIVE_TOTAL,
	APPORTION_NAN_WEIGHT,
	APPORTION_INFINITE_WEIGHT,
	APPORTION_NEGATIVE_WEIGHT
} ApportionStatus;

/*
 * One weight's working state while the remainders are ranked.  The 128-bit
 * remainder is kept as two halves so the struct needs only 8-byte alignment
 * (palloc'd memory is not 16-byte aligned).
 */
typedef struct ApportionItem
{
	uint64_t	remainder_hi;	/* total * q_i mod sum(q), exact: high half */
	uint64_t	remainder_lo;	/* low half */
	double		weight;			/* the weight as given, for ties */
	size_t		index;			/* position in the input, for ties */
} ApportionItem;

/* Checks total and weights; on failure *bad_index names the first bad weight. */
extern ApportionStatus apportion_validate(int64_t total, const double *weights,
										  size_t n, size_t *bad_index);

/*
 * Splits total into n integer shares proportional to weights, adding up to
 * total exactly.  work must hold n items; shares receives n values.  Weights
 * must have passed apportion_validate.  n == 0 does nothing.  O(n log n) at
 * worst; interrupt, when not NULL, is called every 65536 weights of each
 * pass, so a caller can cancel (it may not return).
 */
extern ApportionStatus apportion_largest_remainder(int64_t total,
												   const double *weights,
												   size_t n,
												   int64_t *shares,
												   ApportionItem *work,
												   void (*interrupt) (void));

#endif							/* CANVASS_APPORTION_H */
