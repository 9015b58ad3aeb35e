package io.galley.oci.build;

import static java.util.Objects.requireNonNull;

import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Descriptor;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything an image is made of: the base, the layers added on it (lowest first), the container
 * config of the result (entrypoint, env, user, labels...: the base's is not merged in here, the
 * caller decides), the {@code created} date written in the config and its history (fixed, for
 * reproducible images), and the manifest's annotations. Labels and annotations are kept sorted by
 * key, so the written config and manifest do not depend on the order they were given in.
 */
public record ImageRecipe(
    BaseImage base,
    List<NewLayer> layers,
    ContainerConfig config,
    Instant created,
    Map<String, String> annotations,
    @Nullable Descriptor subject) {
  /** A recipe whose manifest names no subject. */
  public ImageRecipe(
      BaseImage base,
      List<NewLayer> layers,
      ContainerConfig config,
      Instant created,
      Map<String, String> annotations) {
    this(base, layers, config, created, annotations, null);
  }

  /** This recipe with its manifest naming {@code newSubject} (OCI 1.1 {@code subject}). */
  public ImageRecipe withSubject(@Nullable Descriptor newSubject) {
    return new ImageRecipe(base, layers, config, created, annotations, newSubject);
  }

  public ImageRecipe {
    requireNonNull(base, "base");
    requireNonNull(config, "config");
    requireNonNull(created, "created");
    layers = List.copyOf(layers);
    // Sorted: a Map.of's order changes from one JVM to the next, and the order is in the digest.
    config =
        new ContainerConfig(
            config.user(),
            config.exposedPorts(),
            config.env(),
            config.entrypoint(),
            config.cmd(),
            config.workingDir(),
            new TreeMap<>(config.labels()));
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }
}
