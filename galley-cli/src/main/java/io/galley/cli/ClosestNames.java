package io.galley.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names a user most likely meant when one they typed does not exist: those within a few edits
 * (a third of the typed name's length, at least two), nearest first, ignoring case.
 */
final class ClosestNames {
  private static final int MAX_SUGGESTIONS = 3;

  private ClosestNames() {}

  static List<String> to(String typed, List<String> known) {
    String t = typed.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, t.length() / 3);
    return known.stream()
        .map(k -> new Scored(k, distance(t, k.toLowerCase(Locale.ROOT))))
        .filter(s -> s.distance() <= limit)
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .limit(MAX_SUGGESTIONS)
        .map(Scored::name)
        .toList();
  }

  /** "; did you mean 'a' or 'b'?", or "" when nothing is close. */
  static String didYouMean(String typed, List<String> known) {
    List<String> close = to(typed, known);
    if (close.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("; did you mean ");
    for (int i = 0; i < close.size(); i++) {
      if (i > 0) {
        out.append(i == close.size() - 1 ? " or " : ", ");
      }
      out.append('\'').append(close.get(i)).append('\'');
    }
    return out.append('?').toString();
  }

  private record Scored(String name, int distance) {}

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
