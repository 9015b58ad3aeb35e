package io.galley.serving.tribuo;

import io.galley.serving.model.MlModel;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.Predictor;
import io.galley.serving.predict.PredictorFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.tribuo.Model;

/**
 * Loads a model of the {@code tribuo} flavour: the file its {@code model_file} names (default
 * {@code model.tribuo}), read with Tribuo's protobuf serialisation.
 */
public final class TribuoPredictorFactory implements PredictorFactory {
  public static final String FLAVOR = "tribuo";

  @Override
  public String flavor() {
    return FLAVOR;
  }

  @Override
  public Predictor load(MlModel model) throws ModelLoadException {
    Path file = model.flavorFile(FLAVOR, "model_file", "model.tribuo");
    Model<?> loaded;
    try {
      loaded = Model.deserializeFromFile(file);
    } catch (IOException | RuntimeException e) {
      // Tribuo's reader fails with protobuf's or its own exceptions on a corrupt file.
      throw new ModelLoadException(
          "the tribuo model file "
              + file.getFileName()
              + " cannot be read (corrupt, or of a Tribuo model family whose jar is not on the"
              + " class path): "
              + e.getMessage(),
          e);
    }
    return new TribuoPredictor(loaded, model.signatureIfAny().orElse(null));
  }
}
