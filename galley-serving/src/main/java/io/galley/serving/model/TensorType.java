package io.galley.serving.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Open Inference Protocol's tensor datatypes, each with the NumPy dtype MLflow's tensor specs
 * name it by. Integers of every width are held as {@code long}, floats as {@code float} or {@code
 * double}, {@code BYTES} as strings or byte arrays.
 */
public enum TensorType {
  BOOL("bool", 0, 1),
  UINT8("uint8", 0, 255),
  UINT16("uint16", 0, 65_535),
  UINT32("uint32", 0, 4_294_967_295L),
  // Held in a long: the upper half of uint64 is refused rather than wrapped.
  UINT64("uint64", 0, Long.MAX_VALUE),
  INT8("int8", Byte.MIN_VALUE, Byte.MAX_VALUE),
  INT16("int16", Short.MIN_VALUE, Short.MAX_VALUE),
  INT32("int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
  INT64("int64", Long.MIN_VALUE, Long.MAX_VALUE),
  FP16("float16", 0, 0),
  FP32("float32", 0, 0),
  FP64("float64", 0, 0),
  BYTES("object", 0, 0);

  // NumPy's other spellings MLflow may write for the same dtype.
  private static final Map<String, TensorType> ALIASES =
      Map.of("str", BYTES, "bytes", BYTES, "float", FP64, "double", FP64, "int", INT64);

  private final String numpyName;
  private final long min;
  private final long max;

  TensorType(String numpyName, long min, long max) {
    this.numpyName = numpyName;
    this.min = min;
    this.max = max;
  }

  /** The dtype MLflow's {@code tensor-spec} writes, e.g. {@code float32}. */
  public String numpyName() {
    return numpyName;
  }

  public boolean isInteger() {
    return this != BOOL && max > 0;
  }

  public boolean isFloating() {
    return this == FP16 || this == FP32 || this == FP64;
  }

  /** Whether {@code value} fits this integer type. */
  public boolean holds(long value) {
    return value >= min && value <= max;
  }

  /** The protocol's name, e.g. {@code FP32}; empty for one it does not define. */
  public static Optional<TensorType> ofProtocolName(String name) {
    try {
      return Optional.of(valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The type of a NumPy dtype as MLflow writes it ({@code float32}, {@code <U0}, {@code str}). */
  public static Optional<TensorType> ofNumpyName(String dtype) {
    String d = dtype.toLowerCase(Locale.ROOT);
    for (TensorType t : values()) {
      if (t.numpyName.equals(d)) {
        return Optional.of(t);
      }
    }
    if (d.startsWith("<u") || d.startsWith("|s") || d.startsWith("<s")) {
      return Optional.of(BYTES);
    }
    return Optional.ofNullable(ALIASES.get(d));
  }
}
