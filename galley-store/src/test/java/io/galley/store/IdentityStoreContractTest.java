package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.AlreadyExistsException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.access.ApiToken;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.core.access.User;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users and API tokens, the same on both stores; secrets are never what is stored. */
abstract class IdentityStoreContractTest {
  private static final Instant T0 = Instant.ofEpochMilli(1_800_000_000_000L);

  @TempDir Path tempDir;
  private JdbcStore jdbc;
  private IdentityStore identities;

  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    identities = jdbc.identities();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void usersAreCreatedFoundListedAndDeletedWithTheirTokens() {
    String ada = unique("ada");
    User created = identities.createUser(new NewUser(ada, "$argon2id$hash-a", true));
    assertThat(created.name()).isEqualTo(ada);
    assertThat(created.admin()).isTrue();
    assertThat(identities.findUser(ada)).contains(created);
    assertThat(identities.passwordHash(ada)).contains("$argon2id$hash-a");
    assertThat(identities.users()).contains(created);
    assertThatThrownBy(() -> identities.createUser(new NewUser(ada, "other", false)))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(ada)
        .hasMessageNotContaining("other");

    identities.setPasswordHash(ada, "$argon2id$hash-b");
    assertThat(identities.passwordHash(ada)).contains("$argon2id$hash-b");
    TokenSecrets.Issued issued = TokenSecrets.issue();
    identities.createToken(
        new NewApiToken(issued.id(), ada, "laptop", TokenScope.WRITE, null, issued.secretHash()),
        T0);

    identities.deleteUser(ada);
    assertThat(identities.findUser(ada)).isEmpty();
    assertThat(identities.findTokenBySecretHash(issued.secretHash())).isEmpty();
    assertThatThrownBy(() -> identities.deleteUser(ada)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> identities.setPasswordHash(ada, "x"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aTokenIsFoundByItsSecretsHashAndRevokedOnce() {
    String bo = unique("bo");
    User owner = identities.createUser(new NewUser(bo, "h", false));
    TokenSecrets.Issued ci = TokenSecrets.issue();
    TokenSecrets.Issued laptop = TokenSecrets.issue();
    Instant expiry = T0.plusSeconds(3600);
    ApiToken made =
        identities.createToken(
            new NewApiToken(ci.id(), bo, "ci", TokenScope.READ, expiry, ci.secretHash()), T0);
    identities.createToken(
        new NewApiToken(laptop.id(), bo, "laptop", TokenScope.ADMIN, null, laptop.secretHash()),
        T0.plusSeconds(1));

    assertThat(made)
        .isEqualTo(new ApiToken(ci.id(), owner.id(), bo, "ci", TokenScope.READ, T0, expiry, null));
    assertThat(identities.findTokenBySecretHash(TokenSecrets.hash(ci.secret()))).contains(made);
    assertThat(identities.findTokenBySecretHash(TokenSecrets.hash(ci.secret() + "x"))).isEmpty();
    assertThat(identities.tokens(bo)).extracting(ApiToken::name).containsExactly("laptop", "ci");
    assertThat(made.isValidAt(T0.plusSeconds(10))).isTrue();
    assertThat(made.isValidAt(expiry)).isFalse();

    assertThat(identities.revokeToken(bo, ci.id(), T0.plusSeconds(5))).isTrue();
    assertThat(identities.revokeToken(bo, ci.id(), T0.plusSeconds(6))).isFalse();
    assertThat(identities.revokeToken(unique("someone-else"), laptop.id(), T0)).isFalse();
    ApiToken revoked = identities.findTokenBySecretHash(ci.secretHash()).orElseThrow();
    assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(revoked.isValidAt(T0.plusSeconds(10))).isFalse();
    assertThatThrownBy(() -> identities.tokens(unique("nobody")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aTokenForNoUserAndBadNamesAreRefused() {
    TokenSecrets.Issued t = TokenSecrets.issue();
    assertThatThrownBy(
            () ->
                identities.createToken(
                    new NewApiToken(
                        t.id(), unique("ghost"), "x", TokenScope.READ, null, t.secretHash()),
                    T0))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> new NewUser("has space", "h", false))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new NewUser("", "h", false))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new NewUser("x".repeat(129), "h", false))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(TokenSecrets.looksLikeToken(t.secret())).isTrue();
    assertThat(TokenSecrets.looksLikeToken("hunter2")).isFalse();
    assertThat(t.toString()).doesNotContain(t.secret());
  }

  @Test
  void aSignInFindsTheUserWithTheirHashOrTheirTokenInOneLookup() {
    String ada = unique("ada");
    User user = identities.createUser(new NewUser(ada, "$argon2id$hash-c", false));
    assertThat(identities.findCredentials(ada))
        .contains(new IdentityStore.Credentials(user, "$argon2id$hash-c"));
    assertThat(identities.findCredentials(unique("nobody"))).isEmpty();
    TokenSecrets.Issued t = TokenSecrets.issue();
    ApiToken token =
        identities.createToken(
            new NewApiToken(t.id(), ada, "laptop", TokenScope.READ, null, t.secretHash()), T0);
    assertThat(identities.findTokenOwner(t.secretHash()))
        .contains(new IdentityStore.TokenOwner(token, user));
    assertThat(identities.findTokenOwner(TokenSecrets.hash("galley_nope"))).isEmpty();
  }
}
