package io.galley.cli;

import static java.util.Objects.requireNonNull;

import io.galley.client.GalleyClient;
import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.tracking.Run;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley runs env RUN}: what a run recorded about where it ran, from its environment.json
 * artifact, else from its tags, in sections: JVM, system, process, git, libraries, variables,
 * datasets.
 */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = "Show the environment a run recorded (JVM, OS, libraries, git, data).")
final class RunEnvCommand implements Callable<Integer> {
  /** Property key prefixes of each section, in order; a key no prefix claims goes to SYSTEM. */
  private static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("JVM", List.of("java."));
    SECTIONS.put("SYSTEM", List.of("os.", "cpu.", "memory.", "gpu.", "host.", "user."));
    SECTIONS.put("PROCESS", List.of("process."));
  }

  @Mixin TrackingOptions tracking;

  @Parameters(paramLabel = "RUN", description = "Run id.")
  String runId;

  @Option(names = "--libraries", description = "List every library, not only how many.")
  boolean libraries;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GalleyClient client = tracking.client();
    Run run = client.getRun(runId).toRun();
    RecordedEnvironment env = client.recordedEnvironment(run.info().runId(), run.data().tags());
    PrintWriter out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(RunEnvJson.of(run, env).toPrettyString());
    } else {
      print(out, run, env);
    }
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, Run run, RecordedEnvironment env) {
    String which = "Run " + run.info().runId() + " (" + run.info().runName() + ")";
    switch (env.source()) {
      case ENVIRONMENT_JSON ->
          out.println(
              which
                  + ": environment from "
                  + Environment.ARTIFACT
                  + " (format-version "
                  + env.formatVersion()
                  + ").");
      case TAGS ->
          out.println(
              which
                  + ": environment from tags only (no "
                  + Environment.ARTIFACT
                  + "): no library hashes, command line or variables.");
      case NONE ->
          out.println(
              which
                  + ": no environment captured. It has no "
                  + Environment.ARTIFACT
                  + " artifact and no galley.env.* or mlflow.source.git.* tags; runs logged"
                  + " with galley-sdk record one.");
    }
    Map<String, TextTable> tables = new LinkedHashMap<>();
    SECTIONS.keySet().forEach(s -> tables.put(s, new TextTable(s, "VALUE")));
    env.properties()
        .forEach(
            (key, value) -> requireNonNull(tables.get(section(key))).row(key, display(key, value)));
    if (!env.jvmArguments().isEmpty()) {
      requireNonNull(tables.get("JVM")).row("jvm-arguments", String.join(" ", env.jvmArguments()));
    }
    tables.values().forEach(t -> printIfAny(out, t));
    GitState git = env.git();
    if (git != null) {
      TextTable table = new TextTable("GIT", "VALUE");
      table.row("commit", git.commit());
      table.row("branch", orDash(git.branch()));
      table.row("remote", orDash(git.remoteUrl()));
      table.row("dirty", git.dirty() == null ? "-" : git.dirty().toString());
      printIfAny(out, table);
    }
    printLibraries(out, env.jars());
    TextTable variables = new TextTable("VARIABLE", "VALUE");
    env.variables().forEach(variables::row);
    printIfAny(out, variables);
    TextTable datasets = new TextTable("DATASET", "CONTEXT", "DIGEST", "CONTENT DIGEST", "SOURCE");
    RunEnvJson.datasets(run)
        .forEach(
            d ->
                datasets.row(
                    d.name(),
                    orDash(d.context()),
                    d.digest(),
                    orDash(d.contentDigest()),
                    d.source()));
    printIfAny(out, datasets);
    if (!env.notes().isEmpty()) {
      out.println();
      out.println("NOTES");
      env.notes().forEach(n -> out.println("- " + n));
    }
  }

  private void printLibraries(PrintWriter out, List<Library> all) {
    if (all.isEmpty()) {
      return;
    }
    out.println();
    if (!libraries) {
      long hashed = all.stream().filter(l -> l.sha256() != null).count();
      out.println(
          "LIBRARIES: "
              + all.size()
              + " on the class path, "
              + hashed
              + " with a sha256; --libraries lists them.");
      return;
    }
    TextTable table = new TextTable("LIBRARY", "VERSION", "SHA256");
    all.forEach(l -> table.row(l.name(), orDash(l.version()), l.shortSha256(12)));
    table.print(out);
  }

  private static String section(String key) {
    for (Map.Entry<String, List<String>> s : SECTIONS.entrySet()) {
      if (s.getValue().stream().anyMatch(key::startsWith)) {
        return s.getKey();
      }
    }
    return "SYSTEM";
  }

  /** Byte counts also in GiB, which is how people think of memory. */
  private static String display(String key, String value) {
    if (key.endsWith("-bytes") && value.matches("\\d+")) {
      return value
          + " ("
          + Formats.number(Long.parseLong(value) / (1024.0 * 1024 * 1024))
          + " GiB)";
    }
    return value;
  }

  private static void printIfAny(PrintWriter out, TextTable table) {
    if (!table.isEmpty()) {
      out.println();
      table.print(out);
    }
  }

  static String orDash(@Nullable String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
