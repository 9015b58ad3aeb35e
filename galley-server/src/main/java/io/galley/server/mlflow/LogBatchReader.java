package io.galley.server.mlflow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.tracking.Metric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fast path of {@code runs/log-batch}: streams the body and turns each metric straight into a
 * {@link Metric}, where the general path builds a node tree of up to 1000 objects and then reads it
 * field by field. It accepts only the usual shape: an object whose {@code metrics} elements hold
 * {@code key} (a non-empty string), {@code value} (a number), {@code timestamp} and optionally
 * {@code step} (integers), each once. Anything else (strings for numbers, nulls, unknown or
 * repeated fields, malformed JSON) returns null, and the caller reads the body the general way,
 * which gives the same metrics or MLflow's error: this class never decides an error. The other
 * fields (run_id, params, tags) are read as trees, as the general path reads them.
 */
final class LogBatchReader {
  /** The metrics, and the body's other fields as the general path would see them. */
  record Read(ObjectNode rest, List<Metric> metrics) {}

  /** Reads one value mid-stream: the body goes on after it, so trailing tokens are expected. */
  private static final ObjectReader VALUE =
      WireJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private LogBatchReader() {}

  static @Nullable Read read(byte[] body) {
    // Jackson decodes UTF-8 leniently; bodies with non-ASCII bytes take the general path, which
    // checks them strictly. Metric keys are ASCII in practice, so this costs the fast path little.
    if (!isAscii(body)) {
      return null;
    }
    try (JsonParser p = WireJson.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode rest = JsonNodeFactory.instance.objectNode();
      List<Metric> metrics = null;
      for (String name; (name = p.nextFieldName()) != null; ) {
        JsonToken token = p.nextToken();
        if (name.equals("metrics")) {
          if (metrics != null || token != JsonToken.START_ARRAY) {
            return null;
          }
          metrics = readMetrics(p);
          if (metrics == null) {
            return null;
          }
        } else {
          JsonNode value = VALUE.readTree(p);
          if (value == null || rest.has(name)) {
            return null;
          }
          rest.set(name, value);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new Read(rest, metrics == null ? List.of() : metrics);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The elements of the array the parser is at, or null if one is not of the usual shape. */
  private static @Nullable List<Metric> readMetrics(JsonParser p) throws IOException {
    List<Metric> out = new ArrayList<>();
    for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
      if (t != JsonToken.START_OBJECT) {
        return null;
      }
      String key = null;
      double value = 0;
      long timestamp = 0;
      long step = 0;
      int seen = 0; // bits: 1 value, 2 timestamp, 4 step
      for (String field; (field = p.nextFieldName()) != null; ) {
        JsonToken v = p.nextToken();
        switch (field) {
          case "key" -> {
            if (key != null || v != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
              return null;
            }
            key = p.getText();
          }
          case "value" -> {
            if ((seen & 1) != 0) {
              return null;
            }
            if (v == JsonToken.VALUE_NUMBER_FLOAT) {
              value = p.getDoubleValue();
            } else if (isLong(p, v)) {
              value = p.getLongValue();
            } else {
              return null;
            }
            seen |= 1;
          }
          case "timestamp" -> {
            if ((seen & 2) != 0 || !isLong(p, v)) {
              return null;
            }
            timestamp = p.getLongValue();
            seen |= 2;
          }
          case "step" -> {
            if ((seen & 4) != 0 || !isLong(p, v)) {
              return null;
            }
            step = p.getLongValue();
            seen |= 4;
          }
          default -> {
            return null;
          }
        }
      }
      if (key == null || (seen & 3) != 3) {
        return null;
      }
      out.add(new Metric(key, value, timestamp, step));
    }
    return out;
  }

  private static boolean isLong(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      return false;
    }
    JsonParser.NumberType type = p.getNumberType();
    return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
  }

  private static boolean isAscii(byte[] body) {
    for (byte b : body) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
