/*
 * rcv.h
 *	  Ranked-choice (instant-runoff) tabulation with RCTab's rules, with no
 *	  PostgreSQL types: the contest's rules, a table of distinct rankings
 *	  ("patterns") with how many ballots cast each, its serialized form, and
 *	  the round loop that turns the table into every round of the count.
 *
 * A ranking is a sequence of ranks, rank 1 first.  Each rank holds the
 * candidates marked there: none (a skipped rank), one, several (an
 * overvote), or the explicit overvote mark RCV_OVERVOTE alone.  Candidates
 * are numbered by their position in the contest's candidate list; the
 * undeclared write-ins, when the contest has them, come last.  Ballots
 * that rank the same way behave the same way in every round, so the table
 * keeps one pattern per distinct ranking with its count, and the count is
 * independent of the order in which ballots were added.
 */
#ifndef CANVASS_RCV_H
#define CANVASS_RCV_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_alloc.h"

/* At most this many candidates (undeclared write-ins included). */
#define RCV_MAX_CANDIDATES 1000
/* At most this many ranks on one ballot. */
#define RCV_MAX_RANKS 1000
/* At most this many marks (candidates over all ranks) on one ballot. */
#define RCV_MAX_MARKS 4000
/* At most this many words in an encoded ranking. */
#define RCV_MAX_WORDS (RCV_MAX_RANKS + RCV_MAX_MARKS)
/* The explicit overvote mark, in place of a candidate number. */
#define RCV_OVERVOTE 0xFFFF
/* "unlimited" / "max" for the two rank limits. */
#define RCV_UNLIMITED (-1)
/* At most this many decimal places in a multi-winner count's vote values. */
#define RCV_MAX_DECIMALS 9
/* winnerElectionMode bottomsUp and bottomsUpUsingPercentageThreshold. */
#define RCV_BOTTOMS_UP_SEATS 1
#define RCV_BOTTOMS_UP_PERCENT 2
/* Longest candidate name, in bytes. */
#define RCV_MAX_NAME 1000

typedef enum RcvStatus
{
	RCV_OK = 0,
	RCV_NO_MEMORY,
	RCV_TOO_MANY_RANKS,			/* more than RCV_MAX_RANKS ranks or RCV_MAX_MARKS marks */
	RCV_RANK_NOT_ALLOWED,		/* a mark beyond maxRankingsAllowed */
	RCV_OVERVOTE_MIXED,			/* the overvote mark with candidates at one rank */
	RCV_OVERVOTE_MARK_RULE,		/* the overvote mark under exhaustIfMultipleContinuing */
	RCV_TOO_MANY_BALLOTS,		/* a count past 2^53 */
	RCV_RULES_DIFFER,			/* states of different contests combined */
	RCV_ALL_BELOW_MINIMUM,		/* every candidate left under minimumVoteThreshold */
	RCV_NO_CANDIDATE_LEFT,		/* nobody left to elect or eliminate (RCTab aborts too) */
	RCV_CORRUPT					/* serialized bytes are not a valid state */
} RcvStatus;

typedef enum RcvOvervoteRule
{
	RCV_EXHAUST_IMMEDIATELY = 0,
	RCV_ALWAYS_SKIP_TO_NEXT_RANK,
	RCV_EXHAUST_IF_MULTIPLE_CONTINUING
} RcvOvervoteRule;

typedef enum RcvTiebreak
{
	RCV_TIE_USE_CANDIDATE_ORDER = 0,	/* "useCandidateOrder" */
	RCV_TIE_RANDOM,				/* "random", with randomSeed */
	RCV_TIE_GENERATE_PERMUTATION,	/* "generatePermutation", with randomSeed */
	RCV_TIE_PREVIOUS_ROUNDS_THEN_RANDOM /* "previousRoundCountsThenRandom", with randomSeed */
} RcvTiebreak;

/* Why a ballot is inactive; RCV_ACTIVE while it counts for a candidate. */
typedef enum RcvInactive
{
	RCV_ACTIVE = 0,
	RCV_NO_RANKINGS,			/* RCTab's "did not rank any candidates" (undervotes) */
	RCV_BY_OVERVOTE,
	RCV_BY_SKIPPED_RANKING,
	RCV_BY_EXHAUSTED_CHOICES,
	RCV_BY_REPEATED_RANKING,
	RCV_FINAL_ROUND_SURPLUS,	/* a winner's surplus with every seat filled (multi-winner) */
	RCV_NSTATUS
} RcvInactive;

/*
 * The rules of a contest, as read from an RCTab contest config.  Names are
 * NUL-terminated UTF-8 in one block (names[i] points into it), owned by the
 * rules; rcv_rules_free releases them.
 */
