/*
 * test_rcv.c
 *	  Unit tests of the ranked-choice core: small contests for each of
 *	  RCTab's rules, counted by hand in the comments; two of RCTab's own
 *	  tie-break tests (their expected reports); Java's random numbers,
 *	  shuffle and string order against values printed by Java itself
 *	  (test/reference/RcvJavaReference.java); order and merge independence;
 *	  the serialized form and its validation; every error status.
 *
 * A contest is written as ballots: "A B|C _ #" ranks A first, overvotes B
 * and C at rank 2, skips rank 3 and overvotes with the explicit mark at
 * rank 4; W is the undeclared write-ins.  A count is shown round by round
 * as "A3 B2 t5 i0/0/0/0/0 -D{B1}": each candidate in the tally with its
 * votes, the threshold, the inactive ballots by overvotes / skipped
 * rankings / exhausted choices / repeated rankings / no rankings, then
 * each decision (+ elected, - eliminated, * decided by the tie-break)
 * with the votes it moved in the next round (x = exhausted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rcv.h"
#include "tap.h"

#define UWI_NAME "Undeclared Write-ins"

/* Rules for the candidates named by space-separated names, W last if uwi. */
static void
rules_for(RcvRules *r, const char *names, int uwi)
{
	char		buf[512];
	char	   *tok,
			   *save = NULL;
	int			n = 0,
				i = 0;

	snprintf(buf, sizeof(buf), "%s", names);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		n++;
	if (rcv_rules_init(r, n + (uwi ? 1 : 0), NULL) != RCV_OK)
		abort();
	snprintf(buf, sizeof(buf), "%s", names);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		rcv_rules_set_name(r, i++, tok, strlen(tok), NULL);
	if (uwi)
	{
		r->uwi = n;
		rcv_rules_set_name(r, n, UWI_NAME, strlen(UWI_NAME), NULL);
	}
}

/* The candidate a one-letter label stands for: a name's first letter, W the write-ins. */
static int
label_to_cand(const RcvRules *r, char c)
{
	int			i;

	if (c == 'W' && r->uwi >= 0)
		return r->uwi;
	for (i = 0; i < r->ncand; i++)
		if (i != r->uwi && r->names[i][0] == c)
			return i;
	abort();
}

/* The one-letter label of a candidate. */
static char
cand_label(const RcvRules *r, int c)
{
	return c == r->uwi ? 'W' : r->names[c][0];
}

/* Adds count ballots written as "A B|C _ #"; returns the status. */
static RcvStatus
add(RcvTable *t, int count, const char *ballot, int *bad)
{
	int			nmarks[64];
	uint16_t	marks[256];
	int			nranks = 0,
				nm = 0;
	const char *p = ballot;
	int			dummy;

	if (bad == NULL)
		bad = &dummy;
	while (*p)
	{
		if (*p == ' ')
		{
			p++;
			continue;
		}
		nmarks[nranks] = 0;
		while (*p && *p != ' ')
		{
			if (*p == '_')
				;
			else if (*p == '#')
			{
				marks[nm++] = RCV_OVERVOTE;
				nmarks[nranks]++;
			}
			else if (*p != '|')
			{
				marks[nm++] = (uint16_t) label_to_cand(&t->rules, *p);
				nmarks[nranks]++;
			}
			p++;
		}
		nranks++;
	}
	return rcv_table_add(t, nmarks, nranks, marks, count, bad);
}

/* The count as text, round by round (see the file comment). */
static void
describe(const RcvTable *t, const RcvResult *res, char *out, size_t len)
{
	const RcvRules *r = &t->rules;
	size_t		o = 0;
	int			i,
				c,
				d,
				k;

	out[0] = '\0';
	for (i = 0; i < res->nrounds; i++)
	{
		const RcvRound *rd = &res->rounds[i];

		if (i > 0)
			o += snprintf(out + o, len - o, " | ");
		for (c = 0; c < r->ncand; c++)
			if (rd->tally[c] >= 0)
				o += snprintf(out + o, len - o, "%c%lld ", cand_label(r, c), (long long) rd->tally[c]);
		o += snprintf(out + o, len - o, "t%lld i%lld/%lld/%lld/%lld/%lld", (long long) rd->threshold,
					  (long long) rd->inactive[RCV_BY_OVERVOTE], (long long) rd->inactive[RCV_BY_SKIPPED_RANKING],
					  (long long) rd->inactive[RCV_BY_EXHAUSTED_CHOICES], (long long) rd->inactive[RCV_BY_REPEATED_RANKING],
					  (long long) rd->inactive[RCV_NO_RANKINGS]);
		for (d = 0; d < rd->ndecisions; d++)
		{
			const RcvDecision *dec = &rd->decisions[d];
			int			first = 1;

			o += snprintf(out + o, len - o, " %c%c%s", dec->elected ? '+' : '-',
						  cand_label(r, dec->candidate), dec->tiebreak ? "*" : "");
			for (k = 0; k <= r->ncand; k++)
				if (dec->transfers[k] != 0)
				{
					o += snprintf(out + o, len - o, "%s%c%lld", first ? "{" : " ",
								  k < r->ncand ? cand_label(r, k) : 'x', (long long) dec->transfers[k]);
					first = 0;
				}
			if (!first)
				o += snprintf(out + o, len - o, "}");
		}
	}
}

/* Counts t and compares the description with want, and the winner. */
static void
expect(RcvTable *t, const char *want, int winner, const char *name)
{
	RcvResult	res;
	char		got[4096];
	RcvStatus	st = rcv_tabulate(t, &res, NULL, NULL);

	if (!tap_ok(st == RCV_OK, "%s: counted", name))
		return;
	describe(t, &res, got, sizeof(got));
	if (!tap_ok(strcmp(got, want) == 0, "%s", name))
		printf("#      got: %s\n# expected: %s\n", got, want);
	tap_is_int(res.winner, winner, name);
	rcv_result_free(&res, NULL);
}

/* A table of candidates with default rules: exhaustImmediately, no limits, candidate order. */
static RcvTable *
table(const char *names, int uwi, void (*tweak) (RcvRules *))
{
	RcvTable   *t = malloc(sizeof(RcvTable));
	RcvRules	r;

	rules_for(&r, names, uwi);
	if (tweak)
		tweak(&r);
	rcv_rules_finish(&r);
	rcv_table_init(t, &r, NULL);
	return t;
}

