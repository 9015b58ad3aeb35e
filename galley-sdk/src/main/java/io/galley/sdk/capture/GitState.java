package io.galley.sdk.capture;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The git working tree a run started in.
 *
 * @param root the repository's top-level directory
 * @param commit the full hash of {@code HEAD}
 * @param branch the checked-out branch; null when {@code HEAD} is detached
 * @param remoteUrl the URL of {@code origin} (else of the first remote), without any user or
 *     password it holds; null without remotes
 * @param dirty whether {@code git status} shows anything: changed, staged or untracked files
 * @param untracked untracked files (not in the diff), relative to the root; at most 1000
 * @param diff {@code git diff HEAD}, at most {@link CaptureOptions#maxDiffBytes()} bytes; null when
 *     not captured. Not part of environment.json: it is uploaded as {@code git/uncommitted.diff}
 * @param diffTruncated whether the diff was cut at the limit
 */
public record GitState(
    String root,
    String commit,
    @Nullable String branch,
    @Nullable String remoteUrl,
    boolean dirty,
    List<String> untracked,
    @Nullable String diff,
    boolean diffTruncated) {

  public GitState {
    requireNonNull(root, "root");
    requireNonNull(commit, "commit");
    untracked = List.copyOf(untracked);
  }

  /** This state without the diff's text, as environment.json holds it. */
  public GitState withoutDiff() {
    return new GitState(root, commit, branch, remoteUrl, dirty, untracked, null, diffTruncated);
  }
}
