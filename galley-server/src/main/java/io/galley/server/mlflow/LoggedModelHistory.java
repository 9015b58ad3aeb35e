package io.galley.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * MLflow's LogModel: {@code _log_model} ({@code mlflow/server/handlers.py}) checks the request's
 * {@code model_json}; {@code record_logged_model} ({@code
 * mlflow/store/tracking/sqlalchemy_store.py}) appends what {@code
 * Model.from_dict(model).get_tags_dict()} keeps of it to the run's {@value #TAG} tag, the JSON list
 * where MLflow's UI and tools find a run's models.
 */
final class LoggedModelHistory {
  static final String TAG = "mlflow.log-model.history";

  /** {@code _log_model}'s mandatory fields, sorted so that its message is stable. */
  private static final List<String> MANDATORY =
      List.of("artifact_path", "flavors", "run_id", "utc_time_created");

  private static final DateTimeFormatter PYTHON_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private LoggedModelHistory() {}

  /** The history entry of {@code modelJson}, refused with MLflow's messages when it is not one. */
  static ObjectNode entry(String modelJson) {
    JsonNode model;
    try {
      model = WireJson.readTree(modelJson);
    } catch (IOException e) {
      throw malformed(modelJson, "is not a valid JSON.");
    }
    if (!model.isObject()) {
      // MLflow's handler fails with a server error here; a client error says what is wrong.
      throw malformed(modelJson, "is not a JSON object.");
    }
    StringJoiner missing = new StringJoiner(", ", "{", "}");
    MANDATORY.stream().filter(f -> !model.has(f)).forEach(f -> missing.add("'" + f + "'"));
    if (missing.length() > 2) {
      throw new InvalidRequestException("Model json is missing mandatory fields: " + missing);
    }
    JsonNode flavors = model.get("flavors");
    if (!flavors.isObject() && !flavors.isNull()) {
      throw new InvalidRequestException(
          "Invalid value " + abbreviate(flavors.toString()) + " for 'flavors': expected an object");
    }
    // get_tags_dict keeps these four of Model.to_dict(), in the order Model.__init__ sets them;
    // to_dict leaves out a run_id or artifact_path that is None, from_dict makes a missing
    // model_uuid None, and __init__ makes utc_time_created str(value or utcnow()).
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    for (String field : List.of("run_id", "artifact_path")) {
      if (!model.get(field).isNull()) {
        entry.set(field, model.get(field));
      }
    }
    entry.put("utc_time_created", timeCreated(model.get("utc_time_created")));
    entry.set("model_uuid", model.has("model_uuid") ? model.get("model_uuid") : NullNode.instance);
    // ...and each flavour's configuration without its "config" entry.
    ObjectNode kept = entry.putObject("flavors");
    if (flavors.isObject()) {
      flavors
          .properties()
          .forEach(
              f -> {
                JsonNode config = f.getValue();
                kept.set(
                    f.getKey(),
                    config.isObject()
                        ? ((ObjectNode) config.deepCopy()).without("config")
                        : config);
              });
    }
    return entry;
  }

  /**
   * The tag's new value: its list with {@code entry} appended, written as Python's {@code
   * json.dumps(json.loads(previous) + [entry])} writes it.
   */
  static String append(Optional<String> history, ObjectNode entry) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    if (history.isPresent()) {
      JsonNode previous;
      try {
        previous = WireJson.readTree(history.get());
      } catch (IOException e) {
        previous = null;
      }
      if (previous == null || !previous.isArray()) {
        // MLflow fails with a server error; leave the tag as it is and say how to go on.
        throw new InvalidRequestException(
            "The run's tag '"
                + TAG
                + "' is not a JSON list, so no model can be added to it; delete the tag or set"
                + " it to a JSON list, then log the model again.");
      }
      list.addAll((ArrayNode) previous);
    }
    list.add(entry);
    return PythonJson.dumps(list);
  }

  /** Python's {@code str(value or datetime.utcnow())} for the JSON values a client sends. */
  private static String timeCreated(JsonNode value) {
    boolean falsy =
        value.isNull()
            || (value.isTextual() && value.textValue().isEmpty())
            || (value.isBoolean() && !value.booleanValue())
            || (value.isNumber() && value.doubleValue() == 0)
            || (value.isContainerNode() && value.isEmpty());
    if (falsy) {
      LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      String micros = now.getNano() == 0 ? "" : String.format(".%06d", now.getNano() / 1000);
      return PYTHON_DATETIME.format(now) + micros;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return "True";
    }
    return value.isNumber() ? value.asText() : PythonJson.dumps(value);
  }

  private static InvalidRequestException malformed(String modelJson, String what) {
    return new InvalidRequestException(
        "Malformed model info. \n " + abbreviate(modelJson) + " \n " + what);
  }

  /** MLflow echoes the whole value; a megabyte of it helps nobody. */
  private static String abbreviate(String value) {
    return value.length() <= 1000 ? value : value.substring(0, 1000) + "...";
  }
}
