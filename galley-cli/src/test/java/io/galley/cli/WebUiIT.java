package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import io.galley.core.registry.ModelSource;
import io.galley.server.ui.UiBrowser;
import io.galley.serving.fetch.ModelFetcher;
import io.galley.serving.http.ScoringServer;
import io.galley.serving.http.ServingConfig;
import io.galley.serving.predict.ServedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.opentest4j.TestAbortedException;

/**
 * The web UI in a real browser (headless Chromium) against a real server holding the real iris
 * example (13 runs, a registered model with alias {@code champion}) and a tiny pushed image, as
 * {@code /work/ui-contract.md}'s pages, URLs and {@code data-testid} selectors describe it. Every
 * expectation that the example's data determines is read from the REST API, not written down. After
 * every test the browser console must hold no error, and a screenshot of the page is kept in {@code
 * target/ui-screenshots/<test>.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiIT {
  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  private static final String RUN_ROW = "tr[data-testid=run-row]";
  private static final String IMAGE_REPO = "ui-test/tiny";
  private static final String IMAGE_TAG = "v1";
  private static final String LABEL_KEY = "org.opencontainers.image.title";
  private static final String LABEL_VALUE = "galley-ui-test-image";

  private InProcessServer server;
  private MlflowRest api;
  private UiBrowser browser;
  private String experimentId;
  private String otherExperimentId;
  private List<JsonNode> runs;
  private String noBrowser;

  /** SEVERE console entries the current test expects (matched against the message). */
  private final List<Pattern> expectedErrors = new ArrayList<>();

  @BeforeAll
  void startServerExampleAndBrowser(@TempDir Path dataDir) {
    // First: without a browser every test is skipped at once, each with the reason (an abort in
    // @BeforeAll would leave surefire reporting "Tests run: 0" and no reason).
    try {
      browser = UiBrowser.start();
    } catch (TestAbortedException e) {
      noBrowser = e.getMessage();
      return;
    }
    server = new InProcessServer(dataDir);
    api = new MlflowRest(server.uri());
    CliRunner example = server.galley("example", "iris");
    assertThat(example.exitCode()).as(example.err()).isZero();
    otherExperimentId =
        api.post("experiments/create", Map.of("name", "unrelated-experiment"))
            .path("experiment_id")
            .asText();
    experimentId =
        api.get("experiments/get-by-name", Map.of("experiment_name", "iris"))
            .path("experiment")
            .path("experiment_id")
            .asText();
    runs = searchRuns(null);
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @BeforeEach
  void forgetEarlierConsole() {
    Assumptions.assumeTrue(noBrowser == null, () -> noBrowser);
    expectedErrors.clear();
    browser.clearConsole();
  }

  @AfterEach
  void screenshotAndNoConsoleErrors(TestInfo test) {
    if (browser == null) {
      return;
    }
    String name = test.getTestMethod().orElseThrow().getName();
    browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
    List<String> errors =
        browser.severeConsoleEntries().stream()
            .map(LogEntry::getMessage)
            .filter(m -> expectedErrors.stream().noneMatch(p -> p.matcher(m).find()))
            .toList();
    assertThat(errors).as("SEVERE browser console entries during " + name).isEmpty();
  }

  // ---------------------------------------------------------------- experiments

  @Test
  void experimentsPageListsTheExampleWithItsRunCountAndSearchFilters() {
    browser.open(server.uri() + "/experiments", "experiments");
    WebElement iris = experimentRow(experimentId);
    assertThat(iris.findElement(By.cssSelector("a[href='/experiments/" + experimentId + "']")))
        .extracting(WebElement::getText)
        .isEqualTo("iris");
    assertThat(iris.findElement(By.cssSelector("[data-testid=runs-count]")).getText().trim())
        .isEqualTo(String.valueOf(runs.size()))
        .isEqualTo("13");
    assertThat(iris.findElement(By.cssSelector("[data-testid=last-activity]")).getText())
        .isNotBlank();
    assertThat(experimentRowIds()).contains(experimentId, otherExperimentId);

    WebElement search =
        browser.driver().findElement(By.cssSelector("input[data-testid=experiment-search]"));
    search.sendKeys("iri", Keys.ENTER);
    browser
        .waiting()
        .withMessage(() -> "search 'iri' should leave only iris; rows: " + experimentRowIds())
        .until(d -> experimentRowIds().equals(List.of(experimentId)));

    search.clear();
    search.sendKeys("unrelated", Keys.ENTER);
    browser
        .waiting()
        .withMessage(() -> "search 'unrelated' should leave only it; rows: " + experimentRowIds())
        .until(d -> experimentRowIds().equals(List.of(otherExperimentId)));
  }

  // ---------------------------------------------------------------- runs

  @Test
  void runsPageShowsEveryRunOfTheExample() {
    openRuns();
    assertThat(runRowIds()).containsExactlyInAnyOrderElementsOf(ids(runs)).hasSize(13);
    List<WebElement> total =
        browser.driver().findElements(By.cssSelector("[data-testid=runs-total]"));
    if (!total.isEmpty()) {
      assertThat(total.get(0).getText()).contains("13");
    }
    WebElement header = header("metrics.accuracy");
    assertThat(header.getDomAttribute("scope")).isEqualTo("col");
  }

  @Test
  void chosenTagColumnsShowTheirValuesAndStayInTheUrl() {
    openRuns();
    WebElement input = byTestId("tag-columns");
    input.clear();
    input.sendKeys("mlflow.runName, mlflow.source.git.commit" + Keys.ENTER);
    browser
        .waiting()
        .withMessage("a tags.mlflow.runName column")
        .until(
            d ->
                !d.findElements(By.cssSelector("th[data-sort-key='tags.`mlflow.runName`']"))
                    .isEmpty());
    assertThat(browser.driver().getCurrentUrl())
        .contains("tags=mlflow.runName%2Cmlflow.source.git.commit");
    // The new column holds each run's name: the cell under it equals the row's run link.
    Object pairs =
        ((JavascriptExecutor) browser.driver())
            .executeScript(
                "const ths=[...document.querySelectorAll('[data-testid=runs-table] thead th')];"
                    + "const i=ths.findIndex(t=>t.dataset.sortKey==='tags.`mlflow.runName`');"
                    + "return [...document.querySelectorAll('tr[data-testid=run-row]')].map(r=>"
                    + "[r.querySelector('a').textContent, r.children[i].textContent]);");
    assertThat((List<?>) pairs).hasSize(13);
    for (Object pair : (List<?>) pairs) {
      List<?> p = (List<?>) pair;
      assertThat(p.get(1)).isEqualTo(p.get(0));
    }
    browser.open(browser.driver().getCurrentUrl(), "runs");
    assertThat(byTestId("tag-columns").getDomProperty("value"))
        .isEqualTo("mlflow.runName, mlflow.source.git.commit");
  }

  @Test
  void clickingTheAccuracyHeaderSortsAndClickingAgainReverses() {
    openRuns();
    Map<String, Double> accuracy = lastMetric(runs, "accuracy");
    double max = accuracy.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double min = accuracy.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    Set<String> best = withValue(accuracy, max);
    Set<String> worst = withValue(accuracy, min);

    header("metrics.accuracy").click();
    String first = awaitSorted(null);
    // Descending first (higher is better) or ascending first: either way the direction shows.
    String direction = accuracySort();
    assertThat(direction).isIn("descending", "ascending");
    assertThat(first).isIn(direction.equals("descending") ? best : worst);

    header("metrics.accuracy").click();
    String reversed = direction.equals("descending") ? "ascending" : "descending";
    String firstAfter = awaitSorted(reversed);
    assertThat(firstAfter).isIn(reversed.equals("descending") ? best : worst);

    // Whatever the direction, the descending order puts the best run first.
    if (!reversed.equals("descending")) {
      header("metrics.accuracy").click();
      assertThat(awaitSorted("descending")).isIn(best);
    }
    assertThat(runRowIds()).hasSize(13);
  }

  @Test
  void aFilterShrinksTheRowsAndAnInvalidOneShowsTheServersMessage() {
    openRuns();
    String filter = "metrics.accuracy > 0.9";
    List<String> expected = ids(searchRuns(filter));
    assertThat(expected).isNotEmpty().hasSizeLessThan(13);

    WebElement box = browser.driver().findElement(By.cssSelector("input[data-testid=runs-filter]"));
    box.sendKeys(filter, Keys.ENTER);
    browser
        .waiting()
        .withMessage(
            () -> "filter " + filter + " should leave " + expected + "; rows: " + runRowIds())
        .until(
            d ->
                Set.copyOf(runRowIds()).equals(Set.copyOf(expected))
                    && runRowIds().size() == expected.size());
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=filter-error]")))
        .noneMatch(WebElement::isDisplayed);

    String invalid = "metrics.accuracy >>> oops";
    String serverMessage = searchError(invalid);
    // The UI's own runs/search call is refused with a 400, which Chromium logs as a failed load.
    expectedErrors.add(Pattern.compile("runs/search.*(400|Bad Request)"));
    box.clear();
    box.sendKeys(invalid, Keys.ENTER);
    WebElement error =
        browser
            .waiting()
            .withMessage("an invalid filter should show [data-testid=filter-error]")
            .until(
                d ->
                    d.findElements(By.cssSelector("[data-testid=filter-error]")).stream()
                        .filter(e -> e.isDisplayed() && !e.getText().isBlank())
                        .findFirst()
                        .orElse(null));
    assertThat(error.getDomAttribute("role")).isEqualTo("alert");
    assertThat(error.getText()).contains(serverMessage);
    assertThat(Set.copyOf(runRowIds())).isEqualTo(Set.copyOf(expected));
  }

  @Test
  void aRefusedFilterInTheUrlSaysSoInsteadOfNoRunsYet() {
    String invalid = "metrics.accuracy >>> oops";
    expectedErrors.add(Pattern.compile("runs/search.*(400|Bad Request)"));
    browser.open(
        server.uri()
            + "/experiments/"
            + experimentId
            + "?filter="
            + URLEncoder.encode(invalid, StandardCharsets.UTF_8),
        "runs");
    WebElement empty =
        browser
            .waiting()
            .withMessage("a refused filter should leave an explaining empty row")
            .until(
                d ->
                    d.findElements(By.cssSelector("tr.empty-row")).stream()
                        .findFirst()
                        .orElse(null));
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=filter-error]")))
        .anyMatch(WebElement::isDisplayed);
    assertThat(empty.getText()).contains("The filter was refused").doesNotContain("No runs yet");
  }

  @Test
  void selectingTwoRunsAndComparingOpensTheComparePage() {
    openRuns();
    List<WebElement> rows = runRows();
    String a = rows.get(0).getDomAttribute("data-run-id");
    String b = rows.get(2).getDomAttribute("data-run-id");
    WebElement compare =
        browser.driver().findElement(By.cssSelector("[data-testid=compare-selected]"));
    rows.get(0).findElement(By.cssSelector("input[data-testid=select-run]")).click();
    // One run is not a comparison: the button waits for a second.
    assertThat(compare.isEnabled()).isFalse();
    rows.get(2).findElement(By.cssSelector("input[data-testid=select-run]")).click();
    assertThat(compare.isEnabled()).isTrue();
    compare.click();
    browser.waitForPage("compare");
    URI url = URI.create(browser.driver().getCurrentUrl());
    assertThat(url.getPath()).isEqualTo("/compare");
    String query = URLDecoder.decode(url.getRawQuery(), StandardCharsets.UTF_8);
    assertThat(query).startsWith("runs=");
    assertThat(List.of(query.substring("runs=".length()).split(",")))
        .containsExactlyInAnyOrder(a, b);
  }

  // ---------------------------------------------------------------- leaderboard

  @Test
  void leaderboardCardsNameTheBestAndWorstRunsWithTheirLineage() {
    JsonNode entries =
        galleyGet(
                "leaderboard",
                Map.of("experiment_id", experimentId, "metric", "accuracy", "n", "1000"))
            .path("entries");
    assertThat(entries.size()).isEqualTo(13);
    JsonNode best = entries.get(0);
    JsonNode worst = entries.get(entries.size() - 1);
    Map<String, Double> lastAccuracy = new LinkedHashMap<>();
    entries.forEach(
        e ->
            lastAccuracy.put(
                e.path("run").path("info").path("run_id").asText(),
                e.path("metric").path("last").path("value").asDouble()));

    browser.open(
        server.uri() + "/experiments/" + experimentId + "/leaderboard?metric=accuracy",
        "leaderboard");
    WebElement bestCard = byTestId("leaderboard-best");
    WebElement worstCard = byTestId("leaderboard-worst");

    String bestId = cardRunId(bestCard);
    assertThat(bestId)
        .as(
            "best card (REST leaderboard says %s)",
            best.path("run").path("info").path("run_name").asText())
        .isIn(withValue(lastAccuracy, best.path("metric").path("last").path("value").asDouble()));
    assertThat(bestCard.findElement(By.cssSelector("[data-testid=run-name]")).getText())
        .isEqualTo(runName(bestId));
    String worstId = cardRunId(worstCard);
    assertThat(worstId)
        .as(
            "worst card (REST leaderboard says %s)",
            worst.path("run").path("info").path("run_name").asText())
        .isIn(withValue(lastAccuracy, worst.path("metric").path("last").path("value").asDouble()));
    assertThat(worstCard.findElement(By.cssSelector("[data-testid=run-name]")).getText())
        .isEqualTo(runName(worstId));
    assertThat(metricValue(bestCard)).isEqualTo(lastAccuracy.get(bestId));
    assertThat(metricValue(worstCard)).isEqualTo(lastAccuracy.get(worstId));

    for (WebElement card : List.of(bestCard, worstCard)) {
      JsonNode run = runGet(cardRunId(card));
      Map<String, String> params = keyValues(run.path("data").path("params"));
      String paramsText = card.findElement(By.cssSelector("[data-testid=params]")).getText();
      params.forEach((k, v) -> assertThat(paramsText).contains(k));
      // Best and worst ran in one JVM: no library differs, so all of them sit in the collapsed
      // group, which says how many it holds and shows them once opened.
      WebElement libraries = card.findElement(By.cssSelector("[data-testid=libraries]"));
      WebElement same =
          libraries.findElement(By.cssSelector("[data-testid=libraries-same-summary]"));
      assertThat(same.getText()).matches("\\d+ libraries the same in both runs");
      assertThat(libraries.getText()).as("collapsed").doesNotContainIgnoringCase("tribuo");
      same.click();
      assertThat(libraries.getText())
          .as("libraries (the example captures the class path)")
          .containsIgnoringCase("tribuo");
      Map<String, String> tags = keyValues(run.path("data").path("tags"));
      WebElement commit = card.findElement(By.cssSelector("[data-testid=git-commit]"));
      String gitCommit = tags.get("mlflow.source.git.commit");
      if (gitCommit != null) {
        assertThat(commit.getText() + " " + commit.getDomAttribute("title"))
            .contains(gitCommit.substring(0, 7));
      }
      WebElement digest = card.findElement(By.cssSelector("[data-testid=data-digest]"));
      String contentDigest = contentDigest(run);
      assertThat(contentDigest).as("the example logs its data with a content digest").isNotNull();
      String hex = contentDigest.substring(contentDigest.indexOf(':') + 1);
      assertThat(digest.getText() + " " + digest.getDomAttribute("title"))
          .contains(hex.substring(0, 12));
    }
    assertThat(byTestId("leaderboard-rows").getText()).contains(runName(bestId), runName(worstId));
  }

  // ---------------------------------------------------------------- run

  @Test
  void runPageShowsParamsDrawnChartsLibrariesAndArtifacts() {
    // A run trained over epochs: loss and accuracy have a history, f1_macro is logged once.
    String runId = runIdNamed("logreg-lr0.1-e5");
    JsonNode run = runGet(runId);
    browser.open(server.uri() + "/runs/" + runId, "run");

    String paramsText = byTestId("run-params").getText();
    Map<String, String> params = keyValues(run.path("data").path("params"));
    assertThat(params).isNotEmpty();
    params.forEach((k, v) -> assertThat(paramsText).as("param " + k).contains(k).contains(v));

    assertThat(byTestId("run-metrics").getText()).contains("accuracy", "f1_macro");
    List<WebElement> canvases =
        browser.driver().findElements(By.cssSelector("[data-testid=metric-chart] canvas"));
    assertThat(canvases).isNotEmpty();
    browser
        .waiting()
        .withMessage("no [data-testid=metric-chart] canvas has a drawn (non-transparent) pixel")
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=metric-chart] canvas")).stream()
                    .anyMatch(browser::drawn));
    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("[data-testid=metric-chart][data-metric=loss]")))
        .hasSize(1);
    // A metric logged once shows its value, step and time instead of a one-dot chart.
    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("[data-testid=metric-chart][data-metric=f1_macro]")))
        .isEmpty();
    WebElement f1 = byTestId("metric-single");
    assertThat(f1.getDomAttribute("data-metric")).isEqualTo("f1_macro");
    double f1Value = lastMetric(List.of(run), "f1_macro").get(runId);
    assertThat(
            Double.parseDouble(
                f1.findElement(By.cssSelector("[data-testid=single-value]"))
                    .getDomAttribute("title")))
        .isEqualTo(f1Value);
    assertThat(f1.getText()).contains("logged once, at step 5");

    // What the run made (artifacts, models) comes before the library list.
    assertThat(
            (Boolean)
                browser.js(
                    "const a = document.querySelector('[data-testid=artifact-browser]');"
                        + "const m = document.querySelector('[data-testid=run-model-versions]');"
                        + "const l = document.querySelector('[data-testid=library-list]');"
                        + "return !!(a.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING)"
                        + " && !!(m.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING);"))
        .isTrue();

    // Every run of the example ran in one JVM: no library differs, all are collapsed in a group.
    By libraryRow = By.cssSelector("[data-testid=library-row]");
    WebElement same =
        browser
            .waiting()
            .withMessage("the libraries' collapsed group")
            .until(
                d ->
                    d.findElements(By.cssSelector("[data-testid=libraries-same-summary]")).stream()
                        .findFirst()
                        .orElse(null));
    assertThat(same.getText()).matches("\\d+ libraries the same in every run");
    assertThat(byTestId("library-list").getText())
        .contains("No library differs from the 12 other runs of this experiment.");
    assertThat(displayedCount(libraryRow)).as("collapsed").isZero();
    same.click();
    long before = displayedCount(libraryRow);
    assertThat(before).as("library rows before searching").isGreaterThan(1);
    browser
        .driver()
        .findElement(By.cssSelector("input[data-testid=library-search]"))
        .sendKeys("tribuo");
    browser
        .waiting()
        .withMessage(
            () ->
                "library search 'tribuo' should narrow "
                    + before
                    + " rows; now "
                    + displayedCount(libraryRow))
        .until(
            d -> {
              long now = displayedCount(libraryRow);
              return now > 0 && now < before;
            });
    assertThat(browser.driver().findElements(libraryRow))
        .filteredOn(WebElement::isDisplayed)
        .allSatisfy(r -> assertThat(r.getText()).containsIgnoringCase("tribuo"));

    WebElement model =
        browser
            .waiting()
            .withMessage("artifact browser should list the model directory")
            .until(
                d ->
                    d
                        .findElements(
                            By.cssSelector(
                                "[data-testid=artifact-browser] [data-testid=artifact-entry][data-path=model]"))
                        .stream()
                        .findFirst()
                        .orElse(null));
    model.click();
    WebElement mlmodel =
        browser
            .waiting()
            .withMessage("expanding model should list model/MLmodel")
            .until(
                d ->
                    d
                        .findElements(
                            By.cssSelector(
                                "[data-testid=artifact-entry][data-path='model/MLmodel']"))
                        .stream()
                        .findFirst()
                        .orElse(null));
    mlmodel.click();
    browser
        .waiting()
        .withMessage("previewing MLmodel should show its text")
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=artifact-preview]")).stream()
                    .anyMatch(p -> p.getText().contains("flavors")));
  }

  // ---------------------------------------------------------------- compare

  @Test
  void compareShowsDifferingParamsHidesIdenticalOnesAndDrawsCharts() {
    Map<String, JsonNode> byName =
        runs.stream()
            .collect(Collectors.toMap(r -> r.path("info").path("run_name").asText(), r -> r));
    JsonNode a = byName.get("logreg-lr0.01-e5");
    JsonNode b = byName.get("logreg-lr0.1-e5");
    Map<String, String> pa = keyValues(a.path("data").path("params"));
    Map<String, String> pb = keyValues(b.path("data").path("params"));
    String changed = "learning_rate";
    String same = "optimiser";
    assertThat(pa.get(changed)).isNotEqualTo(pb.get(changed));
    assertThat(pa.get(same)).isEqualTo(pb.get(same));

    browser.open(
        server.uri()
            + "/compare?runs="
            + a.path("info").path("run_id").asText()
            + ","
            + b.path("info").path("run_id").asText(),
        "compare");
    By changedRow =
        By.cssSelector(
            "[data-testid=params-diff] tr[data-testid=diff-row][data-key='" + changed + "']");
    By sameRow =
        By.cssSelector(
            "[data-testid=params-diff] tr[data-testid=diff-row][data-key='" + same + "']");
    WebElement differs = browser.driver().findElement(changedRow);
    assertThat(differs.isDisplayed()).isTrue();
    assertThat(differs.getDomAttribute("data-differs")).isEqualTo("true");
    assertThat(differs.getText()).contains(pa.get(changed), pb.get(changed));

    WebElement hide =
        browser
            .driver()
            .findElement(By.cssSelector("input[type=checkbox][data-testid=hide-identical]"));
    assertThat(hide.isSelected()).as("hide-identical is checked by default").isTrue();
    assertThat(browser.driver().findElements(sameRow)).noneMatch(WebElement::isDisplayed);
    hide.click();
    browser
        .waiting()
        .withMessage("unchecking hide-identical should show the identical row " + same)
        .until(d -> d.findElements(sameRow).stream().anyMatch(WebElement::isDisplayed));
    assertThat(browser.driver().findElement(sameRow).getDomAttribute("data-differs"))
        .isNotEqualTo("true");
    assertThat(browser.driver().findElement(sameRow).getText()).contains(pa.get(same));

    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=compare-chart] canvas")))
        .isNotEmpty();
    browser
        .waiting()
        .withMessage("no [data-testid=compare-chart] canvas has a drawn pixel")
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=compare-chart] canvas")).stream()
                    .anyMatch(browser::drawn));
    assertThat(byTestId("compare-chart").getText())
        .as("the legend names the runs")
        .contains("logreg-lr0.01-e5", "logreg-lr0.1-e5");

    // f1_macro is logged once per run: its values side by side, not two one-dot charts.
    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("[data-testid=compare-chart][data-metric=f1_macro]")))
        .isEmpty();
    WebElement single =
        browser
            .driver()
            .findElement(By.cssSelector("[data-testid=compare-single][data-metric=f1_macro]"));
    List<WebElement> singleRows = single.findElements(By.cssSelector("[data-testid=single-row]"));
    assertThat(singleRows).hasSize(2);
    double f1a = lastMetric(List.of(a), "f1_macro").values().iterator().next();
    assertThat(singleRows.get(0).getText()).startsWith("logreg-lr0.01-e5");
    assertThat(
            Double.parseDouble(
                singleRows.get(0).findElement(By.cssSelector("span.num")).getDomAttribute("title")))
        .isEqualTo(f1a);
  }

  // ---------------------------------------------------------------- models

  @Test
  void modelsPageListsIrisAndTheModelPageShowsTheChampion() {
    JsonNode champion =
        api.get("registered-models/alias", Map.of("name", "iris", "alias", "champion"))
            .path("model_version");
    String version = champion.path("version").asText();
    String sourceRun = champion.path("run_id").asText();
    assertThat(version).isEqualTo("1");

    browser.open(server.uri() + "/models", "models");
    WebElement row =
        browser
            .driver()
            .findElements(By.cssSelector("[data-testid=models] tr[data-testid=model-row]"))
            .stream()
            .filter(r -> !r.findElements(By.cssSelector("a[href='/models/iris']")).isEmpty())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no model-row links to /models/iris"));
    row.findElement(By.cssSelector("a[href='/models/iris']")).click();
    browser.waitForPage("model");
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).isEqualTo("/models/iris");
    // A model without a description shows none, not the text "null".
    assertThat(browser.driver().findElement(By.tagName("main")).getText())
        .doesNotContainPattern("(?m)^null$");

    WebElement v1 =
        browser
            .driver()
            .findElement(By.cssSelector("tr[data-testid=version-row][data-version='1']"));
    assertThat(v1.findElement(By.cssSelector("[data-testid=aliases]")).getText())
        .contains("champion");
    assertThat(v1.findElements(By.cssSelector("a[href='/runs/" + sourceRun + "']")))
        .as("version 1 links to its source run " + sourceRun)
        .isNotEmpty();
  }

  @Test
  void theVersionPageShowsSourceRunSignatureExampleFilesAndAliases() throws IOException {
    JsonNode champion =
        api.get("registered-models/alias", Map.of("name", "iris", "alias", "champion"))
            .path("model_version");
    String sourceRun = champion.path("run_id").asText();
    JsonNode run = runGet(sourceRun);

    // From the model page's version list.
    browser.open(server.uri() + "/models/iris", "model");
    browser
        .driver()
        .findElement(
            By.cssSelector(
                "tr[data-testid=version-row][data-version='1'] a[data-testid=version-link]"))
        .click();
    browser.waitForPage("version");
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath())
        .isEqualTo("/models/iris/versions/1");

    WebElement runLink = byTestId("version-run-link");
    assertThat(runLink.getText()).isEqualTo(run.path("info").path("run_name").asText());
    assertThat(runLink.getDomAttribute("href")).isEqualTo("/runs/" + sourceRun);
    double accuracy = lastMetric(List.of(run), "accuracy").get(sourceRun);
    WebElement metrics = byTestId("version-run-metrics");
    assertThat(
            Double.parseDouble(
                metrics
                    .findElement(By.cssSelector("tr[data-key=accuracy] span.num"))
                    .getDomAttribute("title")))
        .isEqualTo(accuracy);

    // The signature and the input example, as the MLmodel and input_example.json hold them.
    JsonNode example =
        MlflowRest.JSON.readTree(
            http(HttpRequest.newBuilder(
                    URI.create(
                        server.uri()
                            + "/api/2.0/mlflow-artifacts/artifacts/models/iris/versions/1/input_example.json")))
                .body());
    List<String> columns = new ArrayList<>();
    example.path("columns").forEach(c -> columns.add(c.asText()));
    assertThat(columns).isNotEmpty();
    WebElement inputs =
        browser
            .waiting()
            .withMessage("the signature's inputs table")
            .until(
                d ->
                    d.findElements(By.cssSelector("[data-testid=signature-inputs]")).stream()
                        .findFirst()
                        .orElse(null));
    assertThat(inputs.getText()).contains(columns);
    WebElement exampleTable = byTestId("input-example");
    assertThat(exampleTable.findElements(By.cssSelector("thead th")))
        .extracting(WebElement::getText)
        .containsExactlyElementsOf(columns);
    assertThat(exampleTable.findElements(By.cssSelector("tbody tr")))
        .hasSize(example.path("data").size());

    // Files with sizes and download links; aliases, stage and creation time.
    WebElement mlmodel =
        browser
            .waiting()
            .withMessage("the version's files list MLmodel")
            .until(
                d ->
                    d
                        .findElements(
                            By.cssSelector(
                                "[data-testid=version-files] [data-testid=artifact-entry][data-path=MLmodel]"))
                        .stream()
                        .findFirst()
                        .orElse(null));
    assertThat(mlmodel.getText()).containsPattern("\\d+ B");
    mlmodel.click();
    WebElement download =
        browser
            .waiting()
            .withMessage("a download link for MLmodel")
            .until(
                d ->
                    d
                        .findElements(
                            By.cssSelector(
                                "[data-testid=version-files] [data-testid=artifact-download]"))
                        .stream()
                        .findFirst()
                        .orElse(null));
    HttpResponse<String> file =
        http(HttpRequest.newBuilder(URI.create(server.uri() + download.getDomAttribute("href"))));
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).contains("flavors");
    assertThat(byTestId("version-aliases").getText()).contains("@champion");
    assertThat(byTestId("version-stage").getText())
        .contains(champion.path("current_stage").asText("None"));
    assertThat(byTestId("version-created").getText()).isNotBlank();

    // The run page's models section links here too.
    browser.open(server.uri() + "/runs/" + sourceRun, "run");
    WebElement link =
        browser
            .waiting()
            .withMessage("the run page links to the version")
            .until(
                d ->
                    d
                        .findElements(
                            By.cssSelector(
                                "[data-testid=run-model-versions] a[data-testid=version-link]"))
                        .stream()
                        .findFirst()
                        .orElse(null));
    assertThat(link.getDomAttribute("href")).isEqualTo("/models/iris/versions/1");

    // An unknown version, or model, is the UI's not-found page.
    expectedErrors.add(Pattern.compile("model-versions/get.*(404|Not Found)"));
    for (String missing : List.of("/models/iris/versions/99", "/models/nosuch/versions/1")) {
      browser.open(server.uri() + missing, "not-found");
      assertThat(byTestId("not-found").getText()).contains(missing);
    }
  }

  @Test
  void theTryItBoxSendsTheExampleToARunningModelServerAndShowsItsPredictions(@TempDir Path dir)
      throws Exception {
    JsonNode champion =
        api.get("registered-models/alias", Map.of("name", "iris", "alias", "champion"))
            .path("model_version");
    ModelSource source = ModelSource.parse(champion.path("source").asText()).orElseThrow();
    Path modelDir = dir.resolve("model");
    new ModelFetcher(GalleyClient.builder(URI.create(server.uri())).build())
        .fetch(source.runId(), source.path().toString(), modelDir, (f, b) -> {});
    try (ServedModel model =
            ServedModel.load(
                modelDir, ServedModel.factories(), "iris", champion.path("version").asText());
        ScoringServer serving =
            new ScoringServer(
                model, ServingConfig.defaults().withPort(0).withAccessLog(false), "test")) {
      serving.start();
      String version = champion.path("version").asText();
      browser.open(server.uri() + "/models/iris/versions/" + version, "version");
      assertThat(byTestId("try-form").getText()).contains("galley serve models:/iris/" + version);

      // The box starts from the model's serving example: what MLflow's /invocations takes.
      WebElement body = byTestId("try-body");
      String example =
          browser
              .waiting()
              .withMessage("the try-it box holds the serving example")
              .until(
                  d ->
                      body.getDomProperty("value").isBlank() ? null : body.getDomProperty("value"));
      JsonNode exampleJson = MlflowRest.JSON.readTree(example);
      assertThat(exampleJson.has("dataframe_split")).as(example).isTrue();
      int rows = exampleJson.path("dataframe_split").path("data").size();
      assertThat(rows).isPositive();

      // What the model server answers to the same body, asked without a browser.
      JsonNode expected =
          MlflowRest.JSON.readTree(
              http(HttpRequest.newBuilder(URI.create(serving.baseUri() + "/invocations"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(example)))
                  .body());
      List<String> expectedLabels = new ArrayList<>();
      expected.path("predictions").forEach(p -> expectedLabels.add(firstLabel(p)));
      assertThat(expectedLabels).hasSize(rows).doesNotContainNull();

      WebElement server = byTestId("try-server");
      server.clear();
      server.sendKeys(serving.baseUri());
      byTestId("try-send").click();
      WebElement predictions =
          awaitTestId("try-predictions", "the model server's predictions in the try-it box");
      assertThat(byTestId("try-status").getText()).startsWith("200 in");
      List<WebElement> predictionRows = predictions.findElements(By.cssSelector("tbody tr"));
      assertThat(predictionRows).hasSize(rows);
      for (int i = 0; i < rows; i++) {
        assertThat(predictionRows.get(i).getText()).contains(expectedLabels.get(i));
      }

      // A body the signature refuses: the model server's own message, naming the column.
      String firstColumn = exampleJson.path("dataframe_split").path("columns").path(0).asText();
      expectedErrors.add(Pattern.compile("invocations.*400"));
      body.clear();
      body.sendKeys(
          "{\"dataframe_split\": {\"columns\": [\"" + firstColumn + "\"], \"data\": [[\"x\"]]}}");
      byTestId("try-send").click();
      WebElement refusal = awaitTestId("try-error", "the model server's refusal in the try-it box");
      assertThat(byTestId("try-status").getText()).startsWith("400 in");
      assertThat(refusal.getText()).startsWith("BAD_REQUEST:").contains(firstColumn);

      // Not JSON: said before anything is sent.
      body.clear();
      body.sendKeys("{not json");
      byTestId("try-send").click();
      browser
          .waiting()
          .withMessage("the try-it box says the body is not JSON")
          .until(d -> byTestId("try-result").getText().contains("not JSON"));

      // Nothing listening, and a host the page's CSP does not let it reach: the same advice.
      body.clear();
      body.sendKeys(example);
      int port = freePort();
      expectedErrors.add(Pattern.compile("ERR_CONNECTION_REFUSED|Content Security Policy"));
      for (String unreachable : List.of("http://127.0.0.1:" + port, "http://192.0.2.1:8080")) {
        server.clear();
        server.sendKeys(unreachable);
        byTestId("try-send").click();
        browser
            .waiting()
            .withMessage("the try-it box says " + unreachable + " does not answer")
            .until(
                d ->
                    byTestId("try-result").getText().contains("No answer from " + unreachable)
                        && byTestId("try-result").getText().contains("--model-servers"));
      }
    }
  }

  /** The first element with this data-testid, once the page has drawn one. */
  private WebElement awaitTestId(String id, String what) {
    return browser
        .waiting()
        .withMessage(what)
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid='" + id + "']")).stream()
                    .findFirst()
                    .orElse(null));
  }

  /** The label of a prediction record ({"species": "setosa", ...} or {"species": {...}}). */
  private static String firstLabel(JsonNode prediction) {
    JsonNode first = prediction.elements().hasNext() ? prediction.elements().next() : prediction;
    return first.isTextual() ? first.asText() : null;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // ---------------------------------------------------------------- navigation

  @Test
  void theBackButtonReturnsToTheRunsPage() {
    String runsUrl = openRuns();
    WebElement row = runRows().get(1);
    String runId = row.getDomAttribute("data-run-id");
    List<WebElement> link = row.findElements(By.cssSelector("a[href='/runs/" + runId + "']"));
    if (!link.isEmpty()) {
      link.get(0).click();
    } else {
      browser.js("arguments[0].focus()", row);
      new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
    }
    browser.waitForPage("run");
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).isEqualTo("/runs/" + runId);

    browser.driver().navigate().back();
    browser.waitForPage("runs");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(runsUrl);
    assertThat(runRowIds()).hasSize(13);
  }

  @Test
  void arrowDownMovesFocusToTheNextRowAndEnterOpensIt() {
    openRuns();
    List<WebElement> rows = runRows();
    String second = rows.get(1).getDomAttribute("data-run-id");
    browser.js("arguments[0].focus()", rows.get(0));
    assertThat(focusedRunId())
        .as("the first row takes focus")
        .isEqualTo(rows.get(0).getDomAttribute("data-run-id"));
    new Actions(browser.driver()).sendKeys(Keys.ARROW_DOWN).perform();
    browser
        .waiting()
        .withMessage(
            () ->
                "ArrowDown should focus the second row " + second + "; focused: " + focusedRunId())
        .until(d -> second.equals(focusedRunId()));
    new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
    browser.waitForPage("run");
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).isEqualTo("/runs/" + second);
  }

  // ---------------------------------------------------------------- images

  @Test
  void imagesPageShowsAPushedImageWithTagDigestAndLabel() throws Exception {
    long[] size = new long[1];
    String digest = pushTinyImage(size);
    browser.open(server.uri() + "/images", "images");
    List<WebElement> rows =
        browser.driver().findElements(By.cssSelector("tr[data-testid=image-row]"));
    WebElement row =
        rows.stream()
            .filter(
                r ->
                    r.getText().contains(IMAGE_REPO)
                        && IMAGE_TAG.equals(r.getDomAttribute("data-tag")))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no image-row for " + IMAGE_REPO + " among " + rows.size() + " rows"));
    String text = row.getText();
    String html = row.getDomProperty("outerHTML");
    assertThat(text).contains(IMAGE_TAG).contains(LABEL_KEY).contains(LABEL_VALUE);
    String hex = digest.substring("sha256:".length());
    assertThat(text + " " + html).contains(hex.substring(0, 12));
    assertThat(text).as("total size, config + layer").containsPattern("\\b" + size[0] + "\\b");
    assertThat(byTestId("containers").getText()).contains("No container runtime yet");
  }

  /**
   * An image whose labels name the champion's version and run (as galley build writes them) is
   * listed on that version's page with the line that runs it, and the images page links it back to
   * the version and the run.
   */
  @Test
  void aVersionsPageListsItsImagesAndTheImagesPageLinksBack() throws Exception {
    JsonNode champion =
        api.get("registered-models/alias", Map.of("name", "iris", "alias", "champion"))
            .path("model_version");
    String version = champion.path("version").asText();
    String runId = champion.path("run_id").asText();
    String tag = "champion-v" + version;
    String digest =
        pushTinyImage(
            tag,
            Map.of(
                "io.galley.model", "iris",
                "io.galley.model.version", version,
                "io.galley.run-id", runId),
            new long[1]);

    browser.open(server.uri() + "/models/iris/versions/" + version, "version");
    browser
        .waiting()
        .withMessage("the version page lists the image built from it")
        .until(d -> !d.findElements(By.cssSelector("tr[data-testid=version-image-row]")).isEmpty());
    List<WebElement> rows =
        browser.driver().findElements(By.cssSelector("tr[data-testid=version-image-row]"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getText())
        .contains(IMAGE_REPO + ":" + tag)
        .contains(digest.substring(7, 19));
    assertThat(
            rows.get(0)
                .findElement(By.cssSelector("[data-testid=version-image-command]"))
                .getText())
        .isEqualTo(
            "docker run --rm --network host "
                + URI.create(server.uri()).getAuthority()
                + "/"
                + IMAGE_REPO
                + ":"
                + tag);

    browser.open(server.uri() + "/images", "images");
    WebElement row =
        browser.driver().findElements(By.cssSelector("tr[data-testid=image-row]")).stream()
            .filter(r -> tag.equals(r.getDomAttribute("data-tag")))
            .findFirst()
            .orElseThrow();
    assertThat(
            row.findElement(By.cssSelector("[data-testid=image-version-link]"))
                .getDomAttribute("href"))
        .isEqualTo("/models/iris/versions/" + version);
    assertThat(
            row.findElement(By.cssSelector("[data-testid=image-run-link]")).getDomAttribute("href"))
        .isEqualTo("/runs/" + runId);
  }

  // ---------------------------------------------------------------- helpers: pages

  private String openRuns() {
    String url = server.uri() + "/experiments/" + experimentId;
    browser.open(url, "runs");
    browser
        .waiting()
        .withMessage(() -> "runs page should show 13 rows; has " + runRowIds().size())
        .until(d -> runRowIds().size() == 13);
    return url;
  }

  private WebElement byTestId(String id) {
    return browser.driver().findElement(By.cssSelector("[data-testid='" + id + "']"));
  }

  private WebElement experimentRow(String id) {
    return browser
        .driver()
        .findElement(
            By.cssSelector("tr[data-testid=experiment-row][data-experiment-id='" + id + "']"));
  }

  private List<String> experimentRowIds() {
    @SuppressWarnings("unchecked")
    List<String> ids =
        (List<String>)
            browser.js(
                "return Array.from(document.querySelectorAll('tr[data-testid=experiment-row]'),"
                    + " r => r.getAttribute('data-experiment-id'));");
    return ids;
  }

  private List<WebElement> runRows() {
    return browser.driver().findElements(By.cssSelector(RUN_ROW));
  }

  private List<String> runRowIds() {
    @SuppressWarnings("unchecked")
    List<String> ids =
        (List<String>)
            browser.js(
                "return Array.from(document.querySelectorAll(arguments[0]), r => r.getAttribute('data-run-id'));",
                RUN_ROW);
    return ids;
  }

  /**
   * The header whose {@code data-sort-key} is the MLflow order_by key for {@code sortKey} ({@code
   * metrics.accuracy}), written plain or with the key backticked ({@code metrics.`accuracy`}), as
   * the contract's {@code metrics.`KEY`} allows both readings.
   */
  private WebElement header(String sortKey) {
    int dot = sortKey.indexOf('.');
    String quoted = sortKey.substring(0, dot + 1) + "`" + sortKey.substring(dot + 1) + "`";
    return browser
        .driver()
        .findElement(
            By.cssSelector(
                "[data-testid=runs-table] th[data-sort-key='"
                    + sortKey
                    + "'], [data-testid=runs-table] th[data-sort-key='"
                    + quoted
                    + "']"));
  }

  /** The accuracy header's aria-sort, read in one step (the header re-renders on every sort). */
  private String accuracySort() {
    return (String)
        browser.js(
            "const th = document.querySelector(\"[data-testid=runs-table]"
                + " th[data-sort-key='metrics.accuracy'], [data-testid=runs-table]"
                + " th[data-sort-key='metrics.`accuracy`']\");"
                + "return th ? th.getAttribute('aria-sort') : 'no header';");
  }

  /** Waits until the accuracy header shows {@code direction} (any when null) and rows are back. */
  private String awaitSorted(String direction) {
    browser
        .waiting()
        .withMessage(
            () ->
                "metrics.accuracy header never got aria-sort "
                    + (direction == null ? "ascending|descending" : direction)
                    + "; has "
                    + accuracySort())
        .until(
            d -> {
              String s = accuracySort();
              boolean ok =
                  direction == null
                      ? "ascending".equals(s) || "descending".equals(s)
                      : direction.equals(s);
              return ok
                  && runRowIds().size() == 13
                  && "true"
                      .equals(
                          d.findElement(By.cssSelector("main[data-testid=page]"))
                              .getDomAttribute("data-ready"));
            });
    return runRowIds().get(0);
  }

  private String focusedRunId() {
    return (String)
        browser.js(
            "const r = document.activeElement && document.activeElement.closest(arguments[0]);"
                + "return r ? r.getAttribute('data-run-id') : null;",
            RUN_ROW);
  }

  private String cardRunId(WebElement card) {
    String href =
        card.findElement(By.cssSelector("[data-testid=run-name]")).getDomAttribute("href");
    if (href == null) {
      href =
          card.findElement(By.cssSelector("[data-testid=run-name] a, a[data-testid=run-name]"))
              .getDomAttribute("href");
    }
    assertThat(href).as("run-name links to the run").startsWith("/runs/");
    return href.substring("/runs/".length());
  }

  private static double metricValue(WebElement card) {
    WebElement v = card.findElement(By.cssSelector("[data-testid=metric-value]"));
    String title = v.getDomAttribute("title");
    return Double.parseDouble(
        title != null && !title.isBlank() ? title.trim() : v.getText().trim());
  }

  private long displayedCount(By by) {
    return browser.driver().findElements(by).stream().filter(WebElement::isDisplayed).count();
  }

  // ---------------------------------------------------------------- helpers: REST

  private List<JsonNode> searchRuns(String filter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("experiment_ids", List.of(experimentId));
    body.put("max_results", 1000);
    if (filter != null) {
      body.put("filter", filter);
    }
    List<JsonNode> out = new ArrayList<>();
    api.post("runs/search", body).path("runs").forEach(out::add);
    return out;
  }

  /** The message the server gives for an invalid runs/search filter. */
  private String searchError(String filter) {
    HttpResponse<String> r =
        http(
            HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/runs/search"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json(Map.of("experiment_ids", List.of(experimentId), "filter", filter)))));
    assertThat(r.statusCode()).isEqualTo(400);
    try {
      return MlflowRest.JSON.readTree(r.body()).path("message").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode runGet(String runId) {
    return api.get("runs/get", Map.of("run_id", runId)).path("run");
  }

  private JsonNode galleyGet(String endpoint, Map<String, String> query) {
    String q =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> r =
        http(
            HttpRequest.newBuilder(
                    URI.create(server.uri() + "/api/2.0/galley/" + endpoint + "?" + q))
                .GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    try {
      return MlflowRest.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String bestRunId() {
    return galleyGet(
            "leaderboard", Map.of("experiment_id", experimentId, "metric", "accuracy", "n", "1"))
        .path("entries")
        .get(0)
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  private String runIdNamed(String name) {
    return runs.stream()
        .filter(r -> r.path("info").path("run_name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run named " + name))
        .path("info")
        .path("run_id")
        .asText();
  }

  private String runName(String runId) {
    return runs.stream()
        .filter(r -> r.path("info").path("run_id").asText().equals(runId))
        .findFirst()
        .orElseThrow()
        .path("info")
        .path("run_name")
        .asText();
  }

  private static String contentDigest(JsonNode run) {
    for (JsonNode input : run.path("inputs").path("dataset_inputs")) {
      for (JsonNode tag : input.path("tags")) {
        if (tag.path("key").asText().equals("galley.dataset.content_digest")) {
          return tag.path("value").asText();
        }
      }
    }
    return null;
  }

  private static List<String> ids(List<JsonNode> runs) {
    return runs.stream().map(r -> r.path("info").path("run_id").asText()).toList();
  }

  private static Map<String, Double> lastMetric(List<JsonNode> runs, String key) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (JsonNode r : runs) {
      for (JsonNode m : r.path("data").path("metrics")) {
        if (m.path("key").asText().equals(key)) {
          out.put(r.path("info").path("run_id").asText(), m.path("value").asDouble());
        }
      }
    }
    return out;
  }

  private static Set<String> withValue(Map<String, Double> values, double value) {
    return values.entrySet().stream()
        .filter(e -> e.getValue() == value)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static Map<String, String> keyValues(JsonNode list) {
    Map<String, String> out = new TreeMap<>();
    list.forEach(kv -> out.put(kv.path("key").asText(), kv.path("value").asText()));
    return out;
  }

  // ---------------------------------------------------------------- helpers: registry

  /**
   * Pushes a one-layer OCI image (an empty tar, gzipped) with a label in its config to {@code
   * IMAGE_REPO:IMAGE_TAG} over plain HTTP, as a client would; returns the manifest's digest and
   * puts the config's and layer's total size in {@code totalSize[0]}.
   */
  private String pushTinyImage(long[] totalSize) throws IOException {
    return pushTinyImage(IMAGE_TAG, Map.of(LABEL_KEY, LABEL_VALUE), totalSize);
  }

  /** As {@link #pushTinyImage(long[])}, under {@code tag} with {@code labels}. */
  private String pushTinyImage(String tag, Map<String, String> labels, long[] totalSize)
      throws IOException {
    byte[] tar = new byte[1024]; // an empty tar: two zero blocks
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    byte[] layer = gz.toByteArray();
    byte[] config =
        json(Map.of(
                "architecture",
                "amd64",
                "os",
                "linux",
                "config",
                Map.of("Labels", labels),
                "rootfs",
                Map.of("type", "layers", "diff_ids", List.of(sha256(tar)))))
            .getBytes(StandardCharsets.UTF_8);
    pushBlob(config);
    pushBlob(layer);
    totalSize[0] = config.length + layer.length;
    byte[] manifest =
        json(Map.of(
                "schemaVersion",
                2,
                "mediaType",
                "application/vnd.oci.image.manifest.v1+json",
                "config",
                Map.of(
                    "mediaType",
                    "application/vnd.oci.image.config.v1+json",
                    "digest",
                    sha256(config),
                    "size",
                    config.length),
                "layers",
                List.of(
                    Map.of(
                        "mediaType",
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest",
                        sha256(layer),
                        "size",
                        layer.length))))
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put =
        http(
            HttpRequest.newBuilder(
                    URI.create(server.uri() + "/v2/" + IMAGE_REPO + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    return sha256(manifest);
  }

  private void pushBlob(byte[] blob) {
    HttpResponse<String> r =
        http(
            HttpRequest.newBuilder(
                    URI.create(
                        server.uri()
                            + "/v2/"
                            + IMAGE_REPO
                            + "/blobs/uploads/?digest="
                            + sha256(blob)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String json(Object value) {
    try {
      return MlflowRest.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> http(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
