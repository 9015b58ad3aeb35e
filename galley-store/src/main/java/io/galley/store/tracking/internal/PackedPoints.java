package io.galley.store.tracking.internal;

import io.galley.core.tracking.Metric;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The points of one {@code metric_chunks} row: {@value #POINT_BYTES} bytes each, big-endian step,
 * timestamp and the value's bits ({@link Double#doubleToLongBits}, so every NaN is stored as the
 * canonical one and ±Infinity as themselves). The layout is fixed by the schema version: another
 * layout would come with a migration that rewrites the rows.
 */
final class PackedPoints {
  static final int POINT_BYTES = 24;

  private PackedPoints() {}

  static byte[] encode(List<Metric> points) {
    ByteBuffer out = ByteBuffer.allocate(points.size() * POINT_BYTES);
    for (Metric m : points) {
      out.putLong(m.step()).putLong(m.timestamp()).putLong(Double.doubleToLongBits(m.value()));
    }
    return out.array();
  }

  /** Appends the points of {@code packed}, all named {@code key}, to {@code out}. */
  static void decode(String key, byte[] packed, List<Metric> out) {
    if (packed.length % POINT_BYTES != 0) {
      throw new IllegalStateException(
          "A metric chunk of '"
              + key
              + "' holds "
              + packed.length
              + " bytes, not a multiple of "
              + POINT_BYTES);
    }
    ByteBuffer in = ByteBuffer.wrap(packed);
    while (in.hasRemaining()) {
      long step = in.getLong();
      long timestamp = in.getLong();
      out.add(new Metric(key, Double.longBitsToDouble(in.getLong()), timestamp, step));
    }
  }
}
