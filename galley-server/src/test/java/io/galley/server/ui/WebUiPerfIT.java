package io.galley.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.Metric;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Page timing of the runs page over 10,000 runs in one experiment (3 metrics and 3 params each), in
 * headless Chromium against a real server, for BENCHMARKS.md. Measured in the page with {@code
 * performance.now()}: navigation start to the first run row in the DOM (a MutationObserver
 * installed before any page script runs) and to {@code data-ready}; a click on a metric header to
 * the first row being that metric's extreme run; a scroll of the runs viewport to the bottom until
 * the last run of that order is rendered. One warm-up round, then 5 measured rounds, each a fresh
 * navigation (browser cache warm); prints every value and the medians. Speed is measured, never
 * asserted; only that the page shows the right rows.
 *
 * <pre>GALLEY_PERF=1 ./mvnw -pl galley-server -am verify -Dit.test=WebUiPerfIT -Dtest=none
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfEnvironmentVariable(
    named = "GALLEY_PERF",
    matches = "1",
    disabledReason = "fills 10k runs and drives a browser (~1 min); set GALLEY_PERF=1 to run it")
class WebUiPerfIT {
  private static final int RUNS = 10_000;
  private static final int ROUNDS = 5;
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);

  /** Records when the first run row and the ready page appear, from navigation start. */
  private static final String OBSERVE_FIRST_ROW =
      "(() => {"
          + "  window.__firstRow = null; window.__ready = null;"
          + "  const obs = new MutationObserver(() => {"
          + "    if (window.__firstRow === null"
          + "        && document.querySelector('[data-testid=run-row]')) {"
          + "      window.__firstRow = performance.now();"
          + "    }"
          + "    if (window.__ready === null && window.__firstRow !== null && document.querySelector("
          + "        'main[data-testid=page][data-page=runs][data-ready=true]')) {"
          + "      window.__ready = performance.now();"
          + "    }"
          + "    if (window.__firstRow !== null && window.__ready !== null) obs.disconnect();"
          + "  });"
          + "  obs.observe(document, {childList: true, subtree: true, attributes: true});"
          + "})();";

  /** Clicks the header of metric arguments[0]; records ms until the first row is arguments[1|2]. */
  private static final String SORT =
      "const key = arguments[0], targets = [arguments[1], arguments[2]];"
          + "const th = document.querySelector("
          + "  `[data-testid=runs-table] th[data-sort-key=\"metrics.${key}\"],"
          + "   [data-testid=runs-table] th[data-sort-key=\"metrics.\\`${key}\\`\"]`);"
          + "if (!th) return 'no header for metrics.' + key;"
          + "window.__sorted = null;"
          + "const main = document.querySelector('main[data-testid=page]');"
          + "const t0 = performance.now();"
          + "const obs = new MutationObserver(() => {"
          + "  const r = document.querySelector('[data-testid=run-row]');"
          + "  if (r && targets.includes(r.getAttribute('data-run-id'))) {"
          + "    window.__sorted = performance.now() - t0; obs.disconnect();"
          + "  }"
          + "});"
          + "obs.observe(main, {childList: true, subtree: true, attributes: true});"
          + "th.click();"
          + "return null;";

  /**
   * Scrolls the runs table's scroll container to the bottom on every frame until the row of run
   * arguments[0] is rendered; records the ms it took.
   */
  private static final String SCROLL =
      "const target = arguments[0];"
          + "const table = document.querySelector('[data-testid=runs-table]');"
          + "let box = table.parentElement;"
          + "while (box && !(box.scrollHeight > box.clientHeight + 1"
          + "    && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;"
          + "box = box || document.scrollingElement;"
          + "window.__bottom = null;"
          + "const t0 = performance.now();"
          + "const tick = () => {"
          + "  box.scrollTop = box.scrollHeight;"
          + "  if (document.querySelector(`[data-testid=run-row][data-run-id=\"${target}\"]`)) {"
          + "    window.__bottom = performance.now() - t0; return;"
          + "  }"
          + "  requestAnimationFrame(tick);"
          + "};"
          + "tick();";

  @TempDir Path dataDir;

  @Test
  void runsPageTimingsOver10kRuns() {
    try (UiBrowser browser = UiBrowser.start();
        TestServer server = TestServer.h2(dataDir)) {
      long fill0 = System.nanoTime();
      String[] ids = fill(server.store().tracking());
      System.out.printf(
          Locale.ROOT,
          "filled %d runs (3 metrics, 3 params each) in %.1f s%n",
          RUNS,
          (System.nanoTime() - fill0) / 1e9);
      // m0 = (r * 7919 % 10000) / 10000: every value once, 0 at r = 0, 0.9999 at r = maxRun.
      String minRun = ids[0];
      String maxRun = ids[maxIndex()];
      String experimentId =
          server.store().tracking().getRun(ids[0]).info().experimentId(); // same for every run

      browser
          .driver()
          .executeCdpCommand(
              "Page.addScriptToEvaluateOnNewDocument", Map.of("source", OBSERVE_FIRST_ROW));
      String url = server.uri() + "/experiments/" + experimentId;
      List<double[]> rounds = new ArrayList<>();
      for (int round = 0; round <= ROUNDS; round++) {
        browser.driver().get("about:blank");
        browser.driver().get(url);
        double firstRow = waitFor(browser, "window.__firstRow");
        double ready = waitFor(browser, "window.__ready");

        Object sortProblem = browser.js(SORT, "m0", maxRun, minRun);
        assertThat(sortProblem).isNull();
        double sort = waitFor(browser, "window.__sorted");
        String first =
            (String)
                browser.js(
                    "return document.querySelector('[data-testid=run-row]')"
                        + ".getAttribute('data-run-id');");
        String last = first.equals(maxRun) ? minRun : maxRun;
        browser.js(SCROLL, last);
        double bottom = waitFor(browser, "window.__bottom");
        assertThat(browser.severeConsoleEntries()).isEmpty();
        System.out.printf(
            Locale.ROOT,
            "%s: first row %.0f ms, ready %.0f ms, sort by m0 %.0f ms, scroll to row %d %.0f ms%n",
            round == 0 ? "warm-up" : "round " + round,
            firstRow,
            ready,
            sort,
            RUNS,
            bottom);
        if (round > 0) {
          rounds.add(new double[] {firstRow, ready, sort, bottom});
        }
      }
      System.out.printf(
          Locale.ROOT,
          "runs page, %d runs, median of %d: first row %.0f ms, ready %.0f ms,"
              + " sort by a metric %.0f ms, scroll to the last row %.0f ms%n",
          RUNS,
          ROUNDS,
          median(rounds, 0),
          median(rounds, 1),
          median(rounds, 2),
          median(rounds, 3));
    }
  }

  private static String[] fill(TrackingStore store) {
    String exp = store.createExperiment("ui-perf-10k", null, List.of()).experimentId();
    String[] ids = new String[RUNS];
    long t = 1_700_000_000_000L;
    for (int r = 0; r < RUNS; r++) {
      String id =
          store.createRun(new NewRun(exp, "perf", "run-" + r, t + r, List.of())).info().runId();
      store.logBatch(
          id,
          List.of(
              new Metric("m0", (r * 7919L % RUNS) / (double) RUNS, t + r, 0),
              new Metric("m1", Math.sin(r), t + r, 0),
              new Metric("m2", r % 97, t + r, 0)),
          List.of(
              new Param("lr", String.valueOf((r % 10) / 100.0)),
              new Param("depth", String.valueOf(r % 7)),
              new Param("family", r % 2 == 0 ? "knn" : "cart")),
          List.of());
      ids[r] = id;
    }
    return ids;
  }

  private static int maxIndex() {
    for (int r = 0; r < RUNS; r++) {
      if (r * 7919L % RUNS == RUNS - 1) {
        return r;
      }
    }
    throw new AssertionError("7919 is invertible modulo 10000");
  }

  private static double waitFor(UiBrowser browser, String expression) {
    Object value =
        new WebDriverWait(browser.driver(), STEP_TIMEOUT, Duration.ofMillis(20))
            .withMessage(expression + " was never set")
            .until(d -> browser.js("return " + expression + ";"));
    return ((Number) value).doubleValue();
  }

  private static double median(List<double[]> rounds, int column) {
    double[] v = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