/* Frees a table made by table(). */
static void
done(RcvTable *t)
{
	rcv_table_free(t);
	free(t);
}

/* Rules tweak: batch elimination on. */
static void
batch(RcvRules *r)
{
	r->batch_elimination = 1;
}

/*
 * Plain instant runoff.  3 [A], 2 [B C], 2 [C B], 1 [D B]; 8 ballots,
 * threshold floor(8/2)+1 = 5.  R1 A3 B2 C2 D1: D last, its ballot goes to
 * B.  R2 A3 B3 C2: C last, both ballots to B.  R3 A3 B5: B reaches 5.
 * Stopping after round 2 gives the first two rounds and no winner (C's
 * ballots would move in round 3, which is not counted).
 */
static void
test_plain(void)
{
	RcvTable   *t = table("A B C D", 0, NULL);

	add(t, 3, "A", NULL);
	add(t, 2, "B C", NULL);
	add(t, 2, "C B", NULL);
	add(t, 1, "D B", NULL);
	expect(t, "A3 B2 C2 D1 t5 i0/0/0/0/0 -D{B1} | A3 B3 C2 t5 i0/0/0/0/0 -C{B2} | A3 B5 t5 i0/0/0/0/0 +B",
		   1, "plain instant runoff: D, then C out, B wins with 5 of 8");
	t->rules.stop_after_round = 2;
	expect(t, "A3 B2 C2 D1 t5 i0/0/0/0/0 -D{B1} | A3 B3 C2 t5 i0/0/0/0/0 -C",
		   -1, "stopTabulationEarlyAfterRound 2: two rounds, no winner, C's ballots not moved");
	t->rules.stop_after_round = 0;
	/* Hare quota: the threshold is every active ballot (8); in the last
	 * two B has the most, 5, and wins as RCTab's last-two rule says */
	t->rules.hare_quota = 1;
	expect(t, "A3 B2 C2 D1 t8 i0/0/0/0/0 -D{B1} | A3 B3 C2 t8 i0/0/0/0/0 -C{B2} | A3 B5 t8 i0/0/0/0/0 +B",
		   1, "hareQuota: threshold 8, B wins the last two with 5");
	done(t);
}

/*
 * Batch elimination.  10 [A], 6 [B], 2 [C B], 1 [D B], 1 [E]; 20
 * ballots, threshold 11.  R1 A10 B6 C2 D1 E1.  From the bottom: D+E = 2
 * is not below C's 2; D+E+C = 4 is below B's 6, and 4+6 = 10 is not below
 * A's 10, so C, D and E go together (listed by tally).  R2: C's two and D's one go to B, E's
 * exhausts: A10 B9, 19 active, threshold 10, A wins.  Without batches, D
 * and E tie at 1 and E, listed later, goes (tie-break); then A has 10 of
 * 19 and wins in round 2.
 */
static void
test_batch(void)
{
	RcvTable   *t = table("A B C D E", 0, batch);

	add(t, 10, "A", NULL);
	add(t, 6, "B", NULL);
	add(t, 2, "C B", NULL);
	add(t, 1, "D B", NULL);
	add(t, 1, "E", NULL);
	expect(t, "A10 B6 C2 D1 E1 t11 i0/0/0/0/0 -D{B1} -E{x1} -C{B2} | A10 B9 t10 i0/0/1/0/0 +A",
		   0, "batch elimination: C, D and E together");
	t->rules.batch_elimination = 0;
	expect(t, "A10 B6 C2 D1 E1 t11 i0/0/0/0/0 -E*{x1} | A10 B6 C2 D1 t10 i0/0/1/0/0 +A",
		   0, "without batches: E loses the tie with D (listed later)");
	done(t);
}

/* Rules tweak: the fourth candidate (D) excluded. */
static void
exclude_d(RcvRules *r)
{
	r->excluded[3] = 1;
}

/*
 * Overvotes; D is excluded.  4 [A], 3 [B], 1 [C], 1 [D|B C].
 * exhaustIfMultipleContinuing: of D and B only B continues, so the ballot
 * counts for B.  R1 A4 B4 C1, 9 active, threshold 5; C out, its ballot
 * exhausts.  R2 A4 B4, 8 active, threshold 5: two left and no winner, so
 * the larger wins, a tie broken by candidate order: A.
 * exhaustImmediately: the overvote exhausts it.  R1 A4 B3 C1, threshold
 * 5; C out.  R2 A4 B3, 7 active, threshold 4: A.
 * alwaysSkipToNextRank: rank 1 skipped, C gets it.  R1 A4 B3 C2; C out,
 * both its ballots exhaust (the overvote one has no rank after C).  R2 A4
 * B3, threshold 4: A.
 */
static void
test_overvotes(void)
{
	RcvTable   *t = table("A B C D", 0, exclude_d);

	add(t, 4, "A", NULL);
	add(t, 3, "B", NULL);
	add(t, 1, "C", NULL);
	add(t, 1, "D|B C", NULL);
	t->rules.overvote_rule = RCV_EXHAUST_IF_MULTIPLE_CONTINUING;
	expect(t, "A4 B4 C1 t5 i0/0/0/0/0 -C{x1} | A4 B4 t5 i0/0/1/0/0 +A*",
		   0, "exhaustIfMultipleContinuing: one of D|B continues, counts for B");
	t->rules.overvote_rule = RCV_EXHAUST_IMMEDIATELY;
	expect(t, "A4 B3 C1 t5 i1/0/0/0/0 -C{x1} | A4 B3 t4 i1/0/1/0/0 +A",
		   0, "exhaustImmediately: the overvote is inactive at once");
	t->rules.overvote_rule = RCV_ALWAYS_SKIP_TO_NEXT_RANK;
	expect(t, "A4 B3 C2 t5 i0/0/0/0/0 -C{x2} | A4 B3 t4 i0/0/2/0/0 +A",
		   0, "alwaysSkipToNextRank: the overvoted rank is skipped");
	done(t);

	/* 2 [A], 1 [B], 1 [A|B] with both continuing: an overvote.  R1 A2
	 * B1, 3 active, threshold 2: A. */
	t = table("A B", 0, NULL);
	t->rules.overvote_rule = RCV_EXHAUST_IF_MULTIPLE_CONTINUING;
	add(t, 2, "A", NULL);
	add(t, 1, "B", NULL);
	add(t, 1, "A|B", NULL);
	expect(t, "A2 B1 t2 i1/0/0/0/0 +A", 0, "exhaustIfMultipleContinuing: two continuing is an overvote");
	done(t);

	/*
	 * The explicit overvote mark.  2 [A], 1 [B], 1 [# B], 1 [#].
	 * alwaysSkipToNextRank: [# B] counts for B, [#] has nothing after
	 * the skipped rank: exhausted choices.  R1 A2 B2, 4 active, threshold
	 * 3; two left, tie for the most: A by candidate order.
	 * exhaustImmediately: both are overvotes; A2 B1, threshold 2: A.
	 */
	t = table("A B", 0, NULL);
	t->rules.overvote_rule = RCV_ALWAYS_SKIP_TO_NEXT_RANK;
	add(t, 2, "A", NULL);
	add(t, 1, "B", NULL);
	add(t, 1, "# B", NULL);
	add(t, 1, "#", NULL);
	expect(t, "A2 B2 t3 i0/0/1/0/0 +A*", 0, "overvote mark, skipped: a final one exhausts the ballot");
	t->rules.overvote_rule = RCV_EXHAUST_IMMEDIATELY;
	expect(t, "A2 B1 t2 i2/0/0/0/0 +A", 0, "overvote mark, exhaustImmediately");
	done(t);
}

