package io.galley.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.diff.Change;
import io.galley.core.diff.ComparedRun;
import io.galley.core.diff.DatasetDiff;
import io.galley.core.diff.LibraryDiff;
import io.galley.core.diff.MetricDiff;
import io.galley.core.diff.RunDiff;
import io.galley.core.diff.ValueDiff;
import java.util.List;
import java.util.Locale;

/**
 * {@code galley runs diff --format json}: the runs, whether anything worth attention differs, and
 * each section's items; {@code change} is {@code same}, {@code changed}, {@code only_a}, {@code
 * only_b} (libraries: {@code added}, {@code removed}, {@code version_changed}, {@code
 * content_changed}); a missing value is null.
 */
final class RunDiffJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunDiffJson() {}

  static ObjectNode of(ComparedRun a, ComparedRun b, RunDiff diff, boolean differences) {
    ObjectNode o = JSON.createObjectNode();
    o.set("run_a", run(a));
    o.set("run_b", run(b));
    o.put("differences", differences);
    values(o.putArray("run"), diff.run());
    values(o.putArray("params"), diff.params());
    ArrayNode metrics = o.putArray("metrics");
    for (MetricDiff d : diff.metrics()) {
      ObjectNode m = metrics.addObject().put("key", d.key()).put("change", name(d.change()));
      m.put("a", d.a());
      m.put("b", d.b());
      m.put("delta", d.delta());
      m.put("incidental", d.incidental());
    }
    values(o.putArray("tags"), diff.tags());
    values(o.putArray("environment"), diff.environment());
    values(o.putArray("git"), diff.git());
    ArrayNode libraries = o.putArray("libraries");
    for (LibraryDiff d : diff.libraries()) {
      libraries
          .addObject()
          .put("name", d.name())
          .put("change", d.change().name().toLowerCase(Locale.ROOT))
          .put("version_a", d.versionA())
          .put("version_b", d.versionB())
          .put("sha256_a", d.sha256A())
          .put("sha256_b", d.sha256B());
    }
    ArrayNode datasets = o.putArray("datasets");
    for (DatasetDiff d : diff.datasets()) {
      datasets
          .addObject()
          .put("key", d.key())
          .put("change", name(d.change()))
          .put("digest_a", d.digestA())
          .put("digest_b", d.digestB())
          .put("content_digest_a", d.contentDigestA())
          .put("content_digest_b", d.contentDigestB());
    }
    return o;
  }

  private static ObjectNode run(ComparedRun r) {
    return JSON.createObjectNode()
        .put("run_id", r.runId())
        .put("run_name", r.run().info().runName())
        .put("environment", RunEnvJson.source(r.environment().source()));
  }

  private static void values(ArrayNode into, List<ValueDiff> diffs) {
    for (ValueDiff d : diffs) {
      into.addObject()
          .put("key", d.key())
          .put("change", name(d.change()))
          .put("a", d.a())
          .put("b", d.b())
          .put("incidental", d.incidental());
    }
  }

  private static String name(Change c) {
    return c.name().toLowerCase(Locale.ROOT);
  }
}
