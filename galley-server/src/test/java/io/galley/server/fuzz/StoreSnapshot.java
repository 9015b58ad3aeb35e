package io.galley.server.fuzz;

import static io.galley.server.Http.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a client can read back, as canonical JSON (object keys sorted): every experiment and
 * every run in every view, the full history of every metric of every run, the artifact tree of each
 * seeded run, every registered model (tags, aliases, latest versions) and every model version, and
 * every file under the blob store's directory with the digest of its bytes.
 */
final class StoreSnapshot {
  private StoreSnapshot() {}

  static String take(Http http, Path blobDir, List<String> runIds) {
    ObjectNode out = obj();
    JsonNode experiments =
        read(
            http.mlflowPost(
                "experiments/search", obj().put("view_type", "ALL").put("max_results", 50000)));
    out.set("experiments", experiments);

    ObjectNode search = obj().put("run_view_type", "ALL").put("max_results", 50000);
    ArrayNode ids = search.putArray("experiment_ids");
    experiments.path("experiments").forEach(e -> ids.add(e.get("experiment_id").asText()));
    JsonNode runs = read(http.mlflowPost("runs/search", search));
    out.set("runs", runs);

    ObjectNode histories = out.putObject("metric_histories");
    for (JsonNode run : runs.path("runs")) {
      String runId = run.at("/info/run_id").asText();
      for (JsonNode metric : run.at("/data/metrics")) {
        String key = metric.get("key").asText();
        Resp h =
            http.mlflowGet(
                "metrics/get-history", "run_id=" + Http.q(runId) + "&metric_key=" + Http.q(key));
        histories.set(runId + "/" + key, read(h));
      }
    }
    ObjectNode trees = out.putObject("artifact_trees");
    for (String runId : runIds) {
      ArrayNode files = trees.putArray(runId);
      walk(http, runId, "", files);
    }
    out.set(
        "registered_models",
        read(http.mlflowGet("registered-models/search", "max_results=1000&order_by=name")));
    out.set(
        "model_versions",
        read(
            http.mlflowGet(
                "model-versions/search",
                "max_results=200000&order_by=name&order_by=version_number")));
    out.set("blob_files", blobFiles(blobDir));
    return canonical(out).toPrettyString();
  }

  /** Every entry below {@code dir}, depth first, as artifacts/list answers. */
  private static void walk(Http http, String runId, String dir, ArrayNode out) {
    String query = "run_id=" + Http.q(runId) + (dir.isEmpty() ? "" : "&path=" + Http.q(dir));
    JsonNode listing = read(http.mlflowGet("artifacts/list", query));
    for (JsonNode f : listing.path("files")) {
      out.add(f);
      if (f.path("is_dir").asBoolean()) {
        walk(http, runId, f.get("path").asText(), out);
      }
    }
  }

  /** Relative path and SHA-256 of every file (temp files too) under the blob directory. */
  private static ObjectNode blobFiles(Path blobDir) {
    ObjectNode out = obj();
    if (!Files.exists(blobDir)) {
      return out;
    }
    try (Stream<Path> all = Files.walk(blobDir)) {
      for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        out.put(blobDir.relativize(file).toString(), HexFormat.of().formatHex(digest));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static JsonNode read(Resp r) {
    if (r.status() != 200) {
      throw new AssertionError("snapshot read failed: " + r.status() + " " + r.body());
    }
    return r.json();
  }

  /** The same tree with every object's keys in sorted order; arrays keep the server's order. */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(canonical(item)));
      return JsonNodeFactory.instance.arrayNode().addAll(items);
    }
    return node;
  }

  /** The first line where two snapshots differ, for a readable failure. */
  static String firstDifference(String before, String after) {
    String[] a = before.split("\n");
    String[] b = after.split("\n");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "<end>";
      String y = i < b.length ? b[i] : "<end>";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ": before `" + x.trim() + "`, after `" + y.trim() + "`";
      }
    }
    return "none";
  }
}
