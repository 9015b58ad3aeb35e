package io.galley.sdk.capture;

import static io.galley.core.environment.Environment.JAVA_HOME;
import static io.galley.core.environment.Environment.JAVA_RUNTIME_VERSION;
import static io.galley.core.environment.Environment.JAVA_VENDOR;
import static io.galley.core.environment.Environment.JAVA_VERSION;
import static io.galley.core.environment.Environment.JAVA_VM_NAME;
import static io.galley.core.environment.Environment.JAVA_VM_VERSION;
import static io.galley.core.environment.Environment.OS_ARCH;
import static io.galley.core.environment.Environment.OS_NAME;
import static io.galley.core.environment.Environment.OS_VERSION;
import static io.galley.core.environment.Environment.PROCESS_COMMAND_LINE;
import static io.galley.core.environment.Environment.PROCESS_MAIN_CLASS;
import static io.galley.core.environment.Environment.PROCESS_WORKING_DIR;
import static io.galley.core.environment.Environment.USER_NAME;

import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.sdk.internal.Secrets;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/** Puts an {@link Environment} together from the probes, item by item as the options say. */
final class EnvironmentProbe {
  private EnvironmentProbe() {}

  public static Environment capture(CaptureOptions options, Map<String, String> env) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    // The process's own secrets too: injected variables do not change what the JVM was given.
    Map<String, String> known = new TreeMap<>(System.getenv());
    known.putAll(env);
    Secrets secrets = new Secrets(known);
    List<String> notes = new ArrayList<>();
    Map<String, String> props = new TreeMap<>();
    if (options.includes(CaptureItem.JVM)) {
      for (String k :
          List.of(
              JAVA_VERSION,
              JAVA_VENDOR,
              JAVA_VM_NAME,
              JAVA_VM_VERSION,
              JAVA_RUNTIME_VERSION,
              JAVA_HOME)) {
        putProperty(props, k, System.getProperty(k));
      }
    }
    if (options.includes(CaptureItem.OS)) {
      for (String k : List.of(OS_NAME, OS_VERSION, OS_ARCH)) {
        putProperty(props, k, System.getProperty(k));
      }
    }
    if (options.includes(CaptureItem.CPU)) {
      SystemProbe.cpu(props);
    }
    if (options.includes(CaptureItem.MEMORY)) {
      SystemProbe.memory(props);
    }
    if (options.includes(CaptureItem.GPU)) {
      SystemProbe.gpus(props, env.getOrDefault("PATH", ""), notes);
    }
    if (options.includes(CaptureItem.HOST)) {
      SystemProbe.host(props, env);
    }
    if (options.includes(CaptureItem.USER)) {
      putProperty(props, USER_NAME, System.getProperty("user.name"));
    }
    if (options.includes(CaptureItem.PROCESS)) {
      process(props, secrets);
    }
    List<String> jvmArgs =
        options.includes(CaptureItem.JVM_ARGUMENTS)
            ? secrets.redactArguments(ManagementFactory.getRuntimeMXBean().getInputArguments())
            : List.of();
    List<Library> libraries = List.of();
    if (options.includes(CaptureItem.LIBRARIES)) {
      libraries = libraries(options.includes(CaptureItem.LIBRARY_HASHES), notes);
    }
    GitState git = null;
    if (options.includes(CaptureItem.GIT)) {
      git =
          GitProbe.probe(
              options.workingDirectory(),
              options.includes(CaptureItem.GIT_DIFF),
              options.maxDiffBytes(),
              secrets,
              notes);
      if (git != null && git.diff() != null) {
        git = withDiff(git, secrets.scrubValues(git.diff()));
      }
    }
    Map<String, String> variables = new TreeMap<>();
    if (options.includes(CaptureItem.ENVIRONMENT_VARIABLES)) {
      for (String name : options.variables()) {
        String value = env.get(name);
        if (value != null && !Secrets.isSecretName(name)) {
          variables.put(name, secrets.redact(value));
        }
      }
    }
    // Last line of defence: no property may carry a secret value, whatever probe found it.
    props.replaceAll((k, v) -> secrets.redact(v));
    return new Environment(
        Environment.FORMAT_VERSION,
        start,
        (System.nanoTime() - t0) / 1_000_000,
        props,
        jvmArgs,
        libraries,
        git,
        variables,
        notes);
  }

  private static GitState withDiff(GitState g, String diff) {
    return new GitState(
        g.root(),
        g.commit(),
        g.branch(),
        g.remoteUrl(),
        g.dirty(),
        g.untracked(),
        diff,
        g.diffTruncated());
  }

  private static void process(Map<String, String> props, Secrets secrets) {
    putProperty(props, PROCESS_WORKING_DIR, System.getProperty("user.dir"));
    String command = System.getProperty("sun.java.command", "").strip();
    String first = command.isEmpty() ? "" : command.split("\\s+", 2)[0];
    putProperty(props, PROCESS_MAIN_CLASS, mainClass(first));
    // Word by word where the OS tells the words, so that "--token VALUE" is seen as two.
    List<String> words = commandWords();
    String line =
        !words.isEmpty()
            ? String.join(" ", secrets.redactArguments(words))
            : secrets.redact(
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                    + " "
                    + command);
    putProperty(props, PROCESS_COMMAND_LINE, line.strip());
  }

  /**
   * The command's words: Linux's /proc/self/cmdline in full (ProcessHandle cuts it at 4 KiB, less
   * than a Maven-sized class path), else what ProcessHandle knows.
   */
  private static List<String> commandWords() {
    Path cmdline = Path.of("/proc/self/cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        String all = Files.readString(cmdline, StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>(List.of(all.split("\0")));
        if (!words.isEmpty() && !words.get(0).isEmpty()) {
          return words;
        }
      } catch (IOException | RuntimeException e) {
        // fall through to ProcessHandle
      }
    }
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (info.command().isPresent() && info.arguments().isPresent()) {
      List<String> words = new ArrayList<>();
      words.add(info.command().get());
      words.addAll(List.of(info.arguments().get()));
      return words;
    }
    return List.of();
  }

  /** {@code java -jar app.jar} names a jar: its manifest names the class. */
  private static @Nullable String mainClass(String first) {
    if (first.isEmpty()) {
      return null;
    }
    if (!first.endsWith(".jar")) {
      return first;
    }
    try (JarFile jar = new JarFile(first)) {
      var manifest = jar.getManifest();
      String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
      return main == null ? first : main.strip();
    } catch (IOException e) {
      return first;
    }
  }

  private static List<Library> libraries(boolean hash, List<String> notes) {
    String cwd = System.getProperty("user.dir");
    String path = System.getProperty("java.class.path", "");
    String modules = System.getProperty("jdk.module.path", "");
    if (!modules.isEmpty()) {
      path = path.isEmpty() ? modules : path + File.pathSeparator + modules;
    }
    return ClassPathScanner.scan(path, Path.of(cwd), hash, notes);
  }

  private static void putProperty(Map<String, String> props, String key, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      props.put(key, value);
    }
  }
}
