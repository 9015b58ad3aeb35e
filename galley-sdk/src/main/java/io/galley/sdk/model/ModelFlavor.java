package io.galley.sdk.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One model in one MLflow flavour, as {@link io.galley.sdk.ActiveRun#logModel} and {@link
 * ModelDirectory#save} take it: the flavour writes the model's own files, the SDK writes the rest
 * of the MLflow model directory ({@code MLmodel}, the input example) around them.
 *
 * <p>An implementation for a library lives outside the SDK (e.g. {@code
 * io.galley.sdk.tribuo.TribuoFlavor}), so that training code pulls in only the libraries it uses.
 * Implementations should not claim a flavour they do not write: MLflow's tools act on every flavour
 * an {@code MLmodel} names (a {@code python_function} entry, say, promises a Python loader).
 */
public interface ModelFlavor {

  /**
   * The flavour's name, the key under {@code flavors:} in {@code MLmodel} (e.g. {@code tribuo}):
   * lower-case letters, digits and underscores.
   */
  String name();

  /**
   * Writes the model's files into {@code dir}, an existing empty directory, and returns the
   * flavour's attributes for {@code MLmodel}: file names relative to {@code dir} and the versions
   * needed to read them back (e.g. {@code model_file: model.tribuo}, {@code tribuo_version:
   * 4.3.2}). Keys are lower-case letters, digits and underscores; they are written sorted, as
   * MLflow writes them.
   */
  Map<String, String> writeFiles(Path dir) throws IOException;

  /** The model's input and output columns, when the flavour knows them. */
  default Optional<ModelSignature> signature() {
    return Optional.empty();
  }

  /** A few rows the model accepts, saved beside it as MLflow's {@code input_example.json}. */
  default Optional<InputExample> inputExample() {
    return Optional.empty();
  }
}
