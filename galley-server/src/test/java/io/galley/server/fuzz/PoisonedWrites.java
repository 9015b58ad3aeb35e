package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http;
import java.util.List;
import java.util.Random;

/**
 * Writes to things that exist, each with valid parts and exactly one poison somewhere in it (a
 * changed param, a bad name, a limit crossed, a wrong type, a deleted target). Each must fail as a
 * whole: the valid parts must not be stored either. Valid writes to the deleted run or experiment
 * must fail too (MLflow: the target must be in the 'active' state).
 */
final class PoisonedWrites {
  private static final String BAD_KEY = "bad key!";
  private static final int TRUNCATED = -1;
  private final SeedState seed;

  PoisonedWrites(SeedState seed) {
    this.seed = seed;
  }

  FuzzRequest next(Random r) {
    String run = pick(r, List.of(seed.runIds().get(0), seed.runIds().get(1))); // both log lr
    ObjectNode m = Http.obj();
    String endpoint;
    switch (r.nextInt(12)) {
      case 0, 1 -> {
        endpoint = "runs/log-batch";
        m.put("run_id", run);
        ArrayNode metrics = valid(r, m.putArray("metrics"), "m");
        ArrayNode params = valid(r, m.putArray("params"), "p");
        ArrayNode tags = valid(r, m.putArray("tags"), "t");
        ArrayNode target = pick(r, List.of(metrics, params, tags));
        JsonNode poison =
            target == metrics
                ? badMetric(r)
                : target == params ? badParam(r) : badTag(r, TRUNCATED);
        if (target == params && r.nextInt(4) == 0) {
          params.addObject().put("key", "fz_dup").put("value", "1");
          poison = Http.obj().put("key", "fz_dup").put("value", "2");
        } else if (r.nextInt(10) == 0) {
          for (int i = 0; i < (target == metrics ? 1001 : 101); i++) {
            target.add(Http.obj().put("key", "fz_many" + i).put("value", "1").put("timestamp", 1));
          }
        }
        target.insert(r.nextInt(target.size() + 1), poison);
      }
      case 2 -> {
        endpoint = "runs/log-metric";
        m.put("run_id", run).setAll((ObjectNode) badMetric(r));
      }
      case 3 -> {
        endpoint = "runs/log-parameter";
        m.put("run_id", run).setAll((ObjectNode) badParam(r));
      }
      case 4 -> {
        endpoint = "runs/set-tag";
        m.put("run_id", run).setAll((ObjectNode) badTag(r, TRUNCATED));
      }
      case 5 -> {
        endpoint = "runs/update";
        m.put("run_id", pick(r, seed.runIds()))
            .put("status", "KILLED")
            .put("end_time", 1_800_000_000_000L)
            .put("run_name", "fz-renamed");
        switch (r.nextInt(4)) {
          case 0 -> m.put("status", "EXPLODED");
          case 1 -> m.put("end_time", "soon");
          case 2 -> m.put("run_name", "x".repeat(251));
          default -> m.set("run_name", BadValues.wrongType(r));
        }
      }
      case 6 -> {
        endpoint = "experiments/update";
        m.put("experiment_id", seed.activeExperiment());
        m.set(
            "new_name",
            pick(
                r,
                List.of(
                    FieldValues.text("fuzz-beta"),
                    FieldValues.text("Default"),
                    FieldValues.text("n".repeat(501)),
                    BadValues.wrongType(r))));
      }
      case 7 -> {
        endpoint = "experiments/set-experiment-tag";
        m.put("experiment_id", seed.activeExperiment()).setAll((ObjectNode) badTag(r, 5000));
      }
      case 8 -> {
        endpoint = "runs/create";
        m.put("experiment_id", seed.activeExperiment())
            .put("run_name", "fz-new")
            .put("start_time", 1);
        valid(r, m.putArray("tags"), "t");
        switch (r.nextInt(4)) {
          case 0 -> m.put("run_name", "x".repeat(251));
          case 1 -> m.put("start_time", "yesterday");
          case 2 -> ((ArrayNode) m.get("tags")).add(badTag(r, 8000));
          default -> m.put("experiment_id", seed.deletedExperiment());
        }
      }
      case 9 -> {
        endpoint = "runs/log-inputs";
        m.put("run_id", run);
        ArrayNode datasets = m.putArray("datasets");
        datasets.add(dataset("fz-ok", "d1", "src"));
        ObjectNode bad =
            switch (r.nextInt(5)) {
              case 0 -> dataset("fz-bad", "d".repeat(37), "src");
              case 1 -> dataset("", "d2", "src");
              case 2 -> dataset("fz-bad", "d3", "src").put("dataset", "not an object");
              case 3 ->
                  (ObjectNode)
                      dataset("fz-bad", "d4", "src")
                          .set("tags", Http.json("[{'key': '', 'value': 'v'}]"));
              default ->
                  (ObjectNode)
                      dataset("fz-bad", "d5", "src")
                          .set(
                              "tags",
                              Http.json("[{'key': 'k', 'value': '" + "v".repeat(501) + "'}]"));
            };
        datasets.insert(r.nextInt(2), bad);
      }
      case 10 -> {
        String[] write =
            pick(
                r,
                List.of(
                    new String[] {
                      "runs/log-metric", "{'run_id': 'R', 'key': 'fz', 'value': 1, 'timestamp': 1}"
                    },
                    new String[] {
                      "runs/log-parameter", "{'run_id': 'R', 'key': 'fz', 'value': 'v'}"
                    },
                    new String[] {"runs/set-tag", "{'run_id': 'R', 'key': 'fz', 'value': 'v'}"},
                    new String[] {
                      "runs/log-batch", "{'run_id': 'R', 'params': [{'key': 'fz', 'value': 'v'}]}"
                    },
                    new String[] {
                      "runs/update", "{'run_id': 'R', 'status': 'KILLED', 'run_name': 'fz'}"
                    },
                    new String[] {"runs/create", "{'experiment_id': 'E', 'run_name': 'fz'}"},
                    new String[] {
                      "experiments/update", "{'experiment_id': 'E', 'new_name': 'fz-renamed'}"
                    },
                    new String[] {
                      "experiments/set-experiment-tag",
                      "{'experiment_id': 'E', 'key': 'fz', 'value': 'v'}"
                    }));
        endpoint = write[0];
        m =
            (ObjectNode)
                Http.json(
                    write[1]
                        .replace("'R'", "'" + seed.deletedRun() + "'")
                        .replace("'E'", "'" + seed.deletedExperiment() + "'"));
      }
      default -> {
        endpoint = "experiments/create";
        m.put("name", "fz-fresh-" + r.nextInt(1000));
        valid(r, m.putArray("tags"), "t");
        switch (r.nextInt(3)) {
          case 0 -> m.put("name", pick(r, seed.experimentNames()));
          case 1 -> m.put("artifact_location", "runs:/abc/def");
          default -> ((ArrayNode) m.get("tags")).add(badTag(r, 5000));
        }
      }
    }
    String prefix = pick(r, EndpointCatalog.MLFLOW_PREFIXES);
    return FuzzRequest.of("POST", prefix + endpoint, m.toString(), true, "poisoned write");
  }

