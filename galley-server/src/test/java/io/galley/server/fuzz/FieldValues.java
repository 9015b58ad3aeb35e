package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.NODES;
import static io.galley.server.fuzz.BadValues.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.fuzz.EndpointCatalog.Endpoint;
import io.galley.server.fuzz.EndpointCatalog.Field;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Bad values for one field of one endpoint. Reads may name the seeded experiments and runs; writes
 * never do, and a write's doomed field only ever gets a value that makes it fail.
 */
final class FieldValues {
  private final SeedState seed;

  FieldValues(SeedState seed) {
    this.seed = seed;
  }

  /**
   * A request message for the endpoint. Half the reads break one field and give the rest right
   * values; everything else breaks any fields. A write's doomed field is always set to fail.
   */
  ObjectNode message(Random r, Endpoint e) {
    boolean focused = !e.mutating() && r.nextBoolean();
    Field broken = pick(r, e.fields());
    ObjectNode msg = NODES.objectNode();
    for (Field f : e.fields()) {
      JsonNode v;
      if (focused) {
        v = f == broken ? value(r, e, f) : good(r, f);
      } else {
        v = f.name().equals(e.doomed()) || r.nextInt(10) < 6 ? value(r, e, f) : null;
      }
      if (v != null) {
        msg.set(f.name(), v);
      }
    }
    return msg;
  }

  /** A value for the field, or null to leave it out. */
  @Nullable JsonNode value(Random r, Endpoint e, Field f) {
    return f.name().equals(e.doomed()) ? doomed(r, e, f) : free(r, e.mutating(), f);
  }

  /**
   * A right value for a field of a read, so that a read can break one field at a time and reach
   * deep (filters, order_by, page tokens); null where leaving the field out is right.
   */
  @Nullable JsonNode good(Random r, Field f) {
    return switch (f.name()) {
      case "agg" -> text(pick(r, List.of("last", "min", "max")));
      case "order" -> text(pick(r, List.of("asc", "desc")));
      case "metric", "metric_key" -> text(pick(r, seed.metricKeys()));
      case "run_uuid" -> null;
      case "start_step" -> NODES.numberNode(0);
      case "end_step" -> NODES.numberNode(10);
      default ->
          switch (f.kind()) {
            case EXPERIMENT_ID -> text(seed.activeExperiment());
            case RUN_ID -> text(seed.activeRun());
            case EXPERIMENT_NAME -> text("fuzz-alpha");
            case VIEW_TYPE -> text("ALL");
            case FILTER -> text(pick(r, List.of("metrics.loss < 1", "params.lr = '0.1'", "")));
            case ORDER_BY -> NODES.arrayNode().add("metrics.loss DESC");
            case PAGE_TOKEN -> r.nextBoolean() ? null : text(pick(r, seed.pageTokens()));
            case MAX_RESULTS -> NODES.numberNode(1 + r.nextInt(3));
            case EXPERIMENT_IDS -> NODES.arrayNode().add(seed.activeExperiment());
            case RUN_IDS -> NODES.arrayNode().add(seed.activeRun());
            case MODEL_NAME, NEW_MODEL_NAME -> text(pick(r, seed.modelNames()));
            case VERSION -> text(pick(r, List.of("1", "2")));
            case ALIAS -> text(SeedState.ALIAS);
            case STAGE -> text("Production");
            case STAGES -> NODES.arrayNode().add(pick(r, List.of("Production", "None")));
            case BOOL -> NODES.booleanNode(r.nextBoolean());
            case MODEL_FILTER -> text(pick(r, RegistryGarbage.GOOD_FILTERS));
            case MODEL_ORDER_BY -> NODES.arrayNode().add(pick(r, RegistryGarbage.GOOD_ORDER_BYS));
            default -> text(pick(r, seed.metricKeys()));
          };
    };
  }

  private @Nullable JsonNode doomed(Random r, Endpoint e, Field f) {
    int choice = r.nextInt(e.emptyIsValid() ? 3 : 6);
    return switch (choice) {
      case 0 -> BadValues.wrongType(r);
      case 1, 2 ->
          switch (f.kind()) {
            case EXPERIMENT_NAME -> takenOrTooLong(r);
            case NEW_MODEL_NAME -> takenModelName(r);
            default -> text(pick(r, BadValues.UNKNOWN_IDS));
          };
      case 3 -> NODES.nullNode();
      case 4 -> text("");
      default -> null;
    };
  }