/*
 * Skipped ranks.  3 [A], 2 [B], 1 [_ C], 1 [C _ _ B].
 * maxSkippedRanksAllowed 0: [_ C] jumps from rank 0 to 2 (more than 0+1):
 * skipped rankings.  R1 A3 B2 C1, 6 active, threshold 4; C out.  R2 [C _ _
 * B] jumps from rank 1 to 4: skipped.  A3 B2, 5 active, threshold 3: A.
 * 1: [_ C] counts for C.  R1 A3 B2 C2, threshold 4; B and C tie, C listed
 * later goes.  R2 [_ C] exhausts, [C _ _ B] jumps 3 > 2: skipped.  A3 B2,
 * threshold 3: A.
 * unlimited: as 1 in R1; R2 [C _ _ B] reaches B: A3 B3, 6 active,
 * threshold 4; the last two tie: A by candidate order.
 */
static void
test_skipped(void)
{
	RcvTable   *t = table("A B C", 0, NULL);

	add(t, 3, "A", NULL);
	add(t, 2, "B", NULL);
	add(t, 1, "_ C", NULL);
	add(t, 1, "C _ _ B", NULL);
	t->rules.max_skipped = 0;
	expect(t, "A3 B2 C1 t4 i0/1/0/0/0 -C{x1} | A3 B2 t3 i0/2/0/0/0 +A", 0, "maxSkippedRanksAllowed 0");
	t->rules.max_skipped = 1;
	expect(t, "A3 B2 C2 t4 i0/0/0/0/0 -C*{x2} | A3 B2 t3 i0/1/1/0/0 +A", 0, "maxSkippedRanksAllowed 1");
	t->rules.max_skipped = RCV_UNLIMITED;
	expect(t, "A3 B2 C2 t4 i0/0/0/0/0 -C*{B1 x1} | A3 B3 t4 i0/0/1/0/0 +A*", 0, "maxSkippedRanksAllowed unlimited");
	done(t);
}

/*
 * Repeated rankings.  3 [A], 2 [B], 2 [C C B], 1 [] (no rankings).
 * exhaustOnDuplicateCandidate: R1 A3 B2 C2 (the empty ballot is an
 * undervote), 7 active, threshold 4; B and C tie, C goes.  R2 [C C B]
 * meets C again at rank 2: repeated ranking.  A3 B2, threshold 3: A.
 * Without the rule, R2 [C C B] reaches B: A3 B4, threshold 4: B.
 */
static void
test_duplicates(void)
{
	RcvTable   *t = table("A B C", 0, NULL);

	add(t, 3, "A", NULL);
	add(t, 2, "B", NULL);
	add(t, 2, "C C B", NULL);
	add(t, 1, "", NULL);
	t->rules.exhaust_on_duplicate = 1;
	expect(t, "A3 B2 C2 t4 i0/0/0/0/1 -C*{x2} | A3 B2 t3 i0/0/0/2/1 +A", 0, "exhaustOnDuplicateCandidate");
	t->rules.exhaust_on_duplicate = 0;
	expect(t, "A3 B2 C2 t4 i0/0/0/0/1 -C*{B2} | A3 B4 t4 i0/0/0/0/1 +B", 1, "duplicates allowed");
	done(t);
}

/*
 * Undeclared write-ins go first, not the last candidate.  4 [A], 2 [B],
 * 3 [W B]: R1 A4 B2 W3, 9 active, threshold 5; W goes though B is lower;
 * R2 A4 B5: B.  They cannot win: 1 [A], 5 [W]: R1 A1 W5 has no winner
 * while W holds votes; W goes, its ballots exhaust; R2 A1 of 1 active wins.
 */
static void
test_write_ins(void)
{
	RcvTable   *t = table("A B", 1, NULL);

	add(t, 4, "A", NULL);
	add(t, 2, "B", NULL);
	add(t, 3, "W B", NULL);
	expect(t, "A4 B2 W3 t5 i0/0/0/0/0 -W{B3} | A4 B5 t5 i0/0/0/0/0 +B", 1, "write-ins eliminated first");
	done(t);
	t = table("A B", 1, NULL);
	add(t, 1, "A", NULL);
	add(t, 5, "W", NULL);
	expect(t, "A1 B0 W5 t4 i0/0/0/0/0 -W{x5} | A1 B0 t1 i0/0/5/0/0 +A", 0, "write-ins cannot win");
	done(t);
}

/*
 * minimumVoteThreshold 3.  5 [A], 4 [B], 2 [C B], 1 [D A]: R1 A5 B4 C2
 * D1, 12 active, threshold 7; C and D are under 3 and go together; R2 A6
 * B6, threshold 7; the last two tie, both over 3: A by candidate order.
 * minimumVoteThreshold 8 with 5 [A], 2 [B]: the threshold rises from 4 to
 * 8 and every candidate is under it: the count stops, as RCTab's does.
 */
