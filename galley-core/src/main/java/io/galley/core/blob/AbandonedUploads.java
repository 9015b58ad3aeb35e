package io.galley.core.blob;

/** Temp files of puts that a crash or kill cut off, reclaimed (or counted) by a collection. */
public record AbandonedUploads(long files, long bytes) {
  public static final AbandonedUploads NONE = new AbandonedUploads(0, 0);

  public AbandonedUploads {
    if (files < 0 || bytes < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
