package io.galley.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.BlobInfo;
import io.galley.core.tracing.NewTrace;
import io.galley.core.tracing.TraceData;
import io.galley.core.tracing.TraceEnd;
import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceStatus;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.TestServer;
import io.galley.server.mlflow.traces.TraceFixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The run page's traces in headless Chromium against a real server: the run's traces (and no
 * other's) with their id, name, status, time, execution time and a few tags; a trace expands to its
 * spans, nested as traces.json's parent ids say; a trace without data says so in its row.
 */
class TracesUiIT {
  @TempDir Path dir;

  @Test
  void theRunPageListsItsTracesAndExpandsThemToSpans() {
    try (TestServer server = TestServer.h2(dir);
        UiBrowser browser = UiBrowser.start()) {
      TrackingStore tracking = server.store().tracking();
      TraceStore traces = server.store().traces();
      String experiment = tracking.createExperiment("chatbot", null, List.of()).experimentId();
      String runId =
          tracking
              .createRun(new NewRun(experiment, "alice", "rag-v1", 1_700_000_000_000L, List.of()))
              .info()
              .runId();
      Map<String, String> ofRun = Map.of(TraceInfo.SOURCE_RUN_METADATA, runId);
      TraceInfo ended =
          traces.startTrace(
              new NewTrace(experiment, 1_700_000_000_000L, ofRun, Map.of("env", "<b>prod</b>")));
      traces.endTrace(
          new TraceEnd(
              ended.requestId(),
              1_700_000_000_250L,
              TraceStatus.OK,
              Map.of(),
              Map.of(TraceInfo.TRACE_NAME_TAG, "predict")));
      byte[] data = TraceFixtures.twoSpans(ended.requestId()).getBytes(StandardCharsets.UTF_8);
      BlobInfo blob = server.blobs().put(new ByteArrayInputStream(data));
      traces.setTraceData(ended.requestId(), new TraceData(blob.digest(), blob.size()));
      TraceInfo running =
          traces.startTrace(new NewTrace(experiment, 1_700_000_001_000L, ofRun, Map.of()));
      traces.startTrace(
          new NewTrace(
              experiment,
              1_700_000_002_000L,
              Map.of(TraceInfo.SOURCE_RUN_METADATA, "another-run"),
              Map.of()));

      browser.open(server.uri() + "/runs/" + runId, "run");
      List<WebElement> rows =
          browser
              .waiting()
              .until(
                  d -> {
                    List<WebElement> found =
                        d.findElements(By.cssSelector("[data-testid=trace-row]"));
                    return found.size() == 2 ? found : null;
                  });
      // Newest first: the running trace, then the ended one.
      assertThat(rows.get(0).getDomAttribute("data-request-id")).isEqualTo(running.requestId());
      assertThat(rows.get(0).getText()).contains("IN_PROGRESS").contains("—");
      WebElement row = rows.get(1);
      assertThat(row.getDomAttribute("data-request-id")).isEqualTo(ended.requestId());
      assertThat(row.getText())
          .contains(ended.requestId().substring(0, 12))
          .contains("predict")
          .contains("OK")
          .contains("250 ms")
          .contains("env=<b>prod</b>");
      assertThat(row.findElements(By.tagName("b"))).isEmpty();
      assertThat(browser.severeConsoleEntries()).isEmpty();

      row.findElement(By.cssSelector("[data-testid=trace-toggle]")).click();
      List<WebElement> spans =
          browser
              .waiting()
              .until(
                  d -> {
                    List<WebElement> found =
                        d.findElements(By.cssSelector("[data-testid=span-row]"));
                    return found.size() == 2 ? found : null;
                  });
      assertThat(spans.get(0).getDomAttribute("data-span-name")).isEqualTo("predict");
      assertThat(spans.get(0).getDomAttribute("data-depth")).isEqualTo("0");
      assertThat(spans.get(0).getText()).contains("CHAIN").contains("250.0 ms").contains("why?");
      assertThat(spans.get(1).getDomAttribute("data-span-name")).isEqualTo("retrieve");
      assertThat(spans.get(1).getDomAttribute("data-depth")).isEqualTo("1");
      assertThat(spans.get(1).getText())
          .contains("RETRIEVER")
          .contains("100.0 ms")
          .contains("doc-1");
      assertThat(browser.severeConsoleEntries()).isEmpty();

      // The running trace has no data yet: its row says so instead of spans.
      rows.get(0).findElement(By.cssSelector("[data-testid=trace-toggle]")).click();
      WebElement error =
          browser
              .waiting()
              .until(
                  d ->
                      d
                          .findElements(
                              By.cssSelector("[data-testid=trace-spans] [data-testid=error]"))
                          .stream()
                          .findFirst()
                          .orElse(null));
      assertThat(error.getText()).contains("has not been uploaded");
    }
  }
}
