package io.galley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Just enough of MLflow's REST API, in memory on port 0, to drive the bench end to end. */
final class FakeTrackingServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, String> runExperiment = new HashMap<>();
  private final Map<String, Double> runM = new HashMap<>();
  private final Map<String, ArrayNode> history = new HashMap<>();
  final AtomicInteger logBatches = new AtomicInteger();

  FakeTrackingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/api/2.0/mlflow/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/api/2.0/mlflow/".length());
    JsonNode body =
        "POST".equals(exchange.getRequestMethod())
            ? BenchRequests.JSON.readTree(exchange.getRequestBody())
            : null;
    ObjectNode out = BenchRequests.JSON.createObjectNode();
    switch (path) {
      case "experiments/create" -> out.put("experiment_id", "" + ids.incrementAndGet());
      case "runs/create" -> {
        String runId = "run" + ids.incrementAndGet();
        runExperiment.put(runId, body.path("experiment_id").asText());
        out.putObject("run").putObject("info").put("run_id", runId);
      }
      case "runs/log-batch" -> {
        logBatches.incrementAndGet();
        String runId = body.path("run_id").asText();
        for (JsonNode metric : body.path("metrics")) {
          if (metric.path("key").asText().equals("m")) {
            runM.put(runId, metric.path("value").asDouble());
          }
          String key = runId + "/" + metric.path("key").asText();
          history.computeIfAbsent(key, k -> BenchRequests.JSON.createArrayNode()).add(metric);
        }
      }
      case "runs/search" -> {
        String experiment = body.path("experiment_ids").path(0).asText();
        List<String> runs = new ArrayList<>();
        runM.forEach(
            (run, m) -> {
              if (m > 0.5 && runExperiment.get(run).equals(experiment)) {
                runs.add(run);
              }
            });
        runs.sort(Comparator.comparing(runM::get, Comparator.reverseOrder()));
        ArrayNode array = out.putArray("runs");
        for (String run :
            runs.subList(0, Math.min(runs.size(), body.path("max_results").asInt()))) {
          ObjectNode node = array.addObject();
          node.putObject("info").put("run_id", run);
          node.putObject("data")
              .putArray("metrics")
              .addObject()
              .put("key", "m")
              .put("value", runM.get(run));
        }
      }
      case "metrics/get-history" -> {
        String query = exchange.getRequestURI().getQuery();
        String runId = query.replaceAll(".*run_id=([^&]*).*", "$1");
        String key = query.replaceAll(".*metric_key=([^&]*).*", "$1");
        out.set(
            "metrics",
            history.getOrDefault(runId + "/" + key, BenchRequests.JSON.createArrayNode()));
      }
      default -> {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
    }
    byte[] bytes = BenchRequests.JSON.writeValueAsBytes(out);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
