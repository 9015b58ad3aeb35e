package io.galley.core.access;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whose read permissions a search applies, inside its query so that pages stay full and page tokens
 * stay valid: the user's own grant on each experiment or model decides, else the best of their
 * groups' grants, else {@code seesUngranted}, their default (or the server's). Without {@code
 * grantsApply} (an administrator) grants are not looked at. A narrowed token adds {@code
 * onlyExperiments} (ids) and {@code onlyModels} (names): nothing else is seen, whatever the grants.
 */
public record Viewer(
    long userId,
    boolean seesUngranted,
    boolean grantsApply,
    @Nullable List<String> onlyExperiments,
    @Nullable List<String> onlyModels) {
  public Viewer {
    onlyExperiments = onlyExperiments == null ? null : List.copyOf(onlyExperiments);
    onlyModels = onlyModels == null ? null : List.copyOf(onlyModels);
  }

  /** A user's grants, with no token narrowing. */
  public Viewer(long userId, boolean seesUngranted) {
    this(userId, seesUngranted, true, null, null);
  }
}
