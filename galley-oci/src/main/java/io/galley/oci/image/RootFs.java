package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.util.List;

/**
 * An image's layer identities: the digests of the <em>uncompressed</em> layer tars, in stack order
 * ({@code diff_ids}), unlike the manifest's compressed blob digests.
 */
public record RootFs(String type, List<Digest> diffIds) {
  /** The only type the spec defines. */
  public static final String LAYERS = "layers";

  public RootFs {
    requireNonNull(type, "type");
    if (!type.equals(LAYERS)) {
      throw new InvalidRequestException("rootfs.type must be 'layers', got '" + type + "'");
    }
    diffIds = List.copyOf(diffIds);
  }

  public static RootFs of(List<Digest> diffIds) {
    return new RootFs(LAYERS, diffIds);
  }
}