  private JsonNode takenOrTooLong(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> text("n".repeat(501));
      case 1 -> text(r.nextInt(20) == 0 ? BadValues.MEGABYTE : "q".repeat(600));
      default -> text(pick(r, seed.experimentNames()));
    };
  }

  /** A registered model's name that a create or rename cannot take: in use, or far too long. */
  private JsonNode takenModelName(Random r) {
    return r.nextInt(20) == 0 ? text(BadValues.MEGABYTE) : text(pick(r, seed.modelNames()));
  }

  private JsonNode free(Random r, boolean mutating, Field f) {
    if (r.nextInt(5) == 0) {
      return BadValues.any(r);
    }
    return switch (f.kind()) {
      case EXPERIMENT_ID -> text(id(r, mutating, seed.experimentIds()));
      case RUN_ID -> text(id(r, mutating, seed.runIds()));
      case EXPERIMENT_NAME ->
          text(r.nextBoolean() ? pick(r, seed.experimentNames()) : BadValues.string(r));
      case STRING ->
          text(!mutating && r.nextBoolean() ? pick(r, seed.metricKeys()) : BadValues.string(r));
      case INT64, DOUBLE -> BadValues.numberish(r);
      case VIEW_TYPE ->
          text(
              pick(
                  r,
                  List.of(
                      "ALL", "ACTIVE_ONLY", "DELETED_ONLY", "all", "3", "0", "-1", "BOTH", "")));
      case RUN_STATUS ->
          text(pick(r, List.of("RUNNING", "FINISHED", "EXPLODED", "running", "9", "-1", "")));
      case FILTER -> text(pick(r, SearchGarbage.FILTERS));
      case ORDER_BY ->
          r.nextBoolean()
              ? strings(r, SearchGarbage.ORDER_BYS)
              : text(pick(r, SearchGarbage.ORDER_BYS));
      case PAGE_TOKEN ->
          text(
              r.nextBoolean()
                  ? pick(r, SearchGarbage.PAGE_TOKENS)
                  : bent(r, pick(r, seed.pageTokens())));
      case MAX_RESULTS -> maxResults(r);
      case EXPERIMENT_IDS -> ids(r, mutating, seed.experimentIds());
      case RUN_IDS -> ids(r, mutating, seed.runIds());
      case TAGS, PARAMS -> BadValues.brokenEntries(r, List.of("key", "value"));
      case METRICS -> BadValues.brokenEntries(r, List.of("key", "value", "timestamp", "step"));
      case DATASETS -> datasets(r);
      case MODEL_NAME ->
          text(!mutating && r.nextBoolean() ? pick(r, seed.modelNames()) : BadValues.string(r));
      case NEW_MODEL_NAME ->
          text(r.nextBoolean() ? pick(r, seed.modelNames()) : BadValues.string(r));
      case VERSION -> text(pick(r, RegistryGarbage.VERSIONS));
      case ALIAS -> text(pick(r, RegistryGarbage.ALIASES));
      case STAGE -> text(pick(r, RegistryGarbage.STAGES));
      case STAGES ->
          r.nextBoolean()
              ? strings(r, RegistryGarbage.STAGES)
              : text(pick(r, RegistryGarbage.STAGES));
      case BOOL -> pick(r, RegistryGarbage.BOOLS);
      case SOURCE -> text(RegistryGarbage.source(r, seed));
      case MODEL_FILTER -> text(pick(r, RegistryGarbage.FILTERS));
      case MODEL_ORDER_BY ->
          r.nextBoolean()
              ? strings(r, RegistryGarbage.ORDER_BYS)
              : text(pick(r, RegistryGarbage.ORDER_BYS));
    };
  }

  private static String id(Random r, boolean mutating, List<String> known) {
    return !mutating && r.nextBoolean() ? pick(r, known) : pick(r, BadValues.UNKNOWN_IDS);
  }

  private JsonNode ids(Random r, boolean mutating, List<String> known) {
    ArrayNode out = NODES.arrayNode();
    int n = r.nextInt(8) == 0 ? 101 : r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(r.nextInt(6) == 0 ? BadValues.any(r) : text(id(r, mutating, known)));
    }
    return out;
  }

  private static JsonNode strings(Random r, List<String> pool) {
    ArrayNode out = NODES.arrayNode();
    for (int i = r.nextInt(3); i >= 0; i--) {
      out.add(pick(r, pool));
    }
    return out;
  }

  private static JsonNode maxResults(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> NODES.numberNode(0);
      case 1 -> NODES.numberNode(-1);
      case 2 -> NODES.numberNode(1_000_000_000);
      case 3 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999"));
      default -> BadValues.numberish(r);
    };
  }

  private static JsonNode datasets(Random r) {
    ArrayNode out = NODES.arrayNode();
    for (int i = r.nextInt(3); i >= 0; i--) {
      var input = out.addObject();
      if (r.nextBoolean()) {
        input.set("tags", BadValues.brokenEntries(r, List.of("key", "value")));
      }
      if (r.nextInt(5) == 0) {
        input.set("dataset", BadValues.any(r));
      } else if (r.nextInt(6) != 0) {
        input.set(
            "dataset",
            BadValues.brokenEntries(
                    r, List.of("name", "digest", "source_type", "source", "schema", "profile"))
                .get(0));
      }
    }
    return out;
  }

  /** A real page token, damaged: cut, extended, a character changed, or padded with spaces. */
  private static String bent(Random r, String token) {
    int at = r.nextInt(token.length());
    return switch (r.nextInt(4)) {
      case 0 -> token.substring(0, at);
      case 1 -> token + pick(r, List.of("=", "A", "%", "\u0000", "=="));
      case 2 ->
          token.substring(0, at)
              + pick(r, List.of("!", "-", "_", "+", "/"))
              + token.substring(at + 1);
      default -> " " + token + " ";
    };
  }

  static JsonNode text(String s) {
    return NODES.textNode(s);
  }
}