static void
test_minimum(void)
{
	RcvTable   *t = table("A B C D", 0, NULL);
	RcvResult	res;

	t->rules.minimum_votes = 3;
	add(t, 5, "A", NULL);
	add(t, 4, "B", NULL);
	add(t, 2, "C B", NULL);
	add(t, 1, "D A", NULL);
	expect(t, "A5 B4 C2 D1 t7 i0/0/0/0/0 -D{A1} -C{B2} | A6 B6 t7 i0/0/0/0/0 +A*", 0, "minimumVoteThreshold 3");
	done(t);
	t = table("A B", 0, NULL);
	t->rules.minimum_votes = 8;
	add(t, 5, "A", NULL);
	add(t, 2, "B", NULL);
	tap_is_int(rcv_tabulate(t, &res, NULL, NULL), RCV_ALL_BELOW_MINIMUM,
			   "minimumVoteThreshold over every candidate stops the count");
	done(t);
}

/*
 * continueUntilTwoCandidatesRemain.  6 [A], 2 [B], 2 [C], 1 [D C]: R1
 * A6 B2 C2 D1, 11 active, threshold 6: A wins, the count goes on with A in
 * it and the threshold kept.  R2 D goes (to C).  R3 A6 B2 C3: B goes.  R4
 * A6 C3 with B's two exhausted: two remain, one last round shown.
 */
static void
test_continue_until_two(void)
{
	RcvTable   *t = table("A B C D", 0, NULL);

	t->rules.continue_until_two = 1;
	add(t, 6, "A", NULL);
	add(t, 2, "B", NULL);
	add(t, 2, "C", NULL);
	add(t, 1, "D C", NULL);
	expect(t, "A6 B2 C2 D1 t6 i0/0/0/0/0 +A | A6 B2 C2 D1 t6 i0/0/0/0/0 -D{C1} | "
		   "A6 B2 C3 t6 i0/0/0/0/0 -B{x2} | A6 C3 t6 i0/0/2/0/0", 0, "continueUntilTwoCandidatesRemain");
	done(t);
}

/*
 * doesFirstRoundDetermineThreshold.  4 [A], 3 [B], 2 [C], 1 [D]: the
 * threshold is 6 from round 1 on.  R1 D goes; R2 A4 B3 C2: C goes; R3 A4
 * B3: two left, so the one with more votes wins though under 6.
 */
static void
test_first_round_threshold(void)
{
	RcvTable   *t = table("A B C D", 0, NULL);

	t->rules.first_round_threshold = 1;
	add(t, 4, "A", NULL);
	add(t, 3, "B", NULL);
	add(t, 2, "C", NULL);
	add(t, 1, "D", NULL);
	expect(t, "A4 B3 C2 D1 t6 i0/0/0/0/0 -D{x1} | A4 B3 C2 t6 i0/0/1/0/0 -C{x2} | A4 B3 t6 i0/0/3/0/0 +A",
		   0, "doesFirstRoundDetermineThreshold");
	done(t);
}

/*
 * RCTab's tiebreak_seed_test (tiebreakMode random, randomSeed 1): 3 ballots
 * each for Mookie Blaylock, Yinka Dare and George Gervin, one rank each.
 * Its expected report: round 1 all 3, threshold 5, Yinka Dare eliminated by
 * the tie-break; round 2 Gervin 3, Blaylock 3, threshold 4, 3 exhausted,
 * George Gervin elected by the tie-break.  (The tied names sorted: George,
 * Mookie, Yinka; Java's first nextDouble for seed 1 is 0.7308781907032909,
 * times 3 is 2.19: Yinka; the second, 0.41008081149220166, times 2: George.)
 */
static void
test_rctab_random_tiebreak(void)
{
	RcvTable   *t;
	RcvRules	r;

	if (rcv_rules_init(&r, 3, NULL) != RCV_OK)
		abort();
	rcv_rules_set_name(&r, 0, "Mookie Blaylock", 15, NULL);
	rcv_rules_set_name(&r, 1, "Yinka Dare", 10, NULL);
	rcv_rules_set_name(&r, 2, "George Gervin", 13, NULL);
	r.tiebreak = RCV_TIE_RANDOM;
	r.random_seed = 1;
	r.overvote_rule = RCV_ALWAYS_SKIP_TO_NEXT_RANK;
	r.max_skipped = 0;
	r.max_rankings = 3;
	r.batch_elimination = 1;
	rcv_rules_finish(&r);
	t = malloc(sizeof(RcvTable));
	rcv_table_init(t, &r, NULL);
	add(t, 3, "M", NULL);
	add(t, 3, "Y", NULL);
	add(t, 3, "G", NULL);
	expect(t, "M3 Y3 G3 t5 i0/0/0/0/0 -Y*{x3} | M3 G3 t4 i0/0/3/0/0 +G*", 2, "RCTab tiebreak_seed_test");
	done(t);
}

/*
 * RCTab's tiebreak_use_permutation_in_config_test (useCandidateOrder:
 * Mookie Blaylock, Yinka Dare, George Gervin, Sedale Threatt).  Its
 * expected report: R1 4 3 2 1, Threatt out; R2 4 3 3, Gervin out by the
 * tie-break (listed after Dare); R3 Blaylock 4, Dare 4, 2 exhausted,
 * threshold 5, Blaylock elected by the tie-break (listed first).  Ballots
 * that give these rounds: 4 [M], 3 [Y], 1 [G Y], 1 [G], 1 [S G].
 */
static void
test_rctab_candidate_order(void)
{
	RcvTable   *t;
	RcvRules	r;

	if (rcv_rules_init(&r, 4, NULL) != RCV_OK)
		abort();
	rcv_rules_set_name(&r, 0, "Mookie Blaylock", 15, NULL);
	rcv_rules_set_name(&r, 1, "Yinka Dare", 10, NULL);
	rcv_rules_set_name(&r, 2, "George Gervin", 13, NULL);
	rcv_rules_set_name(&r, 3, "Sedale Threatt", 14, NULL);
	r.overvote_rule = RCV_ALWAYS_SKIP_TO_NEXT_RANK;
	rcv_rules_finish(&r);
	t = malloc(sizeof(RcvTable));
	rcv_table_init(t, &r, NULL);
	add(t, 4, "M", NULL);
	add(t, 3, "Y", NULL);
	add(t, 1, "G Y", NULL);
	add(t, 1, "G", NULL);
	add(t, 1, "S G", NULL);
	expect(t, "M4 Y3 G2 S1 t6 i0/0/0/0/0 -S{G1} | M4 Y3 G3 t6 i0/0/0/0/0 -G*{Y1 x2} | M4 Y4 t5 i0/0/2/0/0 +M*",
		   0, "RCTab tiebreak_use_permutation_in_config_test");
	done(t);
}

