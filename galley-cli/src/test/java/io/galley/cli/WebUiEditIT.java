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
import java.util.regex.Pattern;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.opentest4j.TestAbortedException;

/**
 * Editing in the web UI, in headless Chromium against a real server: run names, descriptions and
 * tags, deleting and restoring runs, aliases, stages and descriptions of models and versions. Each
 * edit is read back through the REST API. Every test makes its own experiment, so they share one
 * server in any order; the browser console must stay free of unexpected errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiEditIT {
  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  private InProcessServer server;
  private UiFixtures data;
  private UiBrowser browser;
  private String noBrowser;
  private final List<Pattern> expectedErrors = new ArrayList<>();

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
    expectedErrors.clear();
    browser.clearConsole();
  }

  @AfterEach
  void screenshotAndNoConsoleErrors(TestInfo test) {
    if (browser == null) {
      return;
    }
    String name = test.getTestMethod().orElseThrow().getName();
    browser.screenshot(SCREENSHOTS.resolve("edit-" + name + ".png"));
    List<String> errors =
        browser.severeConsoleEntries().stream()
            .map(LogEntry::getMessage)
            .filter(m -> expectedErrors.stream().noneMatch(p -> p.matcher(m).find()))
            .toList();
    assertThat(errors).as("SEVERE browser console entries during " + name).isEmpty();
  }

  @Test
  void aRenamedRunShowsItsNewNameInTheRunsTableAfterAReload() {
    String experiment = data.experiment("edit-rename");
    String runId = data.run(experiment, "before-name", 1_000, Map.of());
    browser.open(server.uri() + "/runs/" + runId, "run");

    // Escape leaves the form and keeps the name.
    click("[data-testid=run-name-edit] [data-testid=edit]");
    WebElement input = await(browser, "[data-testid=run-name-edit] input");
    assertThat(browser.driver().switchTo().activeElement()).isEqualTo(input);
    input.clear();
    input.sendKeys("discarded", Keys.ESCAPE);
    assertThat(await(browser, "[data-testid=run-name-edit] [data-testid=value]").getText())
        .isEqualTo("before-name");
    assertThat(browser.driver().switchTo().activeElement().getDomAttribute("data-testid"))
        .as("focus returns to Edit")
        .isEqualTo("edit");

    click("[data-testid=run-name-edit] [data-testid=edit]");
    input = await(browser, "[data-testid=run-name-edit] input");
    input.clear();
    input.sendKeys("after-name", Keys.ENTER);
    awaitText("[data-testid=run-name-edit] [data-testid=value]", "after-name");
    assertThat(data.run(runId).path("info").path("run_name").asText()).isEqualTo("after-name");

    browser.open(server.uri() + "/experiments/" + experiment, "runs");
    WebElement row = await(browser, "tr[data-testid=run-row][data-run-id='" + runId + "']");
    assertThat(row.findElement(By.cssSelector("a[href='/runs/" + runId + "']")).getText())
        .isEqualTo("after-name");
  }

  @Test
  void aRunsDescriptionIsSavedAsMlflowsNoteAndShownAsText() {
    String experiment = data.experiment("edit-description");
    String runId = data.run(experiment, "described", 1_000, Map.of());
    browser.open(server.uri() + "/runs/" + runId, "run");
    assertThat(await(browser, "[data-testid=run-description]").getText())
        .contains("No description.");
    click("[data-testid=run-description] [data-testid=edit]");
    WebElement area = await(browser, "[data-testid=run-description] textarea");
    String text = "<b>not bold</b> & two\nlines";
    area.sendKeys(text);
    click("[data-testid=run-description] [data-testid=edit-save]");
    WebElement value = await(browser, "[data-testid=run-description] [data-testid=value]");
    assertThat(value.getText()).isEqualTo(text);
    assertThat(value.findElements(By.tagName("b"))).as("text, never markup").isEmpty();
    assertThat(data.tag(runId, "mlflow.note.content")).isEqualTo(text);
  }

  @Test
  void tagsAreAddedEditedAndRemovedAndARefusalShowsBesideTheForm() {
    String experiment = data.experiment("edit-tags");
    String runId = data.run(experiment, "tagged", 1_000, Map.of("keep", "1"));
    browser.open(server.uri() + "/runs/" + runId, "run");
    // MLflow's own tags are shown, not edited (the name has its own editor).
    WebElement system = await(browser, "tr[data-testid=tag-row][data-key='mlflow.runName']");
    assertThat(system.getText()).contains("tagged");
    assertThat(system.findElements(By.tagName("button"))).isEmpty();

    click("[data-testid=add-tag]");
    await(browser, "input[data-testid=new-tag-key]").sendKeys("team");
    await(browser, "input[data-testid=new-tag-value]").sendKeys("vision", Keys.ENTER);
    await(browser, "tr[data-testid=tag-row][data-key=team]");
    assertThat(data.tag(runId, "team")).isEqualTo("vision");

    click("tr[data-testid=tag-row][data-key=keep] [data-testid=edit]");
    WebElement value = await(browser, "tr[data-testid=tag-row][data-key=keep] input");
    value.clear();
    value.sendKeys("2", Keys.ENTER);
    awaitText("tr[data-testid=tag-row][data-key=keep] [data-testid=value]", "2");
    assertThat(data.tag(runId, "keep")).isEqualTo("2");

    click("tr[data-testid=tag-row][data-key=team] [data-testid=remove-tag]");
    browser
        .waiting()
        .withMessage("the removed tag's row should go")
        .until(
            d ->
                d.findElements(By.cssSelector("tr[data-testid=tag-row][data-key=team]")).isEmpty());
    assertThat(data.tag(runId, "team")).isNull();

    // A key MLflow refuses: the server's message shows in the form, which stays open.
    expectedErrors.add(Pattern.compile("runs/set-tag.*(400|Bad Request)"));
    click("[data-testid=add-tag]");
    await(browser, "input[data-testid=new-tag-key]").sendKeys("../bad key");
    await(browser, "input[data-testid=new-tag-value]").sendKeys("x", Keys.ENTER);
    WebElement error = await(browser, "[data-testid=add-tag-form] [data-testid=edit-error]");
    browser.waiting().until(d -> error.isDisplayed() && !error.getText().isBlank());
    assertThat(error.getDomAttribute("role")).isEqualTo("alert");
    assertThat(error.getText()).contains("INVALID_PARAMETER_VALUE");
    await(browser, "input[data-testid=new-tag-key]").sendKeys(Keys.ESCAPE);
    browser
        .waiting()
        .withMessage("Escape should close the add-tag form")
        .until(d -> d.findElements(By.cssSelector("[data-testid=add-tag-form]")).isEmpty());
  }

  @Test
  void aRunIsDeletedFromItsPageAndRestoredFromTheRunsTable() {
    String experiment = data.experiment("edit-delete");
    String doomed = data.run(experiment, "doomed", 1_000, Map.of());
    String other = data.run(experiment, "other", 2_000, Map.of());
    browser.open(server.uri() + "/runs/" + doomed, "run");
    click("[data-testid=delete-run] [data-testid=action]");
    click("[data-testid=delete-run] [data-testid=edit-save]");
    await(browser, "[data-testid=run-deleted]");
    await(browser, "[data-testid=restore-run] [data-testid=action]");
    assertThat(data.run(doomed).path("info").path("lifecycle_stage").asText()).isEqualTo("deleted");

    browser.open(server.uri() + "/experiments/" + experiment, "runs");
    awaitRows(List.of(other));
    new Select(await(browser, "select[data-testid=runs-view]")).selectByValue("all");
    awaitRows(List.of(other, doomed));
    // The deleted run's row, with its Restore button, keeps the fixed row height.
    assertThat(
            browser.driver().findElements(By.cssSelector("tr[data-testid=run-row]")).stream()
                .map(r -> r.getRect().getHeight())
                .distinct()
                .toList())
        .hasSize(1);
    new Select(await(browser, "select[data-testid=runs-view]")).selectByValue("deleted");
    awaitRows(List.of(doomed));
    assertThat(browser.driver().getCurrentUrl()).contains("view=deleted");
    click("tr[data-run-id='" + doomed + "'] [data-testid=restore-run]");
    awaitRows(List.of());
    assertThat(await(browser, "tr.empty-row").getText()).contains("No deleted runs.");
    assertThat(data.run(doomed).path("info").path("lifecycle_stage").asText()).isEqualTo("active");
    new Select(await(browser, "select[data-testid=runs-view]")).selectByValue("active");
    awaitRows(List.of(other, doomed));
  }

  @Test
  void theExperimentsDescriptionIsEditedOnItsRunsPage() {
    String experiment = data.experiment("edit-experiment");
    browser.open(server.uri() + "/experiments/" + experiment, "runs");
    click("[data-testid=experiment-description] [data-testid=edit]");
    await(browser, "[data-testid=experiment-description] textarea").sendKeys("What we tried");
    click("[data-testid=experiment-description] [data-testid=edit-save]");
    awaitText("[data-testid=experiment-description] [data-testid=value]", "What we tried");
    JsonNode tags =
        data.api()
            .get("experiments/get", Map.of("experiment_id", experiment))
            .path("experiment")
            .path("tags");
    assertThat(tags.toString()).contains("\"mlflow.note.content\"", "What we tried");
  }

  @Test
  void aliasesStagesAndDescriptionsOfAModelAndItsVersion() {
    String experiment = data.experiment("edit-model");
    String runId = data.run(experiment, "trained", 1_000, Map.of());
    data.api().post("registered-models/create", Map.of("name", "edited-model"));
    data.api()
        .post(
            "model-versions/create",
            Map.of("name", "edited-model", "source", "s3://bucket/model", "run_id", runId));
    browser.open(server.uri() + "/models/edited-model/versions/1", "version");

    click("[data-testid=version-aliases] [data-testid=add-alias]");
    await(browser, "input[data-testid=new-alias]").sendKeys("candidate", Keys.ENTER);
    await(browser, "[data-testid=version-aliases] li[data-alias=candidate]");
    assertThat(alias("candidate").path("model_version").path("version").asText()).isEqualTo("1");
    click("[data-testid=version-aliases] li[data-alias=candidate] [data-testid=remove-alias]");
    browser
        .waiting()
        .withMessage("the removed alias should go")
        .until(d -> d.findElements(By.cssSelector("li[data-alias=candidate]")).isEmpty());
    assertThat(
            data.api()
                .get("registered-models/get", Map.of("name", "edited-model"))
                .path("registered_model")
                .path("aliases")
                .toString())
        .doesNotContain("candidate");

    click("[data-testid=version-stage] [data-testid=edit]");
    new Select(await(browser, "[data-testid=version-stage] select")).selectByValue("Staging");
    click("[data-testid=version-stage] [data-testid=edit-save]");
    awaitText("[data-testid=version-stage] [data-testid=value]", "Staging");
    assertThat(version().path("current_stage").asText()).isEqualTo("Staging");

    click("[data-testid=version-description] [data-testid=edit]");
    await(browser, "[data-testid=version-description] textarea").sendKeys("first cut");
    click("[data-testid=version-description] [data-testid=edit-save]");
    awaitText("[data-testid=version-description] [data-testid=value]", "first cut");
    assertThat(version().path("description").asText()).isEqualTo("first cut");

    browser.open(server.uri() + "/models/edited-model", "model");
    click("[data-testid=model-description] [data-testid=edit]");
    await(browser, "[data-testid=model-description] textarea").sendKeys("the edited model");
    click("[data-testid=model-description] [data-testid=edit-save]");
    awaitText("[data-testid=model-description] [data-testid=value]", "the edited model");
    assertThat(
            data.api()
                .get("registered-models/get", Map.of("name", "edited-model"))
                .path("registered_model")
                .path("description")
                .asText())
        .isEqualTo("the edited model");

    click("[data-testid=model-aliases] [data-testid=add-alias]");
    await(browser, "input[data-testid=new-alias]").sendKeys("champion");
    new Select(await(browser, "select[data-testid=new-alias-version]")).selectByValue("1");
    click("[data-testid=model-aliases] [data-testid=edit-save]");
    assertThat(await(browser, "[data-testid=model-aliases] li[data-alias=champion]").getText())
        .contains("@champion", "version 1");
    assertThat(alias("champion").path("model_version").path("version").asText()).isEqualTo("1");
  }

  // ---------------------------------------------------------------- helpers

  private void click(String css) {
    await(browser, css).click();
  }

  private void awaitText(String css, String text) {
    browser
        .waiting()
        .withMessage(() -> css + " should read '" + text + "'")
        .until(
            d ->
                d.findElements(By.cssSelector(css)).stream()
                    .anyMatch(e -> e.getText().equals(text)));
  }

  private void awaitRows(List<String> ids) {
    browser
        .waiting()
        .withMessage(() -> "rows should be " + ids + "; are " + runRowIds(browser))
        .until(
            d ->
                runRowIds(browser).equals(ids)
                    && "true"
                        .equals(
                            d.findElement(By.cssSelector("main[data-testid=page]"))
                                .getDomAttribute("data-ready")));
  }

  private JsonNode version() {
    return data.api()
        .get("model-versions/get", Map.of("name", "edited-model", "version", "1"))
        .path("model_version");
  }

  private JsonNode alias(String alias) {
    return data.api()
        .get("registered-models/alias", Map.of("name", "edited-model", "alias", alias));
  }
}
