package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;

/**
 * The API's answers as JSON trees, for verbs that print them with {@code --format json} or walk
 * them: the wire records written back as the server wrote them (same names, order and values).
 */
final class ApiTrees {
  private ApiTrees() {}

  static JsonNode tree(Object wireRecord) {
    return WireJson.mapper().valueToTree(wireRecord);
  }
}
