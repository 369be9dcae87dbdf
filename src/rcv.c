/*
 * rcv.c
 *	  SQL glue of ranked-choice tabulation: the rcv_tabulate aggregate
 *	  (transition, combine, serial, deserial, final) over the core in
 *	  core/rcv.c, the reading of an RCTab contest config, and rcv_rounds,
 *	  which turns the result into rows.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "core/rcv.h"
#include "geom_points.h"
#include "memory_limit.h"
#include "aggregate.h"

PG_FUNCTION_INFO_V1(canvass_rcv_trans);
PG_FUNCTION_INFO_V1(canvass_rcv_combine);
PG_FUNCTION_INFO_V1(canvass_rcv_serial);
PG_FUNCTION_INFO_V1(canvass_rcv_deserial);
PG_FUNCTION_INFO_V1(canvass_rcv_final);
PG_FUNCTION_INFO_V1(canvass_rcv_rounds);

/* RCTab's label of the undeclared write-ins, in its reports and as a ranking. */
#define UWI_LABEL "Undeclared Write-ins"
/* The explicit overvote mark in a ranking. */
#define OVERVOTE_TOKEN "$OVERVOTE"
/* A spelling that marks a skipped rank (a CVR source's skippedRankLabel). */
#define SKIPPED_RANK 0xFFFE
#define HINT_CONFIG "Pass the contest config as RCTab writes it (its JSON file), for example pg_read_file('contest_config.json')::jsonb."

/* One spelling of a candidate (name, code, alias or label) and what it stands for. */
typedef struct Spelling
{
	const char *s;
	int			len;
	uint64		first,			/* its first and last 8 bytes (see spelling_key) */
				last;
	int			cand;			/* candidate number, RCV_OVERVOTE or SKIPPED_RANK */
	bool		has_delimiter;	/* holds the overvote delimiter: a mark splits first */
} Spelling;

/* What the transition function needs to read rankings: the rules and their spellings. */
typedef struct Reader
{
	Spelling   *slots;			/* open addressing, nslots a power of two */
	int			nslots;
	char	   *delimiter;		/* overvote delimiter */
	int			delimiter_len;
	int			blank_uwi;		/* a blank mark is an undeclared write-in */
	char	   *rules_bytes;	/* the rules jsonb, to check that every row has the same */
	Size		rules_len;
	bool		rules_constant; /* a constant or parameter: the same on every row */
} Reader;

/* The aggregate state: the core's table, and the reader while rows come in. */
typedef struct RcvState
{
	RcvTable	table;
	Reader	   *reader;			/* NULL in a state from combine or deserial */
	size_t		checked_bytes;	/* memory at the last check */
} RcvState;

/* ------------------------------------------------------------- errors */

/* Raises the error of a failed core operation. */
static void
report_status(RcvStatus st, int rank)
{
	switch (st)
	{
		case RCV_OK:
			return;
		case RCV_NO_MEMORY:
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in rcv_tabulate")));
			break;
		case RCV_TOO_MANY_RANKS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("ranking has too many ranks or marks for rcv_tabulate"),
					 errdetail("A ballot holds at most %d ranks and %d marks in all.", RCV_MAX_RANKS, RCV_MAX_MARKS),
					 errhint("Check the query that builds the ranking arrays: one array per ballot, one element per rank.")));
			break;
		case RCV_RANK_NOT_ALLOWED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("ranking goes past maxRankingsAllowed"),
					 errdetail("Rank %d is marked, beyond the contest's maxRankingsAllowed.", rank),
					 errhint("RCTab refuses such a ballot too: check the ballot, or raise maxRankingsAllowed in the config (\"max\" for no limit).")));
			break;
		case RCV_OVERVOTE_MIXED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the overvote mark must stand alone at its rank"),
					 errdetail("Rank %d holds the overvote mark together with candidates.", rank),
					 errhint("Write an overvote either as \"%s\" (or the config's overvoteLabel) or as the candidates joined by the overvote delimiter, not both.", OVERVOTE_TOKEN)));
			break;
		case RCV_OVERVOTE_MARK_RULE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the overvote mark cannot be counted under exhaustIfMultipleContinuing"),
					 errdetail("Rank %d holds the overvote mark, which does not say which candidates were marked.", rank),
					 errhint("Give the overvoted candidates joined by the overvote delimiter, or use overvoteRule exhaustImmediately or alwaysSkipToNextRank, as RCTab requires.")));
			break;
		case RCV_TOO_MANY_BALLOTS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("rcv_tabulate counts at most 2^53 ballots")));
			break;
		case RCV_RULES_DIFFER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rules of rcv_tabulate must be the same on every row"),
					 errdetail("Rows of one count carry different contest configs."),
					 errhint("Count one contest at a time: GROUP BY the contest, with its own config on each of its rows.")));
			break;
		case RCV_ALL_BELOW_MINIMUM:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("every candidate left is below minimumVoteThreshold"),
					 errdetail("No candidate could be left in the count; RCTab stops the count here too."),
					 errhint("Lower minimumVoteThreshold in the config (0 for none).")));
			break;
		case RCV_NO_CANDIDATE_LEFT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the count has no candidate left to elect or eliminate"),
					 errdetail("Only the undeclared write-ins were left in the count; RCTab stops the count here too."),
					 errhint("Check that the ballots rank declared candidates, and the candidates' \"excluded\" flags.")));
			break;
		case RCV_CORRUPT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid rcv_tabulate state"),
					 errdetail("The serialized state is truncated, inconsistent or holds values out of range."),
					 errhint("Serialized states come only from rcv_tabulate's own serial function.")));
			break;
	}
	elog(ERROR, "unexpected rcv status %d", (int) st);
}

/* Raises an error about the contest config. */
static void
bad_config(int code, const char *msg, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(code),
			 errmsg("%s", msg),
			 errdetail("%s", detail),
			 errhint("%s", hint ? hint : HINT_CONFIG)));
}

/* -------------------------------------------------------- the config */

/* The value of key in an object container, or NULL. */
static JsonbValue *
get_key(JsonbContainer *obj, const char *key)
{
	if (obj == NULL || !JsonContainerIsObject(obj))
		return NULL;
	return getKeyJsonValueFromContainer(obj, key, strlen(key), NULL);
}

/* The container of an object or array value, or NULL for a scalar. */
static JsonbContainer *
container_of(JsonbValue *v, bool want_array)
{
	if (v == NULL || v->type != jbvBinary)
		return NULL;
	if (want_array ? !JsonContainerIsArray(v->val.binary.data) || JsonContainerIsScalar(v->val.binary.data)
		: !JsonContainerIsObject(v->val.binary.data))
		return NULL;
	return v->val.binary.data;
}

/* A string value as a palloc'd C string ("" for absent or null); error for other types. */
static char *
get_string(JsonbContainer *obj, const char *key, const char *where)
{
	JsonbValue *v = get_key(obj, key);

	if (v == NULL || v->type == jbvNull)
		return pstrdup("");
	if (v->type == jbvString)
		return pnstrdup(v->val.string.val, v->val.string.len);
	if (v->type == jbvNumeric)
		return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
	bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
			   psprintf("%s\"%s\" must be a string.", where, key), NULL);
	return NULL;
}

