package io.galley.sdk.tribuo;

import static java.util.Objects.requireNonNull;

import io.galley.sdk.model.ColumnSpec;
import io.galley.sdk.model.InputExample;
import io.galley.sdk.model.ModelFlavor;
import io.galley.sdk.model.ModelSignature;
import io.galley.sdk.model.OnnxFlavor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Tribuo;

/**
 * A Tribuo model as an MLflow model of flavour {@value #NAME}:
 *
 * <pre>{@code
 * run.logModel(TribuoFlavor.of(model).withInputExample(test.subList(0, 3)), "model");
 * Model<?> again = TribuoFlavor.load(downloadedModelDir);
 * }</pre>
 *
 * <p>The model is written with Tribuo's protobuf serialisation ({@code Model.serializeToFile},
 * Tribuo 4.3 and later) as {@value #MODEL_FILE}; the flavour's attributes name the file, the model
 * class and the Tribuo and Java versions that wrote it. The signature is the model's features, each
 * a double (Tribuo's features are numeric, and an absent one counts as zero), and for a classifier
 * one string output, the label. Immutable.
 */
public final class TribuoFlavor implements ModelFlavor {
  public static final String NAME = "tribuo";
  public static final String MODEL_FILE = "model.tribuo";

  private static final String LABEL = "org.tribuo.classification.Label";

  private final Model<?> model;
  private final @Nullable InputExample example;
  private final @Nullable String outputName;

  private TribuoFlavor(
      Model<?> model, @Nullable InputExample example, @Nullable String outputName) {
    this.model = model;
    this.example = example;
    this.outputName = outputName;
  }

  public static TribuoFlavor of(Model<?> model) {
    return new TribuoFlavor(requireNonNull(model, "model"), null, null);
  }

  /** With {@code example} saved as the model's input example. */
  public TribuoFlavor withInputExample(InputExample example) {
    return new TribuoFlavor(model, requireNonNull(example, "example"), outputName);
  }

  /**
   * With these Tribuo examples as the model's input example: one column per feature the model
   * knows, in its feature order, and 0.0 where an example lacks a feature (Tribuo's meaning of an
   * absent feature). Their outputs are left out: an input example is what the model is given.
   */
  public TribuoFlavor withInputExample(List<? extends Example<?>> examples) {
    List<String> columns = featureNames();
    List<List<Object>> rows = new ArrayList<>();
    for (Example<?> e : examples) {
      Map<String, Double> values = new HashMap<>();
      for (Feature f : e) {
        values.put(f.getName(), f.getValue());
      }
      List<Object> row = new ArrayList<>();
      columns.forEach(c -> row.add(values.getOrDefault(c, 0.0)));
      rows.add(row);
    }
    return withInputExample(new InputExample(columns, rows));
  }

  /** With the signature's output column named {@code name} (e.g. {@code species}). */
  public TribuoFlavor withOutputName(String name) {
    return new TribuoFlavor(model, example, requireNonNull(name, "name"));
  }

  /**
   * The same model exported to ONNX by Tribuo ({@code ONNXExportable}: linear models, factorization
   * machines, LibLinear, LibSVM, ensembles of them), with this flavour's signature and input
   * example; a classifier's classes, in the output's order, become its {@code output_labels}.
   * Tribuo's export computes in float32 where Tribuo uses doubles, so scores agree to about 1e-6.
   *
   * @throws IllegalStateException when the model's family has no ONNX export (trees, k-NN)
   */
  public OnnxFlavor onnx() {
    if (!(model instanceof ONNXExportable exportable)) {
      throw new IllegalStateException(
          model.getClass().getSimpleName() + " has no ONNX export in Tribuo " + Tribuo.VERSION);
    }
    OnnxFlavor onnx =
        OnnxFlavor.of(exportable.exportONNXModel("io.galley.sdk.tribuo", 1).toByteArray())
            .withAttribute("exported_by", "tribuo " + Tribuo.VERSION)
            .withAttribute("model_class", model.getClass().getName());
    onnx = onnx.withSignature(signature().orElseThrow());
    if (example != null) {
      onnx = onnx.withInputExample(example);
    }
    if (!outputs().isEmpty()) {
      List<String> classes = new ArrayList<>();
      ImmutableOutputInfo<?> info = model.getOutputIDInfo();
      for (int id = 0; id < info.size(); id++) {
        classes.add(info.getOutput(id).getSerializableForm(false));
      }
      onnx = onnx.withOutputLabels(classes);
    }
    return onnx;
  }

  /** Reads back the model of an MLflow model directory this flavour wrote. */
  public static Model<?> load(Path modelDir) throws IOException {
    return Model.deserializeFromFile(modelDir.resolve(MODEL_FILE));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> writeFiles(Path dir) throws IOException {
    model.serializeToFile(dir.resolve(MODEL_FILE));
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("model_file", MODEL_FILE);
    attributes.put("model_class", model.getClass().getName());
    attributes.put("serialization_format", "protobuf");
    attributes.put("tribuo_version", Tribuo.VERSION);
    // Numeric results can differ between JVMs (Math vs StrictMath): record which one wrote it.
    attributes.put("java_version", System.getProperty("java.version"));
    return attributes;
  }

  @Override
  public Optional<ModelSignature> signature() {
    List<ColumnSpec> inputs = new ArrayList<>();
    featureNames().forEach(f -> inputs.add(ColumnSpec.of(f, ColumnSpec.Type.DOUBLE)));
    return Optional.of(new ModelSignature(inputs, outputs()));
  }

  @Override
  public Optional<InputExample> inputExample() {
    return Optional.ofNullable(example);
  }

  /** Feature names by id; Tribuo numbers features in name order. */
  private List<String> featureNames() {
    ImmutableFeatureMap features = model.getFeatureIDMap();
    List<String> names = new ArrayList<>(features.size());
    for (int id = 0; id < features.size(); id++) {
      names.add(features.get(id).getName());
    }
    return names;
  }

  /**
   * A classifier's output is its label's name. Other tasks (regression with named dimensions,
   * clustering, multi-label) are left unstated rather than guessed; the output type is compared by
   * name so that this module needs only Tribuo's core.
   */
  private List<ColumnSpec> outputs() {
    Set<?> domain = model.getOutputIDInfo().getDomain();
    if (domain.isEmpty() || !LABEL.equals(domain.iterator().next().getClass().getName())) {
      return List.of();
    }
    return List.of(
        outputName == null
            ? ColumnSpec.unnamed(ColumnSpec.Type.STRING)
            : ColumnSpec.of(outputName, ColumnSpec.Type.STRING));
  }
}
