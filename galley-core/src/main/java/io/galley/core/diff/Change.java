package io.galley.core.diff;

import org.jspecify.annotations.Nullable;

/** How one compared item stands between run A and run B. */
public enum Change {
  SAME,
  CHANGED,
  ONLY_A,
  ONLY_B;

  /** The change of an item that is in A when {@code a} is not null, and in B likewise. */
  static Change of(@Nullable Object a, @Nullable Object b, boolean equal) {
    if (a == null) {
      return b == null ? SAME : ONLY_B;
    }
    if (b == null) {
      return ONLY_A;
    }
    return equal ? SAME : CHANGED;
  }
}
