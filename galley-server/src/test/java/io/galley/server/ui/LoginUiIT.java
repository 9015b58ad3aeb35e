package io.galley.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.server.TestServer;
import io.galley.server.access.PasswordHashes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The web UI with access control on, in headless Chromium: the login page instead of data (and no
 * browser dialog), a wrong password said so, signing in shows the user's experiments and name, the
 * session cookie is HTTP-only and SameSite=Strict, a change without the CSRF token is refused, and
 * logging out revokes the session.
 */
class LoginUiIT {
  @TempDir Path dir;

  @Test
  void signInSeeTheDataAndLogOut() throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir);
        UiBrowser browser = UiBrowser.start()) {
      server
          .store()
          .identities()
          .createUser(new NewUser("ada", PasswordHashes.hash("ada's password"), false));
      server.store().permissions().setDefaultPermission("ada", Permission.NO_PERMISSIONS);
      server.store().tracking().createExperiment("hidden-from-ada", null, List.of());

      browser.open(server.uri() + "/experiments", "login");
      WebElement form = browser.driver().findElement(By.cssSelector("[data-testid=login-form]"));
      form.findElement(By.cssSelector("[data-testid=login-username]")).sendKeys("ada");
      form.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys("wrong one");
      form.findElement(By.cssSelector("[data-testid=login-submit]")).click();
      WebElement error =
          browser
              .waiting()
              .until(
                  d ->
                      d.findElements(By.cssSelector("[data-testid=login-error]")).stream()
                          .findFirst()
                          .orElse(null));
      assertThat(error.getText()).contains("UNAUTHENTICATED");
      assertThat(browser.driver().manage().getCookieNamed("galley_session")).isNull();

      form.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys("ada's password");
      form.findElement(By.cssSelector("[data-testid=login-submit]")).click();
      browser.waitForPage("experiments");
      assertThat(
              browser.driver().findElement(By.cssSelector("[data-testid=current-user]")).getText())
          .isEqualTo("ada");
      assertThat(browser.driver().findElement(By.cssSelector("main")).getText())
          .doesNotContain("hidden-from-ada");
      Cookie session = browser.driver().manage().getCookieNamed("galley_session");
      assertThat(session).isNotNull();
      assertThat(session.isHttpOnly()).isTrue();
      assertThat(session.getSameSite()).isEqualTo("Strict");
      assertThat(browser.js("return document.cookie"))
          .asString()
          .doesNotContain(session.getValue());

      // The cookie alone does not change anything: the CSRF token must come with it.
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> forged =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(server.uri() + "/api/2.0/mlflow/experiments/create"))
                  .header("Cookie", "galley_session=" + session.getValue())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"forged\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(forged.body()).contains("CSRF");
      String csrf = browser.driver().manage().getCookieNamed("galley_csrf").getValue();
      HttpResponse<String> withToken =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(server.uri() + "/api/2.0/mlflow/experiments/create"))
                  .header("Cookie", "galley_session=" + session.getValue())
                  .header("X-Galley-CSRF", csrf)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"adas\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
      browser.open(server.uri() + "/experiments", "experiments");
      assertThat(browser.driver().findElement(By.cssSelector("main")).getText()).contains("adas");

      browser.driver().findElement(By.cssSelector("[data-testid=logout]")).click();
      browser.waitForPage("login");
      HttpResponse<String> after =
          http.send(
              HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/galley/session"))
                  .header("Cookie", "galley_session=" + session.getValue())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(401);
      browser.open(server.uri() + "/models", "login");
      assertThat(browser.severeConsoleEntries())
          .allSatisfy(e -> assertThat(e.getMessage()).contains("401"));
    }
  }
}
