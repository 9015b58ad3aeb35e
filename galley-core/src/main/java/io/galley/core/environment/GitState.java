package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The git working tree a run started in.
 *
 * @param root the repository's top-level directory; null when only tags recorded the state
 * @param commit the full hash of {@code HEAD}
 * @param branch the checked-out branch; null when {@code HEAD} is detached or not recorded
 * @param remoteUrl the URL of {@code origin} (else of the first remote), without any user or
 *     password it holds; null without remotes
 * @param dirty whether {@code git status} shows anything: changed, staged or untracked files; null
 *     when not recorded (MLflow's own clients record the commit only)
 * @param untracked untracked files (not in the diff), relative to the root; at most 1000
 * @param diff {@code git diff HEAD}, cut at the capture's limit; null when not captured. Not part
 *     of environment.json: it is uploaded as {@code git/uncommitted.diff}
 * @param diffTruncated whether the diff was cut at the limit
 */
public record GitState(
    @Nullable String root,
    String commit,
    @Nullable String branch,
    @Nullable String remoteUrl,
    @Nullable Boolean dirty,
    List<String> untracked,
    @Nullable String diff,
    boolean diffTruncated) {

  /** The run artifact that holds the uncommitted diff. */
  public static final String DIFF_ARTIFACT = "git/uncommitted.diff";

  public GitState {
    requireNonNull(commit, "commit");
    untracked = List.copyOf(untracked);
  }

  /** What a run's tags hold: commit, branch, remote and, from Galley's SDK, the dirty flag. */
  public static GitState ofTags(
      String commit, @Nullable String branch, @Nullable String remoteUrl, @Nullable Boolean dirty) {
    return new GitState(null, commit, branch, remoteUrl, dirty, List.of(), null, false);
  }

  /** This state without the diff's text, as environment.json holds it. */
  public GitState withoutDiff() {
    return new GitState(root, commit, branch, remoteUrl, dirty, untracked, null, diffTruncated);
  }
}
