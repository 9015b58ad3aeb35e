package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the CLI writes times and metric values read from the API's JSON. */
final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private static final MathContext SIGNIFICANT = new MathContext(6);

  private Formats() {}

  static String time(JsonNode millis) {
    return millis.isMissingNode() || millis.isNull()
        ? "-"
        : TIME.format(Instant.ofEpochMilli(millis.asLong()));
  }

  /** Metric values come as numbers, or as "NaN" / "Infinity" strings (protobuf JSON). */
  static double metricValue(JsonNode value) {
    return value.isTextual() ? Double.parseDouble(value.asText()) : value.asDouble();
  }

  /** Six significant digits, without trailing zeros: 0.933333, 12, 1.5E-7. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    BigDecimal rounded = new BigDecimal(v).round(SIGNIFICANT).stripTrailingZeros();
    double magnitude = Math.abs(v);
    return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e12)
        ? rounded.toPlainString()
        : rounded.toString();
  }
}