/* A boolean value (true/false, or the strings "true"/"false"); dflt when absent. */
static bool
get_bool(JsonbContainer *obj, const char *key, bool dflt)
{
	JsonbValue *v = get_key(obj, key);

	if (v == NULL || v->type == jbvNull)
		return dflt;
	if (v->type == jbvBool)
		return v->val.boolean;
	if (v->type == jbvString && v->val.string.len == 4 && strncmp(v->val.string.val, "true", 4) == 0)
		return true;
	if (v->type == jbvString && v->val.string.len == 5 && strncmp(v->val.string.val, "false", 5) == 0)
		return false;
	bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
			   psprintf("rules \"%s\" must be true or false.", key), NULL);
	return dflt;
}

/*
 * An integer rule: a number or a string of digits, "" or absent gives
 * dflt, the string option (if any) gives option_value.  Range-checked.
 */
static int64
get_int(JsonbContainer *obj, const char *key, int64 dflt, const char *option,
		int64 option_value, int64 lo, int64 hi, bool required)
{
	char	   *s = get_string(obj, key, "rules ");
	char	   *end;
	long long	v;

	if (*s == '\0')
	{
		if (required)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("rules \"%s\" is missing.", key),
					   "RCTab writes every rule into the config; pass its file as it is.");
		return dflt;
	}
	if (option && strcmp(s, option) == 0)
		return option_value;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < lo || v > hi)
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   option ? psprintf("rules \"%s\" is \"%s\": it must be \"%s\" or an integer from " INT64_FORMAT " to " INT64_FORMAT ".", key, s, option, lo, hi)
				   : psprintf("rules \"%s\" is \"%s\": it must be an integer from " INT64_FORMAT " to " INT64_FORMAT ".", key, s, lo, hi),
				   NULL);
	return (int64) v;
}

/* n (at most 8) bytes from p as a little-endian number. */
static inline uint64
load_bytes(const char *p, int n)
{
	uint64		x = 0;
	int			i;

	for (i = 0; i < n; i++)
		x |= (uint64) (unsigned char) p[i] << (8 * i);
	return x;
}

/*
 * The key of a string of len bytes in the table of spellings: its first
 * and last eight bytes, which overlap in a string shorter than 16 and
 * then hold all of it (a string shorter than 8 is read as two halves of 4,
 * or byte by byte under 4), and a hash of those and the length, mixed by
 * two multiplications.  Strings longer than 16 bytes that share the key
 * are told apart by comparing every byte.
 */
static inline uint32
spelling_key(const char *s, int len, uint64 *first, uint64 *last)
{
	uint64		a,
				b,
				h;

	if (len >= 8)
	{
		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
	}
	else if (len >= 4)
	{
		uint32		x,
					y;

		memcpy(&x, s, 4);
		memcpy(&y, s + len - 4, 4);
		a = x;
		b = y;
	}
	else
	{
		a = load_bytes(s, len);
		b = 0;
	}
	*first = a;
	*last = b;
	/* the high half of b is folded in low: short strings differ at their end */
	h = (a ^ (uint64) len) * UINT64CONST(0x9E3779B97F4A7C15);
	h = (h ^ b ^ (b >> 32)) * UINT64CONST(0xBF58476D1CE4E5B9);
	h ^= h >> 31;
	return (uint32) (h ^ (h >> 32));
}

/* The slot of a spelling: where it is, or the empty slot where it would go. */
static inline Spelling *
spelling_slot(Reader *rd, const char *s, int len)
{
	uint64		first,
				last;
	uint32		h = spelling_key(s, len, &first, &last);
	uint32		j = h & (rd->nslots - 1);

	for (;; j = (j + 1) & (rd->nslots - 1))
	{
		Spelling   *sp = &rd->slots[j];

		if (sp->s == NULL)
			return sp;
		if (sp->first == first && sp->last == last && sp->len == len &&
			(len <= 16 || memcmp(sp->s, s, len) == 0))
			return sp;
	}
}

/* Adds a spelling; two candidates (or labels) may not share one. */
static void
add_spelling(Reader *rd, const char *s, int cand, const char *what)
{
	int			len = strlen(s);
	Spelling   *sp;

	if (len == 0)
		return;
	sp = spelling_slot(rd, s, len);
	if (sp->s != NULL)
	{
		if (sp->cand == cand)
			return;
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   psprintf("\"%s\" (%s) names two different candidates or labels.", s, what),
				   "Every candidate name, code and alias must be unique, as RCTab requires.");
	}
	sp->s = s;
	sp->len = len;
	(void) spelling_key(s, len, &sp->first, &sp->last);
	sp->cand = cand;
	sp->has_delimiter = strstr(s, rd->delimiter) != NULL;
}

/* Reads a tie-break mode; the modes that need an operator are refused. */
static int
read_tiebreak(const char *mode)
{
	if (strcmp(mode, "useCandidateOrder") == 0)
		return RCV_TIE_USE_CANDIDATE_ORDER;
	if (strcmp(mode, "random") == 0)
		return RCV_TIE_RANDOM;
	if (strcmp(mode, "generatePermutation") == 0)
		return RCV_TIE_GENERATE_PERMUTATION;
	if (strcmp(mode, "stopCountingAndAsk") == 0 || strcmp(mode, "previousRoundCountsThenAsk") == 0)
		bad_config(ERRCODE_FEATURE_NOT_SUPPORTED,
				   psprintf("tiebreakMode \"%s\" is not supported by rcv_tabulate", mode),
				   "This mode asks an operator to break each tie during the count; a query cannot stop to ask.",
				   "Use \"useCandidateOrder\", \"random\", \"generatePermutation\" or \"previousRoundCountsThenRandom\" (the last three with randomSeed), or count with RCTab itself.");
	if (strcmp(mode, "previousRoundCountsThenRandom") == 0)
		return RCV_TIE_PREVIOUS_ROUNDS_THEN_RANDOM;
	bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
			   psprintf("rules \"tiebreakMode\" is \"%s\", not one of RCTab's modes.", mode),
			   "Use \"useCandidateOrder\", \"random\", \"generatePermutation\" or \"previousRoundCountsThenRandom\" (the last three with randomSeed).");
	return 0;
}

/*
 * Parses a non-negative decimal of at most max_digits digits, max_decimals
 * of them after the point, into its digits as a whole number (*v) and how
 * many are decimals; false if s is not one.
 */
static bool
parse_decimal(const char *s, int max_digits, int max_decimals, int128 *v, int *decimals)
{
	int			digits = 0,
				d = -1;

	*v = 0;
	for (; *s; s++)
	{
		if (*s == '.' && d < 0)
			d = 0;
		else if (*s >= '0' && *s <= '9' && digits < max_digits && d < max_decimals)
		{
			*v = *v * 10 + (*s - '0');
			digits++;
			if (d >= 0)
				d++;
		}
		else
			return false;
	}
	*decimals = Max(d, 0);
	return digits > 0;
}

