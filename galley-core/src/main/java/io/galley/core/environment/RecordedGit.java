package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The git working tree a run started in.
 *
 * @param commit the full hash of {@code HEAD}
 * @param branch the checked-out branch; null when detached or not recorded
 * @param remoteUrl the remote's URL (credentials already removed at capture); null without one
 * @param dirty whether there were uncommitted changes; null when not recorded (MLflow's own clients
 *     record the commit only)
 */
public record RecordedGit(
    String commit, @Nullable String branch, @Nullable String remoteUrl, @Nullable Boolean dirty) {

  public RecordedGit {
    requireNonNull(commit, "commit");
  }
}
