package io.galley.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temp directory, for runs that must record different commits. */
final class GitWorkTree {
  private final Path dir;

  private GitWorkTree(Path dir) {
    this.dir = dir;
  }

  static GitWorkTree init(Path dir) {
    GitWorkTree repo = new GitWorkTree(dir);
    repo.git("init", "-q", "-b", "main");
    return repo;
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code file} and commits it; the new commit's hash. */
  String commit(String file, String content) throws IOException {
    Files.writeString(dir.resolve(file), content);
    git("add", file);
    git("commit", "-q", "-m", "change " + file);
    return git("rev-parse", "HEAD");
  }

  String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test"));
    command.addAll(List.of("-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run git", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
