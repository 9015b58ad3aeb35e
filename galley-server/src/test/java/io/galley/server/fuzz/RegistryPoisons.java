package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http;
import java.util.List;
import java.util.Random;

/**
 * Registry writes aimed at the seeded models and versions, each valid but for one poison (a taken
 * or oversized name, a bad tag among good ones, a source that climbs, a run that does not exist, a
 * reserved alias, an unknown version or stage, a wrong type). Each must fail as a whole: a model
 * created with a bad tag must not exist afterwards either.
 */
final class RegistryPoisons {
  private static final String A = SeedState.MODEL_A;
  private static final String B = SeedState.MODEL_B;

  private final SeedState seed;

  RegistryPoisons(SeedState seed) {
    this.seed = seed;
  }

  FuzzRequest next(Random r) {
    ObjectNode m = Http.obj();
    String method = "POST";
    String endpoint;
    switch (r.nextInt(9)) {
      case 0 -> {
        endpoint = "registered-models/create";
        m.put("name", "fz-model-" + r.nextInt(1000)).put("description", "d");
        ArrayNode tags = m.putArray("tags");
        tags.addObject().put("key", "ok").put("value", "v");
        switch (r.nextInt(3)) {
          case 0 -> m.put("name", pick(r, List.of(A, B)));
          case 1 -> m.set("description", BadValues.wrongType(r));
          default -> tags.insert(r.nextInt(2), badTag(r));
        }
      }
      case 1 -> {
        endpoint = "registered-models/rename";
        m.put("name", A).put("new_name", pick(r, List.of(B, A + "/x", "", "n".repeat(1000))));
        if (r.nextBoolean()) {
          m.set("new_name", BadValues.wrongType(r));
        }
      }
      case 2 -> {
        endpoint = pick(r, List.of("registered-models/set-tag", "model-versions/set-tag"));
        m.put("name", pick(r, List.of(A, B))).setAll((ObjectNode) badTag(r));
        if (endpoint.startsWith("model-versions")) {
          m.put("version", "1");
        }
      }
      case 3 -> {
        endpoint = "model-versions/create";
        m.put("name", A).put("source", "runs:/" + seed.activeRun() + "/model");
        m.put("run_id", seed.activeRun()).put("description", "fz");
        ArrayNode tags = m.putArray("tags");
        tags.addObject().put("key", "ok").put("value", "v");
        switch (r.nextInt(4)) {
          case 0 -> tags.add(badTag(r));
          case 1 -> m.put("source", pick(r, BAD_SOURCES));
          case 2 -> m.put("source", "runs:/deadbeefdeadbeefdeadbeefdeadbeef/model");
          default -> m.set("run_id", BadValues.wrongType(r));
        }
      }
      case 4 -> {
        endpoint = "registered-models/alias";
        m.put("name", A).put("alias", "fz-alias").put("version", "2");
        switch (r.nextInt(3)) {
          case 0 -> m.put("alias", pick(r, List.of("v1", "V7", "latest", "", "a".repeat(300))));
          case 1 -> m.put("version", pick(r, List.of("3", "0", "-1", "x", "")));
          default -> m.put("name", B).put("version", "2"); // B's version 2 was deleted
        }
      }
      case 5 -> {
        endpoint = "model-versions/transition-stage";
        m.put("name", A).put("version", "2").put("stage", "Staging");
        m.put("archive_existing_versions", true);
        switch (r.nextInt(3)) {
          case 0 -> m.put("stage", pick(r, List.of("Shipped", "", "Deleted_Internal")));
          case 1 -> m.put("archive_existing_versions", pick(r, List.of("true", "1")));
          default -> m.put("version", pick(r, List.of("9", "two", "")));
        }
      }
      case 6 -> {
        method = "PATCH";
        endpoint = pick(r, List.of("registered-models/update", "model-versions/update"));
        m.put("name", A).set("description", BadValues.wrongType(r));
        if (endpoint.startsWith("model-versions")) {
          m.put("version", pick(r, List.of("1", "9")));
        }
      }
      case 7 -> {
        method = "DELETE";
        endpoint = pick(r, List.of("model-versions/delete", "model-versions/delete-tag"));
        m.put("name", B).put("version", pick(r, List.of("2", "3", "x", "")));
        if (endpoint.endsWith("delete-tag")) {
          m.put("key", "k");
        }
      }
      default -> {
        method = "DELETE";
        endpoint = pick(r, List.of("registered-models/delete", "registered-models/alias"));
        m.put("name", pick(r, List.of(A.toUpperCase(java.util.Locale.ROOT), A + " ", "fz-none")));
        m.put("alias", SeedState.ALIAS);
      }
    }
    String prefix = pick(r, EndpointCatalog.MLFLOW_PREFIXES);
    return FuzzRequest.of(method, prefix + endpoint, m.toString(), true, "poisoned registry write");
  }

  private static final List<String> BAD_SOURCES =
      List.of(
          "file:///etc/passwd",
          "/etc/passwd",
          "model",
          "runs:/abc/../../x",
          "s3://bucket/%2e%2e/x",
          "s3://bucket/a%00",
          "models:/" + A + "/9",
          "models:/" + B + "/2",
          "models:/" + A + "@nope");

  private static JsonNode badTag(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> Http.obj().put("key", "k".repeat(251)).put("value", "v");
      case 1 -> Http.obj().put("key", "fz_long").put("value", "v".repeat(5001));
      case 2 -> Http.obj().put("key", "").put("value", "v");
      case 3 -> Http.obj().put("value", "no key");
      default -> Http.obj().put("key", "fz_t").set("value", BadValues.wrongType(r));
    };
  }
}
