package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An image configuration ({@code config.md}, media type {@link MediaTypes#OCI_CONFIG}; Docker's
 * {@link MediaTypes#DOCKER_CONFIG} has the same fields). {@code created} is kept as the RFC 3339
 * text it was written with: reproducible images fix it, and re-formatting it would change the
 * config's digest.
 */
public record ImageConfig(
    @Nullable String created,
    @Nullable String author,
    String architecture,
    String os,
    @Nullable String osVersion,
    @Nullable String variant,
    ContainerConfig config,
    RootFs rootfs,
    List<History> history) {
  public ImageConfig {
    requireNonNull(architecture, "architecture");
    requireNonNull(os, "os");
    requireNonNull(config, "config");
    requireNonNull(rootfs, "rootfs");
    if (architecture.isEmpty() || os.isEmpty()) {
      throw new InvalidRequestException("image config needs a non-empty architecture and os");
    }
    history = List.copyOf(history);
  }

  /** The history entries that produced a layer must match the layers one to one. */
  public long layerHistoryCount() {
    return history.stream().filter(h -> !h.emptyLayer()).count();
  }
}
