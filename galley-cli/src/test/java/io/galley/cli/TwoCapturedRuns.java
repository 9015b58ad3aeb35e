package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.blob.Digest;
import io.galley.sdk.ActiveRun;
import io.galley.sdk.Galley;
import io.galley.sdk.capture.CaptureItem;
import io.galley.sdk.capture.CaptureOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Two runs logged by the real SDK to an in-process server, for {@code runs env} and {@code runs
 * diff}: A and B at different git commits (B's tree dirty), with different params, metrics, tags
 * and training data; and, crafted by hand in B's environment.json since one JVM has one class path,
 * different libraries and another Java version.
 */
final class TwoCapturedRuns implements AutoCloseable {
  static final String ZEROS = "0".repeat(64);
  static final String EXTRA_SHA = "e".repeat(64);

  final InProcessServer server;
  String a;
  String b;
  String commitA;
  String commitB;
  Digest dataA;
  Digest dataB;
  private JsonNode libsA; // environment.json's libraries of A, as captured

  private TwoCapturedRuns(InProcessServer server) {
    this.server = server;
  }

  /** Starts a server in {@code dir} and logs runs A and B to it. */
  static TwoCapturedRuns log(Path dir) throws Exception {
    TwoCapturedRuns runs = new TwoCapturedRuns(new InProcessServer(dir.resolve("data")));
    runs.logBoth(Files.createDirectories(dir.resolve("src")), dir.resolve("files"));
    return runs;
  }

  private void logBoth(Path src, Path files) throws Exception {
    GitWorkTree repo = GitWorkTree.init(src);
    commitA = repo.commit("train.py", "lr = 0.1\n");
    Galley galley =
        Galley.builder()
            .trackingUri(URI.create(server.uri()))
            .capture(
                CaptureOptions.defaults().without(CaptureItem.GIT_DIFF).withWorkingDirectory(src))
            .systemMetricsInterval(Duration.ZERO)
            .build();
    Path trainA = Files.createDirectories(files.resolve("a")).resolve("train.csv");
    Path trainB = Files.createDirectories(files.resolve("b")).resolve("train.csv");
    Files.writeString(trainA, "x,y\n1,2\n");
    Files.writeString(trainB, "x,y\n1,2\n3,4\n");
    try (ActiveRun run = galley.experiment("compare").startRun("baseline")) {
      a = run.id();
      run.logParams(Map.of("lr", 0.1, "seed", 42));
      run.logMetric("accuracy", 0.9, 1);
      run.setTag("purpose", "baseline");
      dataA = run.logInput(trainA, "training");
    }
    commitB = repo.commit("train.py", "lr = 0.2\n");
    Files.writeString(src.resolve("notes.txt"), "uncommitted\n"); // dirty
    try (ActiveRun run = galley.experiment("compare").startRun("candidate")) {
      b = run.id();
      run.logParams(Map.of("lr", 0.2, "seed", 42));
      run.logMetric("accuracy", 0.95, 1);
      run.setTag("purpose", "candidate");
      dataB = run.logInput(trainB, "training");
    }
    libsA = MlflowRest.JSON.readTree(artifact(a, "environment.json")).path("libraries");
    craftEnvironmentOfB();
  }

  /**
   * B's environment.json as if B had run elsewhere: jackson-annotations at another version,
   * jackson-core rebuilt at the same version, slf4j-simple gone, one library more, another Java.
   */
  private void craftEnvironmentOfB() throws Exception {
    ObjectNode env = (ObjectNode) MlflowRest.JSON.readTree(artifact(b, "environment.json"));
    ((ObjectNode) env.path("properties")).put("java.version", "99.0.1");
    ArrayNode libraries = (ArrayNode) env.path("libraries");
    for (int i = libraries.size() - 1; i >= 0; i--) {
      ObjectNode lib = (ObjectNode) libraries.get(i);
      switch (lib.path("maven").path("artifact-id").asText()) {
        case "jackson-annotations" -> ((ObjectNode) lib.path("maven")).put("version", "9.9.9");
        case "jackson-core" -> lib.put("sha256", ZEROS);
        case "slf4j-simple" -> libraries.remove(i);
        default -> {}
      }
    }
    ObjectNode extra = libraries.addObject();
    extra.put("file-name", "extra-1.0.jar").put("path", "/opt/extra-1.0.jar");
    extra.put("directory", false).put("size-bytes", 10).put("sha256", EXTRA_SHA);
    extra
        .putObject("maven")
        .put("group-id", "org.example")
        .put("artifact-id", "extra")
        .put("version", "1.0");
    extra.putArray("embedded");
    String artifactUri = server.galley("runs", "show", b, "--format", "json").out();
    String root = MlflowRest.JSON.readTree(artifactUri).path("info").path("artifact_uri").asText();
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.uri()
                                + "/api/2.0/mlflow-artifacts/artifacts/"
                                + root.substring("mlflow-artifacts:/".length())
                                + "/environment.json"))
                    .PUT(HttpRequest.BodyPublishers.ofString(env.toPrettyString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  @Override
  public void close() {
    server.close();
  }

  private JsonNode libraryOfA(String artifactId) {
    for (JsonNode l : libsA) {
      if (l.path("maven").path("artifact-id").asText().equals(artifactId)) {
        return l;
      }
    }
    throw new AssertionError(artifactId + " is not on the class path");
  }

  String version(String artifactId) {
    return libraryOfA(artifactId).path("maven").path("version").asText();
  }

  String sha12(String artifactId) {
    return libraryOfA(artifactId).path("sha256").asText().substring(0, 12);
  }

  String lib(String artifactId) {
    return version(artifactId) + " " + sha12(artifactId);
  }

  private byte[] artifact(String runId, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.uri() + "/get-artifact?run_uuid=" + runId + "&path=" + path))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