/*
 * Reads multiSeatBottomsUpPercentageThreshold, a percentage above 0 and at
 * most 100 with at most 7 decimal places, into r->percent (in units of
 * 10^-percent_decimals of a percent).
 */
static void
read_percentage(JsonbContainer *rules, RcvRules *r)
{
	char	   *s = get_string(rules, "multiSeatBottomsUpPercentageThreshold", "rules ");
	int128		v;
	int			decimals = 0,
				i;
	int64		whole = 100;

	if (!parse_decimal(s, 12, 7, &v, &decimals))
		v = 0;
	for (i = 0; i < decimals; i++)
		whole *= 10;			/* 100 percent in those units */
	if (v == 0 || v > whole)
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   psprintf("rules \"multiSeatBottomsUpPercentageThreshold\" is \"%s\": it must be a percentage above 0 and at most 100, with at most 7 decimal places.", s),
				   "RCTab writes it as a number of percent, such as \"15\".");
	r->percent = (int64) v;
	r->percent_decimals = decimals;
}

/* Reads the "rules" object into r. */
static void
read_rules(JsonbContainer *rules, RcvRules *r)
{
	char	   *s;

	if (rules == NULL)
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   "The config has no \"rules\" object.", NULL);
	s = get_string(rules, "overvoteRule", "rules ");
	if (strcmp(s, "exhaustImmediately") == 0)
		r->overvote_rule = RCV_EXHAUST_IMMEDIATELY;
	else if (strcmp(s, "alwaysSkipToNextRank") == 0)
		r->overvote_rule = RCV_ALWAYS_SKIP_TO_NEXT_RANK;
	else if (strcmp(s, "exhaustIfMultipleContinuing") == 0)
		r->overvote_rule = RCV_EXHAUST_IF_MULTIPLE_CONTINUING;
	else
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   psprintf("rules \"overvoteRule\" is \"%s\", not one of RCTab's rules.", s),
				   "Use \"exhaustImmediately\", \"alwaysSkipToNextRank\" or \"exhaustIfMultipleContinuing\".");
	r->tiebreak = read_tiebreak(get_string(rules, "tiebreakMode", "rules "));
	if (r->tiebreak != RCV_TIE_USE_CANDIDATE_ORDER)
		r->random_seed = get_int(rules, "randomSeed", 0, NULL, 0,
								 -140737488355328LL, 140737488355327LL, true);
	s = get_string(rules, "winnerElectionMode", "rules ");
	r->winners = (int) get_int(rules, "numberOfWinners", 1, NULL, 0, 0, RCV_MAX_CANDIDATES, false);
	if (*s == '\0' || strcmp(s, "singleWinnerMajority") == 0)
	{
		if (r->winners != 1)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("winnerElectionMode \"singleWinnerMajority\" elects one candidate, and \"numberOfWinners\" is %d.", r->winners),
					   "Use \"multiWinnerAllowMultipleWinnersPerRound\" or \"multiWinnerAllowOnlyOneWinnerPerRound\" for more seats.");
	}
	else if (strcmp(s, "multiWinnerAllowMultipleWinnersPerRound") == 0 ||
			 strcmp(s, "multiWinnerAllowOnlyOneWinnerPerRound") == 0)
	{
		r->one_winner_per_round = strcmp(s, "multiWinnerAllowOnlyOneWinnerPerRound") == 0;
		if (r->winners < 2)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("winnerElectionMode \"%s\" needs \"numberOfWinners\" of 2 or more.", s),
					   "Use \"singleWinnerMajority\" for one seat.");
	}
	else if (strcmp(s, "bottomsUp") == 0)
	{
		r->bottoms_up = 1;
		if (r->winners < 1)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   "winnerElectionMode \"bottomsUp\" needs \"numberOfWinners\" of 1 or more.",
					   "Set numberOfWinners to the number of seats.");
	}
	else if (strcmp(s, "bottomsUpUsingPercentageThreshold") == 0)
	{
		r->bottoms_up = RCV_BOTTOMS_UP_PERCENT;
		read_percentage(rules, r);
	}
	else if (strcmp(s, "multiPassIrv") == 0)
		bad_config(ERRCODE_FEATURE_NOT_SUPPORTED,
				   psprintf("winnerElectionMode \"%s\" is not supported by rcv_tabulate", s),
				   "Sequential multi-seat counts (multiPassIrv) run one single-winner count per seat, each without the winners before.",
				   "Count each pass with rcv_tabulate under singleWinnerMajority, the earlier winners marked \"excluded\", or count with RCTab itself.");
	else
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   psprintf("rules \"winnerElectionMode\" is \"%s\", not one of RCTab's modes.", s),
				   "Use \"singleWinnerMajority\", \"multiWinnerAllowMultipleWinnersPerRound\", \"multiWinnerAllowOnlyOneWinnerPerRound\" or \"bottomsUp\".");
	r->non_integer_threshold = get_bool(rules, "nonIntegerWinningThreshold", false);
	r->decimals = (int) get_int(rules, "decimalPlacesForVoteArithmetic", 4, NULL, 0, 1, 20, false);
	if (r->decimals > RCV_MAX_DECIMALS && (r->winners > 1 || r->non_integer_threshold))
		bad_config(ERRCODE_FEATURE_NOT_SUPPORTED,
				   psprintf("decimalPlacesForVoteArithmetic %d is not supported by rcv_tabulate", r->decimals),
				   psprintf("rcv_tabulate moves fractions of votes in exact units of at most %d decimal places.", RCV_MAX_DECIMALS),
				   psprintf("Use %d or fewer (RCTab's default is 4).", RCV_MAX_DECIMALS));
	r->cutoff_elimination = get_bool(rules, "cutoffElimination", false);
	if (r->cutoff_elimination && r->bottoms_up != RCV_BOTTOMS_UP_PERCENT)
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   "cutoffElimination goes with winnerElectionMode \"bottomsUpUsingPercentageThreshold\" only.",
				   "Set cutoffElimination to false, as RCTab requires.");
	r->max_skipped = (int) get_int(rules, "maxSkippedRanksAllowed", 0, "unlimited", RCV_UNLIMITED,
								   0, INT_MAX, true);
	r->max_rankings = (int) get_int(rules, "maxRankingsAllowed", 0, "max", RCV_UNLIMITED,
									1, INT_MAX, true);
	r->minimum_votes = get_int(rules, "minimumVoteThreshold", 0, NULL, 0, 0, 1000000, false);
	r->stop_after_round = (int) get_int(rules, "stopTabulationEarlyAfterRound", 0, NULL, 0, 1, INT_MAX, false);
	r->exhaust_on_duplicate = get_bool(rules, "exhaustOnDuplicateCandidate", false);
	r->batch_elimination = get_bool(rules, "batchElimination", false);
	r->continue_until_two = get_bool(rules, "continueUntilTwoCandidatesRemain", false);
	r->first_round_threshold = get_bool(rules, "doesFirstRoundDetermineThreshold", false);
	r->hare_quota = get_bool(rules, "hareQuota", false);
}

/*
 * Reads an RCTab contest config: candidates (name, code, aliases,
 * excluded), the CVR sources' labels and delimiter, and the rules.  Fills
 * the rules (in the current memory context) and the reader.
 */
