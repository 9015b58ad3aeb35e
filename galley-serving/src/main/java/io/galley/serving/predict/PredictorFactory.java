package io.galley.serving.predict;

import io.galley.serving.model.MlModel;
import io.galley.serving.model.ModelLoadException;

/**
 * Loads models of one MLflow flavour. Implementations are found with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services/io.galley.serving.predict.PredictorFactory}
 * entry), so a model image carries the flavours it needs and any Java model can be served by adding
 * one.
 */
public interface PredictorFactory {

  /** The flavour's key under {@code flavors:} in MLmodel, e.g. {@code tribuo}. */
  String flavor();

  /** Loads {@code model}, which names this factory's flavour. */
  Predictor load(MlModel model) throws ModelLoadException;
}
