package io.galley.serving.predict;

import static java.util.Objects.requireNonNull;

import io.galley.serving.model.TensorType;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A named array of one {@link TensorType}, flat in row-major order, with its shape: a request's
 * input (a column is a tensor of shape {@code [rows]}) or a model's output. The data array is
 * {@code boolean[]} for {@code BOOL}, {@code long[]} for the integers, {@code float[]} for {@code
 * FP16}/{@code FP32}, {@code double[]} for {@code FP64} and {@code Object[]} (strings or byte
 * arrays) for {@code BYTES}. Entries may be marked missing (a null in a nullable column). An output
 * may name the entries of its last axis ({@code labels}, e.g. a classifier's classes). Not copied:
 * whoever makes one hands its arrays over.
 */
public final class Tensor {
  private final String name;
  private final TensorType type;
  private final long[] shape;
  private final Object data;
  private final @Nullable BitSet missing;
  private final @Nullable List<String> labels;

  private Tensor(
      String name,
      TensorType type,
      long[] shape,
      Object data,
      @Nullable BitSet missing,
      @Nullable List<String> labels) {
    this.name = requireNonNull(name, "name");
    this.type = requireNonNull(type, "type");
    this.shape = shape.clone();
    this.data = data;
    this.missing = missing == null || missing.isEmpty() ? null : missing;
    this.labels = labels == null ? null : List.copyOf(labels);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    int length = java.lang.reflect.Array.getLength(data);
    if (n != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, the data " + length);
    }
    Class<?> expected = storage(type);
    if (data.getClass() != expected) {
      throw new IllegalArgumentException(type + " data is a " + expected.getSimpleName());
    }
    if (this.labels != null
        && (shape.length == 0 || shape[shape.length - 1] != this.labels.size())) {
      throw new IllegalArgumentException("one label per entry of the last axis");
    }
  }

  /** A tensor of {@code type} holding {@code data}, which must be of that type's storage. */
  public static Tensor of(
      String name, TensorType type, long[] shape, Object data, @Nullable BitSet missing) {
    return new Tensor(name, type, shape, data, missing, null);
  }

  public static Tensor ofDoubles(String name, long[] shape, double[] data) {
    return new Tensor(name, TensorType.FP64, shape, data, null, null);
  }

  public static Tensor ofFloats(String name, long[] shape, float[] data) {
    return new Tensor(name, TensorType.FP32, shape, data, null, null);
  }

  public static Tensor ofStrings(String name, long[] shape, String[] data) {
    return new Tensor(
        name,
        TensorType.BYTES,
        shape,
        Arrays.copyOf(data, data.length, Object[].class),
        null,
        null);
  }

  /** The same values with the entries of the last axis named, e.g. by class. */
  public Tensor withLabels(List<String> labels) {
    return new Tensor(name, type, shape, data, missing, labels);
  }

  /** The array a type's data is held in. */
  public static Class<?> storage(TensorType type) {
    switch (type) {
      case BOOL:
        return boolean[].class;
      case FP16:
      case FP32:
        return float[].class;
      case FP64:
        return double[].class;
      case BYTES:
        return Object[].class;
      default:
        return long[].class;
    }
  }

  public String name() {
    return name;
  }

  public TensorType type() {
    return type;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** The size of the first axis (rows), or 1 for a scalar. */
  public long rows() {
    return shape.length == 0 ? 1 : shape[0];
  }

  public int size() {
    return java.lang.reflect.Array.getLength(data);
  }

  /** The flat data array itself (see the class comment for its class). */
  public Object data() {
    return data;
  }

  public @Nullable List<String> labels() {
    return labels;
  }

  public boolean isMissing(int index) {
    return missing != null && missing.get(index);
  }

  /** A numeric entry as a double: NaN when missing, 1 or 0 for a boolean. */
  public double doubleAt(int index) {
    if (isMissing(index)) {
      return Double.NaN;
    }
    switch (type) {
      case BOOL:
        return ((boolean[]) data)[index] ? 1 : 0;
      case FP16:
      case FP32:
        return ((float[]) data)[index];
      case FP64:
        return ((double[]) data)[index];
      case BYTES:
        throw new IllegalStateException("a BYTES tensor has no numeric values");
      default:
        return ((long[]) data)[index];
    }
  }
}
