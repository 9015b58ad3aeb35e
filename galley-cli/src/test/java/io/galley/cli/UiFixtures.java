package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.server.ui.UiBrowser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Data for the web UI's browser tests, logged as any MLflow client logs it (experiments, runs with
 * tags and start times, metrics), and a few page reads those tests share.
 */
final class UiFixtures {
  private final MlflowRest api;
  private final String base;

  UiFixtures(String serverUri) {
    this.api = new MlflowRest(serverUri);
    this.base = serverUri;
  }

  MlflowRest api() {
    return api;
  }

  String experiment(String name) {
    return api.post("experiments/create", Map.of("name", name)).path("experiment_id").asText();
  }

  /** A finished run named {@code name} that started at {@code startTime}, with these tags. */
  String run(String experimentId, String name, long startTime, Map<String, String> tags) {
    List<Map<String, String>> tagList = new ArrayList<>();
    tags.forEach((k, v) -> tagList.add(Map.of("key", k, "value", v)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("experiment_id", experimentId);
    body.put("run_name", name);
    body.put("start_time", startTime);
    body.put("tags", tagList);
    String id = api.post("runs/create", body).path("run").path("info").path("run_id").asText();
    api.post(
        "runs/update", Map.of("run_id", id, "status", "FINISHED", "end_time", startTime + 1000));
    return id;
  }

  void metric(String runId, String key, double value, long step) {
    api.post(
        "runs/log-metric",
        Map.of(
            "run_id",
            runId,
            "key",
            key,
            "value",
            value,
            "timestamp",
            1_700_000_000_000L + step,
            "step",
            step));
  }

  JsonNode run(String runId) {
    return api.get("runs/get", Map.of("run_id", runId)).path("run");
  }

  /** A tag's value, or null when the run lacks it. */
  String tag(String runId, String key) {
    for (JsonNode t : run(runId).path("data").path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  /** GET of a server path, whatever the status. */
  HttpResponse<String> get(String pathAndQuery) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The run ids of the runs table's rows, top to bottom. */
  static List<String> runRowIds(UiBrowser browser) {
    @SuppressWarnings("unchecked")
    List<String> ids =
        (List<String>)
            browser.js(
                "return Array.from(document.querySelectorAll('tr[data-testid=run-row]'),"
                    + " r => r.getAttribute('data-run-id'));");
    return ids;
  }

  /** The first element {@code css} matches, waited for. */
  static WebElement await(UiBrowser browser, String css) {
    return browser
        .waiting()
        .withMessage(() -> "nothing matches " + css)
        .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }
}
