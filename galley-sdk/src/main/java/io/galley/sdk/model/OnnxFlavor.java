package io.galley.sdk.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An ONNX model as an MLflow model of flavour {@value #NAME}, as {@code mlflow.onnx} saves one
 * ({@code data: model.onnx}), from the model's serialised bytes: any library's export will do (see
 * {@code TribuoFlavor.onnx} for Tribuo's). For a classifier the class names of the output's last
 * axis, in order, are kept as {@code output_labels} so that a server can name the classes and give
 * the label. Immutable.
 */
public final class OnnxFlavor implements ModelFlavor {
  public static final String NAME = "onnx";
  public static final String MODEL_FILE = "model.onnx";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] model;
  private final @Nullable ModelSignature signature;
  private final @Nullable InputExample example;
  private final List<String> labels;
  private final Map<String, String> extra;

  private OnnxFlavor(
      byte[] model,
      @Nullable ModelSignature signature,
      @Nullable InputExample example,
      List<String> labels,
      Map<String, String> extra) {
    this.model = model;
    this.signature = signature;
    this.example = example;
    this.labels = List.copyOf(labels);
    this.extra = Map.copyOf(extra);
  }

  /** The model of these serialised bytes (an ONNX {@code ModelProto}). */
  public static OnnxFlavor of(byte[] model) {
    if (requireNonNull(model, "model").length == 0) {
      throw new IllegalArgumentException("an ONNX model has bytes");
    }
    return new OnnxFlavor(model.clone(), null, null, List.of(), Map.of());
  }

  public OnnxFlavor withSignature(ModelSignature s) {
    return new OnnxFlavor(model, requireNonNull(s, "signature"), example, labels, extra);
  }

  public OnnxFlavor withInputExample(InputExample e) {
    return new OnnxFlavor(model, signature, requireNonNull(e, "example"), labels, extra);
  }

  /** The class names of the output's last axis, in order. */
  public OnnxFlavor withOutputLabels(List<String> classes) {
    return new OnnxFlavor(model, signature, example, classes, extra);
  }

  /** More attributes for {@code MLmodel} (e.g. who exported it). */
  public OnnxFlavor withAttribute(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(extra);
    more.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
    return new OnnxFlavor(model, signature, example, labels, more);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> writeFiles(Path dir) throws IOException {
    Files.write(dir.resolve(MODEL_FILE), model);
    Map<String, String> attributes = new LinkedHashMap<>(extra);
    attributes.put("data", MODEL_FILE);
    if (!labels.isEmpty()) {
      attributes.put("output_labels", JSON.writeValueAsString(labels));
    }
    return attributes;
  }

  @Override
  public Optional<ModelSignature> signature() {
    return Optional.ofNullable(signature);
  }

  @Override
  public Optional<InputExample> inputExample() {
    return Optional.ofNullable(example);
  }
}
