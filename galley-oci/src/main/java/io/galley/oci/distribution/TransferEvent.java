package io.galley.oci.distribution;

import io.galley.oci.image.Descriptor;

/**
 * What a copy between registries reports as it goes, in the order {@code docker pull} and {@code
 * docker push} draw it: each blob waits, moves (bytes so far), and is done (or was there already);
 * then the manifest.
 */
public sealed interface TransferEvent {
  /** Every blob of the image, before any moves: Docker's {@code Waiting} lines. */
  record BlobWaiting(Descriptor blob) implements TransferEvent {}

  record BlobProgress(Descriptor blob, long bytes) implements TransferEvent {}

  /** The blob is at the destination; {@code present}: it was before, nothing moved. */
  record BlobDone(Descriptor blob, boolean present) implements TransferEvent {}

  /** The manifest is stored: the image is complete at the destination. */
  record ManifestDone(Descriptor manifest) implements TransferEvent {}
}
