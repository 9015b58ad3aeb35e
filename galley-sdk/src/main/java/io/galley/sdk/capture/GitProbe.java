package io.galley.sdk.capture;

import io.galley.core.environment.GitState;
import io.galley.sdk.internal.Commands;
import io.galley.sdk.internal.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Asks the {@code git} executable about the working tree a run starts in. Anything missing (no git,
 * not a repository, no commit yet) yields no state and a note, never an error: a run without git is
 * still a run.
 */
final class GitProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_UNTRACKED = 1000;

  private GitProbe() {}

  static @Nullable GitState probe(
      Path dir, boolean withDiff, int maxDiffBytes, Secrets secrets, List<String> notes) {
    Optional<String> root = git(dir, "rev-parse", "--show-toplevel");
    if (root.isEmpty()) {
      boolean hasGit = Commands.run(dir, TIMEOUT, "git", "--version").isPresent();
      notes.add(hasGit ? "git: " + dir + " is not in a git repository" : "git: not installed");
      return null;
    }
    Optional<String> commit = git(dir, "rev-parse", "--verify", "-q", "HEAD");
    if (commit.isEmpty()) {
      notes.add("git: the repository at " + root.get() + " has no commit yet");
      return null;
    }
    String branch = git(dir, "symbolic-ref", "--short", "-q", "HEAD").orElse(null);
    String remote = remoteUrl(dir);
    String status = git(dir, "status", "--porcelain=v1", "--untracked-files=all").orElse("");
    List<String> untracked = new ArrayList<>();
    for (String line : status.split("\n")) {
      if (line.startsWith("?? ") && untracked.size() < MAX_UNTRACKED) {
        untracked.add(line.substring(3));
      }
    }
    String diff = null;
    boolean truncated = false;
    if (withDiff) {
      Optional<Commands.Output> out =
          Commands.run(
              dir,
              TIMEOUT,
              maxDiffBytes,
              "git",
              "-c",
              "core.quotepath=off",
              "diff",
              "HEAD",
              "--no-color",
              "--no-ext-diff");
      if (out.isPresent()) {
        diff = out.get().text();
        truncated = out.get().truncated();
      } else {
        notes.add("git: 'git diff HEAD' failed or timed out");
      }
    }
    return new GitState(
        root.get(),
        commit.get(),
        branch == null || branch.isEmpty() ? null : branch,
        remote == null ? null : secrets.redact(remote),
        !status.isBlank(),
        untracked,
        diff,
        truncated);
  }

  private static @Nullable String remoteUrl(Path dir) {
    Optional<String> origin = git(dir, "config", "--get", "remote.origin.url");
    if (origin.isPresent() && !origin.get().isEmpty()) {
      return origin.get();
    }
    String remotes = git(dir, "remote").orElse("");
    if (remotes.isBlank()) {
      return null;
    }
    String first = remotes.lines().findFirst().orElse("").strip();
    return git(dir, "config", "--get", "remote." + first + ".url").orElse(null);
  }

  private static Optional<String> git(Path dir, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    return Commands.run(dir, TIMEOUT, command);
  }
}
