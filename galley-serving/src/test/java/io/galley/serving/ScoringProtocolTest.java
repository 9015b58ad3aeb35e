package io.galley.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.serving.http.CrossOrigins;
import io.galley.serving.http.ServingConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's scoring protocol and the Open Inference Protocol over real HTTP on loopback. */
class ScoringProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP_JSON = "application/json";

  @Test
  void everyInputFormatOfMlflowGivesTheSamePredictions(@TempDir Path dir) throws Exception {
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")))) {
      List<String> bodies =
          List.of(
              "{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1.5, 2], [0.25, 4]]}}",
              "{\"dataframe_split\": {\"index\": [7, 8], \"columns\": [\"b\", \"a\"],"
                  + " \"data\": [[2, 1.5], [4, 0.25]]}}",
              "{\"dataframe_records\": [{\"a\": 1.5, \"b\": 2}, {\"a\": 0.25, \"b\": 4}]}",
              "{\"instances\": [{\"a\": 1.5, \"b\": 2, \"extra\": \"ignored\"}, {\"a\": 0.25, \"b\": 4}]}",
              "{\"inputs\": {\"a\": [1.5, 0.25], \"b\": [2, 4]}, \"params\": {}}");
      for (String body : bodies) {
        HttpResponse<String> r = s.post("/invocations", APP_JSON, body);
        assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()))
            .as(body)
            .isEqualTo(JSON.readTree("{\"predictions\": [3.5, 4.25]}"));
      }
      HttpResponse<String> csv =
          s.post("/invocations", "text/csv; charset=UTF-8", ",a,b\n0,1.5,2\n1,0.25,\"4\"\n");
      assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
      assertThat(JSON.readTree(csv.body()))
          .isEqualTo(JSON.readTree("{\"predictions\": [3.5, 4.25]}"));
    }
  }

  @Test
  void aNullableColumnTakesMissingValuesAndARequiredOneSaysWhichRowLacksOne(@TempDir Path dir)
      throws Exception {
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")))) {
      HttpResponse<String> ok =
          s.post(
              "/invocations",
              APP_JSON,
              "{\"dataframe_records\": [{\"a\": 1, \"b\": 2, \"c\": null}, {\"a\": null, \"b\": 1, \"c\": 5}]}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      // c is an optional long: a null there is a missing value, not a failed cast; a (double) takes
      // null as NaN, as pandas does.
      assertThat(JSON.readTree(ok.body()))
          .isEqualTo(JSON.readTree("{\"predictions\": [3.0, 6.0]}"));

      HttpResponse<String> bad =
          s.post(
              "/invocations",
              APP_JSON,
              "{\"dataframe_records\": [{\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": null}]}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(message(bad)).contains("column 'b'", "row 1", "required", "long");
    }
  }

  @Test
  void badBodiesAnswer4xxWithWhatWasExpectedAndNeverTheCallersValues(@TempDir Path dir)
      throws Exception {
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")))) {
      String secret = "S3CRET-VALUE";
      record Case(String contentType, String body, int status, String says) {}
      List<Case> cases =
          List.of(
              new Case(null, "{}", 415, "Content-Type"),
              new Case("text/plain", "{}", 415, "application/json or text/csv"),
              new Case("application/json; charset=latin-1", "{}", 415, "UTF-8"),
              new Case("application/json; format=pandas-split", "{}", 415, "charset"),
              new Case(APP_JSON, "{\"" + secret + "\": 1", 400, "not valid JSON"),
              new Case(APP_JSON, "[1, 2]", 400, "exactly one of"),
              new Case(APP_JSON, "{}", 400, "exactly one of"),
              new Case(APP_JSON, "{\"data\": [[1, 2]]}", 400, "\"data\""),
              new Case(
                  APP_JSON,
                  "{\"inputs\": {\"a\": [1], \"b\": [2]}, \"instances\": []}",
                  400,
                  "both"),
              new Case(APP_JSON, "{\"dataframe_split\": [[1, 2]]}", 400, "\"data\""),
              new Case(
                  APP_JSON,
                  "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1]]}}",
                  400,
                  "missing inputs ['b']"),
              new Case(
                  APP_JSON,
                  "{\"dataframe_records\": [{\"a\": \"" + secret + "\", \"b\": 1}]}",
                  400,
                  "column 'a' at row 0 must be a double, not a string"),
              new Case(
                  APP_JSON,
                  "{\"dataframe_records\": [{\"a\": 1, \"b\": 2.5}]}",
                  400,
                  "whole number"),
              new Case(
                  APP_JSON,
                  "{\"dataframe_records\": [{\"a\": 1, \"b\": 1e30}]}",
                  400,
                  "out of range"),
              new Case(
                  APP_JSON,
                  "{\"dataframe_records\": [{\"a\": 1, \"b\": 99999999999999999999}]}",
                  400,
                  "out of range"),
              new Case(APP_JSON, "{\"dataframe_records\": {\"a\": 1}}", 400, "list of records"),
              new Case(
                  APP_JSON,
                  "{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1]]}}",
                  400,
                  "row 0"),
              new Case(APP_JSON, "{\"inputs\": [[1, 2]]}", 400, "this model takes columns"),
              new Case(APP_JSON, "{\"inputs\": {\"a\": [1, 2], \"b\": [3]}}", 400, "same length"),
              new Case(
                  APP_JSON,
                  "{\"inputs\": {\"a\": [1], \"b\": [2]}, \"params\": [1]}",
                  400,
                  "params"),
              new Case("text/csv", "a,b\n1,2,3\n", 400, "CSV row 0"),
              new Case(
                  "text/csv",
                  "a,b\n1," + secret + "\n",
                  400,
                  "column 'b' at row 0 must be a number"),
              new Case("text/csv", "", 400, "empty"));
      for (Case c : cases) {
        HttpResponse<String> r = s.post("/invocations", c.contentType(), c.body());
        assertThat(r.statusCode()).as(c + " -> " + r.body()).isEqualTo(c.status());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error_code").asText()).as(c.toString()).isEqualTo("BAD_REQUEST");
        assertThat(body.path("message").asText()).as(c.toString()).contains(c.says());
        assertThat(r.body()).as(c.toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void aTensorSignatureTakesNestedListsAndChecksTheirShape(@TempDir Path dir) throws Exception {
    try (ServingHttp s = new ServingHttp(ModelDirs.tensor(dir.resolve("m")))) {
      for (String body :
          List.of(
              "{\"inputs\": [[1, 2, 3], [4, 5, 6]]}",
              "{\"instances\": [[1, 2, 3], [4, 5, 6]]}",
              "{\"dataframe_split\": {\"data\": [[1, 2, 3], [4, 5, 6]]}}")) {
        HttpResponse<String> r = s.post("/invocations", APP_JSON, body);
        assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()))
            .isEqualTo(JSON.readTree("{\"predictions\": [6.0, 15.0]}"));
      }
      HttpResponse<String> wrongShape = s.post("/invocations", APP_JSON, "{\"inputs\": [[1, 2]]}");
      assertThat(wrongShape.statusCode()).isEqualTo(400);
      assertThat(message(wrongShape)).contains("shape (-1, 3)", "got (1, 2)");
      HttpResponse<String> ragged =
          s.post("/invocations", APP_JSON, "{\"inputs\": [[1, 2, 3], [4]]}");
      assertThat(ragged.statusCode()).isEqualTo(400);
      assertThat(message(ragged)).contains("rectangular");
    }
  }

  @Test
  void theOpenInferenceProtocolInfersAndDescribesTheModel(@TempDir Path dir) throws Exception {
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")))) {
      assertThat(s.get("/v2/health/live").body()).isEqualTo("{\"live\":true}");
      assertThat(s.get("/v2/health/ready").body()).isEqualTo("{\"ready\":true}");
      assertThat(JSON.readTree(s.get("/v2").body()).path("name").asText()).isEqualTo("galley");
      assertThat(s.get("/v2/models/sum/ready").body())
          .isEqualTo("{\"name\":\"sum\",\"ready\":true}");
      JsonNode meta = JSON.readTree(s.get("/v2/models/sum/versions/3").body());
      assertThat(meta.path("inputs").toString())
          .isEqualTo(
              "[{\"name\":\"a\",\"datatype\":\"FP64\",\"shape\":[-1]},"
                  + "{\"name\":\"b\",\"datatype\":\"INT64\",\"shape\":[-1]},"
                  + "{\"name\":\"c\",\"datatype\":\"INT64\",\"shape\":[-1]}]");
      assertThat(meta.path("versions").toString()).isEqualTo("[\"3\"]");

      String request =
          "{\"id\": \"r1\", \"inputs\": ["
              + "{\"name\": \"a\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [1.5, 0.25]},"
              + "{\"name\": \"b\", \"shape\": [2, 1], \"datatype\": \"INT32\", \"data\": [[2], [4]]}]}";
      HttpResponse<String> r = s.post("/v2/models/sum/infer", APP_JSON, request);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()))
          .isEqualTo(
              JSON.readTree(
                  "{\"model_name\": \"sum\", \"model_version\": \"3\", \"id\": \"r1\", \"outputs\":"
                      + " [{\"name\": \"total\", \"datatype\": \"FP64\", \"shape\": [2],"
                      + " \"data\": [3.5, 4.25]}]}"));
      assertThat(s.post("/v2/models/sum/versions/3/infer", APP_JSON, request).statusCode())
          .isEqualTo(200);

      record Case(String path, String body, int status, String says) {}
      for (Case c :
          List.of(
              new Case("/v2/models/other/infer", request, 404, "serves 'sum'"),
              new Case("/v2/models/sum/versions/9/infer", request, 404, "version 3"),
              new Case("/v2/models/sum/infer", "{\"inputs\": []}", 400, "non-empty"),
              new Case(
                  "/v2/models/sum/infer",
                  "{\"inputs\": [{\"name\": \"a\", \"shape\": [3], \"datatype\": \"FP64\", \"data\": [1, 2]}]}",
                  400,
                  "2 values for a shape of 3"),
              new Case(
                  "/v2/models/sum/infer",
                  "{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"FP99\", \"data\": [1]}]}",
                  400,
                  "unknown datatype"),
              new Case(
                  "/v2/models/sum/infer",
                  "{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}",
                  400,
                  "missing inputs ['b']"),
              new Case(
                  "/v2/models/sum/infer",
                  "{\"inputs\": [{\"name\": \"a\", \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [1, 2]}, {\"name\": \"b\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]}]}",
                  400,
                  "[rows, 1]"),
              new Case(
                  "/v2/models/sum/infer",
                  "{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"x\"]}, {\"name\": \"b\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]}]}",
                  400,
                  "must be a double"),
              new Case("/v2/models/sum/infer", "not json", 400, "not valid JSON"))) {
        HttpResponse<String> answer = s.post(c.path(), APP_JSON, c.body());
        assertThat(answer.statusCode()).as(c + " -> " + answer.body()).isEqualTo(c.status());
        assertThat(JSON.readTree(answer.body()).path("error").asText())
            .as(c.toString())
            .contains(c.says());
      }
    }
  }

  @Test
  void healthVersionMetricsAndUnknownRoutes(@TempDir Path dir) throws Exception {
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")))) {
      assertThat(s.get("/ping").statusCode()).isEqualTo(200);
      assertThat(s.get("/health").statusCode()).isEqualTo(200);
      assertThat(s.get("/version").body()).isEqualTo("test\n");
      s.post("/invocations", APP_JSON, "{\"inputs\": {\"a\": [1], \"b\": [2]}}");
      s.post("/invocations", APP_JSON, "{}");
      HttpResponse<String> missing = s.get("/nothing-here");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(missing.body()).path("error_code").asText())
          .isEqualTo("ENDPOINT_NOT_FOUND");
      HttpResponse<String> wrongMethod = s.get("/invocations");
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(JSON.readTree(wrongMethod.body()).path("error_code").asText())
          .isEqualTo("BAD_REQUEST");

      String metrics = s.get("/metrics").body();
      assertThat(metrics)
          .contains("galley_serving_requests_total{endpoint=\"/invocations\",status=\"200\"} 1.0")
          .contains("galley_serving_errors_total{endpoint=\"/invocations\",status=\"400\"} 1.0")
          .contains("galley_serving_errors_total{endpoint=\"other\",status=\"404\"} 1.0")
          .contains(
              "galley_serving_request_duration_seconds_bucket{endpoint=\"/invocations\",le=\"+Inf\"} 3")
          .contains("galley_serving_predicted_rows_total{protocol=\"mlflow\"} 1.0");
    }
  }

  @Test
  void webPagesOnTheBrowsersMachineOrListedMayCallAndOthersAreRefused(@TempDir Path dir)
      throws Exception {
    ServingConfig config =
        ServingConfig.defaults()
            .withCrossOrigins(new CrossOrigins(List.of("https://galley.example:7443/")));
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")), config)) {
      String body = "{\"inputs\": {\"a\": [1], \"b\": [2]}}";
      HttpResponse<String> preflight =
          s.send(
              "OPTIONS",
              "/invocations",
              null,
              "Origin",
              "http://localhost:7070",
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "content-type",
              "Access-Control-Request-Private-Network",
              "true");
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("http://localhost:7070");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
          .hasValue("GET, POST");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
          .hasValue("Content-Type");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Private-Network"))
          .hasValue("true");

      for (String origin :
          List.of("http://127.0.0.1:7070", "http://[::1]:9", "https://GALLEY.example:7443")) {
        HttpResponse<String> r =
            s.send("POST", "/invocations", body, "Origin", origin, "Content-Type", APP_JSON);
        assertThat(r.statusCode()).as(origin).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        assertThat(r.headers().allValues("Vary")).contains("Origin");
      }

      for (String origin :
          List.of("https://galley.example", "http://evil.example", "null", "file://")) {
        HttpResponse<String> r =
            s.send("POST", "/invocations", body, "Origin", origin, "Content-Type", APP_JSON);
        assertThat(r.statusCode()).as(origin).isEqualTo(403);
        assertThat(message(r)).contains("--cors-allowed-origins").doesNotContain(origin);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> v2 =
            s.send(
                "OPTIONS",
                "/v2/models/sum/infer",
                null,
                "Origin",
                origin,
                "Access-Control-Request-Method",
                "POST");
        assertThat(v2.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(v2.body()).path("error").asText()).contains("origin");
      }
      // Without Origin (curl, SDKs) nothing changes, and unknown paths stay 404.
      assertThat(s.post("/invocations", APP_JSON, body).headers().map())
          .doesNotContainKey("access-control-allow-origin");
      assertThat(s.get("/nothing-here").statusCode()).isEqualTo(404);
    }
    assertThatThrownBy(() -> new CrossOrigins(List.of("galley.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a web origin");
    assertThatThrownBy(() -> new CrossOrigins(List.of("https://h/path")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBodyOverTheLimitIs413(@TempDir Path dir) throws Exception {
    try (ServingHttp s =
        new ServingHttp(
            ModelDirs.columns(dir.resolve("m")), ServingConfig.defaults().withMaxBodyBytes(1000))) {
      HttpResponse<String> r =
          s.post("/invocations", APP_JSON, "{\"inputs\": {\"a\": [" + "1,".repeat(1000) + "1]}}");
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(message(r)).contains("1000 bytes");
      assertThat(s.get("/ping").statusCode()).isEqualTo(200);
    }
  }

  private static String message(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).path("message").asText();
  }
}