/* Rules tweak: generatePermutation with seed 7. */
static void
permute7(RcvRules *r)
{
	r->tiebreak = RCV_TIE_GENERATE_PERMUTATION;
	r->random_seed = 7;
}

/*
 * generatePermutation.  Candidates D B E A C F, one ballot each.  Java
 * sorts the names and shuffles them with Random(7): D A B C F E (printed by
 * RcvJavaReference).  Each round all tie and the latest in that order goes:
 * E, F, C, B; the last two D and A tie at 1 of 2 (threshold 2) and the
 * earliest, D, wins.  With seed 42 the order is B A E F D C: C, D, F, E go,
 * then B beats A.
 */
static void
test_generate_permutation(void)
{
	RcvTable   *t = table("D B E A C F", 0, permute7);

	add(t, 1, "D", NULL);
	add(t, 1, "B", NULL);
	add(t, 1, "E", NULL);
	add(t, 1, "A", NULL);
	add(t, 1, "C", NULL);
	add(t, 1, "F", NULL);
	expect(t, "D1 B1 E1 A1 C1 F1 t4 i0/0/0/0/0 -E*{x1} | D1 B1 A1 C1 F1 t3 i0/0/1/0/0 -F*{x1} | "
		   "D1 B1 A1 C1 t3 i0/0/2/0/0 -C*{x1} | D1 B1 A1 t2 i0/0/3/0/0 -B*{x1} | D1 A1 t2 i0/0/4/0/0 +D*",
		   0, "generatePermutation, seed 7");
	t->rules.random_seed = 42;
	expect(t, "D1 B1 E1 A1 C1 F1 t4 i0/0/0/0/0 -C*{x1} | D1 B1 E1 A1 F1 t3 i0/0/1/0/0 -D*{x1} | "
		   "B1 E1 A1 F1 t3 i0/0/2/0/0 -F*{x1} | B1 E1 A1 t2 i0/0/3/0/0 -E*{x1} | B1 A1 t2 i0/0/4/0/0 +B*",
		   1, "generatePermutation, seed 42");
	done(t);
}

/* Checks the hash codes of list[0..n) and the HashSet order of the list. */
static void
check_hashset(char **list, int n, const char *want, const int64_t *hashes, const char *name)
{
	int			a[16],
				i;
	char		got[512];
	size_t		o = 0;
	int64_t		h[16] = {0};

	for (i = 0; i < n; i++)
	{
		a[i] = i;
		h[i] = rcv_java_hash(list[i]);
	}
	tap_is_int_array(h, hashes, n, "String.hashCode");
	rcv_java_hashset_order(list, a, n);
	got[0] = '\0';
	for (i = 0; i < n; i++)
		o += snprintf(got + o, sizeof(got) - o, "%s%s", i ? ", " : "", list[a[i]]);
	if (!tap_ok(strcmp(got, want) == 0, "%s", name))
		printf("#      got: %s\n# expected: %s\n", got, want);
}

/* String.hashCode and HashSet order against RcvJavaReference's output. */
static void
test_java_hashset(void)
{
	char	   *l1[4] = {"Mookie Blaylock", "Yinka Dare", "George Gervin", "Sedale Threatt"};
	char	   *l2[4] = {"BB", "Aa", "C", "\xF0\x9F\x98\x80"};
	char	   *l3[12] = {"Candidate 1", "Candidate 2", "Candidate 3", "Candidate 4", "Candidate 5", "Candidate 6",
	"Candidate 7", "Candidate 8", "Candidate 9", "Candidate 10", "Candidate 11", "Candidate 12"};
	static const int64_t h1[4] = {1495182067, 603934492, 1180608424, 1581298050};
	static const int64_t h2[4] = {2112, 2112, 67, 1772899};
	static const int64_t h3[12] = {866905268, 866905269, 866905270, 866905271, 866905272, 866905273,
	866905274, 866905275, 866905276, 1104259580, 1104259581, 1104259582};

	check_hashset(l1, 4, "Sedale Threatt, Yinka Dare, George Gervin, Mookie Blaylock", h1,
				  "HashSet order of four names (16 buckets)");
	check_hashset(l2, 4, "BB, Aa, C, \xF0\x9F\x98\x80", h2,
				  "HashSet order: \"Aa\" and \"BB\" share a hash, kept in insertion order");
	check_hashset(l3, 12, "Candidate 11, Candidate 10, Candidate 12, Candidate 8, Candidate 7, Candidate 6, "
				  "Candidate 5, Candidate 9, Candidate 4, Candidate 3, Candidate 2, Candidate 1", h3,
				  "HashSet order of twelve names (32 buckets)");
}

/* Rules tweak: previousRoundCountsThenRandom with seed 1. */
static void
previous_rounds(RcvRules *r)
{
	r->tiebreak = RCV_TIE_PREVIOUS_ROUNDS_THEN_RANDOM;
	r->random_seed = 1;
}

/*
 * previousRoundCountsThenRandom, seed 1.  6 [A], 4 [B], 2 [C], 2 [D], 1
 * [E]: R1 15 active, threshold 8; E goes.  R2 A6 B4 C2 D2, threshold 8: C
 * and D tie for last and tied in round 1 too, so the draw: C and D in
 * their HashSet's order (hashes 67 and 68: buckets 3 and 4), Java's first
 * nextDouble for seed 1, 0.7308781907032909, times 2 is 1.46: D goes.  R3
 * A6 B4 C2 (D's two exhausted), threshold 7: C goes; R4 A6 B4, threshold
 * 6: A.  With E's ballot [E C] instead, R2 is A6 B4 C3 D2 (no tie) and, to
 * make one, 1 [D] more: R1 A6 B4 C2 D3 E1, R2 A6 B4 C3 D3: round 1 had C
 * 2 below D 3, so C goes, no draw (RCTab still marks it a tie-break).
 */
