package io.galley.cli;

import static io.galley.cli.UiFixtures.await;
import static io.galley.cli.UiFixtures.runRowIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.server.ui.UiBrowser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.opentest4j.TestAbortedException;

/**
 * How the web UI tells runs apart, in headless Chromium against a real server with runs logged in
 * the test: tied runs on the leaderboard and in the sorted runs table, same-named runs in compare,
 * and the libraries that differ between runs shown before the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiRankingIT {
  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  private InProcessServer server;
  private UiFixtures data;
  private UiBrowser browser;
  private String noBrowser;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    try {
      browser = UiBrowser.start();
    } catch (TestAbortedException e) {
      noBrowser = e.getMessage();
      return;
    }
    server = new InProcessServer(dataDir);
    data = new UiFixtures(server.uri());
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
    browser.clearConsole();
  }

  @AfterEach
  void screenshotAndNoConsoleErrors(TestInfo test) {
    if (browser == null) {
      return;
    }
    String name = test.getTestMethod().orElseThrow().getName();
    browser.screenshot(SCREENSHOTS.resolve("ranking-" + name + ".png"));
    assertThat(browser.severeConsoleEntries().stream().map(LogEntry::getMessage).toList())
        .as("SEVERE browser console entries during " + name)
        .isEmpty();
  }

  @Test
  void tiedRunsShareARankAndTheWorstCardIsTheLastRowOfTheRanking() {
    String experiment = data.experiment("ties");
    Map<String, String> libs = Map.of("galley.env.lib.x", "1", "galley.env.lib.y", "1");
    String early = data.run(experiment, "tie-early", 1_000, libs);
    String late = data.run(experiment, "tie-late", 2_000, libs);
    Map<String, String> otherLibs = Map.of("galley.env.lib.x", "1", "galley.env.lib.y", "2");
    String lowLate = data.run(experiment, "low-late", 4_000, otherLibs);
    String low = data.run(experiment, "low", 3_000, otherLibs);
    data.metric(early, "accuracy", 0.9, 0);
    data.metric(late, "accuracy", 0.9, 0);
    data.metric(low, "accuracy", 0.5, 0);
    data.metric(lowLate, "accuracy", 0.5, 0);

    // The page shows the ranking in the API's order, whichever way the store breaks ties.
    List<String> ranking = new ArrayList<>();
    Map<String, String> names = new java.util.HashMap<>();
    galleyLeaderboard(experiment, "desc")
        .path("entries")
        .forEach(
            e -> {
              String id = e.path("run").path("info").path("run_id").asText();
              ranking.add(id);
              names.put(id, e.path("run").path("info").path("run_name").asText());
            });
    // Ties: the later start first, then run id, as the store ranks them (and runs/search sorts).
    assertThat(ranking).containsExactly(late, early, lowLate, low);

    browser.open(
        server.uri() + "/experiments/" + experiment + "/leaderboard?metric=accuracy",
        "leaderboard");
    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("tr[data-testid=leaderboard-row]"))
                .stream()
                .map(r -> r.getDomAttribute("data-run-id"))
                .toList())
        .isEqualTo(ranking);
    assertThat(rank(late).getText()).isEqualTo("=1");
    assertThat(rank(late).getDomAttribute("title")).isEqualTo("tied with tie-early");
    assertThat(rank(early).getText()).isEqualTo("=1");
    assertThat(rank(early).getDomAttribute("title")).isEqualTo("tied with tie-late");
    assertThat(rank(low).getText()).isEqualTo(rank(lowLate).getText()).isEqualTo("=3");
    assertThat(rank(low).getDomAttribute("title")).isEqualTo("tied with low-late");

    WebElement best = await(browser, "[data-testid=leaderboard-best]");
    assertThat(best.findElement(By.cssSelector("[data-testid=run-name]")).getText())
        .isEqualTo(names.get(ranking.get(0)));
    assertThat(best.findElement(By.cssSelector("[data-testid=tie]")).getText())
        .isEqualTo("tied with 1 other run");
    WebElement worst = await(browser, "[data-testid=leaderboard-worst]");
    // The worst card is the ranking's last row (ties included), and says it has a tie.
    assertThat(worst.findElement(By.cssSelector("[data-testid=run-name]")).getText())
        .isEqualTo(names.get(ranking.get(3)));
    assertThat(worst.findElement(By.cssSelector("[data-testid=tie]")).getText())
        .isEqualTo("tied with 1 other run");

    // The cards' libraries: y differs between best and worst and comes first; x is collapsed.
    WebElement differing = best.findElement(By.cssSelector("[data-testid=libraries-differing]"));
    assertThat(differing.getText()).isEqualTo("y 1 (worst: 2)");
    assertThat(best.findElement(By.cssSelector("[data-testid=libraries-same-summary]")).getText())
        .isEqualTo("1 library the same in both runs");
    assertThat(best.findElement(By.cssSelector("[data-testid=libraries-same]")).isDisplayed())
        .isFalse();
    assertThat(worst.findElement(By.cssSelector("[data-testid=libraries-differing]")).getText())
        .isEqualTo("y 2 (best: 1)");

    // The runs table sorted by accuracy breaks ties as the leaderboard does, either way round.
    browser.open(server.uri() + "/experiments/" + experiment, "runs");
    By header = By.cssSelector("[data-testid=runs-table] th[data-sort-key='metrics.`accuracy`']");
    browser.driver().findElement(header).click();
    List<String> lowerIsBetter = new ArrayList<>();
    galleyLeaderboard(experiment, "asc")
        .path("entries")
        .forEach(e -> lowerIsBetter.add(e.path("run").path("info").path("run_id").asText()));
    assertThat(lowerIsBetter).containsExactly(lowLate, low, late, early);
    awaitRows("ascending", lowerIsBetter);
    browser.driver().findElement(header).click();
    awaitRows("descending", ranking);
  }

  @Test
  void compareTitlesTellSameNamedRunsApart() {
    String first = data.experiment("twins-a");
    String second = data.experiment("twins-b");
    String a = data.run(first, "twin", 1_000, Map.of());
    String b = data.run(first, "twin", 2_000, Map.of());
    String c = data.run(second, "twin", 3_000, Map.of());

    browser.open(server.uri() + "/compare?runs=" + a + "," + b, "compare");
    assertThat(columnTitles())
        .containsExactly("twin (" + a.substring(0, 8) + ")", "twin (" + b.substring(0, 8) + ")");

    browser.open(server.uri() + "/compare?runs=" + a + "," + c, "compare");
    assertThat(columnTitles()).containsExactly("twin (twins-a)", "twin (twins-b)");
  }

  @Test
  void aLibraryAtAnotherVersionInOneRunIsListedFirstWithWhatTheOthersHave() {
    String experiment = data.experiment("libraries");
    Map<String, String> usual =
        Map.of(
            "galley.env.lib.alpha", "1", "galley.env.lib.beta", "1", "galley.env.lib.gamma", "1");
    String first = data.run(experiment, "first", 1_000, usual);
    data.run(
        experiment,
        "odd",
        2_000,
        Map.of(
            "galley.env.lib.alpha", "1", "galley.env.lib.beta", "2", "galley.env.lib.gamma", "1"));
    data.run(experiment, "third", 3_000, usual);

    browser.open(server.uri() + "/runs/" + first, "run");
    await(browser, "[data-testid=library-list]");
    List<WebElement> rows =
        browser.driver().findElements(By.cssSelector("[data-testid=library-row]"));
    assertThat(rows).extracting(r -> r.getDomAttribute("data-library")).startsWith("beta");
    WebElement beta = rows.get(0);
    assertThat(beta.getDomAttribute("data-differs")).isEqualTo("true");
    assertThat(beta.getText()).isEqualTo("beta 1 1 in 1 run, 2 in 1 run");
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("[data-testid=libraries-same-summary]"))
                .getText())
        .isEqualTo("2 libraries the same in every run");
    assertThat(
            rows.stream()
                .filter(WebElement::isDisplayed)
                .map(r -> r.getDomAttribute("data-library")))
        .containsExactly("beta");

    // A search reaches the collapsed group.
    await(browser, "input[data-testid=library-search]").sendKeys("gam");
    browser
        .waiting()
        .withMessage("searching 'gam' should show gamma only")
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=library-row]")).stream()
                    .filter(WebElement::isDisplayed)
                    .map(r -> r.getDomAttribute("data-library"))
                    .toList()
                    .equals(List.of("gamma")));
  }

  // ---------------------------------------------------------------- helpers

  private WebElement rank(String runId) {
    return browser
        .driver()
        .findElement(
            By.cssSelector(
                "tr[data-testid=leaderboard-row][data-run-id='" + runId + "'] [data-testid=rank]"));
  }

  private List<String> columnTitles() {
    return browser
        .driver()
        .findElements(By.cssSelector("[data-testid=params-diff] thead th"))
        .stream()
        .skip(1)
        .map(WebElement::getText)
        .toList();
  }

  private void awaitRows(String direction, List<String> ids) {
    browser
        .waiting()
        .withMessage(() -> direction + " rows should be " + ids + "; are " + runRowIds(browser))
        .until(
            d ->
                runRowIds(browser).equals(ids)
                    && direction.equals(
                        d.findElement(
                                By.cssSelector(
                                    "[data-testid=runs-table] th[data-sort-key='metrics.`accuracy`']"))
                            .getDomAttribute("aria-sort")));
  }

  private JsonNode galleyLeaderboard(String experiment, String order) {
    try {
      return MlflowRest.JSON.readTree(
          data.get(
                  "/api/2.0/galley/leaderboard?experiment_id="
                      + experiment
                      + "&metric=accuracy&n=100&order="
                      + order)
              .body());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
