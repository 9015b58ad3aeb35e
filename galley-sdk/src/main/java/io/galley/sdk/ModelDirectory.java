package io.galley.sdk;

import io.galley.sdk.internal.ModelWriter;
import io.galley.sdk.model.ModelFlavor;
import io.galley.sdk.model.ModelInfo;
import java.io.IOException;
import java.nio.file.Path;

/**
 * MLflow model directories on the local disk, for a model that is not (yet) logged to a run: what
 * {@code mlflow.<flavor>.save_model} writes. To log a model to a run, use {@link
 * ActiveRun#logModel}, which writes the same directory and uploads it.
 */
public final class ModelDirectory {
  /** The file that makes a directory an MLflow model. */
  public static final String MLMODEL = ModelWriter.MLMODEL;

  private ModelDirectory() {}

  /**
   * Writes {@code flavor}'s files, its input example and an {@code MLmodel} into {@code dir}
   * (created if absent, else it must be empty).
   */
  public static ModelInfo save(ModelFlavor flavor, Path dir) throws IOException {
    return ModelWriter.write(flavor, dir, null, null);
  }
}
