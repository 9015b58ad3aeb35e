package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real git repository in a temporary directory, driven by the {@code git} executable. Tests that
 * need one are skipped when git is missing, unless {@code GALLEY_REQUIRE_ALL=1} makes that a
 * failure.
 */
public final class GitRepo {
  private final Path dir;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** {@code git init} in {@code dir}, one commit of {@code train.py}, on branch {@code branch}. */
  public static GitRepo withOneCommit(Path dir, String branch) throws IOException {
    requireGit();
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "-q");
    repo.git("checkout", "-q", "-b", branch);
    Files.writeString(dir.resolve("train.py"), "lr = 0.1\nepochs = 10\n");
    repo.git("add", "train.py");
    repo.git(
        "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "x");
    return repo;
  }

  public static void requireGit() {
    boolean present;
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    if (!present) {
      if ("1".equals(System.getenv("GALLEY_REQUIRE_ALL"))) {
        fail("git is not installed, and GALLEY_REQUIRE_ALL=1 requires every test to run");
      }
      Assumptions.abort("git is not installed: skipping the git capture test");
    }
  }

  public Path dir() {
    return dir;
  }

  /** Runs git in the repository; its trimmed output. Fails the test when git does. */
  public String git(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
      return out.strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
