package io.galley.client.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.InvalidRequestException;
import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.MavenCoordinates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * environment.json, format version 1: written field by field so that the layout is exactly what the
 * documentation says, whatever the records look like later. The reader accepts every version up to
 * {@link Environment#FORMAT_VERSION} and ignores fields it does not know; a newer version is
 * refused, since a new version number means a field changed its meaning.
 */
public final class EnvironmentJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EnvironmentJson() {}

  /** Pretty-printed, kebab-case fields, a final newline; the git diff's text is left out. */
  public static String write(Environment e) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format-version", e.formatVersion());
    Instant capturedAt = e.capturedAt();
    root.put("captured-at", capturedAt == null ? null : capturedAt.toString());
    root.put("capture-millis", e.captureMillis());
    ObjectNode props = root.putObject("properties");
    e.properties().forEach(props::put);
    ArrayNode args = root.putArray("jvm-arguments");
    e.jvmArguments().forEach(args::add);
    ArrayNode libs = root.putArray("libraries");
    for (Library l : e.libraries()) {
      ObjectNode o = libs.addObject();
      o.put("file-name", l.fileName());
      o.put("path", l.path());
      o.put("directory", l.directory());
      o.put("size-bytes", l.sizeBytes());
      o.put("sha256", l.sha256());
      MavenCoordinates maven = l.maven();
      o.set("maven", maven == null ? null : coordinates(maven));
      ArrayNode embedded = o.putArray("embedded");
      l.embedded().forEach(c -> embedded.add(coordinates(c)));
    }
    GitState g = e.git();
    if (g == null) {
      root.putNull("git");
    } else {
      ObjectNode o = root.putObject("git");
      o.put("root", g.root());
      o.put("commit", g.commit());
      o.put("branch", g.branch());
      o.put("remote-url", g.remoteUrl());
      o.put("dirty", g.dirty());
      ArrayNode untracked = o.putArray("untracked");
      g.untracked().forEach(untracked::add);
      o.put("diff-artifact", g.diff() == null ? null : GitState.DIFF_ARTIFACT);
      o.put("diff-truncated", g.diffTruncated());
    }
    ObjectNode vars = root.putObject("environment-variables");
    e.variables().forEach(vars::put);
    ArrayNode notes = root.putArray("notes");
    e.notes().forEach(notes::add);
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write environment.json", ex);
    }
  }

  private static ObjectNode coordinates(MavenCoordinates c) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("group-id", c.groupId());
    o.put("artifact-id", c.artifactId());
    o.put("version", c.version());
    return o;
  }

  /** {@link #read(String)} of UTF-8 bytes, as a run's artifact is downloaded. */
  public static Environment read(byte[] json) {
    return read(new String(json, StandardCharsets.UTF_8));
  }

  /**
   * Reads what {@link #write} wrote, in this or an older format version.
   *
   * @throws InvalidRequestException when {@code json} is not an environment.json this version reads
   */
  public static Environment read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("Not an environment.json: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("Not an environment.json: expected a JSON object");
    }
    JsonNode versionField = root.path("format-version");
    int version = versionField.canConvertToInt() ? versionField.asInt() : -1;
    if (version < 1 || version > Environment.FORMAT_VERSION) {
      throw new InvalidRequestException(
          "environment.json has format-version "
              + versionField
              + "; this Galley reads 1 to "
              + Environment.FORMAT_VERSION
              + ". Use a newer SDK or CLI.");
    }
    List<Library> libs = new ArrayList<>();
    for (JsonNode l : root.path("libraries")) {
      List<MavenCoordinates> embedded = new ArrayList<>();
      l.path("embedded").forEach(c -> embedded.add(coordinates(c)));
      String fileName = text(l, "file-name");
      libs.add(
          new Library(
              text(l, "path"),
              fileName == null ? "" : fileName,
              l.path("directory").asBoolean(),
              l.path("size-bytes").asLong(),
              text(l, "sha256"),
              l.path("maven").isObject() ? coordinates(l.path("maven")) : null,
              embedded));
    }
    JsonNode g = root.path("git");
    GitState git = null;
    if (g.isObject() && g.hasNonNull("commit")) {
      List<String> untracked = new ArrayList<>();
      g.path("untracked").forEach(u -> untracked.add(u.asText()));
      git =
          new GitState(
              text(g, "root"),
              g.path("commit").asText(),
              text(g, "branch"),
              text(g, "remote-url"),
              g.path("dirty").isBoolean() ? g.path("dirty").asBoolean() : null,
              untracked,
              null,
              g.path("diff-truncated").asBoolean());
    }
    List<String> args = new ArrayList<>();
    root.path("jvm-arguments").forEach(a -> args.add(a.asText()));
    List<String> notes = new ArrayList<>();
    root.path("notes").forEach(n -> notes.add(n.asText()));
    return new Environment(
        version,
        instant(text(root, "captured-at")),
        root.path("capture-millis").asLong(),
        strings(root.path("properties")),
        args,
        libs,
        git,
        strings(root.path("environment-variables")),
        notes);
  }

  private static @Nullable Instant instant(@Nullable String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "Not an environment.json: captured-at is not an ISO-8601 instant: " + text);
    }
  }

  private static MavenCoordinates coordinates(JsonNode c) {
    return new MavenCoordinates(
        c.path("group-id").asText(), c.path("artifact-id").asText(), c.path("version").asText());
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
