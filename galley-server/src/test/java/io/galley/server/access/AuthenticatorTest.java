package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.access.Authenticator.Principal;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in by password, by token and by token in Basic, over a real H2 identity store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

  private JdbcStore store;
  private IdentityStore identities;
  private Authenticator auth;
  private String adaToken;
  private String adaAdminToken;
  private String boToken;
  private String boAdminToken;
  private String expired;
  private String revoked;

  @BeforeAll
  void users(@TempDir Path dir) {
    store = JdbcStore.open(StoreConfig.fromUri(null, dir));
    identities = store.identities();
    identities.createUser(new NewUser("ada", PasswordHashes.hash("ada's password"), true));
    identities.createUser(new NewUser("bo", PasswordHashes.hash("bo's password"), false));
    adaToken = token("ada", TokenScope.READ, null);
    adaAdminToken = token("ada", TokenScope.ADMIN, null);
    boToken = token("bo", TokenScope.WRITE, null);
    boAdminToken = token("bo", TokenScope.ADMIN, null);
    expired = token("bo", TokenScope.WRITE, NOW.minusSeconds(1));
    revoked = token("bo", TokenScope.WRITE, null);
    identities.revokeToken(
        "bo",
        revoked.substring(TokenSecrets.PREFIX.length(), TokenSecrets.PREFIX.length() + 12),
        NOW);
    auth = new Authenticator(identities, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  void close() {
    store.close();
  }

  private String token(String user, TokenScope scope, Instant expiresAt) {
    TokenSecrets.Issued t = TokenSecrets.issue();
    identities.createToken(
        new NewApiToken(t.id(), user, "t", scope, expiresAt, t.secretHash()),
        NOW.minus(Duration.ofDays(1)));
    return t.secret();
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private Principal signIn(String header) {
    return auth.authenticate(header).orElseThrow();
  }

  @Test
  void aPasswordSignsInItsUserWithTheUsersOwnReach() {
    Principal ada = signIn(basic("ada", "ada's password"));
    assertThat(ada.user().name()).isEqualTo("ada");
    assertThat(ada.scope()).isEqualTo(TokenScope.ADMIN);
    assertThat(ada.tokenId()).isNull();
    assertThat(signIn(basic("bo", "bo's password")).scope()).isEqualTo(TokenScope.WRITE);
  }

  @Test
  void aTokenSignsInItsUserWithItsScopeNeverMoreThanTheUsers() {
    assertThat(signIn("Bearer " + adaToken).scope()).isEqualTo(TokenScope.READ);
    assertThat(signIn("bearer " + adaAdminToken).scope()).isEqualTo(TokenScope.ADMIN);
    assertThat(signIn("Bearer " + boToken).user().name()).isEqualTo("bo");
    assertThat(signIn("Bearer " + boAdminToken).scope()).isEqualTo(TokenScope.WRITE);
    // As docker login sends it: the user name and a token as the password.
    assertThat(signIn(basic("bo", boToken)).tokenId()).isNotNull();
  }

  @Test
  void aKeptSignInStopsWorkingOnceThePasswordChangesOrTheUserGoes() {
    identities.createUser(new NewUser("cy", PasswordHashes.hash("cy's first"), false));
    String first = basic("cy", "cy's first");
    assertThat(signIn(first).user().name()).isEqualTo("cy");
    assertThat(signIn(first).user().name()).isEqualTo("cy"); // from what was verified

    identities.setPasswordHash("cy", PasswordHashes.hash("cy's second"));
    // A sign-in is kept for KEEP_SIGN_IN, until a change through the server forgets it.
    assertThat(signIn(first).user().name()).isEqualTo("cy");
    auth.forgetSignIns();
    assertThatThrownBy(() -> signIn(first)).isInstanceOf(GalleyException.class);
    String second = basic("cy", "cy's second");
    assertThat(signIn(second).user().name()).isEqualTo("cy");

    identities.deleteUser("cy");
    auth.forgetSignIns();
    assertThatThrownBy(() -> signIn(second)).isInstanceOf(GalleyException.class);
  }

  @Test
  void noHeaderIsNobodyAndNoError() {
    assertThat(auth.authenticate(null)).isEqualTo(Optional.empty());
    assertThat(auth.authenticate("  ")).isEqualTo(Optional.empty());
  }

  @Test
  void everyWrongCredentialIsUnauthenticatedWithOneMessage() {
    String[] wrong = {
      basic("ada", "wrong"),
      basic("nobody", "ada's password"),
      basic("ada", boToken), // bo's token under ada's name
      "Bearer " + expired,
      "Bearer " + revoked,
      "Bearer " + boToken + "x",
      "Bearer hunter2",
      "Bearer",
      "Basic !!!not-base64",
      "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
    };
    String message = null;
    for (String header : wrong) {
      GalleyException e =
          (GalleyException) org.assertj.core.api.Assertions.catchThrowable(() -> signIn(header));
      assertThat(e).as(header).isNotNull();
      assertThat(e.code()).as(header).isEqualTo(ErrorCode.UNAUTHENTICATED);
      if (message == null) {
        message = e.getMessage();
      }
      assertThat(e.getMessage()).as(header).isEqualTo(message).doesNotContain("hunter2");
    }
    assertThatThrownBy(() -> signIn("Digest username=ada"))
        .isInstanceOfSatisfying(
            GalleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
  }
}
