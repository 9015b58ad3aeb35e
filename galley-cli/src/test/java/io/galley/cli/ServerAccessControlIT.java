package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley server}'s access-control start-up: when it refuses, and the first admin. */
class ServerAccessControlIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aNonLoopbackAddressNeedsAccessControlOrInsecureOpen(@TempDir Path dataDir) {
    CliRunner r =
        CliRunner.run(
            "server", "--host", "0.0.0.0", "--port", "0", "--data-dir", dataDir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("--host 0.0.0.0 is not a loopback address")
        .contains("--access-control")
        .contains("--insecure-open");
  }

  @Test
  void accessControlWithNoUserAndNoInitAdminRefusesToStart(@TempDir Path dataDir) {
    CliRunner r =
        CliRunner.run(
            "server", "--access-control", "--port", "0", "--data-dir", dataDir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no user exists").contains("--init-admin");
  }

  @Test
  void theFirstAdminSignsInAndNobodyElseGetsIn(@TempDir Path dataDir) throws Exception {
    try (ServerProcess server =
        ServerProcess.start(
            dataDir,
            Map.of("GALLEY_ADMIN_PASSWORD", "first admin's password"),
            "--access-control",
            "--init-admin",
            "root")) {
      assertThat(server.output())
          .anySatisfy(
              line ->
                  assertThat(line).contains("Created administrator 'root' with the password in"));
      assertThat(String.join("\n", server.output())).doesNotContain("first admin's password");
      String search = server.baseUri() + "/api/2.0/mlflow/experiments/search";
      assertThat(get(search, null).statusCode()).isEqualTo(401);
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("root:first admin's password".getBytes(StandardCharsets.UTF_8));
      assertThat(get(search, basic).statusCode()).isEqualTo(200);
      assertThat(get(server.baseUri() + "/health", null).statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> get(String url, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
