package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.artifact.Artifact;
import io.galley.core.blob.BlobLeases;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds a new model version's files with blob leases. Leased first, then checked: once leased, a
 * blob still stored stays stored until the lease is closed; one found gone was collected before,
 * and the version would name bytes that no longer exist, so it is refused.
 */
public final class LeasedVersionFiles implements VersionFileHold {
  private final BlobStore blobs;

  public LeasedVersionFiles(BlobStore blobs) {
    this.blobs = requireNonNull(blobs, "blobs");
  }

  @Override
  public Held hold(List<Artifact> files) {
    Map<Digest, Artifact> byDigest = new LinkedHashMap<>();
    for (Artifact file : files) {
      byDigest.putIfAbsent(file.digest(), file);
    }
    List<BlobLeases.Lease> leases = new ArrayList<>(byDigest.size());
    Held held =
        () -> {
          for (BlobLeases.Lease lease : leases) {
            lease.close();
          }
        };
    try {
      for (Map.Entry<Digest, Artifact> e : byDigest.entrySet()) {
        leases.add(blobs.leases().acquire(e.getKey()));
        if (blobs.stat(e.getKey()).isEmpty()) {
          throw new GalleyException(
              ErrorCode.RESOURCE_CONFLICT,
              "The source's file '"
                  + e.getValue().path()
                  + "' is no longer stored (its artifact was deleted and collected); no version"
                  + " was created");
        }
      }
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }
}
