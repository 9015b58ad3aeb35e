package io.galley.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs of a ranking that share the ranked value. A ranking lists tied runs next to each other, so a
 * tie is a stretch of equal neighbours; they share the rank of the stretch's first row, written
 * {@code =1} as a sports table does. A value of {@code NaN} is not ranked and ties with nothing.
 *
 * @param values the ranked value of each row, in ranking order, as the API wrote it
 */
record RankTies(List<String> values) {
  RankTies {
    values = List.copyOf(values);
  }

  /** The rank to show for row {@code i} (0-based): {@code 3}, or {@code =1} when it ties. */
  String rank(int i) {
    int first = i;
    while (first > 0 && ties(first - 1, first)) {
      first--;
    }
    boolean tied = first < i || (i + 1 < values.size() && ties(i, i + 1));
    return (tied ? "=" : "") + (first + 1);
  }

  /** Each stretch of two or more tied rows, as the 0-based indexes of its first and last row. */
  List<int[]> groups() {
    List<int[]> groups = new ArrayList<>();
    int i = 0;
    while (i < values.size()) {
      int last = i;
      while (last + 1 < values.size() && ties(last, last + 1)) {
        last++;
      }
      if (last > i) {
        groups.add(new int[] {i, last});
      }
      i = last + 1;
    }
    return groups;
  }

  private boolean ties(int a, int b) {
    String value = values.get(a);
    return !value.equals("NaN") && value.equals(values.get(b));
  }
}
