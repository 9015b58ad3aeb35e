package io.galley.server.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Debian's chromedriver, for the web UI tests. Selenium
 * Manager never runs (the driver executable and the browser binary are both given), so nothing is
 * downloaded. {@link #start} skips the calling test when either program is missing, or fails it
 * when {@code GALLEY_REQUIRE_ALL=1} (as CI sets), like {@code TestDatabases.postgres()}.
 *
 * <p>The browser console is recorded at every level, so tests can assert that a page logged no
 * error ({@link #severeConsoleEntries}); Chromium also logs failed requests there.
 */
public final class UiBrowser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final Path profile;

  private UiBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A new headless browser, or the calling test skipped (failed under GALLEY_REQUIRE_ALL=1). */
  public static UiBrowser start() {
    for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(program)) {
        unavailable(
            program
                + " is missing (Debian: apt-get install chromium chromium-driver); the web UI"
                + " tests need a real browser");
      }
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    System.setProperty("SE_OFFLINE", "true");
    Path profile;
    try {
      profile = Files.createTempDirectory("galley-ui-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1400,1000");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    try {
      return new UiBrowser(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      deleteTree(profile);
      unavailable("Chromium did not start through chromedriver: " + e);
      throw e; // not reached
    }
  }

  private static void unavailable(String message) {
    if ("1".equals(System.getenv("GALLEY_REQUIRE_ALL"))) {
      throw new IllegalStateException(message + " (GALLEY_REQUIRE_ALL=1 forbids skipping)");
    }
    Assumptions.abort(message);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Loads {@code url} and waits until the page {@code name} says it is ready. */
  public WebElement open(String url, String name) {
    driver.get(url);
    return waitForPage(name);
  }

  /** Waits for {@code main[data-testid=page][data-page=NAME][data-ready=true]}. */
  public WebElement waitForPage(String name) {
    By ready = By.cssSelector("main[data-testid=page][data-page='" + name + "'][data-ready=true]");
    return waiting()
        .withMessage(
            () ->
                "page '"
                    + name
                    + "' never became ready at "
                    + driver.getCurrentUrl()
                    + "; main is "
                    + describeMain())
        .until(d -> d.findElements(ready).stream().findFirst().orElse(null));
  }

  private String describeMain() {
    List<WebElement> mains = driver.findElements(By.cssSelector("main"));
    if (mains.isEmpty()) {
      return "absent";
    }
    WebElement m = mains.get(0);
    String text = m.getText();
    return String.format(
        "data-testid=%s data-page=%s data-ready=%s, text: %s",
        m.getDomAttribute("data-testid"),
        m.getDomAttribute("data-page"),
        m.getDomAttribute("data-ready"),
        text.length() > 300 ? text.substring(0, 300) + "..." : text);
  }

  public WebDriverWait waiting() {
    // Pages re-render: an element found a moment ago may be gone when the condition reads it.
    WebDriverWait wait = new WebDriverWait(driver, READY_TIMEOUT, Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Whether {@code canvas} has at least one pixel that is not fully transparent. */
  public boolean drawn(WebElement canvas) {
    return Boolean.TRUE.equals(
        js(
            "const c = arguments[0];"
                + "if (!c.width || !c.height) return false;"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) return true; }"
                + "return false;",
            canvas));
  }

  /** The console entries since the last call, errors (SEVERE) only. */
  public List<LogEntry> severeConsoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .toList();
  }

  /** Drops the console entries logged so far. */
  public void clearConsole() {
    driver.manage().logs().get(LogType.BROWSER);
  }

  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          file,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
