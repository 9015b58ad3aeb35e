package io.galley.sdk.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@code runs/log-batch} body straight from the ring into one reused buffer, in the shape
 * the server's fast path reads ({@code key}, {@code value}, {@code timestamp}, {@code step}). NaN
 * and ±Infinity are written as MLflow's proto-JSON strings.
 */
final class MetricBatchEncoder {
  private final byte[] prefix;
  private byte[] buf = new byte[96 * 1024];
  private int len;

  MetricBatchEncoder(String runId) {
    prefix =
        ("{\"run_id\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(runId))
                + "\",\"metrics\":[")
            .getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes points {@code from .. from+count-1}; the body is {@link #bytes()}[0..length()). */
  void encode(MetricRing ring, MetricKeys keys, long from, int count) {
    len = 0;
    write(prefix);
    for (int i = 0; i < count; i++) {
      int slot = ring.slot(from + i);
      if (i > 0) {
        writeAscii(",");
      }
      writeAscii("{\"key\":");
      write(keys.json(ring.keys[slot]));
      writeAscii(",\"value\":");
      writeDouble(ring.values[slot]);
      writeAscii(",\"timestamp\":");
      writeLong(ring.timestamps[slot]);
      writeAscii(",\"step\":");
      writeLong(ring.steps[slot]);
      writeAscii("}");
    }
    writeAscii("]}");
  }

  byte[] bytes() {
    return buf;
  }

  int length() {
    return len;
  }

  private void writeDouble(double v) {
    if (Double.isNaN(v)) {
      writeAscii("\"NaN\"");
    } else if (Double.isInfinite(v)) {
      writeAscii(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      writeAscii(Double.toString(v)); // e.g. 1.0E-5: a valid JSON number, and exact on parse
    }
  }

  private void writeLong(long v) {
    if (v == Long.MIN_VALUE) {
      writeAscii(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  private void writeAscii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void write(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