typedef struct RcvRules
{
	int			ncand;			/* candidates, the undeclared write-ins included */
	int			uwi;			/* number of the undeclared write-ins, or -1 */
	char	  **names;			/* ncand display names */
	uint8_t    *excluded;		/* ncand flags */
	int			overvote_rule;	/* RcvOvervoteRule */
	int			tiebreak;		/* RcvTiebreak */
	int64_t		random_seed;
	int			max_skipped;	/* maxSkippedRanksAllowed, or RCV_UNLIMITED */
	int			max_rankings;	/* maxRankingsAllowed, or RCV_UNLIMITED ("max") */
	int			exhaust_on_duplicate;
	int			batch_elimination;
	int			continue_until_two;
	int			first_round_threshold;	/* doesFirstRoundDetermineThreshold */
	int			hare_quota;
	int64_t		minimum_votes;	/* minimumVoteThreshold, 0 for none */
	int			stop_after_round;	/* stopTabulationEarlyAfterRound, or 0 */
	int			winners;		/* numberOfWinners (1 by default) */
	int			one_winner_per_round;	/* multiWinnerAllowOnlyOneWinnerPerRound */
	int			decimals;		/* decimalPlacesForVoteArithmetic, 0 to RCV_MAX_DECIMALS */
	int			non_integer_threshold;	/* nonIntegerWinningThreshold */
	int			bottoms_up;		/* RCV_BOTTOMS_UP_*: no surpluses, eliminate to the seats or a share */
	int64_t		percent;		/* bottomsUpUsingPercentageThreshold, in 10^-percent_decimals of a percent */
	int			percent_decimals;	/* 0 to 7 */
	int			cutoff_elimination;	/* cutoffElimination: everyone under the threshold goes */
	uint64_t	fingerprint;	/* of all of the above: states of one contest share it */
} RcvRules;

/* Lays out rules for ncand candidates (names unset, nothing excluded). */
extern RcvStatus rcv_rules_init(RcvRules *r, int ncand, const CoreAlloc *mem);

/* Copies a name (len bytes, no NUL inside) as candidate i. */
extern RcvStatus rcv_rules_set_name(RcvRules *r, int i, const char *name, size_t len,
									const CoreAlloc *mem);

/* Computes the fingerprint once every field is set. */
extern void rcv_rules_finish(RcvRules *r);

/* A deep copy of src into dst (dst needs no init). */
extern RcvStatus rcv_rules_copy(RcvRules *dst, const RcvRules *src, const CoreAlloc *mem);

/* Releases what the rules hold. */
extern void rcv_rules_free(RcvRules *r, const CoreAlloc *mem);

/* Rankings of at most this many words are kept in their table slot. */
#define RCV_INLINE_WORDS 9

/*
 * One distinct ranking and its ballots, in a 32-byte slot of the table:
 * its encoded words inline when short, else in the table's arena at the
 * offset held in the first words.  A slot with count 0 is empty.
 */
typedef struct RcvPattern
{
	int64_t		count;
	uint32_t	hash;
	uint16_t	len;			/* words */
	uint16_t	words[RCV_INLINE_WORDS];
} RcvPattern;

/*
 * The distinct rankings seen so far, an open-addressing hash table at most
 * three quarters full.  A ranking is encoded as words, rank after rank: a
 * rank of one mark is that candidate's number (RCV_WORD_OVERVOTE for the
 * overvote mark); a rank of no mark or of several is RCV_WORD_MULTI | the
 * number of marks, then the marks.  Trailing skipped ranks are dropped, so
 * a ballot with no marks is the empty pattern.
 */
#define RCV_WORD_MULTI 0x8000
#define RCV_WORD_OVERVOTE 0x7FFF

/*
 * Short rankings added one at a time wait in a small buffer, their table
 * slots prefetched, and go in this many at once: the cache misses of a
 * table larger than the cache overlap instead of following each other.
 */
#define RCV_PENDING 16

typedef struct RcvTable
{
	RcvRules	rules;
	size_t		npatterns;		/* slots in use */
	size_t		words;			/* words of all patterns */
	size_t		capacity;		/* slots, a power of two (0 before the first) */
	RcvPattern *patterns;
	uint16_t   *arena;			/* words of the long rankings */
	size_t		arena_used;
	size_t		arena_cap;
	int64_t		ballots;		/* ballots added, the pending ones included */
	int			npending;		/* short rankings not yet in their slot */
	RcvPattern	pending[RCV_PENDING];
	size_t		bytes;			/* memory held by the table, for the caller's limit */
	const CoreAlloc *mem;
} RcvTable;

/* An empty table that takes over the rules (the caller must not free them). */
extern void rcv_table_init(RcvTable *t, RcvRules *rules, const CoreAlloc *mem);

/* Releases the table and its rules. */
extern void rcv_table_free(RcvTable *t);

