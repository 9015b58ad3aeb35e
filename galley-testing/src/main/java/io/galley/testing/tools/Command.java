package io.galley.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external command for tests: run with a timeout, stdout and stderr captured (through files, so
 * a chatty process never blocks on a full pipe). {@link #run()} waits; {@link #start()} gives a
 * {@link Running} process to kill mid-way.
 */
public final class Command {
  /** The outcome of a finished command. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** This result, or an AssertionError naming the command, its exit code and its output. */
    public Result assertOk() {
      if (exitCode != 0) {
        throw new AssertionError(describe());
      }
      return this;
    }

    public String describe() {
      return String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\nstdout:\n"
          + stdout
          + "\nstderr:\n"
          + stderr;
    }
  }

  private final List<String> command;
  private Duration timeout = Duration.ofSeconds(120);
  private Path directory;
  private Path stdin;
  private final Map<String, String> env = new java.util.HashMap<>();

  private Command(List<String> command) {
    this.command = List.copyOf(command);
  }

  public static Command of(String... command) {
    return new Command(List.of(command));
  }

  public static Command of(List<String> command) {
    return new Command(command);
  }

  public Command timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public Command directory(Path directory) {
    this.directory = directory;
    return this;
  }

  /** Feeds this file to the process's standard input. */
  public Command stdin(Path file) {
    this.stdin = file;
    return this;
  }

  public Command env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public List<String> command() {
    return command;
  }

  /** Runs to the end (or the timeout, which kills the process and fails). */
  public Result run() {
    return start().await(timeout);
  }

  /** Runs and fails the test, with the output in the message, unless the exit code is 0. */
  public Result ok() {
    return run().assertOk();
  }

  /** Starts the process without waiting. */
  public Running start() {
    try {
      Path out = Files.createTempFile("galley-cmd", ".out");
      Path err = Files.createTempFile("galley-cmd", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(
                  stdin == null
                      ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                      : ProcessBuilder.Redirect.from(stdin.toFile()));
      if (directory != null) {
        pb.directory(directory.toFile());
      }
      pb.environment().putAll(env);
      return new Running(command, pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** A started process. */
  public static final class Running {
    private final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;

    private Running(List<String> command, Process process, Path out, Path err) {
      this.command = command;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    public Process process() {
      return process;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** SIGKILL, as when a client is killed or its machine loses power; waits for the exit. */
    public Result kill() {
      process.destroyForcibly();
      return await(Duration.ofSeconds(30));
    }

    /** Waits for the exit; past {@code timeout} kills the process and fails. */
    public Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError("timed out after " + timeout + ": " + result(-1).describe());
        }
        return result(process.exitValue());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted: " + command, e);
      }
    }

    private Result result(int exitCode) {
      try {
        Result r =
            new Result(
                command,
                exitCode,
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