static void
read_config(Jsonb *config, RcvRules *r, Reader *rd)
{
	JsonbContainer *root = &config->root;
	JsonbContainer *cands,
			   *sources,
			   *rules;
	int			ncand,
				nsources,
				i,
				j;
	bool		uwi = false;
	char	  **uwi_labels;
	char	  **ov_labels;
	char	  **skip_labels;

	if (!JB_ROOT_IS_OBJECT(config))
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
				   "The rules are not a JSON object.", NULL);
	cands = container_of(get_key(root, "candidates"), true);
	if (cands == NULL || JsonContainerSize(cands) == 0)
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "contest config has no candidates",
				   "\"candidates\" must be a non-empty array of objects with a \"name\".", NULL);
	ncand = JsonContainerSize(cands);
	sources = container_of(get_key(root, "cvrFileSources"), true);
	nsources = sources ? JsonContainerSize(sources) : 0;
	uwi_labels = palloc0(sizeof(char *) * (nsources + 1));
	ov_labels = palloc0(sizeof(char *) * (nsources + 1));
	skip_labels = palloc0(sizeof(char *) * (nsources + 1));
	rd->delimiter = "|";
	for (i = 0; i < nsources; i++)
	{
		JsonbValue *v = getIthJsonbValueFromContainer(sources, i);
		JsonbContainer *src = container_of(v, false);
		char	   *d;

		if (src == NULL)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   "Every element of \"cvrFileSources\" must be an object.", NULL);
		uwi_labels[i] = get_string(src, "undeclaredWriteInLabel", "cvrFileSources ");
		ov_labels[i] = get_string(src, "overvoteLabel", "cvrFileSources ");
		skip_labels[i] = get_string(src, "skippedRankLabel", "cvrFileSources ");
		d = get_string(src, "overvoteDelimiter", "cvrFileSources ");
		if (*d != '\0')
			rd->delimiter = d;
		if (get_bool(src, "treatBlankAsUndeclaredWriteIn", false))
			rd->blank_uwi = 1;
		if (*uwi_labels[i] != '\0' || rd->blank_uwi)
			uwi = true;
	}
	rd->delimiter_len = strlen(rd->delimiter);
	if (ncand + (uwi ? 1 : 0) > RCV_MAX_CANDIDATES)
		bad_config(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "too many candidates for rcv_tabulate",
				   psprintf("The config has %d candidates; rcv_tabulate counts at most %d.", ncand, RCV_MAX_CANDIDATES - 1),
				   "Count a contest with fewer candidates.");
	report_status(rcv_rules_init(r, ncand + (uwi ? 1 : 0), &canvass_core_palloc), 0);
	if (uwi)
		r->uwi = ncand;

	/* spellings: each candidate's name, code and aliases, the labels */
	rd->nslots = 64;
	while (rd->nslots < 4 * (ncand * 4 + 2 * nsources + 4))
		rd->nslots *= 2;
	rd->slots = palloc0(sizeof(Spelling) * rd->nslots);
	for (i = 0; i < ncand; i++)
	{
		JsonbContainer *c = container_of(getIthJsonbValueFromContainer(cands, i), false);
		JsonbContainer *aliases;
		char	   *name;

		if (c == NULL)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("Candidate %d is not an object.", i + 1), NULL);
		name = get_string(c, "name", "candidates ");
		if (*name == '\0' || strlen(name) > RCV_MAX_NAME)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("Candidate %d has no \"name\", or one longer than %d bytes.", i + 1, RCV_MAX_NAME), NULL);
		if (strcmp(name, UWI_LABEL) == 0 || strcmp(name, OVERVOTE_TOKEN) == 0)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("Candidate %d is named \"%s\", which is reserved.", i + 1, name),
					   "RCTab reserves this name too: rename the candidate.");
		/* the keys a round's transfers give the ballots that leave the count */
		if (strcmp(name, "exhausted") == 0 || strcmp(name, "residual surplus") == 0)
			bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
					   psprintf("Candidate %d is named \"%s\", the key under which a round's transfers list the ballots that leave the count.", i + 1, name),
					   "Rename the candidate (its code and aliases may keep the name), so its transfers cannot be mistaken for those ballots.");
		report_status(rcv_rules_set_name(r, i, name, strlen(name), &canvass_core_palloc), 0);
		r->excluded[i] = get_bool(c, "excluded", false) ? 1 : 0;
		add_spelling(rd, name, i, "a candidate name");
		add_spelling(rd, get_string(c, "code", "candidates "), i, "a candidate code");
		aliases = container_of(get_key(c, "aliases"), true);
		for (j = 0; aliases && j < (int) JsonContainerSize(aliases); j++)
		{
			JsonbValue *a = getIthJsonbValueFromContainer(aliases, j);

			if (a == NULL || a->type != jbvString)
				bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "invalid contest config",
						   psprintf("An alias of candidate \"%s\" is not a string.", name), NULL);
			add_spelling(rd, pnstrdup(a->val.string.val, a->val.string.len), i, "an alias");
		}
	}
	if (uwi)
	{
		report_status(rcv_rules_set_name(r, ncand, UWI_LABEL, strlen(UWI_LABEL), &canvass_core_palloc), 0);
		add_spelling(rd, UWI_LABEL, ncand, "the undeclared write-ins");
		for (i = 0; i < nsources; i++)
			add_spelling(rd, uwi_labels[i], ncand, "undeclaredWriteInLabel");
	}
	add_spelling(rd, OVERVOTE_TOKEN, RCV_OVERVOTE, "the overvote mark");
	for (i = 0; i < nsources; i++)
		add_spelling(rd, ov_labels[i], RCV_OVERVOTE, "overvoteLabel");
	for (i = 0; i < nsources; i++)
		add_spelling(rd, skip_labels[i], SKIPPED_RANK, "skippedRankLabel");
	for (i = 0, j = 0; i < ncand; i++)
		j += r->excluded[i];
	if (j == ncand)
		bad_config(ERRCODE_INVALID_PARAMETER_VALUE, "contest config has no candidate to count",
				   "Every candidate is excluded.", "Set \"excluded\" to false for the candidates on the ballot.");
	rules = container_of(get_key(root, "rules"), false);
	read_rules(rules, r);
	rcv_rules_finish(r);
}

/* --------------------------------------------------------- the aggregate */

/* Checks the table's memory against canvass.max_memory when it has grown. */
static void
check_state_memory(RcvState *s)
{
	if (s->table.bytes == s->checked_bytes)
		return;
	s->checked_bytes = s->table.bytes;
	canvass_check_memory("rcv_tabulate", (double) s->table.bytes, "bytes of distinct rankings",
						 1, 0, "Count fewer ballots at a time, or check that rankings hold candidates rather than ballot ids.");
}

/*
 * Whether the rules argument is a constant or a parameter (a literal, a
 * bind parameter, or a scalar subquery run once as an init plan): then it
 * is the same on every row of one transition state (a rescan that could
 * change a parameter starts new states), and rows need not be compared.
 */
