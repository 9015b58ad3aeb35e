package io.galley.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code galley runs env --format json}: one object in the CLI's snake_case, the same shape whether
 * the environment came from environment.json or from tags ({@code source} says which).
 */
final class RunEnvJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dataset input as both env and diff show it. */
  record DatasetView(
      String name,
      @Nullable String context,
      String digest,
      @Nullable String contentDigest,
      String source) {}

  private RunEnvJson() {}

  static String source(RecordedEnvironment.Source source) {
    return switch (source) {
      case ENVIRONMENT_JSON -> Environment.ARTIFACT;
      case TAGS -> "tags";
      case NONE -> "none";
    };
  }

  static ObjectNode of(Run run, RecordedEnvironment env) {
    ObjectNode o = JSON.createObjectNode();
    o.put("run_id", run.info().runId());
    o.put("run_name", run.info().runName());
    o.put("source", source(env.source()));
    o.put("format_version", env.formatVersion());
    ObjectNode props = o.putObject("properties");
    env.properties().forEach(props::put);
    ArrayNode args = o.putArray("jvm_arguments");
    env.jvmArguments().forEach(args::add);
    ArrayNode libs = o.putArray("libraries");
    for (Library l : env.jars()) {
      libs.addObject()
          .put("name", l.name())
          .put("version", l.version())
          .put("sha256", l.sha256())
          .put("file_name", l.fileName());
    }
    GitState g = env.git();
    if (g == null) {
      o.putNull("git");
    } else {
      ObjectNode git =
          o.putObject("git")
              .put("commit", g.commit())
              .put("branch", g.branch())
              .put("remote_url", g.remoteUrl());
      git.put("dirty", g.dirty());
    }
    ObjectNode vars = o.putObject("environment_variables");
    env.variables().forEach(vars::put);
    ArrayNode datasets = o.putArray("datasets");
    for (DatasetView d : datasets(run)) {
      datasets
          .addObject()
          .put("name", d.name())
          .put("context", d.context())
          .put("digest", d.digest())
          .put("content_digest", d.contentDigest())
          .put("source", d.source());
    }
    ArrayNode notes = o.putArray("notes");
    env.notes().forEach(notes::add);
    return o;
  }

  static List<DatasetView> datasets(Run run) {
    return run.inputs().stream()
        .map(
            i ->
                new DatasetView(
                    i.dataset().name(),
                    tag(i, "mlflow.data.context"),
                    i.dataset().digest(),
                    tag(i, DatasetInput.CONTENT_DIGEST_TAG),
                    i.dataset().source()))
        .toList();
  }

  private static @Nullable String tag(DatasetInput input, String key) {
    return input.tags().stream()
        .filter(t -> t.key().equals(key))
        .map(Tag::value)
        .findFirst()
        .orElse(null);
  }
}
