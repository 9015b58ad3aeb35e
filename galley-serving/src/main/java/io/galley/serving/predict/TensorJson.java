package io.galley.serving.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes tensors' values as JSON. A NaN or an infinity is written as null: JSON has no such
 * numbers, and MLflow's bare {@code NaN} breaks strict parsers.
 */
public final class TensorJson {
  private TensorJson() {}

  /** Entries {@code [from, from + count)} as a flat list. */
  public static void flat(JsonGenerator g, Tensor t, int from, int count) throws IOException {
    g.writeStartArray();
    for (int i = from; i < from + count; i++) {
      value(g, t, i);
    }
    g.writeEndArray();
  }

  /** The whole tensor as nested lists of its shape (a flat list for rank 1). */
  public static void nested(JsonGenerator g, Tensor t) throws IOException {
    long[] shape = t.shape();
    if (shape.length == 0) {
      value(g, t, 0);
      return;
    }
    nested(g, t, shape, 0, 0);
  }

  /** The entries of row {@code row} (everything below the first axis), nested. */
  public static void row(JsonGenerator g, Tensor t, int row) throws IOException {
    long[] shape = t.shape();
    if (shape.length <= 1) {
      value(g, t, row);
      return;
    }
    int stride = stride(shape, 1);
    List<String> labels = t.labels();
    if (labels != null && shape.length == 2) {
      g.writeStartObject();
      for (int j = 0; j < labels.size(); j++) {
        g.writeFieldName(labels.get(j));
        value(g, t, row * stride + j);
      }
      g.writeEndObject();
      return;
    }
    nested(g, t, shape, 1, row * stride);
  }

  private static void nested(JsonGenerator g, Tensor t, long[] shape, int axis, int offset)
      throws IOException {
    g.writeStartArray();
    int stride = stride(shape, axis + 1);
    for (int i = 0; i < shape[axis]; i++) {
      if (axis == shape.length - 1) {
        value(g, t, offset + i);
      } else {
        nested(g, t, shape, axis + 1, offset + i * stride);
      }
    }
    g.writeEndArray();
  }

  private static int stride(long[] shape, int from) {
    long s = 1;
    for (int d = from; d < shape.length; d++) {
      s *= shape[d];
    }
    return (int) s;
  }

  public static void value(JsonGenerator g, Tensor t, int i) throws IOException {
    if (t.isMissing(i)) {
      g.writeNull();
      return;
    }
    switch (t.type()) {
      case BOOL:
        g.writeBoolean(((boolean[]) t.data())[i]);
        return;
      case FP16:
      case FP32:
        float f = ((float[]) t.data())[i];
        if (Float.isFinite(f)) {
          g.writeNumber(f);
        } else {
          g.writeNull();
        }
        return;
      case FP64:
        double d = ((double[]) t.data())[i];
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeNull();
        }
        return;
      case BYTES:
        Object o = ((Object[]) t.data())[i];
        if (o instanceof byte[] b) {
          g.writeBinary(b);
        } else {
          g.writeString(String.valueOf(o));
        }
        return;
      default:
        g.writeNumber(((long[]) t.data())[i]);
    }
  }
}
