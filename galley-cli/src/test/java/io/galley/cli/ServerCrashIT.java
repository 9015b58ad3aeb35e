package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL while clients log batches, restarts it on the same data dir, and
 * checks the two promises of log-batch: an acknowledged batch is all there, and no batch is there
 * in part.
 */
class ServerCrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 4;
  private static final int POINTS_PER_BATCH = 200;
  private static final int ACKS_BEFORE_KILL = 150;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyAcknowledgedBatchSurvivesSigkillAndNoneIsHalfApplied(@TempDir Path dataDir)
      throws Exception {
    List<String> runIds = new ArrayList<>();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try (ServerProcess server = ServerProcess.start(dataDir)) {
      String api = server.baseUri() + "/api/2.0/mlflow/";
      String experimentId =
          post(api + "experiments/create", JSON.createObjectNode().put("name", "crash"))
              .path("experiment_id")
              .asText();
      for (int c = 0; c < CLIENTS; c++) {
        runIds.add(
            post(
                    api + "runs/create",
                    JSON.createObjectNode().put("experiment_id", experimentId).put("start_time", 1))
                .path("run")
                .path("info")
                .path("run_id")
                .asText());
      }
      CountDownLatch enoughAcks = new CountDownLatch(ACKS_BEFORE_KILL);
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      for (int c = 0; c < CLIENTS; c++) {
        String runId = runIds.get(c);
        clients.submit(
            () -> {
              // Bounded: stops at the kill (connection errors) or after 100k batches at most.
              for (int batch = 0; batch < 100_000; batch++) {
                try {
                  post(api + "runs/log-batch", batchBody(runId, batch));
                } catch (IOException | RuntimeException e) {
                  return null;
                }
                acknowledged.add(runId + "/" + batch);
                enoughAcks.countDown();
              }
              return null;
            });
      }
      assertThat(enoughAcks.await(120, TimeUnit.SECONDS))
          .as("clients got %d acknowledgements", ACKS_BEFORE_KILL)
          .isTrue();
      server.kill();
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    try (ServerProcess restarted = ServerProcess.start(dataDir)) {
      String api = restarted.baseUri() + "/api/2.0/mlflow/";
      int complete = 0;
      for (String runId : runIds) {
        JsonNode run = get(api + "runs/get?run_id=" + runId).path("run");
        Set<String> params = new HashSet<>();
        int highestBatch = 0;
        for (JsonNode p : run.path("data").path("params")) {
          params.add(p.path("key").asText());
          highestBatch =
              Math.max(highestBatch, Integer.parseInt(p.path("key").asText().substring(1)));
        }
        Set<Long> steps = new HashSet<>();
        for (JsonNode m :
            get(api + "metrics/get-history?run_id=" + runId + "&metric_key=loss").path("metrics")) {
          steps.add(m.path("step").asLong());
          highestBatch = Math.max(highestBatch, (int) (m.path("step").asLong() / POINTS_PER_BATCH));
        }
        for (int batch = 0; batch <= highestBatch + 1; batch++) {
          boolean paramThere = params.contains("p" + batch);
          int pointsThere = 0;
          for (int i = 0; i < POINTS_PER_BATCH; i++) {
            pointsThere += steps.contains((long) batch * POINTS_PER_BATCH + i) ? 1 : 0;
          }
          boolean whole = paramThere && pointsThere == POINTS_PER_BATCH;
          boolean absent = !paramThere && pointsThere == 0;
          assertThat(whole || absent)
              .as(
                  "batch %d of run %s: param %s, %d of %d points",
                  batch, runId, paramThere, pointsThere, POINTS_PER_BATCH)
              .isTrue();
          if (acknowledged.contains(runId + "/" + batch)) {
            assertThat(whole)
                .as("acknowledged batch %d of run %s is stored", batch, runId)
                .isTrue();
          }
          complete += whole ? 1 : 0;
        }
      }
      assertThat(complete).isGreaterThanOrEqualTo(acknowledged.size());
      assertThat(restarted.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(restarted.output()).contains("Galley stopped");
      // The first lines say where each face of the server is and what it keeps where.
      assertThat(restarted.output())
          .anySatisfy(l -> assertThat(l).startsWith("  web UI          " + restarted.baseUri()))
          .anySatisfy(l -> assertThat(l).startsWith("  tracking API    " + restarted.baseUri()))
          .anySatisfy(l -> assertThat(l).startsWith("  image registry  "))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .isEqualTo("  data dir        " + dataDir.toAbsolutePath().normalize()))
          .anySatisfy(l -> assertThat(l).startsWith("  metadata store  jdbc:h2:file:"));
    }
  }

  private static ObjectNode batchBody(String runId, int batch) {
    ObjectNode body = JSON.createObjectNode().put("run_id", runId);
    ArrayNode metrics = body.putArray("metrics");
    for (int i = 0; i < POINTS_PER_BATCH; i++) {
      long step = (long) batch * POINTS_PER_BATCH + i;
      metrics
          .addObject()
          .put("key", "loss")
          .put("value", 1.0 / (step + 1))
          .put("timestamp", step)
          .put("step", step);
    }
    body.putArray("params").addObject().put("key", "p" + batch).put("value", "v" + batch);
    return body;
  }

  private JsonNode post(String uri, JsonNode body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  private JsonNode get(String uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(uri)).GET());
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + ": " + new String(response.body()));
    }
    return JSON.readTree(response.body());
  }
}
