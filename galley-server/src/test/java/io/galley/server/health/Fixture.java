package io.galley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;

/** A run with 1,000 points of {@code loss} and one artifact, {@code a.bin}. */
final class Fixture {
  final String experimentId;
  final String runId;
  final byte[] artifact = new byte[100_000];

  private Fixture(String experimentId, String runId) {
    this.experimentId = experimentId;
    this.runId = runId;
    new Random(13).nextBytes(artifact);
  }

  static Fixture create(Http http) {
    String experimentId =
        http.mlflowPost("experiments/create", "{\"name\":\"disk\"}")
            .json()
            .path("experiment_id")
            .asText();
    String runId =
        http.mlflowPost("runs/create", "{\"experiment_id\":\"" + experimentId + "\"}")
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    Fixture f = new Fixture(experimentId, runId);
    assertThat(http.mlflowPost("runs/log-batch", f.batch(1_000, 0)).status()).isEqualTo(200);
    assertThat(f.upload(http, "a.bin", f.artifact).status()).isEqualTo(200);
    return f;
  }

  /** A log-batch of {@code points} points of {@code loss}, steps from {@code firstStep}. */
  String batch(int points, int firstStep) {
    StringBuilder json = new StringBuilder("{\"run_id\":\"" + runId + "\",\"metrics\":[");
    for (int i = 0; i < points; i++) {
      if (i > 0) {
        json.append(',');
      }
      long step = (long) firstStep * 1_000 + i;
      json.append("{\"key\":\"loss\",\"value\":")
          .append(1.0 / (step + 1))
          .append(",\"timestamp\":")
          .append(1_700_000_000_000L + step)
          .append(",\"step\":")
          .append(step)
          .append('}');
    }
    return json.append("]}").toString();
  }

  String searchBody() {
    return "{\"experiment_ids\":[\"" + experimentId + "\"]}";
  }

  /** How many points of {@code loss} the run has. */
  int points(Http http) {
    Resp history = http.mlflowGet("metrics/get-history", "run_id=" + runId + "&metric_key=loss");
    assertThat(history.status()).isEqualTo(200);
    return history.json().path("metrics").size();
  }

  Resp upload(Http http, String name, byte[] bytes) {
    return Http.resp(
        http.exchange(
            http.request(proxyPath(name))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray()));
  }

  byte[] download(Http http, String name) {
    HttpResponse<byte[]> r =
        http.exchange(
            http.request(proxyPath(name)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private String proxyPath(String name) {
    return "/api/2.0/mlflow-artifacts/artifacts/"
        + experimentId
        + "/"
        + runId
        + "/artifacts/"
        + name;
  }
}
