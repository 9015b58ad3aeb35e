package io.galley.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reading registry responses in tests: names, version numbers, stages, sorted tags. */
final class RegistryResponses {
  private RegistryResponses() {}

  /** The response with its registered model's tags sorted by key. */
  static JsonNode sortedTags(JsonNode response) {
    JsonNode copy = response.deepCopy();
    List<JsonNode> tags = new ArrayList<>();
    copy.at("/registered_model/tags").forEach(tags::add);
    tags.sort(Comparator.comparing(t -> t.get("key").asText()));
    ((ObjectNode) copy.get("registered_model")).putArray("tags").addAll(tags);
    return copy;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static List<String> names(JsonNode response, String list) {
    List<String> out = new ArrayList<>();
    response.path(list).forEach(m -> out.add(m.get("name").asText()));
    return out;
  }

  static List<String> versions(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.path("model_versions").forEach(v -> out.add(v.get("version").asText()));
    return out;
  }

  static List<Map.Entry<String, String>> versionsByStage(JsonNode response) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    response
        .path("model_versions")
        .forEach(v -> out.add(entry(v.get("current_stage").asText(), v.get("version").asText())));
    return out;
  }

  static Map.Entry<String, String> entry(String stage, String version) {
    return Map.entry(stage, version);
  }
}
