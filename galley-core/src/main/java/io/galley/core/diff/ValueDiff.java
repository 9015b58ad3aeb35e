package io.galley.core.diff;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One keyed text value of both runs: a param, a tag, an environment property, a git fact.
 *
 * @param key what is compared, e.g. {@code lr} or {@code java.version}
 * @param change how A and B stand
 * @param a run A's value; null when A has none
 * @param b run B's value; null when B has none
 * @param incidental true for values that differ between any two runs by nature (run names, start
 *     times): not a difference worth showing unless asked for everything
 */
public record ValueDiff(
    String key, Change change, @Nullable String a, @Nullable String b, boolean incidental) {

  public ValueDiff {
    requireNonNull(key, "key");
    requireNonNull(change, "change");
  }

  static ValueDiff of(String key, @Nullable String a, @Nullable String b, boolean incidental) {
    return new ValueDiff(key, Change.of(a, b, Objects.equals(a, b)), a, b, incidental);
  }

  /** Whether this is a difference worth showing by default. */
  public boolean matters() {
    return change != Change.SAME && !incidental;
  }
}
