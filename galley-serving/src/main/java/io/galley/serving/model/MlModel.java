package io.galley.serving.model;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An MLflow model directory as its {@code MLmodel} file describes it: the flavours it was saved in
 * (each with its attributes, in the file's order), the signature when it has one, the input example
 * file when one was saved, and the run it was logged from.
 */
public record MlModel(
    Path directory,
    Map<String, Map<String, Object>> flavors,
    @Nullable Signature signature,
    @Nullable String inputExampleFile,
    @Nullable String runId,
    @Nullable String modelUuid) {

  public static final String FILE = "MLmodel";

  public MlModel {
    requireNonNull(directory, "directory");
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    flavors.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    flavors = Collections.unmodifiableMap(copy);
  }

  public Optional<Signature> signatureIfAny() {
    return Optional.ofNullable(signature);
  }

  /** A flavour's attribute as text, e.g. {@code model_file} of {@code tribuo}. */
  public Optional<String> attribute(String flavor, String key) {
    Map<String, Object> attributes = flavors.get(flavor);
    Object v = attributes == null ? null : attributes.get(key);
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  /**
   * The file a flavour's attribute {@code key} names (else {@code defaultName}), which must exist:
   * the one check every flavour's loader makes before reading its model.
   */
  public Path flavorFile(String flavor, String key, String defaultName) throws ModelLoadException {
    Path f = file(attribute(flavor, key).orElse(defaultName));
    if (!Files.isRegularFile(f)) {
      throw new ModelLoadException(
          "the " + flavor + " model file " + f.getFileName() + " is missing");
    }
    return f;
  }

  /**
   * A file the model names, inside its directory: a name that climbs out of it ({@code ..}, an
   * absolute path) is refused, so a crafted MLmodel cannot make the server read another file.
   */
  public Path file(String relative) throws ModelLoadException {
    Path p = directory.resolve(relative).normalize();
    if (!p.startsWith(directory.normalize()) || p.equals(directory.normalize())) {
      throw new ModelLoadException("MLmodel names a file outside the model directory: " + relative);
    }
    return p;
  }
}
