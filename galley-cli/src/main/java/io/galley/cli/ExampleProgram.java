package io.galley.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bundled example program and how to start it: a child JVM (this one's {@code java}) with the
 * example's own class path. In the distribution that is {@code examples/<name>/<jar>} beside {@code
 * galley.jar} (the jar's manifest lists its {@code lib/}); run from classes instead (tests, an
 * IDE), the example is on this JVM's class path, which the child then gets.
 *
 * @param name the example's name under {@code examples/}
 * @param jar its jar's file name in the distribution
 * @param mainClass the class whose {@code main} runs it
 */
record ExampleProgram(String name, String jar, String mainClass) {

  /**
   * Runs the example with {@code args}, relaying its output line by line as it comes, and returns
   * its exit code. When this JVM ends first (Ctrl-C), the child is ended too.
   */
  int run(List<String> args, PrintWriter out, PrintWriter err) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass);
    command.addAll(args);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the " + name + " example: " + e.getMessage(), e);
    }
    Thread stopChild = new Thread(process::destroy, "galley-example-stop");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      process.getOutputStream().close(); // it reads no input
    } catch (IOException e) {
      // the child is gone already; its exit code says why
    }
    Thread errors = relay(process.getErrorStream(), err, "galley-example-stderr");
    relayLines(process.getInputStream(), out);
    try {
      int exit = process.waitFor();
      errors.join();
      return exit;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      return 130;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it ends the child
      }
    }
  }

  /** The example's jar in the distribution, else this JVM's class path. */
  String classPath() {
    return distributionJar().map(Path::toString).orElse(System.getProperty("java.class.path"));
  }

  private Optional<Path> distributionJar() {
    try {
      Path self =
          Path.of(ExampleProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path parent = self.getParent();
      if (!Files.isRegularFile(self) || parent == null) {
        return Optional.empty();
      }
      Path candidate = parent.resolve("examples").resolve(name).resolve(jar);
      return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Thread relay(InputStream in, PrintWriter to, String threadName) {
    Thread t = new Thread(() -> relayLines(in, to), threadName);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void relayLines(InputStream in, PrintWriter to) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        to.println(line);
        to.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
