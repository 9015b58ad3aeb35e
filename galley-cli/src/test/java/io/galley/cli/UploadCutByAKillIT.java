package io.galley.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload cut off by SIGKILL leaves its half-written temp file behind; the restarted server
 * reclaims it at once, whatever its age (it used to stay for a day).
 */
class UploadCutByAKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SENT = 2 * 1024 * 1024;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theRestartedServerReclaimsTheTempFileOfAnUploadCutByAKill(@TempDir Path dataDir)
      throws Exception {
    Path tmp = dataDir.resolve("blobs").resolve("tmp");
    try (ServerProcess server = ServerProcess.start(dataDir);
        Socket upload = new Socket()) {
      URI base = URI.create(server.baseUri());
      String exp =
          post(base, "experiments/create", "{\"name\": \"cut\"}").path("experiment_id").asText();
      String run =
          post(base, "runs/create", "{\"experiment_id\": \"" + exp + "\"}")
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      upload.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
      OutputStream out = upload.getOutputStream();
      String path = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/big.bin";
      out.write(
          ("PUT "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + base.getAuthority()
                  + "\r\n"
                  + "Content-Type: application/octet-stream\r\n"
                  + "Content-Length: "
                  + (10 * SENT)
                  + "\r\n\r\n")
              .getBytes(US_ASCII));
      out.write(new byte[SENT]); // a fifth of the body, then the server dies mid-upload
      out.flush();
      // Bounded: the server writes what it was sent within moments; 600 polls of 50 ms at most.
      for (int i = 0; i < 600 && tempBytes(tmp) < SENT; i++) {
        Thread.sleep(50);
      }
      assertThat(tempBytes(tmp)).as("the upload's temp file holds what was sent").isEqualTo(SENT);
      server.kill();
    }
    assertThat(temps(tmp)).as("SIGKILL left the temp file behind").hasSize(1);

    try (ServerProcess restarted = ServerProcess.start(dataDir)) {
      assertThat(temps(tmp)).as("reclaimed at start").isEmpty();
      assertThat(restarted.baseUri()).isNotEmpty();
    }
  }

  private static List<Path> temps(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(f -> f.getFileName().toString().startsWith("put-")).toList();
    }
  }

  private static long tempBytes(Path tmp) throws IOException {
    long total = 0;
    for (Path f : temps(tmp)) {
      total += Files.size(f);
    }
    return total;
  }

  private com.fasterxml.jackson.databind.JsonNode post(URI base, String endpoint, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/2.0/mlflow/" + endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