static void
test_previous_rounds(void)
{
	RcvTable   *t = table("A B C D E", 0, previous_rounds);

	add(t, 6, "A", NULL);
	add(t, 4, "B", NULL);
	add(t, 2, "C", NULL);
	add(t, 2, "D", NULL);
	add(t, 1, "E", NULL);
	expect(t, "A6 B4 C2 D2 E1 t8 i0/0/0/0/0 -E{x1} | A6 B4 C2 D2 t8 i0/0/1/0/0 -D*{x2} | "
		   "A6 B4 C2 t7 i0/0/3/0/0 -C{x2} | A6 B4 t6 i0/0/5/0/0 +A", 0,
		   "previousRoundCountsThenRandom: tied in round 1 too, drawn with seed 1");
	done(t);
	t = table("A B C D E", 0, previous_rounds);
	add(t, 6, "A", NULL);
	add(t, 4, "B", NULL);
	add(t, 2, "C", NULL);
	add(t, 3, "D", NULL);
	add(t, 1, "E C", NULL);
	expect(t, "A6 B4 C2 D3 E1 t9 i0/0/0/0/0 -E{C1} | A6 B4 C3 D3 t9 i0/0/0/0/0 -C*{x3} | "
		   "A6 B4 D3 t7 i0/0/3/0/0 -D{x3} | A6 B4 t6 i0/0/6/0/0 +A", 0,
		   "previousRoundCountsThenRandom: round 1 breaks the tie");
	done(t);
}

/* Java's Random and String.compareTo against RcvJavaReference's output. */
static void
test_java(void)
{
	RcvJavaRandom r;
	static const int64_t seeds[4] = {1, 0, -140737488355328LL, 140737488355327LL};
	static const double want[4][3] = {
		{0.7308781907032909, 0.41008081149220166, 0.20771484130971707},
		{0.730967787376657, 0.24053641567148587, 0.6374174253501083},
		{0.23096777992607642, 0.7405364082209053, 0.13741743280068885},
		{0.7689426383310856, 0.5122699744706547, 0.16208447666161452}};
	static const int32_t bounds[3] = {8, 10, 1500000001};
	static const int64_t ints[3][8] = {
		{5, 1, 0, 4, 3, 7, 3, 6},
		{7, 2, 4, 4, 6, 5, 4, 1},
		{379250092, 189533474, 1313869424, 1049914506, 991787854, 963357722, 918177321, 1498325831}};
	static const char *strs[7] = {"\xEF\xBC\xA1", "\xF0\x9F\x98\x80", "Z", "a", "\xC3\xA9", "ab", "a"};
	static const int cmp[6] = {1, 1, -1, -1, 1, 1};
	int			i,
				j,
				ok;

	for (i = 0; i < 4; i++)
	{
		rcv_java_random_init(&r, seeds[i]);
		ok = 1;
		for (j = 0; j < 3; j++)
			ok &= rcv_java_random_next_double(&r) == want[i][j];
		tap_ok(ok, "java.util.Random(%lld).nextDouble() x3", (long long) seeds[i]);
	}
	for (i = 0; i < 3; i++)
	{
		int64_t		got[8];

		rcv_java_random_init(&r, 5);
		for (j = 0; j < 8; j++)
			got[j] = rcv_java_random_next_int(&r, bounds[i]);
		tap_is_int_array(got, ints[i], 8, "java.util.Random(5).nextInt(bound) x8");
	}
	for (i = 0; i < 6; i++)
	{
		int			c = rcv_java_compare(strs[i], strs[i + 1]);

		tap_is_int(c > 0 ? 1 : c < 0 ? -1 : 0, cmp[i], "String.compareTo by UTF-16 code units");
	}
	test_java_hashset();
}

/* The count of a table as text (for comparing tables). */
static void
count_text(RcvTable *t, char *out, size_t len)
{
	RcvResult	res;

	if (rcv_tabulate(t, &res, NULL, NULL) != RCV_OK)
	{
		snprintf(out, len, "error");
		return;
	}
	describe(t, &res, out, len);
	rcv_result_free(&res, NULL);
}

/* Random ballots over 5 candidates: up to 4 ranks, some skips and overvotes. */
static void
random_ballot(uint64_t *rng, char *b)
{
	int			n = (int) (tap_random(rng) % 5),
				i,
				o = 0;

	for (i = 0; i < n; i++)
	{
		uint64_t	x = tap_random(rng);

		if (i > 0)
			b[o++] = ' ';
		if (x % 17 == 0)
			b[o++] = '_';
		else
		{
			b[o++] = (char) ('A' + x % 5);
			if (x % 13 == 0)
			{
				b[o++] = '|';
				b[o++] = (char) ('A' + (x / 5) % 5);
			}
		}
	}
	b[o] = '\0';
}

/* Rules tweak: overvotes skipped, duplicates exhaust, one skipped rank allowed. */
static void
skip_dup(RcvRules *r)
{
	r->overvote_rule = RCV_ALWAYS_SKIP_TO_NEXT_RANK;
	r->exhaust_on_duplicate = 1;
	r->max_skipped = 1;
}

/*
 * The count does not depend on the order of the ballots, on how they are
 * split between states that are merged, or on a trip through the
 * serialized form; a count of one ballot per add equals one add per
 * distinct ranking with its count.
 */
