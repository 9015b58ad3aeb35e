package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.client.GalleyClient;
import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.environment.RecordedGit;
import io.galley.core.environment.RecordedLibrary;
import io.galley.core.tracking.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run's recorded environment as the CLI finds it: the {@code environment.json} artifact the SDK
 * uploads (format-version 1, kebab-case, documented in the README), else the run's tags. The CLI
 * reads the documented format itself rather than through the SDK, which training code embeds.
 */
final class EnvironmentJsonReader {
  /** The newest environment.json layout this reader knows. */
  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private EnvironmentJsonReader() {}

  /** environment.json if the run has a readable one, else what its tags hold. */
  static RecordedEnvironment load(GalleyClient client, Run run) {
    String runId = run.info().runId();
    Optional<byte[]> json = client.findArtifact(runId, RecordedEnvironment.ARTIFACT);
    RecordedEnvironment fromTags = RecordedEnvironment.fromTags(run.data().tags());
    if (json.isEmpty()) {
      return fromTags;
    }
    try {
      return read(json.get());
    } catch (IllegalArgumentException e) {
      return fromTags.withNote(
          RecordedEnvironment.ARTIFACT + " is unreadable (" + e.getMessage() + "); read the tags");
    }
  }

  /**
   * Reads environment.json; directories on the class path (the program's own classes) are left out.
   */
  static RecordedEnvironment read(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("format-version").canConvertToInt()) {
      throw new IllegalArgumentException("no format-version");
    }
    int version = root.path("format-version").asInt();
    List<String> notes = new ArrayList<>();
    root.path("notes").forEach(n -> notes.add(n.asText()));
    if (version > FORMAT_VERSION) {
      notes.add(
          "written in format-version "
              + version
              + "; this galley reads up to "
              + FORMAT_VERSION
              + ", so newer fields are not shown");
    }
    List<RecordedLibrary> libraries = new ArrayList<>();
    for (JsonNode l : root.path("libraries")) {
      if (l.path("directory").asBoolean()) {
        continue;
      }
      JsonNode maven = l.path("maven");
      String fileName = l.path("file-name").asText();
      libraries.add(
          maven.isObject()
              ? new RecordedLibrary(
                  maven.path("group-id").asText() + ":" + maven.path("artifact-id").asText(),
                  maven.path("version").asText(),
                  text(l, "sha256"),
                  fileName)
              : RecordedLibrary.fromFileName(fileName, text(l, "sha256")));
    }
    JsonNode g = root.path("git");
    RecordedGit git =
        g.isObject() && g.hasNonNull("commit")
            ? new RecordedGit(
                g.path("commit").asText(),
                text(g, "branch"),
                text(g, "remote-url"),
                g.path("dirty").isBoolean() ? g.path("dirty").asBoolean() : null)
            : null;
    List<String> arguments = new ArrayList<>();
    root.path("jvm-arguments").forEach(a -> arguments.add(a.asText()));
    return new RecordedEnvironment(
        RecordedEnvironment.Source.ENVIRONMENT_JSON,
        version,
        strings(root.path("properties")),
        arguments,
        libraries,
        git,
        strings(root.path("environment-variables")),
        notes);
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
