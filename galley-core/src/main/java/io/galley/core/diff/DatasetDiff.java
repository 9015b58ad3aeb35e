package io.galley.core.diff;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One dataset input of either run, by name and context ({@code train.csv [training]}).
 *
 * @param digestA MLflow's digest of A's dataset (the client's short identity)
 * @param contentDigestA the content digest ({@code sha256:<hex>}) of A's dataset, from the input
 *     tag {@code galley.dataset.content_digest}; null when A's client or server recorded none
 */
public record DatasetDiff(
    String key,
    Change change,
    @Nullable String digestA,
    @Nullable String digestB,
    @Nullable String contentDigestA,
    @Nullable String contentDigestB) {

  public DatasetDiff {
    requireNonNull(key, "key");
    requireNonNull(change, "change");
  }

  static DatasetDiff of(
      String key,
      boolean inA,
      boolean inB,
      @Nullable String digestA,
      @Nullable String digestB,
      @Nullable String contentDigestA,
      @Nullable String contentDigestB) {
    boolean equal =
        Objects.equals(digestA, digestB) && Objects.equals(contentDigestA, contentDigestB);
    Change change = Change.of(inA ? key : null, inB ? key : null, equal);
    return new DatasetDiff(key, change, digestA, digestB, contentDigestA, contentDigestB);
  }

  public boolean matters() {
    return change != Change.SAME;
  }
}
