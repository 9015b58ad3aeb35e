package io.galley.oci.build;

import io.galley.oci.image.Descriptor;

/**
 * What a build reports as it goes; the caller draws progress from these, the builder prints
 * nothing.
 */
public sealed interface BuildEvent {
  /** Layer {@code index} (of {@code count} new ones) is being written. */
  record LayerStarted(int index, int count, String createdBy) implements BuildEvent {}

  /** Layer {@code index} is written: its descriptor, and how long it took. */
  record LayerWritten(int index, Descriptor layer, long millis) implements BuildEvent {}

  /** Layer {@code index} was written before, by the same recipe, and is still stored. */
  record LayerReused(int index, Descriptor layer) implements BuildEvent {}

  /** A blob goes to the sink ({@code present}: the sink had it, nothing was copied). */
  record BlobStored(Descriptor blob, boolean present) implements BuildEvent {}

  /** The manifest is stored: the image exists. */
  record ImageStored(BuiltImage image) implements BuildEvent {}
}
