package io.galley.core.blob;

import java.util.function.Consumer;

/**
 * Something that keeps blobs alive: runs' artifact trees today, model versions and images later.
 * Garbage collection keeps every blob any source names.
 */
@FunctionalInterface
public interface ReferenceSource {

  /** Passes each digest this source refers to (repeats are allowed). */
  void forEachReference(Consumer<Digest> action);
}