static bool
rules_arg_constant(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	TargetEntry *te;

	if (aggref == NULL || list_length(aggref->args) != 2)
		return false;
	te = lsecond_node(TargetEntry, aggref->args);
	return IsA(te->expr, Const) || IsA(te->expr, Param);
}

/* A new state for the config, its memory in aggcxt. */
static RcvState *
new_state(MemoryContext aggcxt, Jsonb *config)
{
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	RcvState   *s = palloc0(sizeof(RcvState));
	RcvRules	r;

	s->reader = palloc0(sizeof(Reader));
	read_config(config, &r, s->reader);
	rcv_table_init(&s->table, &r, &canvass_core_palloc);
	s->reader->rules_len = VARSIZE(config);
	s->reader->rules_bytes = palloc(s->reader->rules_len);
	memcpy(s->reader->rules_bytes, config, s->reader->rules_len);
	MemoryContextSwitchTo(old);
	return s;
}

/* The candidate a mark names, or an error naming the rank. */
static int
lookup_mark(Reader *rd, const char *s, int len, int rank)
{
	Spelling   *sp;

	if (len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("empty candidate in an overvote of rank %d", rank),
				 errdetail("The overvote delimiter \"%s\" starts, ends or repeats in the mark.", rd->delimiter),
				 errhint("Join two or more candidates with the delimiter, nothing else.")));
	sp = spelling_slot(rd, s, len);
	if (sp->s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown candidate \"%.*s\" in a ranking", len, s),
				 errdetail("Rank %d names a candidate that is not among the config's candidate names, codes, aliases or labels.", rank),
				 errhint("Add it to the config's \"candidates\" (or as an alias), or give cvrFileSources an undeclaredWriteInLabel for write-ins.")));
	return sp->cand;
}

/* The first overvote delimiter in p[0..len), or NULL. */
static const char *
find_delimiter(const Reader *rd, const char *p, int len)
{
	int			i;

	if (rd->delimiter_len == 1)
		return memchr(p, rd->delimiter[0], len);
	for (i = 0; i + rd->delimiter_len <= len; i++)
		if (p[i] == rd->delimiter[0] && memcmp(p + i, rd->delimiter, rd->delimiter_len) == 0)
			return p + i;
	return NULL;
}

/*
 * Reads the marks of one rank (a non-empty text of len bytes at p) into
 * marks[*nm...]; returns how many.  The whole text is looked up first: a
 * single mark needs no search for the overvote delimiter.
 */
static inline int
read_rank(Reader *rd, const char *p, int len, uint16 *marks, int *nm, int rank)
{
	Spelling   *sp = spelling_slot(rd, p, len);
	int			k = 0;

	if (sp->s != NULL && !sp->has_delimiter)
	{
		if (sp->cand == SKIPPED_RANK)
			return 0;
		if (*nm == RCV_MAX_MARKS)
			report_status(RCV_TOO_MANY_RANKS, 0);
		marks[(*nm)++] = (uint16) sp->cand;
		return 1;
	}
	/* split at the overvote delimiter */
	for (;;)
	{
		const char *q = find_delimiter(rd, p, len);
		int			part = q ? (int) (q - p) : len;

		if (*nm == RCV_MAX_MARKS)
			report_status(RCV_TOO_MANY_RANKS, 0);
		marks[*nm] = (uint16) lookup_mark(rd, p, part, rank);
		if (marks[*nm] == SKIPPED_RANK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("skipped-rank label in an overvote of rank %d", rank),
					 errdetail("\"%.*s\" is the CVR source's skippedRankLabel, joined to other marks by the overvote delimiter.", part, p),
					 errhint("Write a skipped rank alone, as RCTab requires.")));
		(*nm)++;
		k++;
		if (q == NULL)
			return k;
		p = q + rd->delimiter_len;
		len -= part + rd->delimiter_len;
	}
}

/* A 4-byte integer at p, whatever its alignment. */
static inline int32
load_int32(const char *p)
{
	int32		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Reads one ranking (a text[] datum, or NULL: no rankings) and adds count
 * ballots of it to the state's table, in aggcxt.  Errors name the rank at
 * fault.  An array stored with a short (1-byte) header, as small arrays
 * are in a table's rows, is read where it is rather than copied to realign
 * it: offsets inside an array are relative to where its 4-byte header
 * would start (base), and every element starts at a multiple of 4 (text's
 * alignment) from there, so the elements are found at base + offset.
 */
static void
add_ranking(RcvState *s, Datum datum, bool isnull, int64 count, MemoryContext aggcxt)
{
	Reader	   *rd = s->reader;
	int			nmarks[RCV_MAX_RANKS];
	uint16		marks[RCV_MAX_MARKS];
	int			nranks = 0,
				nm = 0,
				bad = 0;
	RcvStatus	st;
	MemoryContext old;

	if (!isnull)
	{
		struct varlena *v = (struct varlena *) DatumGetPointer(datum);
		const char *base;
		const bits8 *nulls = NULL;
		int			ndim,
					n,
					i,
					dataoffset;
		Size		total,
					off;

		if (VARATT_IS_SHORT(v) && !VARATT_IS_EXTERNAL(v))
		{
			base = (const char *) v - (VARHDRSZ - VARHDRSZ_SHORT);
			total = VARSIZE_SHORT(v) + (VARHDRSZ - VARHDRSZ_SHORT);
		}
		else
		{
			ArrayType  *a = DatumGetArrayTypeP(datum);

			base = (const char *) a;
			total = VARSIZE(a);
		}
		ndim = load_int32(base + offsetof(ArrayType, ndim));
		dataoffset = load_int32(base + offsetof(ArrayType, dataoffset));
		if (ndim > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("ranking must be a one-dimensional array"),
					 errdetail("The array has %d dimensions.", ndim),
					 errhint("Pass one ballot per row as ARRAY[first choice, second choice, ...].")));
		n = ndim == 1 ? load_int32(base + sizeof(ArrayType)) : 0;
		if (n > RCV_MAX_RANKS)
			report_status(RCV_TOO_MANY_RANKS, 0);
		if (dataoffset != 0)
		{
			nulls = (const bits8 *) (base + sizeof(ArrayType) + 2 * sizeof(int) * ndim);
			off = dataoffset;
		}
		else
			off = ARR_OVERHEAD_NONULLS(ndim);
		for (i = 0; i < n; i++)
		{
			nmarks[nranks] = 0;
			if (nulls == NULL || (nulls[i / 8] & (1 << (i % 8))) != 0)
			{
				const char *e = base + off;
				const char *p = VARDATA_ANY(e);
				int			len = VARSIZE_ANY_EXHDR(e);

				off = INTALIGN(off + VARSIZE_ANY(e));
				if (off > INTALIGN(total))
					elog(ERROR, "ranking array is corrupt");
				if (len == 0)
				{
					if (rd->blank_uwi && s->table.rules.uwi >= 0)
					{
						marks[nm++] = (uint16) s->table.rules.uwi;
						nmarks[nranks] = 1;
					}
				}
				else
					nmarks[nranks] = read_rank(rd, p, len, marks, &nm, i + 1);
			}
			nranks++;
		}
	}
	/* the table grows in the aggregate's memory, not the row's */
	old = MemoryContextSwitchTo(aggcxt);
	st = rcv_table_add(&s->table, nmarks, nranks, marks, count, &bad);
	MemoryContextSwitchTo(old);
	if (st != RCV_OK)
		report_status(st, bad);
}

