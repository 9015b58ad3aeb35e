package io.galley.sdk.internal;

import io.galley.core.artifact.ArtifactPath;
import io.galley.sdk.model.ModelFlavor;
import io.galley.sdk.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Logs a model to a run: writes its MLflow model directory into a temporary directory, uploads it
 * file by file under the model's artifact path, {@code MLmodel} last (a reader that finds {@code
 * MLmodel} finds the whole model), and deletes the temporary copy.
 */
public final class ModelUpload {
  private ModelUpload() {}

  public static ModelInfo log(
      Artifacts artifacts, ModelFlavor flavor, String runId, ArtifactPath target) {
    if (target.isRoot()) {
      throw new IllegalArgumentException("A model needs an artifact path, such as \"model\"");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("galley-model-");
      ModelInfo info = ModelWriter.write(flavor, dir, runId, target.value());
      artifacts.putAll(dir, uploadOrder(dir), target);
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write model '" + target + "' of run " + runId + ": " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        deleteQuietly(dir);
      }
    }
  }

  private static List<Path> uploadOrder(Path dir) throws IOException {
    Path mlmodel = dir.resolve(ModelWriter.MLMODEL);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
    }
    files.remove(mlmodel);
    files.add(mlmodel);
    return files;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is not worth failing a logged model for.
    }
  }
}
