package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.NODES;
import static io.galley.server.fuzz.BadValues.pick;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;

/**
 * Values for the registry's fields: version numbers, aliases, stages, sources, and the registry
 * searches' filters and order-by clauses, a few right and many wrong.
 */
final class RegistryGarbage {
  static final List<String> VERSIONS =
      List.of(
          "1",
          "2",
          "3",
          "0",
          "-1",
          "+1",
          " 1",
          "1.0",
          "1e0",
          "0x1",
          "one",
          "",
          "99999999999999999999",
          "9223372036854775807",
          "-9223372036854775808",
          "1; DROP TABLE model_versions",
          "１");

  static final List<String> ALIASES =
      List.of(
          SeedState.ALIAS,
          "v1",
          "V2",
          "latest",
          "LATEST",
          "",
          " ",
          "a/b",
          "a".repeat(300),
          "\u0000",
          "✓",
          "champion ",
          "%",
          "_");

  static final List<String> STAGES =
      List.of(
          "None",
          "Staging",
          "Production",
          "Archived",
          "production",
          " Production ",
          "Shipped",
          "Deleted_Internal",
          "",
          "0",
          "NONE\u0000");

  static final List<JsonNode> BOOLS =
      List.of(
          NODES.booleanNode(true),
          NODES.booleanNode(false),
          NODES.textNode("true"),
          NODES.textNode("yes"),
          NODES.numberNode(1),
          NODES.nullNode(),
          NODES.arrayNode());

  static final List<String> GOOD_FILTERS =
      List.of(
          "", "name LIKE 'fuzz%'", "name = '" + SeedState.MODEL_A + "'", "tags.team = 'vision'");

  static final List<String> FILTERS =
      List.of(
          "name =",
          "name = 'x' AND",
          "name LIKE",
          "name ILIKE '(a+)+$'",
          "run_id = 1",
          "run_id IN ()",
          "run_id IN ('a',",
          "source_path = 'x'",
          "version_number > 'abc'",
          "version_number = 99999999999999999999",
          "tags.`x = 'y'",
          "tags. = 'y'",
          "metrics.loss < 1",
          "params.lr = '0.1'",
          "name = 'a' OR name = 'b'",
          "creation_timestamp > 'yesterday'",
          "name = \"x\"",
          "name != 'x' ' OR 1=1 --",
          "current_stage = 'Production'",
          "\u0000");

  static final List<String> GOOD_ORDER_BYS =
      List.of("name ASC", "last_updated_timestamp DESC", "version_number DESC", "timestamp");

  static final List<String> ORDER_BYS =
      List.of(
          "",
          "name SIDEWAYS",
          "name ASC DESC",
          "nonsense",
          "metrics.loss",
          "tags.x",
          "version_number; DROP",
          ",",
          "`name`",
          "name ASC, name ASC",
          "creation_timestamp\u0000");

  private RegistryGarbage() {}

  /** A model version source: some the server refuses, some it takes, none that climb out. */
  static String source(Random r, SeedState seed) {
    return switch (r.nextInt(14)) {
      case 12 -> "models:/" + SeedState.MODEL_A + "/" + pick(r, List.of("1", "9", "latest"));
      case 13 -> "models:/" + SeedState.MODEL_B + "@" + SeedState.ALIAS;
      case 0 -> "runs:/" + seed.activeRun() + "/model";
      case 1 -> "runs:/" + seed.deletedRun() + "/model";
      case 2 -> "runs:/deadbeefdeadbeefdeadbeefdeadbeef/model";
      case 3 -> "mlflow-artifacts:/" + seed.root(0) + "/model";
      case 4 -> "mlflow-artifacts:/" + seed.root(0) + "/../../x";
      case 5 -> "runs:/" + seed.activeRun() + "/%2e%2e/%2e%2e";
      case 6 -> "file:///etc/passwd";
      case 7 -> "/etc/passwd";
      case 8 -> "s3://bucket/a/../../b";
      case 9 -> "s3://bucket/model";
      default -> BadValues.string(r);
    };
  }
}
