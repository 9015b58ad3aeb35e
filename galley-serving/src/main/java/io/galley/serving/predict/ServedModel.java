package io.galley.serving.predict;

import static java.util.Objects.requireNonNull;

import io.galley.serving.model.MlModel;
import io.galley.serving.model.MlModelFile;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.model.Signature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A model loaded for serving: its MLmodel, the predictor of the first of its flavours that a {@link
 * PredictorFactory} on the class path serves, the signature requests are checked against
 * (MLmodel's, else the predictor's own), and the name and version it is served under.
 */
public final class ServedModel implements AutoCloseable {
  private final MlModel model;
  private final String flavor;
  private final Predictor predictor;
  private final Signature signature;
  private final String name;
  private final @Nullable String version;

  private ServedModel(
      MlModel model, String flavor, Predictor predictor, String name, @Nullable String version) {
    this.model = model;
    this.flavor = flavor;
    this.predictor = predictor;
    this.signature = model.signatureIfAny().orElseGet(predictor::signature);
    this.name = requireNonNull(name, "name");
    this.version = version;
  }

  /** The factories on the class path, by flavour. */
  public static Map<String, PredictorFactory> factories() {
    Map<String, PredictorFactory> byFlavor = new TreeMap<>();
    for (PredictorFactory f : ServiceLoader.load(PredictorFactory.class)) {
      byFlavor.putIfAbsent(f.flavor(), f);
    }
    return byFlavor;
  }

  /**
   * Loads the model in {@code directory} with the given factories.
   *
   * @throws ModelLoadException naming the model's flavours and the served ones when none match, or
   *     saying what is wrong with its files
   */
  public static ServedModel load(
      Path directory,
      Map<String, PredictorFactory> factories,
      String name,
      @Nullable String version)
      throws ModelLoadException {
    MlModel model = MlModelFile.read(directory);
    for (String flavor : model.flavors().keySet()) {
      PredictorFactory factory = factories.get(flavor);
      if (factory != null) {
        Predictor predictor;
        try {
          predictor = factory.load(model);
        } catch (RuntimeException e) {
          throw new ModelLoadException(
              "cannot load the " + flavor + " model in " + directory + ": " + e, e);
        }
        return new ServedModel(model, flavor, predictor, name, version);
      }
    }
    throw new ModelLoadException(
        "Galley cannot serve this model: its flavors are "
            + new ArrayList<>(model.flavors().keySet())
            + ", and Galley serves "
            + new ArrayList<>(factories.keySet()));
  }

  public MlModel model() {
    return model;
  }

  public String flavor() {
    return flavor;
  }

  public Signature signature() {
    return signature;
  }

  public String name() {
    return name;
  }

  public @Nullable String version() {
    return version;
  }

  public Predictor predictor() {
    return predictor;
  }

  /** Predicts for inputs already conformed to {@link #signature()}. */
  public List<Tensor> predict(List<Tensor> inputs) {
    return predictor.predict(inputs);
  }

  @Override
  public void close() {
    predictor.close();
  }
}