/*
 * rcv_tabulate transition: (state, ranking text[], rules jsonb).  A NULL
 * ranking is a ballot with no rankings; NULL rules are an error.
 */
Datum
canvass_rcv_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_rcv_trans");
	RcvState   *s = PG_ARGISNULL(0) ? NULL : (RcvState *) PG_GETARG_POINTER(0);
	Reader	   *rd;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rules of rcv_tabulate must not be NULL"),
				 errdetail("Every row needs the contest config."),
				 errhint(HINT_CONFIG)));
	if (s == NULL)
	{
		s = new_state(aggcxt, PG_GETARG_JSONB_P(2));
		s->reader->rules_constant = rules_arg_constant(fcinfo);
	}
	rd = s->reader;
	if (!rd->rules_constant)
	{
		Jsonb	   *config = PG_GETARG_JSONB_P(2);

		if (VARSIZE(config) != rd->rules_len || memcmp(config, rd->rules_bytes, rd->rules_len) != 0)
			report_status(RCV_RULES_DIFFER, 0);
	}
	add_ranking(s, PG_GETARG_DATUM(1), PG_ARGISNULL(1), 1, aggcxt);
	check_state_memory(s);
	PG_RETURN_POINTER(s);
}

/* A new state holding a copy of b's table (rules and rankings), in aggcxt. */
static RcvState *
copy_state(MemoryContext aggcxt, RcvState *b)
{
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	RcvState   *s = palloc0(sizeof(RcvState));
	RcvStatus	st = rcv_table_copy(&s->table, &b->table, &canvass_core_palloc);

	MemoryContextSwitchTo(old);
	report_status(st, 0);
	return s;
}

/* rcv_tabulate combine: merges state 2 into state 1 (a new one if NULL). */
Datum
canvass_rcv_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_rcv_combine");
	RcvState   *a = PG_ARGISNULL(0) ? NULL : (RcvState *) PG_GETARG_POINTER(0);
	RcvState   *b = PG_ARGISNULL(1) ? NULL : (RcvState *) PG_GETARG_POINTER(1);
	MemoryContext old;
	RcvStatus	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		/* the first state: copied as it is, never aliased */
		a = copy_state(aggcxt, b);
		check_state_memory(a);
		PG_RETURN_POINTER(a);
	}
	old = MemoryContextSwitchTo(aggcxt);
	st = rcv_table_merge(&a->table, &b->table);
	MemoryContextSwitchTo(old);
	report_status(st, 0);
	check_state_memory(a);
	PG_RETURN_POINTER(a);
}

