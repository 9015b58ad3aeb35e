package io.galley.sdk.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper command (git, nvidia-smi) for capture: bounded in time and in output, stderr
 * dropped, never a prompt. Empty when the command cannot start, fails or times out, since capture
 * must never stop a run.
 */
public final class Commands {
  /** What a command printed; {@code truncated} when it printed more than the limit. */
  public record Output(String text, boolean truncated) {}

  private Commands() {}

  public static Optional<String> run(Path dir, Duration timeout, String... command) {
    return run(dir, timeout, 1024 * 1024, command).map(o -> o.text().strip());
  }

  public static Optional<Output> run(Path dir, Duration timeout, int maxBytes, String... command) {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    pb.environment().put("GIT_TERMINAL_PROMPT", "0"); // never wait for a password
    pb.environment().put("GIT_OPTIONAL_LOCKS", "0"); // status must not take the index lock
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.empty();
    }
    // Killing the process ends the read below, so one timer bounds the whole call.
    CompletableFuture<?> timer =
        CompletableFuture.runAsync(
            p::destroyForcibly,
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      boolean truncated = false;
      for (int n; (n = in.read(buf)) > 0; ) {
        int room = maxBytes - out.size();
        if (n > room) {
          out.write(buf, 0, room);
          truncated = true;
          p.destroyForcibly();
          break;
        }
        out.write(buf, 0, n);
      }
      boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!truncated && (!exited || p.exitValue() != 0)) {
        return Optional.empty();
      }
      return Optional.of(new Output(out.toString(StandardCharsets.UTF_8), truncated));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      timer.cancel(false);
      p.destroyForcibly();
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /** The executable {@code name} on the PATH, if there is one. */
  public static Optional<Path> onPath(String name, String pathVariable) {
    for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, name);
        if (java.nio.file.Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      } catch (java.nio.file.InvalidPathException e) {
        // a PATH entry that is no path names no executable
      }
    }
    return Optional.empty();
  }
}