static void
test_order_and_merge(void)
{
	RcvTable   *a = table("A B C D E", 0, skip_dup),
			   *b = table("A B C D E", 0, skip_dup),
			   *c1 = table("A B C D E", 0, skip_dup),
			   *c2 = table("A B C D E", 0, skip_dup),
			   *d;
	char		ballots[2000][16];
	char		ta[4096],
				tb[4096],
				tc[4096],
				td[4096];
	uint64_t	rng = 12345;
	int			i;
	size_t		len;
	unsigned char *buf;

	for (i = 0; i < 2000; i++)
		random_ballot(&rng, ballots[i]);
	for (i = 0; i < 2000; i++)
		add(a, 1, ballots[i], NULL);
	for (i = 1999; i >= 0; i--)
		add(b, 1, ballots[i], NULL);
	for (i = 0; i < 2000; i++)
		add(i % 3 ? c1 : c2, 1, ballots[i], NULL);
	tap_is_int(rcv_table_merge(c1, c2), RCV_OK, "merge");
	count_text(a, ta, sizeof(ta));
	count_text(b, tb, sizeof(tb));
	count_text(c1, tc, sizeof(tc));
	tap_ok(strcmp(ta, tb) == 0, "ballots in reverse order: the same count");
	tap_ok(strcmp(ta, tc) == 0, "ballots split in two states and merged: the same count");
	tap_is_int(a->ballots, 2000, "2000 ballots held");
	tap_ok(a->npatterns < 2000 && a->npatterns == c1->npatterns, "identical rankings kept once (%zu patterns)", a->npatterns);

	len = rcv_table_serial_size(a);
	buf = malloc(len);
	rcv_table_serialize(a, buf);
	d = malloc(sizeof(RcvTable));
	tap_is_int(rcv_table_deserialize(d, buf, len, NULL), RCV_OK, "serialized form reads back");
	count_text(d, td, sizeof(td));
	tap_ok(strcmp(ta, td) == 0, "serialized and read back: the same count");
	{
		RcvTable	e;

		tap_is_int(rcv_table_copy(&e, a, NULL), RCV_OK, "copy");
		count_text(&e, td, sizeof(td));
		tap_ok(strcmp(ta, td) == 0, "a copy: the same count");
		tap_is_int(rcv_table_merge(&e, c2), RCV_OK, "a copy merges");
		tap_is_int(e.ballots, 2000 + c2->ballots, "... and its ballots add up");
		rcv_table_free(&e);
	}
	tap_is_int(rcv_table_merge(d, b), RCV_OK, "a read-back state merges with a fresh one");
	tap_is_int(d->ballots, 4000, "merged ballots add up");
	done(d);
	free(buf);
	done(a);
	done(b);
	done(c1);
	done(c2);
}

/*
 * The serialized form is checked like user input: cut at every length it
 * is refused; with any one byte changed it is refused or read as a valid
 * table that can be counted; a table of other rules does not merge.
 */
static void
test_serial_validation(void)
{
	RcvTable   *a = table("A B C", 1, NULL),
			   *other = table("A B D", 1, NULL),
			   d;
	size_t		len,
				i;
	unsigned char *buf,
			   *copy;
	int			cut_refused = 1,
				flip_ok = 1,
				flips_refused = 0;

	add(a, 3, "A B", NULL);
	add(a, 2, "B|C _ W", NULL);
	add(a, 1, "", NULL);
	add(a, 1, "# C", NULL);
	len = rcv_table_serial_size(a);
	buf = malloc(len);
	copy = malloc(len);
	rcv_table_serialize(a, buf);
	for (i = 0; i < len; i++)
		if (rcv_table_deserialize(&d, buf, i, NULL) == RCV_OK)
		{
			cut_refused = 0;
			rcv_table_free(&d);
		}
	tap_ok(cut_refused, "every truncation of the state is refused");
	for (i = 0; i < len * 8; i++)
	{
		RcvStatus	st;

		memcpy(copy, buf, len);
		copy[i / 8] ^= (unsigned char) (1 << (i % 8));
		st = rcv_table_deserialize(&d, copy, len, NULL);
		if (st == RCV_OK)
		{
			RcvResult	res;

			if (rcv_tabulate(&d, &res, NULL, NULL) == RCV_OK)
				rcv_result_free(&res, NULL);
			rcv_table_free(&d);
		}
		else if (st != RCV_CORRUPT)
			flip_ok = 0;
		else
			flips_refused++;
	}
	tap_ok(flip_ok, "every one-bit change is refused (RCV_CORRUPT) or read as a valid table");
	tap_ok(flips_refused > (int) len * 4, "most one-bit changes are refused (%d of %zu)", flips_refused, len * 8);
	tap_is_int(rcv_table_merge(a, other), RCV_RULES_DIFFER, "states of different contests do not merge");
	free(buf);
	free(copy);
	done(a);
	done(other);
}

/*
 * A serialized table names each ranking's slot: tables of every size, and
 * after merges that find their rankings already there (the table grows in
 * batches), read back as they were; a ranking moved off its probe path
 * (from its home slot, empty, to the next one) is refused.
 */
static void
test_serial_slots(void)
{
	RcvTable   *t = table("A B C D E", 0, skip_dup);
	RcvTable	d;
	char		ballot[16];
	uint64_t	rng = 777;
	int			i,
				all_ok = 1;
	size_t		len;
	unsigned char *buf;
	uint32_t	slot;

	for (i = 0; i < 3000; i++)
	{
		RcvTable	copy;

		random_ballot(&rng, ballot);
		add(t, 1 + i % 3, ballot, NULL);
		if (i % 97 != 0)
			continue;
		if (rcv_table_copy(&copy, t, NULL) != RCV_OK || rcv_table_merge(&copy, t) != RCV_OK)
			abort();
		len = rcv_table_serial_size(&copy);
		buf = malloc(len);
		rcv_table_serialize(&copy, buf);
		if (rcv_table_deserialize(&d, buf, len, NULL) != RCV_OK)
			all_ok = 0;
		else
		{
			if (d.ballots != 2 * t->ballots || d.npatterns != t->npatterns ||
				d.capacity != copy.capacity)
				all_ok = 0;
			rcv_table_free(&d);
		}
		free(buf);
		rcv_table_free(&copy);
	}
	tap_ok(all_ok, "tables of 1 to %zu rankings, merged with themselves, read back whole", t->npatterns);
	done(t);

	/* one ranking, A then B: its last 18 bytes are slot, count, length, 2 words */
	t = table("A B C", 0, NULL);
	add(t, 5, "A B", NULL);
	len = rcv_table_serial_size(t);
	buf = malloc(len);
	rcv_table_serialize(t, buf);
	tap_is_int(rcv_table_deserialize(&d, buf, len, NULL), RCV_OK, "one ranking reads back");
	rcv_table_free(&d);
	slot = buf[len - 18] | buf[len - 17] << 8;
	slot = (slot + 1) % 64;
	buf[len - 18] = (unsigned char) slot;
	buf[len - 17] = (unsigned char) (slot >> 8);
	tap_is_int(rcv_table_deserialize(&d, buf, len, NULL), RCV_CORRUPT,
			   "a ranking one slot past its empty home slot is refused");
	free(buf);
	done(t);
}