/* rcv_tabulate serial: the table (rules and rankings) as bytea. */
Datum
canvass_rcv_serial(PG_FUNCTION_ARGS)
{
	RcvState   *s = (RcvState *) PG_GETARG_POINTER(0);
	size_t		len;
	bytea	   *out;

	(void) canvass_agg_context(fcinfo, "canvass_rcv_serial");
	len = rcv_table_serial_size(&s->table);
	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rcv_tabulate state too large to pass between parallel workers"),
				 errdetail("The state of %zu distinct rankings needs %zu bytes.", s->table.npatterns, len),
				 errhint("Disable parallel query for this statement (SET max_parallel_workers_per_gather = 0).")));
	out = palloc(len + VARHDRSZ);
	SET_VARSIZE(out, len + VARHDRSZ);
	rcv_table_serialize(&s->table, (unsigned char *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* rcv_tabulate deserial: validates the bytes like user input. */
Datum
canvass_rcv_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_rcv_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	RcvState   *s = palloc0(sizeof(RcvState));
	RcvStatus	st;

	st = rcv_table_deserialize(&s->table, (const unsigned char *) VARDATA_ANY(in),
							   VARSIZE_ANY_EXHDR(in), &canvass_core_palloc);
	MemoryContextSwitchTo(old);
	if (st != RCV_OK)
		report_status(st == RCV_NO_MEMORY ? st : RCV_CORRUPT, 0);
	check_state_memory(s);
	PG_RETURN_POINTER(s);
}

/*
 * A vote figure of scale units a vote (1, or a power of ten) as a numeric,
 * its fraction without trailing zeros, as RCTab prints it.
 */
static Numeric
votes_numeric(int64 v, int64 scale)
{
	int			digits = 0;
	int64		s;

	if (scale == 1 || v % scale == 0)
		return int64_to_numeric(v / scale);
	for (s = scale; s > 1; s /= 10)
		digits++;
	/* v is not a whole number of votes, so this stops before the point */
	while (v % 10 == 0)
	{
		v /= 10;
		digits--;
	}
	return int64_div_fast_to_numeric(v, digits);
}

/* Pushes key: the vote figure v of scale units a vote. */
static void
push_votes(JsonbParseState **ps, const char *key, int64 v, int64 scale)
{
	canvass_jsonb_numeric(ps, key, votes_numeric(v, scale));
}

/* Pushes one round in the layout of RCTab's detailed JSON report, numbers as numbers. */
static void
push_round(JsonbParseState **ps, const RcvRules *r, const RcvRound *rd, int number, int64 scale,
		   bool last)
{
	int			i,
				d;
	static const struct
	{
		const char *key;
		int			status;
	}			inactive[] = {
		{"overvotes", RCV_BY_OVERVOTE}, {"skippedRankings", RCV_BY_SKIPPED_RANKING},
		{"exhaustedChoices", RCV_BY_EXHAUSTED_CHOICES}, {"repeatedRankings", RCV_BY_REPEATED_RANKING},
		{"finalRoundSurplus", RCV_FINAL_ROUND_SURPLUS}
	};

	canvass_jsonb_begin_object(ps, NULL);
	canvass_jsonb_int(ps, "round", number);
	canvass_jsonb_begin_object(ps, "tally");
	for (i = 0; i < r->ncand; i++)
		if (rd->tally[i] >= 0)
			push_votes(ps, r->names[i], rd->tally[i], scale);
	canvass_jsonb_end_object(ps);
	push_votes(ps, "threshold", rd->threshold, scale);
	push_votes(ps, "activeBallots", rd->inactive[RCV_ACTIVE], scale);
	canvass_jsonb_begin_object(ps, "inactiveBallots");
	/* RCTab reports the final round surplus of a multi-winner count in its last round */
	for (i = 0; i < (r->winners > 1 && !r->bottoms_up && last ? 5 : 4); i++)
		push_votes(ps, inactive[i].key, rd->inactive[inactive[i].status], scale);
	canvass_jsonb_end_object(ps);
	canvass_jsonb_begin_array(ps, "tallyResults");
	/* elected first, then eliminated, as RCTab lists them */
	for (i = 1; i >= 0; i--)
		for (d = 0; d < rd->ndecisions; d++)
		{
			const RcvDecision *dec = &rd->decisions[d];
			int			t;

			if (dec->elected != i)
				continue;
			canvass_jsonb_begin_object(ps, NULL);
			canvass_jsonb_string(ps, dec->elected ? "elected" : "eliminated",
								 r->names[dec->candidate]);
			canvass_jsonb_bool(ps, "tiebreak", dec->tiebreak);
			canvass_jsonb_begin_object(ps, "transfers");
			for (t = 0; t <= r->ncand + 1; t++)
				if (dec->transfers[t] != 0)
					push_votes(ps, t < r->ncand ? r->names[t] : t == r->ncand ? "exhausted" : "residual surplus",
							   dec->transfers[t], scale);
			canvass_jsonb_end_object(ps);
			canvass_jsonb_end_object(ps);
		}
	canvass_jsonb_end_array(ps);
	canvass_jsonb_end_object(ps);
}

/* rcv_tabulate final: counts the contest; every round as jsonb, NULL with no row. */
Datum
canvass_rcv_final(PG_FUNCTION_ARGS)
{
	RcvState   *s = PG_ARGISNULL(0) ? NULL : (RcvState *) PG_GETARG_POINTER(0);
	const RcvRules *r;
	RcvResult	res;
	RcvStatus	st;
	JsonbParseState *ps = NULL;
	Datum		result;
	int			i;

	(void) canvass_agg_context(fcinfo, "canvass_rcv_final");
	if (s == NULL)
		PG_RETURN_NULL();
	r = &s->table.rules;
	/* the count's arrays: recipient, reason, slot and value of each ranking */
	canvass_check_memory("rcv_tabulate", (double) s->table.npatterns, "distinct rankings",
						 4 + 1 + 8 + 8, (double) s->table.bytes + (double) r->ncand * r->ncand * 16.0,
						 "Count fewer ballots at a time.");
	st = rcv_tabulate(&s->table, &res, &canvass_core_palloc, canvass_check_interrupts);
	report_status(st, 0);

	canvass_jsonb_begin_object(&ps, NULL);
	canvass_jsonb_begin_object(&ps, "summary");
	canvass_jsonb_string(&ps, "winner", res.winner >= 0 ? r->names[res.winner] : NULL);
	if (r->winners != 1)
	{
		/* every winner, in the order elected */
		int			k,
					d;

		canvass_jsonb_int(&ps, "numWinners", r->winners);
		canvass_jsonb_begin_array(&ps, "winners");
		for (k = 0; k < res.nrounds; k++)
			for (d = 0; d < res.rounds[k].ndecisions; d++)
				if (res.rounds[k].decisions[d].elected)
					canvass_jsonb_string(&ps, NULL, r->names[res.rounds[k].decisions[d].candidate]);
		canvass_jsonb_end_array(&ps);
	}
	canvass_jsonb_int(&ps, "numCandidates", r->ncand);
	canvass_jsonb_int(&ps, "totalNumBallots", res.ballots);
	canvass_jsonb_int(&ps, "undervotes",
					  res.nrounds > 0 ? res.rounds[0].inactive[RCV_NO_RANKINGS] / res.scale : 0);
	push_votes(&ps, "finalThreshold", res.nrounds > 0 ? res.rounds[res.nrounds - 1].threshold : 0,
			   res.scale);
	canvass_jsonb_int(&ps, "rounds", res.nrounds);
	canvass_jsonb_int(&ps, "distinctRankings", (int64) res.patterns);
	/* RCTab's "% of vote" divides by round 1's active ballots in these counts */
	canvass_jsonb_string(&ps, "votePercentOf",
						 r->winners > 1 || r->first_round_threshold ? "round 1" : "each round");
	canvass_jsonb_end_object(&ps);
	canvass_jsonb_begin_array(&ps, "candidates");
	for (i = 0; i < r->ncand; i++)
	{
		canvass_jsonb_begin_object(&ps, NULL);
		canvass_jsonb_string(&ps, "name", r->names[i]);
		canvass_jsonb_bool(&ps, "excluded", r->excluded[i]);
		canvass_jsonb_end_object(&ps);
	}
	canvass_jsonb_end_array(&ps);
	canvass_jsonb_begin_array(&ps, "results");
	for (i = 0; i < res.nrounds; i++)
		push_round(&ps, r, &res.rounds[i], i + 1, res.scale, i == res.nrounds - 1);
	canvass_jsonb_end_array(&ps);
	result = canvass_jsonb_result(&ps);
	rcv_result_free(&res, &canvass_core_palloc);
	PG_RETURN_DATUM(result);
}

/* ------------------------------------------------------------ rcv_rounds */

/* Raises the error for a result that is not rcv_tabulate's. */
static void
bad_result(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rcv_tabulate result"),
			 errdetail("%s", detail),
			 errhint("Pass the jsonb that canvass.rcv_tabulate returned.")));
}

/* Vote units in one vote as rcv_rounds reads figures: nanovotes (9 decimal places). */
#define NANO INT64CONST(1000000000)

/* The text of a JSON number or string (as in RCTab's report), or an error. */
static char *
json_text(JsonbValue *v, const char *what)
{
	char	   *s;

	if (v == NULL)
		bad_result(psprintf("%s is missing.", what));
	if (v->type == jbvNumeric)
		s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
	else if (v->type == jbvString)
		s = pnstrdup(v->val.string.val, v->val.string.len);
	else
	{
		bad_result(psprintf("%s is not a number.", what));
		return NULL;
	}
	return s;
}

/* A whole number from a JSON value (a number, or a string as in RCTab's report). */
static int64
json_count(JsonbValue *v, const char *what)
{
	char	   *s = json_text(v, what),
			   *end;
	long long	x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || x < 0)
		bad_result(psprintf("%s is \"%s\", not a whole number of votes.", what, s));
	return (int64) x;
}

/*
 * Votes from a JSON value, in nanovotes: a whole number, or one with up to
 * 9 decimal places (a multi-winner count's fractions of ballots).
 */
static int128
json_votes(JsonbValue *v, const char *what)
{
	char	   *s = json_text(v, what);
	int128		x;
	int			decimals;

	if (!parse_decimal(s, 27, 9, &x, &decimals))
		bad_result(psprintf("%s is \"%s\", not a number of votes with at most 9 decimal places.", what, s));
	for (; decimals < 9; decimals++)
		x *= 10;
	return x;
}