/*
 * Adds count ballots of one ranking: nranks ranks, rank i holding
 * nmarks[i] marks from marks (in order).  Checks the ranking against the
 * rules (maxRankingsAllowed, the overvote mark); *bad_rank is the 1-based
 * rank at fault on error.  A short ranking may wait in the table's
 * pending buffer: every function below that reads the table puts the
 * pending rankings in their slots first (rcv_table_flush).
 */
extern RcvStatus rcv_table_add(RcvTable *t, const int *nmarks, int nranks,
							   const uint16_t *marks, int64_t count, int *bad_rank);

/* Puts the pending rankings in their slots (it cannot fail: room is kept). */
extern void rcv_table_flush(RcvTable *t);

/* A copy of src into dst (dst needs no init), without hashing again. */
extern RcvStatus rcv_table_copy(RcvTable *dst, RcvTable *src, const CoreAlloc *mem);

/* Adds every pattern of b to a; both must have the same rules. */
extern RcvStatus rcv_table_merge(RcvTable *a, RcvTable *b);

/*
 * Bytes of the serialized table, and writing them (little-endian layout):
 * the rules, the table's capacity, then each pattern with its slot, so
 * that reading it back places every pattern without a hash-table probe.
 */
extern size_t rcv_table_serial_size(RcvTable *t);
extern void rcv_table_serialize(RcvTable *t, unsigned char *out);

/*
 * Reads a serialized table into t (rules included), checking everything
 * as user input in one pass over the bytes: RCV_CORRUPT for any
 * inconsistency (a ranking that the rules refuse or that is not in its
 * canonical encoding, a slot off its probe path, counts that do not add
 * up).  t needs no init.
 */
extern RcvStatus rcv_table_deserialize(RcvTable *t, const unsigned char *in, size_t len,
									   const CoreAlloc *mem);

/* Java's java.util.Random, which RCTab draws its random tie-breaks from. */
typedef struct RcvJavaRandom
{
	uint64_t	seed;
} RcvJavaRandom;

extern void rcv_java_random_init(RcvJavaRandom *r, int64_t seed);
extern double rcv_java_random_next_double(RcvJavaRandom *r);
extern int32_t rcv_java_random_next_int(RcvJavaRandom *r, int32_t bound);

/* Java's String.compareTo (UTF-16 code units) on two UTF-8 names. */
extern int	rcv_java_compare(const char *a, const char *b);

/* Java's String.hashCode (UTF-16 code units) of a UTF-8 name. */
extern int32_t rcv_java_hash(const char *s);

/*
 * Reorders names[a[0..n)] (in the order they are added) as a Java
 * HashSet made from that list iterates them: by bucket of the spread hash
 * in a table of the capacity HashSet(Collection) picks, then in insertion
 * order (a bucket of 8 doubles the table, as HashMap does below 64).
 */
extern void rcv_java_hashset_order(char *const *names, int *a, int n);

/* What happened to a candidate in a round. */
/*
 * Votes are whole ballots in a single-winner count.  A multi-winner count
 * (numberOfWinners above 1) moves fractions of ballots as RCTab does, in
 * units of 10^-decimals of a vote: every vote figure below (tallies,
 * thresholds, inactive ballots, transfers) is then in those units, and
 * RcvResult.scale is how many of them make one vote.
 */
typedef struct RcvDecision
{
	int			candidate;
	int			elected;		/* 1 elected, 0 eliminated */
	int			tiebreak;		/* decided by the tie-break rule */
	int64_t    *transfers;		/* ncand + 2: votes moved to each candidate, "exhausted",
								 * then a winner's "residual surplus" */
} RcvDecision;

typedef struct RcvRound
{
	int64_t    *tally;			/* ncand; -1 where the candidate is not in this round's tally */
	int64_t		threshold;
	int64_t		inactive[RCV_NSTATUS];	/* [RCV_ACTIVE] holds the active ballots */
	int			ndecisions;
	RcvDecision *decisions;
} RcvRound;

typedef struct RcvResult
{
	int			nrounds;
	RcvRound   *rounds;
	int			winner;			/* -1 if none (stopped early); the first elected if several */
	int64_t		scale;			/* vote units in one vote: 1, or 10^decimals (multi-winner) */
	int64_t		ballots;
	size_t		patterns;
} RcvResult;

/*
 * Counts the contest round by round as RCTab does: single winner, or
 * multi-winner with fractional surplus transfers.  The
 * result's memory comes from mem; rcv_result_free releases it.  interrupt,
 * if not NULL, is called every 65536 patterns scanned.
 */
extern RcvStatus rcv_tabulate(RcvTable *t, RcvResult *res, const CoreAlloc *mem,
							  void (*interrupt) (void));

extern void rcv_result_free(RcvResult *res, const CoreAlloc *mem);

#endif							/* CANVASS_RCV_H */
