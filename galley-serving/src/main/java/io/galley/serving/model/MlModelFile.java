package io.galley.serving.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code MLmodel} file as MLflow writes it: unknown keys and nulls are tolerated (MLflow's
 * versions add and drop keys), the signature's {@code inputs} and {@code outputs} are JSON strings
 * of column or tensor specs, and a spec without {@code required} is required (MLflow before 2.7).
 */
public final class MlModelFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** MLmodel files are a few KiB; a larger one is not an MLmodel file. */
  private static final long MAX_BYTES = 1 << 20;

  private MlModelFile() {}

  /** The model in {@code directory}, from its {@code MLmodel} file. */
  public static MlModel read(Path directory) throws ModelLoadException {
    Path file = directory.resolve(MlModel.FILE);
    JsonNode root;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ModelLoadException(file + " is larger than " + MAX_BYTES + " bytes");
      }
      root = YAML.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(
          directory + " is not an MLflow model directory: it has no " + MlModel.FILE + " file");
    } catch (JsonProcessingException e) {
      throw new ModelLoadException(file + " is not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelLoadException(file + " does not hold a YAML mapping");
    }
    JsonNode flavorsNode = root.path("flavors");
    if (!flavorsNode.isObject() || flavorsNode.isEmpty()) {
      throw new ModelLoadException(file + " names no flavors");
    }
    Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : flavorsNode.properties()) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      if (f.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> e : f.getValue().properties()) {
          if (!e.getValue().isNull()) {
            attributes.put(
                e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
          }
        }
      }
      flavors.put(f.getKey(), attributes);
    }
    Signature signature = null;
    JsonNode sig = root.path("signature");
    if (sig.isObject() && sig.hasNonNull("inputs")) {
      try {
        Schema inputs = schema(sig.path("inputs"));
        JsonNode out = sig.path("outputs");
        signature = new Signature(inputs, out.isNull() || out.isMissingNode() ? null : schema(out));
      } catch (IllegalArgumentException | JsonProcessingException e) {
        throw new ModelLoadException(
            file + " has a signature MLflow would not write: " + e.getMessage());
      }
    }
    JsonNode example = root.path("saved_input_example_info").path("artifact_path");
    return new MlModel(
        directory,
        flavors,
        signature,
        textOrNull(example),
        textOrNull(root.path("run_id")),
        textOrNull(root.path("model_uuid")));
  }

  /** A schema from MLflow's JSON text of it (or, leniently, the JSON itself). */
  static Schema schema(JsonNode node) throws JsonProcessingException {
    JsonNode specs = node.isTextual() ? JSON.readTree(node.asText()) : node;
    if (specs == null || !specs.isArray() || specs.isEmpty()) {
      throw new IllegalArgumentException("a schema is a non-empty list of specs");
    }
    boolean tensors = "tensor".equals(specs.get(0).path("type").asText());
    List<ColSpec> columns = new ArrayList<>();
    List<TensorSpec> tensorSpecs = new ArrayList<>();
    for (JsonNode spec : specs) {
      String type = spec.path("type").asText();
      String name = textOrNull(spec.path("name"));
      if ("tensor".equals(type) != tensors) {
        throw new IllegalArgumentException("a schema mixes columns and tensors");
      }
      if (tensors) {
        JsonNode ts = spec.path("tensor-spec");
        String dtype = ts.path("dtype").asText();
        TensorType t =
            TensorType.ofNumpyName(dtype)
                .orElseThrow(() -> new IllegalArgumentException("unknown tensor dtype " + dtype));
        List<Long> shape = new ArrayList<>();
        ts.path("shape").forEach(d -> shape.add(d.asLong()));
        tensorSpecs.add(new TensorSpec(name, t, shape));
      } else {
        ColumnType t =
            ColumnType.ofMlflowName(type)
                .orElseThrow(
                    () -> new IllegalArgumentException("column type " + type + " is not served"));
        columns.add(new ColSpec(name, t, spec.path("required").asBoolean(true)));
      }
    }
    return tensors ? new Schema.Tensors(tensorSpecs) : new Schema.Columns(columns);
  }

  private static @Nullable String textOrNull(JsonNode n) {
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }
}