/* Nanovotes (possibly negative) as a numeric, without trailing zeros. */
static Datum
nanovotes_numeric(int128 v)
{
	char		s[64];
	int			n = 0,
				neg = v < 0,
				i;
	char		digits[48];
	int128		u = neg ? -v : v;

	do
	{
		digits[n++] = (char) ('0' + (int) (u % 10));
		u /= 10;
	} while (u > 0 || n < 10);
	i = 0;
	if (neg)
		s[i++] = '-';
	while (n > 9)
		s[i++] = digits[--n];
	s[i++] = '.';
	while (n > 0)
		s[i++] = digits[--n];
	while (s[i - 1] == '0')
		i--;
	if (s[i - 1] == '.')
		i--;
	s[i] = '\0';
	return DirectFunctionCall3(numeric_in, CStringGetDatum(s), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/*
 * RCTab's "% of vote": votes / active rounded to 7 significant digits
 * (BigDecimal with MathContext.DECIMAL32, half even), then cut (not
 * rounded) to hundredths of a percent.  As a numeric.
 */
static Datum
rctab_percent(int128 votes, int128 active)
{
	__int128	num = votes,
				den = active,
				q,
				rem,
				hundredths;
	int			k = 0;
	char		s[64];

	if (votes <= 0 || active <= 0)
		return DirectFunctionCall3(numeric_in, CStringGetDatum("0"), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	/* votes <= active: scale so that 10^6 <= votes * 10^k / active < 10^7 */
	while (num / den < 1000000)
	{
		num *= 10;
		k++;
	}
	q = num / den;
	rem = num % den;
	if (2 * rem > den || (2 * rem == den && (q & 1)))
		q++;
	/* q * 10^-k is the fraction; hundredths of a percent are q * 10^(4 - k), cut */
	hundredths = q;
	for (; k > 4; k--)
		hundredths /= 10;
	for (; k < 4; k++)
		hundredths *= 10;
	snprintf(s, sizeof(s), "%lld.%02lld", (long long) (hundredths / 100), (long long) (hundredths % 100));
	return DirectFunctionCall3(numeric_in, CStringGetDatum(s), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* The "results" array of a result, each round checked for its tally. */
static JsonbContainer *
result_rounds(Jsonb *result)
{
	JsonbContainer *rounds;

	if (!JB_ROOT_IS_OBJECT(result))
		bad_result("The result is not a JSON object.");
	rounds = container_of(get_key(&result->root, "results"), true);
	if (rounds == NULL)
		bad_result("The result has no \"results\" array of rounds.");
	return rounds;
}

/*
 * rcv_rounds(result jsonb): one row per round and candidate in that
 * round's tally (in the order of the result's candidate list): votes, status (elected, eliminated or continuing), the
 * transfer to the next round (next round's votes minus these, 0 in the
 * last round) and RCTab's "% of vote": of the round's active ballots, or
 * of round 1's where the result's summary says so (votePercentOf).
 */
Datum
canvass_rcv_rounds(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Jsonb	   *result = PG_GETARG_JSONB_P(0);
	JsonbContainer *rounds = result_rounds(result);
	JsonbContainer *cands = container_of(get_key(&result->root, "candidates"), true);
	int			nrounds = JsonContainerSize(rounds),
				i;
	JsonbContainer *summary = container_of(get_key(&result->root, "summary"), false);
	JsonbValue *base = summary ? get_key(summary, "votePercentOf") : NULL;
	bool		of_round1 = base && base->type == jbvString && base->val.string.len == 7 &&
		memcmp(base->val.string.val, "round 1", 7) == 0;
	int128		active1 = 0;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < nrounds; i++)
	{
		JsonbContainer *round = container_of(getIthJsonbValueFromContainer(rounds, i), false);
		JsonbContainer *tally,
				   *next_tally = NULL,
				   *decisions;
		JsonbIterator *it;
		JsonbValue	v;
		JsonbIteratorToken tok;
		int128		active;
		int			number,
					ntally,
					t;
		char	  **names;
		int		   *order;

		CHECK_FOR_INTERRUPTS();
		if (round == NULL)
			bad_result(psprintf("Round %d is not an object.", i + 1));
		tally = container_of(get_key(round, "tally"), false);
		if (tally == NULL)
			bad_result(psprintf("Round %d has no \"tally\" object.", i + 1));
		if (i + 1 < nrounds)
		{
			JsonbContainer *next = container_of(getIthJsonbValueFromContainer(rounds, i + 1), false);

			next_tally = next ? container_of(get_key(next, "tally"), false) : NULL;
			if (next_tally == NULL)
				bad_result(psprintf("Round %d has no \"tally\" object.", i + 2));
		}
		number = (int) Min(json_count(get_key(round, "round"), "\"round\""), INT_MAX);
		active = json_votes(get_key(round, "activeBallots"), "\"activeBallots\"");
		if (i == 0)
			active1 = active;
		if (of_round1)
			active = active1;
		decisions = container_of(get_key(round, "tallyResults"), true);

		/* the tally's candidates, in the order of the result's candidate list */
		ntally = 0;
		names = palloc(sizeof(char *) * Max(JsonContainerSize(tally), 1));
		order = palloc(sizeof(int) * Max(JsonContainerSize(tally), 1));
		it = JsonbIteratorInit(tally);
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			int			c,
						k;

			if (tok != WJB_KEY)
				continue;
			names[ntally] = pnstrdup(v.val.string.val, v.val.string.len);
			order[ntally] = INT_MAX;
			for (c = 0; cands && c < (int) JsonContainerSize(cands); c++)
			{
				JsonbContainer *cc = container_of(getIthJsonbValueFromContainer(cands, c), false);
				JsonbValue *nm = get_key(cc, "name");

				if (nm && nm->type == jbvString && nm->val.string.len == (int) strlen(names[ntally]) &&
					memcmp(nm->val.string.val, names[ntally], nm->val.string.len) == 0)
				{
					order[ntally] = c;
					break;
				}
			}
			/* insertion by candidate order */
			for (k = ntally; k > 0 && order[k - 1] > order[k]; k--)
			{
				int			o = order[k];
				char	   *n = names[k];

				order[k] = order[k - 1];
				names[k] = names[k - 1];
				order[k - 1] = o;
				names[k - 1] = n;
			}
			ntally++;
			(void) JsonbIteratorNext(&it, &v, true);
		}
		for (t = 0; t < ntally; t++)
		{
			Datum		values[6];
			bool		nulls[6] = {false, false, false, false, false, false};
			char	   *name = names[t];
			int128		votes,
						next_votes = 0;
			const char *status = "continuing";
			int			d;

			votes = json_votes(getKeyJsonValueFromContainer(tally, name, strlen(name), NULL),
							   psprintf("The votes of \"%s\" in round %d", name, i + 1));
			if (next_tally)
			{
				JsonbValue *nv = getKeyJsonValueFromContainer(next_tally, name, strlen(name), NULL);

				next_votes = nv ? json_votes(nv, psprintf("The votes of \"%s\" in round %d", name, i + 2)) : 0;
			}
			for (d = 0; decisions && d < (int) JsonContainerSize(decisions); d++)
			{
				JsonbContainer *dec = container_of(getIthJsonbValueFromContainer(decisions, d), false);
				JsonbValue *e = get_key(dec, "elected");
				JsonbValue *x = get_key(dec, "eliminated");

				if (e && e->type == jbvString && e->val.string.len == (int) strlen(name) &&
					memcmp(e->val.string.val, name, e->val.string.len) == 0)
					status = "elected";
				if (x && x->type == jbvString && x->val.string.len == (int) strlen(name) &&
					memcmp(x->val.string.val, name, x->val.string.len) == 0)
					status = "eliminated";
			}
			values[0] = Int32GetDatum(number);
			values[1] = CStringGetTextDatum(name);
			values[2] = nanovotes_numeric(votes);
			values[3] = CStringGetTextDatum(status);
			values[4] = nanovotes_numeric(next_tally ? next_votes - votes : 0);
			values[5] = rctab_percent(votes, active);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}
