package io.galley.sdk.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.tracking.TrackingLimits;
import io.galley.sdk.model.ColumnSpec;
import io.galley.sdk.model.InputExample;
import io.galley.sdk.model.ModelFlavor;
import io.galley.sdk.model.ModelInfo;
import io.galley.sdk.model.ModelSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes an MLflow model directory as MLflow's {@code save_model} does: the flavour's files, the
 * input example ({@code input_example.json}, {@code serving_input_example.json}), then {@code
 * MLmodel}, last, so that a directory with an {@code MLmodel} is complete.
 */
public final class ModelWriter {
  public static final String MLMODEL = "MLmodel";
  public static final String INPUT_EXAMPLE = "input_example.json";
  public static final String SERVING_INPUT_EXAMPLE = "serving_input_example.json";

  /** The run tag MLflow's UI reads to list a run's models (its "Models" column). */
  public static final String LOG_MODEL_HISTORY_TAG = "mlflow.log-model.history";

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private ModelWriter() {}

  /**
   * Writes {@code flavor} into {@code dir} (created if absent, else it must be empty), recording
   * {@code runId} and {@code artifactPath} in {@code MLmodel} when given.
   */
  public static ModelInfo write(
      ModelFlavor flavor, Path dir, @Nullable String runId, @Nullable String artifactPath)
      throws IOException {
    requireNonNull(flavor, "flavor");
    Files.createDirectories(dir);
    try (Stream<Path> existing = Files.list(dir)) {
      if (existing.findAny().isPresent()) {
        throw new IllegalArgumentException("A model is written into an empty directory: " + dir);
      }
    }
    String name = checkName("flavour name", flavor.name());
    Map<String, String> attributes = new TreeMap<>();
    flavor
        .writeFiles(dir)
        .forEach((k, v) -> attributes.put(checkName("attribute", k), requireNonNull(v, k)));
    if (Files.exists(dir.resolve(MLMODEL))) {
      throw new IllegalStateException("Flavour " + name + " wrote " + MLMODEL + " itself");
    }
    ModelSignature signature = flavor.signature().orElse(null);
    Optional<InputExample> example = flavor.inputExample();
    Map<String, String> exampleInfo = null;
    if (example.isPresent()) {
      checkAgainst(signature, example.get());
      exampleInfo = writeExample(example.get(), dir);
    }
    ModelInfo info =
        new ModelInfo(
            runId,
            artifactPath,
            UUID.randomUUID().toString().replace("-", ""),
            UTC_TIME.format(Instant.now()),
            Map.of(name, attributes),
            // MLflow counts every file but MLmodel, which it writes last.
            sizeOf(dir));
    Files.writeString(
        dir.resolve(MLMODEL), MlModelYaml.of(info, signature, exampleInfo), StandardCharsets.UTF_8);
    return info;
  }

  /**
   * The value of {@value #LOG_MODEL_HISTORY_TAG} for a run's models, oldest first, as MLflow's
   * {@code Model.get_tags_dict()} writes each; the oldest are left out when all would not fit a
   * tag's 8000 characters (MLflow 2.17's limit on a run tag value).
   */
  public static String history(List<ModelInfo> models) {
    List<String> entries = new ArrayList<>();
    for (ModelInfo m : models) {
      ObjectNode e = Json.object();
      e.put("run_id", m.runId());
      e.put("artifact_path", m.artifactPath());
      e.put("utc_time_created", m.utcTimeCreated());
      e.set("flavors", Json.mapper().valueToTree(m.flavors()));
      e.put("model_uuid", m.modelUuid());
      entries.add(e.toString());
    }
    while (true) {
      StringJoiner out = new StringJoiner(", ", "[", "]");
      entries.forEach(out::add);
      if (out.length() <= TrackingLimits.MAX_TAG_VAL_LENGTH || entries.size() == 1) {
        return out.toString();
      }
      entries.remove(0);
    }
  }

  /**
   * MLflow's {@code _Example} for a data frame: {@code input_example.json} as {@code json.dumps} of
   * the split dict without its index, the serving body indented, and the info {@code MLmodel}
   * keeps.
   */
  private static Map<String, String> writeExample(InputExample example, Path dir)
      throws IOException {
    StringJoiner columns = new StringJoiner(", ", "[", "]");
    example.columns().forEach(c -> columns.add(MlModelYaml.json(c)));
    StringJoiner data = new StringJoiner(", ", "[", "]");
    for (List<Object> row : example.rows()) {
      StringJoiner values = new StringJoiner(", ", "[", "]");
      row.forEach(v -> values.add(MlModelYaml.json(v)));
      data.add(values.toString());
    }
    Files.writeString(
        dir.resolve(INPUT_EXAMPLE),
        "{\"columns\": " + columns + ", \"data\": " + data + "}",
        StandardCharsets.UTF_8);
    ObjectNode serving = Json.object();
    ObjectNode split = serving.putObject("dataframe_split");
    ArrayNode cols = split.putArray("columns");
    example.columns().forEach(cols::add);
    split.set("data", Json.mapper().valueToTree(example.rows()));
    Files.writeString(
        dir.resolve(SERVING_INPUT_EXAMPLE), serving.toPrettyString(), StandardCharsets.UTF_8);
    Map<String, String> info = new LinkedHashMap<>();
    info.put("artifact_path", INPUT_EXAMPLE);
    info.put("pandas_orient", "split");
    info.put("serving_input_path", SERVING_INPUT_EXAMPLE);
    info.put("type", "dataframe");
    return info;
  }

  /** An example without a column the signature requires would fail the model it documents. */
  private static void checkAgainst(@Nullable ModelSignature signature, InputExample example) {
    if (signature == null) {
      return;
    }
    List<String> missing = new ArrayList<>();
    for (ColumnSpec c : signature.inputs()) {
      if (c.required() && c.name() != null && !example.columns().contains(c.name())) {
        missing.add(c.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "The input example lacks required input columns " + missing + " of the signature");
    }
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        total += Files.size(f);
      }
      return total;
    }
  }

  private static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "A model's " + what + " is lower-case letters, digits and _, got '" + name + "'");
    }
    return name;
  }
}
