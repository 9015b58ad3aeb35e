package io.galley.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.serving.model.ColumnType;
import io.galley.serving.model.TensorType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.BitSet;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Fills one input's typed array from a request's values, checking each against the type it must
 * have. The rules (see docs/serving.md):
 *
 * <ul>
 *   <li>an integer type takes a JSON number with no fractional part, within the type's range (5 and
 *       5.0 are the same JSON number; 5.5 is refused, where MLflow's cast truncates it);
 *   <li>a floating type takes any number, and null as a missing value (NaN), as pandas does;
 *   <li>a boolean takes {@code true} or {@code false}; a string column a JSON string; binary a
 *       base64 string; a datetime an ISO-8601 date or date-time;
 *   <li>any other type takes null only in a column that is not required: the value is marked
 *       missing and the model sees it as such (a Tribuo model as an absent feature).
 * </ul>
 *
 * Messages name the input, the expected type and the row, never the value.
 */
final class TypedValues {
  private final TensorType type;
  private final @Nullable ColumnType column;
  private final Object array;
  private final BitSet missing = new BitSet();

  TypedValues(TensorType type, @Nullable ColumnType column, int size) {
    this.type = type;
    this.column = column;
    this.array = java.lang.reflect.Array.newInstance(Tensor.storage(type).getComponentType(), size);
  }

  Tensor tensor(String name, long[] shape) {
    return Tensor.of(name, type, shape, array, missing);
  }

  /** The type as an error names it: the column's MLflow name, else the tensor dtype. */
  String typeName() {
    return column != null ? column.mlflowName() : type.numpyName();
  }

  void set(int i, @Nullable JsonNode node, boolean textual, boolean nullable, String where) {
    if (node == null
        || node.isNull()
        || node.isMissingNode()
        || (textual && node.asText().isEmpty())) {
      if (type.isFloating()) {
        missing.set(i);
        store(i, Double.NaN);
        return;
      }
      if (!nullable) {
        throw new InvalidInputException(
            where
                + " has no value; it is required and of type "
                + typeName()
                + " (a column that may lack values is declared with required: false)");
      }
      missing.set(i);
      return;
    }
    if (textual) {
      setText(i, node.asText(), where);
      return;
    }
    switch (type) {
      case BOOL:
        if (!node.isBoolean()) {
          throw wrong(where, node);
        }
        ((boolean[]) array)[i] = node.booleanValue();
        return;
      case FP16:
      case FP32:
      case FP64:
        if (!node.isNumber()) {
          throw wrong(where, node);
        }
        store(i, node.doubleValue());
        return;
      case BYTES:
        if (!node.isTextual()) {
          throw wrong(where, node);
        }
        setText(i, node.textValue(), where);
        return;
      default:
        if (!node.isNumber()) {
          throw wrong(where, node);
        }
        long v;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          v = node.longValue();
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
          throw outOfRange(where);
        } else if (node.isFloatingPointNumber() && isIntegral(node.decimalValue())) {
          try {
            v = node.decimalValue().longValueExact();
          } catch (ArithmeticException e) {
            throw outOfRange(where);
          }
        } else if (node.isIntegralNumber()) {
          throw outOfRange(where);
        } else {
          throw new InvalidInputException(
              where + " must be a whole number of type " + typeName() + ", not a fraction");
        }
        if (!type.holds(v)) {
          throw outOfRange(where);
        }
        ((long[]) array)[i] = v;
    }
  }

  private void setText(int i, String text, String where) {
    switch (type) {
      case BOOL:
        String b = text.trim().toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw new InvalidInputException(where + " must be true or false");
        }
        ((boolean[]) array)[i] = b.equals("true");
        return;
      case FP16:
      case FP32:
      case FP64:
        store(i, parseDouble(text.trim(), where));
        return;
      case BYTES:
        ((Object[]) array)[i] = bytesValue(text, where);
        return;
      default:
        BigDecimal d;
        try {
          d = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
          throw new InvalidInputException(where + " must be a number of type " + typeName());
        }
        if (!isIntegral(d)) {
          throw new InvalidInputException(
              where + " must be a whole number of type " + typeName() + ", not a fraction");
        }
        long v;
        try {
          v = d.longValueExact();
        } catch (ArithmeticException e) {
          throw outOfRange(where);
        }
        if (!type.holds(v)) {
          throw outOfRange(where);
        }
        ((long[]) array)[i] = v;
    }
  }

  private Object bytesValue(String text, String where) {
    if (column == ColumnType.BINARY) {
      try {
        return Base64.getMimeDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(where + " must be base64 (a binary column)");
      }
    }
    if (column == ColumnType.DATETIME) {
      if (!isDateTime(text)) {
        throw new InvalidInputException(
            where + " must be an ISO-8601 date or date-time (a datetime column)");
      }
    }
    return text;
  }

  private static boolean isDateTime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      LocalDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private double parseDouble(String text, String where) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf":
      case "+inf":
      case "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          // Only decimal numbers: Java would also read hex floats and a trailing 'd'.
          return new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
          throw new InvalidInputException(where + " must be a number of type " + typeName());
        }
    }
  }

  private void store(int i, double v) {
    if (type == TensorType.FP64) {
      ((double[]) array)[i] = v;
    } else {
      ((float[]) array)[i] = (float) v;
    }
  }

  private static boolean isIntegral(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private InvalidInputException outOfRange(String where) {
    return new InvalidInputException(where + " is out of range for type " + typeName());
  }

  private InvalidInputException wrong(String where, JsonNode node) {
    return new InvalidInputException(
        where + " must be " + article() + " " + typeName() + ", not " + jsonKind(node));
  }

  private String article() {
    return typeName().matches("[aeiou].*") ? "an" : "a";
  }

  /** What kind of JSON value was sent, never the value itself. */
  static String jsonKind(JsonNode node) {
    switch (node.getNodeType()) {
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case ARRAY:
        return "a list";
      case OBJECT:
        return "an object";
      default:
        return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
