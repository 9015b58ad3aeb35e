package io.galley.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.galley.sdk.model.ColumnSpec;
import io.galley.sdk.model.ModelInfo;
import io.galley.sdk.model.ModelSignature;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text of an {@code MLmodel} file, laid out as MLflow's {@code Model.to_yaml} lays it out
 * ({@code yaml.safe_dump}: block style, keys sorted, two-space indent). The structure is fixed and
 * every value is a string or a number, so a small emitter does it without a YAML library: a value
 * is written plain only when no YAML parser can read it as anything but that string, else quoted.
 */
final class MlModelYaml {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+-]*");
  // YAML 1.1 (PyYAML, SnakeYAML) reads these as booleans or null when plain.
  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f]");

  private MlModelYaml() {}

  static String of(
      ModelInfo info,
      @Nullable ModelSignature signature,
      @Nullable Map<String, String> savedInputExampleInfo) {
    StringBuilder y = new StringBuilder();
    if (info.artifactPath() != null) {
      entry(y, "", "artifact_path", scalar(info.artifactPath()));
    }
    y.append("flavors:\n");
    info.flavors().forEach((flavor, attributes) -> map(y, "  ", flavor, attributes));
    entry(y, "", "model_size_bytes", Long.toString(info.modelSizeBytes()));
    entry(y, "", "model_uuid", scalar(info.modelUuid()));
    if (info.runId() != null) {
      entry(y, "", "run_id", scalar(info.runId()));
    }
    if (savedInputExampleInfo != null) {
      map(y, "", "saved_input_example_info", savedInputExampleInfo);
    }
    if (signature != null) {
      y.append("signature:\n");
      entry(y, "  ", "inputs", scalar(columnsJson(signature.inputs())));
      entry(
          y,
          "  ",
          "outputs",
          signature.outputs().isEmpty() ? "null" : scalar(columnsJson(signature.outputs())));
      entry(y, "  ", "params", "null");
    }
    entry(y, "", "utc_time_created", scalar(info.utcTimeCreated()));
    return y.toString();
  }

  /**
   * MLflow's {@code Schema.to_json()}: Python's {@code json.dumps} of each column's {@code
   * to_dict()} ({@code type}, then {@code name} when there is one, then {@code required}), with its
   * {@code ", "} and {@code ": "} separators.
   */
  static String columnsJson(List<ColumnSpec> columns) {
    StringJoiner out = new StringJoiner(", ", "[", "]");
    for (ColumnSpec c : columns) {
      StringBuilder col = new StringBuilder("{\"type\": ").append(json(c.type().mlflowName()));
      if (c.name() != null) {
        col.append(", \"name\": ").append(json(c.name()));
      }
      out.add(col.append(", \"required\": ").append(c.required()).append('}'));
    }
    return out.toString();
  }

  /** A string as YAML: plain when that is unambiguous, else single-quoted, else double-quoted. */
  static String scalar(String s) {
    if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
      return s;
    }
    if (!CONTROL.matcher(s).find()) {
      return "'" + s.replace("'", "''") + "'";
    }
    // A JSON string is a valid YAML double-quoted scalar, escapes included.
    return json(s);
  }

  private static void map(StringBuilder y, String indent, String key, Map<String, String> entries) {
    if (entries.isEmpty()) {
      entry(y, indent, key, "{}");
      return;
    }
    y.append(indent).append(scalar(key)).append(":\n");
    entries.forEach((k, v) -> entry(y, indent + "  ", k, scalar(v)));
  }

  private static void entry(StringBuilder y, String indent, String key, String value) {
    y.append(indent).append(scalar(key)).append(": ").append(value).append('\n');
  }

  static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
    }
  }
}