/* Two seats of A, B, C with 4 decimal places. */
static void
two_seats(RcvRules *r)
{
	r->winners = 2;
	r->decimals = 4;
}

/*
 * Multi-winner STV by hand (the same contest as test/pgtap/rcv.sql): 4
 * [A B], 2 [A C], 1 [B], 2 [C B]; threshold floor(9 / 3) + 1 = 4.  R1 A 6
 * elected, surplus fraction 2 / 6 = 0.3333 (cut), each ballot moves 0.3333
 * and A keeps 6 x 0.6667 = 4.0002 (residual 0.0002).  R2 B 2.3332, C
 * 2.6666: B out.  R3 C elected.  R4 every seat filled: C's surplus is 0.
 * Figures in units of 0.0001; the serialized form keeps the rules.
 */
static void
test_multi_winner(void)
{
	RcvTable   *t = table("A B C", 0, two_seats);
	RcvTable	d;
	RcvResult	res;
	size_t		len;
	unsigned char *buf;

	add(t, 4, "A B", NULL);
	add(t, 2, "A C", NULL);
	add(t, 1, "B", NULL);
	add(t, 2, "C B", NULL);
	len = rcv_table_serial_size(t);
	buf = malloc(len);
	rcv_table_serialize(t, buf);
	tap_is_int(rcv_table_deserialize(&d, buf, len, NULL), RCV_OK, "multi-winner rules read back");
	tap_ok(d.rules.winners == 2 && d.rules.decimals == 4 && d.rules.fingerprint == t->rules.fingerprint,
		   "... two seats, four decimal places");
	rcv_table_free(&d);
	free(buf);
	tap_is_int(rcv_tabulate(t, &res, NULL, NULL), RCV_OK, "two seats counted");
	tap_is_int(res.nrounds, 4, "four rounds: A elected, B out, C elected, C's surplus");
	tap_is_int(res.scale, 10000, "votes in units of 0.0001");
	tap_is_int(res.rounds[0].threshold, 40000, "threshold 4 (9 / 3 + 1)");
	tap_is_int(res.rounds[0].decisions[0].transfers[1], 13332, "A's surplus to B: 4 x 0.3333");
	tap_is_int(res.rounds[0].decisions[0].transfers[2], 6666, "... to C: 2 x 0.3333");
	tap_is_int(res.rounds[0].decisions[0].transfers[4], 2, "... residual surplus 6 x 0.6667 - 4 = 0.0002");
	tap_ok(res.rounds[1].tally[0] == 40000 && res.rounds[1].tally[1] == 23332 && res.rounds[1].tally[2] == 26666,
		   "round 2: A 4 (cut to the threshold), B 2.3332, C 2.6666");
	tap_ok(res.rounds[1].ndecisions == 1 && res.rounds[1].decisions[0].candidate == 1 &&
		   !res.rounds[1].decisions[0].elected, "B eliminated");
	tap_ok(res.rounds[2].ndecisions == 1 && res.rounds[2].decisions[0].candidate == 2 &&
		   res.rounds[2].decisions[0].elected, "C elected, the last seat");
	tap_ok(res.rounds[3].ndecisions == 0 && res.rounds[3].tally[2] == 26666 &&
		   res.rounds[3].inactive[RCV_BY_EXHAUSTED_CHOICES] == 23332,
		   "round 4: no decision, C holds 2.6666, B's 2.3332 exhausted");
	rcv_result_free(&res, NULL);
	done(t);

	/* bottomsUp: no surplus; B (1) out, its ballot exhausts; A and C are the seats */
	t = table("A B C", 0, two_seats);
	t->rules.bottoms_up = 1;
	rcv_rules_finish(&t->rules);
	add(t, 4, "A B", NULL);
	add(t, 2, "A C", NULL);
	add(t, 1, "B", NULL);
	add(t, 2, "C B", NULL);
	tap_is_int(rcv_tabulate(t, &res, NULL, NULL), RCV_OK, "bottoms-up counted");
	tap_ok(res.nrounds == 2 && res.scale == 1 && res.rounds[1].ndecisions == 2 &&
		   res.rounds[1].tally[0] == 6 && res.rounds[1].tally[2] == 2 &&
		   res.rounds[1].inactive[RCV_BY_EXHAUSTED_CHOICES] == 1,
		   "bottoms-up: B out, then A 6 and C 2 elected in round 2, whole votes");
	rcv_result_free(&res, NULL);
	done(t);
}

/* Rankings the rules refuse, with the rank at fault. */
static void
test_errors(void)
{
	RcvTable   *t = table("A B C", 0, NULL);
	int			bad = 0;

	t->rules.max_rankings = 3;
	tap_is_int(add(t, 1, "A B _ C", &bad), RCV_RANK_NOT_ALLOWED, "a mark past maxRankingsAllowed");
	tap_is_int(bad, 4, "... at rank 4");
	tap_is_int(add(t, 1, "A B C _ _", &bad), RCV_OK, "skipped ranks past the limit are no marks");
	tap_is_int(add(t, 1, "A #|B", &bad), RCV_OVERVOTE_MIXED, "the overvote mark with a candidate");
	tap_is_int(bad, 2, "... at rank 2");
	t->rules.overvote_rule = RCV_EXHAUST_IF_MULTIPLE_CONTINUING;
	tap_is_int(add(t, 1, "#", &bad), RCV_OVERVOTE_MARK_RULE, "the overvote mark under exhaustIfMultipleContinuing");
	tap_is_int(add(t, 0, "A", &bad), RCV_CORRUPT, "a count below 1");
	tap_is_int(add(t, ((int64_t) 1) << 30, "A", &bad), RCV_OK, "2^30 ballots at once");
	done(t);
}

int
main(void)
{
	test_plain();
	test_batch();
	test_overvotes();
	test_skipped();
	test_duplicates();
	test_write_ins();
	test_minimum();
	test_continue_until_two();
	test_first_round_threshold();
	test_rctab_random_tiebreak();
	test_rctab_candidate_order();
	test_generate_permutation();
	test_previous_rounds();
	test_java();
	test_order_and_merge();
	test_serial_validation();
	test_serial_slots();
	test_multi_winner();
	test_errors();
	return tap_done();
}
