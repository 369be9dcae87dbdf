// RcvJavaReference.java: reference values for test/c/test_rcv.c from Java's
// own java.util.Random, Collections.shuffle and String.compareTo, which
// RCTab uses for its random tie-breaks.  Run: java RcvJavaReference.java
// (Debian's default-jre); the numbers it prints are written into the tests,
// so the tests do not need Java.
import java.util.*;

public class RcvJavaReference {
  public static void main(String[] args) {
    // random tiebreaks: RCTab draws nextDouble() from one Random(randomSeed)
    for (long seed : new long[] {1, 0, -140737488355328L, 140737488355327L}) {
      Random r = new Random(seed);
      // Double.toString: the shortest decimal that reads back as the same double
      System.out.printf("nextDouble seed %d: %s %s %s%n", seed,
          Double.toString(r.nextDouble()), Double.toString(r.nextDouble()),
          Double.toString(r.nextDouble()));
    }
    // nextInt(bound): a power of two, a small bound, and one that rejects often
    for (int bound : new int[] {8, 10, 1500000001}) {
      Random r = new Random(5);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) sb.append(r.nextInt(bound)).append(' ');
      System.out.printf("nextInt(%d) seed 5: %s%n", bound, sb.toString().trim());
    }
    // generatePermutation: Collections.sort, then Collections.shuffle(list, new Random(seed))
    for (long seed : new long[] {7, 42}) {
      List<String> names = new ArrayList<>(List.of("D", "B", "E", "A", "C", "F"));
      Collections.sort(names);
      Collections.shuffle(names, new Random(seed));
      System.out.printf("permutation seed %d: %s%n", seed, String.join(" ", names));
    }
    // previousRoundCountsThenRandom reads the tied candidates through a
    // HashSet made from a list: String.hashCode, then the set's order
    String[][] lists = {
      {"Mookie Blaylock", "Yinka Dare", "George Gervin", "Sedale Threatt"},
      {"BB", "Aa", "C", "\uD83D\uDE00"},
      {"Candidate 1", "Candidate 2", "Candidate 3", "Candidate 4", "Candidate 5", "Candidate 6",
       "Candidate 7", "Candidate 8", "Candidate 9", "Candidate 10", "Candidate 11", "Candidate 12"}};
    for (String[] list : lists) {
      StringBuilder hs = new StringBuilder();
      for (String n : list) hs.append(n.hashCode()).append(' ');
      System.out.printf("hashCode: %s%n", hs.toString().trim());
      System.out.printf("HashSet order: %s%n", String.join(", ", new HashSet<>(Arrays.asList(list))));
    }
    // String.compareTo compares UTF-16 code units, so a character beyond
    // U+FFFF (a surrogate pair from 0xD800) sorts before U+FF21
    String[] s = {"\uFF21", "\uD83D\uDE00", "Z", "a", "\u00E9", "ab", "a"};
    for (int i = 0; i + 1 < s.length; i++)
      System.out.printf("compare %d %d: %d%n", i, i + 1, Integer.signum(s[i].compareTo(s[i + 1])));
  }
}