  private static ArrayNode valid(Random r, ArrayNode list, String kind) {
    for (int i = r.nextInt(3); i > 0; i--) {
      ObjectNode e =
          list.addObject()
              .put("key", "fz_" + kind + i)
              .put("value", kind.equals("m") ? "0.5" : "v");
      if (kind.equals("m")) {
        e.put("value", 0.5).put("timestamp", 1_700_000_000_000L).put("step", i);
      }
    }
    return list;
  }

  private static JsonNode badMetric(Random r) {
    ObjectNode m =
        Http.obj().put("key", "fz_metric").put("value", 1.0).put("timestamp", 1L).put("step", 0);
    switch (r.nextInt(8)) {
      case 0 -> m.put("value", "abc");
      case 1 -> m.put("timestamp", -5);
      case 2 -> m.put("key", pick(r, List.of(BAD_KEY, "a//b", "../x", "/abs", "")));
      case 3 -> m.remove("timestamp");
      case 4 -> m.set("value", Http.obj());
      case 5 -> m.put("step", 1.5);
      case 6 -> m.put("timestamp", "99999999999999999999");
      default -> m.put("key", "k".repeat(251));
    }
    return m;
  }

  private static JsonNode badParam(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> Http.obj().put("key", "lr").put("value", "0.3");
      case 1 -> Http.obj().put("key", BAD_KEY).put("value", "v");
      // A long value is no poison: MLflow 2.17's server truncates it to 6000 characters.
      case 2 -> Http.obj().put("key", "k".repeat(251)).put("value", "v");
      case 3 -> Http.obj().put("value", "no key");
      default -> Http.obj().put("key", "fz_p").set("value", BadValues.wrongType(r));
    };
  }

  /**
   * A bad tag where tag values have {@code valueLimit} characters at most; {@link #TRUNCATED} where
   * MLflow 2.17's server truncates a long value instead (set-tag, log-batch), so that a run name
   * too long stands in for it there.
   */
  private static JsonNode badTag(Random r, int valueLimit) {
    return switch (r.nextInt(5)) {
      case 0 -> Http.obj().put("key", BAD_KEY).put("value", "v");
      case 1 ->
          valueLimit == TRUNCATED
              ? Http.obj().put("key", "mlflow.runName").put("value", "x".repeat(251))
              : Http.obj().put("key", "fz_long").put("value", "v".repeat(valueLimit + 1));
      case 2 -> Http.obj().put("key", "").put("value", "v");
      case 3 -> Http.obj().put("key", "k".repeat(251)).put("value", "v");
      default -> Http.obj().put("key", "fz_t").set("value", BadValues.wrongType(r));
    };
  }

  private static ObjectNode dataset(String name, String digest, String source) {
    ObjectNode input = Http.obj();
    input
        .putObject("dataset")
        .put("name", name)
        .put("digest", digest)
        .put("source_type", "local")
        .put("source", source);
    return input;
  }
}
