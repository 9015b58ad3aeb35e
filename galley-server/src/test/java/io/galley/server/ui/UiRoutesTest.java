package io.galley.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web UI's files and page URLs over real HTTP. */
class UiRoutesTest extends ApiTestBase {

  private HttpResponse<String> get(String path) {
    return http.exchange(http.request(path).GET().build(), BodyHandlers.ofString());
  }

  private static void assertSecurityHeaders(HttpResponse<?> r) {
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .contains("style-src 'self'")
                    .contains("img-src 'self' blob: data:")
                    .contains("connect-src 'self'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval"));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
  }

  @Test
  void theTryItBoxMayReachConfiguredModelServersAndNothingElse() {
    String csp =
        new UiRoutes(List.of("https://Models.internal:8443/", "http://10.0.0.7:8080"))
            .contentSecurityPolicy();
    assertThat(csp)
        .contains(
            "connect-src 'self' http://localhost:* http://127.0.0.1:* https://models.internal:8443"
                + " http://10.0.0.7:8080;")
        .contains("script-src 'self';");
    for (String bad :
        List.of(
            "models.internal",
            "http://a; script-src *",
            "https://x/path",
            "javascript:alert(1)",
            "http://*",
            "http://[::1]:8080")) {
      assertThatThrownBy(() -> new UiRoutes(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a model server's origin");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/experiments",
        "/experiments/1",
        "/experiments/1/leaderboard?metric=acc&agg=max",
        "/runs/0123456789abcdef0123456789abcdef",
        "/compare?runs=a,b",
        "/models",
        "/models/iris",
        "/models/team%2Firis",
        "/models/iris/versions/1",
        "/images",
        "/experiments/"
      })
  void everyPageUrlAnswersWithIndex(String path) {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(r.body()).contains("data-testid=\"page\"").contains("/ui/app.js");
    assertSecurityHeaders(r);
    // The try-it box posts to model servers on the browser's machine; nothing else is reachable.
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("connect-src 'self' http://localhost:* http://127.0.0.1:*;");

    HttpResponse<String> head =
        http.exchange(
            http.request(path).method("HEAD", BodyPublishers.noBody()).build(),
            BodyHandlers.ofString());
    assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void assetsHaveTheirContentTypesAndRevalidate() {
    HttpResponse<String> js = get("/ui/app.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertSecurityHeaders(js);
    String etag = js.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        http.exchange(
            http.request("/ui/app.js").header("If-None-Match", etag).GET().build(),
            BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    assertThat(get("/ui/app.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    assertThat(get("/ui/favicon.svg").headers().firstValue("Content-Type"))
        .hasValue("image/svg+xml");
    HttpResponse<String> page = get("/ui/pages/runs.js");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
  }

  @Test
  void uplotComesFromItsWebJar() {
    HttpResponse<String> js = get("/ui/vendor/uplot/uPlot.esm.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
    assertThat(js.body()).contains("export { uPlot as default }");
    HttpResponse<String> css = get("/ui/vendor/uplot/uPlot.min.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(css.body()).contains(".uplot");
    assertThat(get("/ui/vendor/uplot/uPlot.cjs.js").statusCode()).isEqualTo(404);
    assertThat(get("/ui/vendor/uplot/package.json").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ui/nonexistent.js",
        "/ui/index.htm",
        "/ui/App.js",
        "/ui/pages/../app.js",
        "/ui/%2e%2e/pom.xml",
        "/ui/%2e%2e/",
        "/ui/..%2fgalley-version.properties",
        "/ui/galley-version.properties",
        "/ui/vendor/uplot/../../../META-INF/MANIFEST.MF",
        "/ui/vendor/%2e%2e/app.js",
        "/ui/io/galley/server/ui/app.js"
      })
  void nothingOutsideTheKnownFilesIsServed(String path) {
    String response = raw(path);
    String statusLine = response.lines().findFirst().orElse("");
    // Jetty refuses some ambiguous encodings itself with 400; nothing is ever served.
    assertThat(statusLine).as(path).matches("HTTP/1.1 (404|400) .*");
    assertThat(response).doesNotContain("<project").doesNotContain("Manifest-Version");
  }

  @Test
  void unknownUiFilesArePlainNotFound() {
    HttpResponse<String> r = get("/ui/nonexistent.js");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body()).doesNotContain("error_code");
    assertThat(raw("/ui/../pom.xml")).startsWith("HTTP/1.1 404").doesNotContain("<project");
  }

  @Test
  void apiPathsAreUnaffected() {
    Resp health = http.get("/health");
    assertThat(health.body()).isEqualTo("OK");
    assertThat(http.get("/version").json().has("version")).isTrue();
    Resp search = http.mlflowGet("experiments/search", "max_results=10");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.json().has("experiments")).isTrue();
    Resp ajax = http.get("/ajax-api/2.0/mlflow/experiments/search?max_results=10");
    assertThat(ajax.status()).isEqualTo(200);
    Resp unknownApi = http.get("/api/2.0/mlflow/nope");
    assertThat(unknownApi.status()).isEqualTo(404);
    assertThat(unknownApi.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
    Resp catalog = http.get("/v2/_catalog");
    assertThat(catalog.status()).isEqualTo(200);
    assertThat(catalog.json().has("repositories")).isTrue();
    assertThat(http.get("/get-artifact?run_uuid=nope&path=x").contentType())
        .startsWith("application/json");
    assertThat(http.get("/unknown-top-level").errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
  }

  @Test
  void aBrowserOpeningAnUnknownPageGetsAnHtmlNotFoundPage() {
    HttpResponse<String> page =
        http.exchange(
            http.request("/nope/%3Cscript%3E")
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .GET()
                .build(),
            BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.body())
        .contains("<h1>Not found</h1>", "<code>/nope/", "<a href=\"/\">")
        .doesNotContain("<script>")
        .doesNotContain("ENDPOINT_NOT_FOUND");
    assertSecurityHeaders(page);

    // The APIs keep their JSON errors, whatever the client accepts.
    HttpResponse<String> api =
        http.exchange(
            http.request("/api/2.0/mlflow/nope").header("Accept", "text/html").GET().build(),
            BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("ENDPOINT_NOT_FOUND");
  }

  @Test
  void experimentSummaryCountsRuns() {
    String exp = createExperiment(unique("summary"));
    createRun(exp);
    createRun(exp);
    String empty = createExperiment(unique("summary-empty"));
    Resp r =
        http.get(
            "/api/2.0/galley/experiments/summary?experiment_ids="
                + Http.q(exp + "," + empty + ",999999"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> seen =
        r.json().path("summaries").findValuesAsText("experiment_id").stream().toList();
    assertThat(seen).containsExactlyInAnyOrder(exp, empty);
    r.json()
        .path("summaries")
        .forEach(
            s -> {
              long expected = s.path("experiment_id").asText().equals(exp) ? 2 : 0;
              assertThat(s.path("runs_count").asLong()).isEqualTo(expected);
              assertThat(s.path("last_activity").asLong()).isPositive();
            });
    Resp missing = http.get("/api/2.0/galley/experiments/summary");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void experimentKeysAreTheRunsTableColumns() {
    String exp = createExperiment(unique("keys"));
    String run = createRun(exp);
    Resp logged =
        http.mlflowPost(
            "runs/log-batch",
            Http.json(
                "{'run_id':'"
                    + run
                    + "','metrics':[{'key':'loss','value':0.5,'timestamp':1,'step':0},"
                    + "{'key':'acc','value':0.9,'timestamp':1,'step':0}],"
                    + "'params':[{'key':'lr','value':'0.1'}]}"));
    assertThat(logged.status()).as(logged.body()).isEqualTo(200);

    Resp r = http.get("/api/2.0/galley/experiments/keys?experiment_id=" + exp);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("metric_keys").toString()).isEqualTo("[\"acc\",\"loss\"]");
    assertThat(r.json().path("param_keys").toString()).isEqualTo("[\"lr\"]");

    Resp unknown = http.get("/api/2.0/galley/experiments/keys?experiment_id=987654321");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    for (String bad : List.of("", "?experiment_id=", "?experiment_id=abc", "?experiment_id=%00")) {
      Resp refused = http.get("/api/2.0/galley/experiments/keys" + bad);
      assertThat(refused.status()).as(bad).isBetween(400, 404);
      assertThat(refused.errorCode()).as(bad).isNotEmpty();
    }
  }

  /** Sends the path byte for byte, so no client normalises it first. */
  private String raw(String path) {
    URI base = URI.create(http.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
