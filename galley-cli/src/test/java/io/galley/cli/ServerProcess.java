package io.galley.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged distribution ({@code target/galley.jar}) running {@code galley server} as a child
 * process on a free port, the way a user starts it.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+?)/?$");

  private final Process process;
  private final Thread reader;
  private final String baseUri;
  private final List<String> output;

  private ServerProcess(Process process, Thread reader, String baseUri, List<String> output) {
    this.process = process;
    this.reader = reader;
    this.baseUri = baseUri;
    this.output = output;
  }

  static ServerProcess start(Path dataDir) throws IOException {
    return start(dataDir, Map.of());
  }

  /** As {@link #start(Path)}, with environment variables and more {@code server} options. */
  static ServerProcess start(Path dataDir, Map<String, String> env, String... options)
      throws IOException {
    return startWithUmask(dataDir, env, null, options);
  }

  /** As {@link #start(Path, Map, String...)}, the server's files created under {@code umask}. */
  static ServerProcess startWithUmask(
      Path dataDir, Map<String, String> env, String umask, String... options) throws IOException {
    Path jar = Path.of("target", "galley.jar").toAbsolutePath();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-jar",
                jar.toString(),
                "server",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString()));
    command.addAll(List.of(options));
    if (umask != null) {
      command.addAll(0, List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    List<String> output = new ArrayList<>();
    CompletableFuture<String> uri = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    uri.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                // the process died; waitForUri reports it
              }
              uri.complete(null);
            },
            "galley-server-output");
    reader.setDaemon(true);
    reader.start();
    String base;
    try {
      base = uri.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("server did not start within 60 s; output: " + output, e);
    }
    if (base == null) {
      throw new IOException("server exited before listening; output: " + output);
    }
    return new ServerProcess(process, reader, base, output);
  }

  String baseUri() {
    return baseUri;
  }

  /** SIGKILL: no shutdown hook, no flush, as in a power-cut of the process. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the graceful exit. */
  int terminate(Duration within) throws InterruptedException, IOException {
    // Not process.destroy(): it closes our end of the output pipe, losing the last lines.
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
    Instant deadline = Instant.now().plus(within);
    if (!process.waitFor(
        Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail("server did not stop within " + within + " after SIGTERM; output: " + output());
    }
    reader.join(Duration.between(Instant.now(), deadline).toMillis() + 1);
    return process.exitValue();
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
