package io.galley.store.access.internal;

import static java.util.Objects.requireNonNull;

import io.galley.core.AlreadyExistsException;
import io.galley.core.NotFoundException;
import io.galley.core.access.ApiToken;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.TokenReach;
import io.galley.core.access.TokenScope;
import io.galley.core.access.User;
import io.galley.store.jdbc.internal.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/** {@link IdentityStore} over the {@code users} and {@code api_tokens} tables. */
public final class JdbcIdentityStore implements IdentityStore {
  private static final String USER_COLUMNS =
      "u.user_id, u.user_name, u.is_admin, u.created_at, u.default_permission";
  private static final String TOKEN_COLUMNS =
      "t.token_id, t.user_id, u.user_name, t.token_name, t.scope, t.created_at, t.expires_at,"
          + " t.revoked_at, t.narrowed_to";

  private final Db db;
  private final Clock clock;

  public JdbcIdentityStore(Jdbi jdbi, Clock clock) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public User createUser(NewUser user) {
    requireNonNull(user, "user");
    Instant now = clock.instant();
    try {
      long id =
          db.inTransaction(
              h ->
                  h.createUpdate(
                          "INSERT INTO users (user_name, password_hash, is_admin, created_at)"
                              + " VALUES (?, ?, ?, ?)")
                      .bind(0, user.name())
                      .bind(1, user.passwordHash())
                      .bind(2, user.admin())
                      .bind(3, now.toEpochMilli())
                      .executeAndReturnGeneratedKeys("user_id")
                      .mapTo(Long.class)
                      .one());
      return new User(
          id, user.name(), user.admin(), null, Instant.ofEpochMilli(now.toEpochMilli()));
    } catch (Db.UniqueViolation e) {
      throw new AlreadyExistsException("User '" + user.name() + "' already exists.");
    }
  }

  @Override
  public Optional<User> findUser(String name) {
    requireNonNull(name, "name");
    return db.inTransaction(h -> user(h, name));
  }

  @Override
  public Optional<String> passwordHash(String userName) {
    requireNonNull(userName, "userName");
    return db.inTransaction(
        h ->
            h.createQuery("SELECT password_hash FROM users WHERE user_name = ?")
                .bind(0, userName)
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void setPasswordHash(String userName, String passwordHash) {
    requireNonNull(userName, "userName");
    requireNonNull(passwordHash, "passwordHash");
    int changed =
        db.inTransaction(
            h ->
                h.execute(
                    "UPDATE users SET password_hash = ? WHERE user_name = ?",
                    passwordHash,
                    userName));
    if (changed == 0) {
      throw userNotFound(userName);
    }
  }

  @Override
  public void setAdmin(String userName, boolean admin) {
    requireNonNull(userName, "userName");
    int changed =
        db.inTransaction(
            h -> h.execute("UPDATE users SET is_admin = ? WHERE user_name = ?", admin, userName));
    if (changed == 0) {
      throw userNotFound(userName);
    }
  }

  @Override
  public List<User> users() {
    return db.inTransaction(
        h ->
            h.createQuery("SELECT " + USER_COLUMNS + " FROM users u ORDER BY u.user_name")
                .map((rs, ctx) -> user(rs))
                .list());
  }

  @Override
  public void deleteUser(String name) {
    requireNonNull(name, "name");
    int deleted =
        db.inTransaction(
            h -> {
              // Its tokens, grants and memberships first: they refer to the user row.
              for (String grants :
                  List.of("experiment_grants", "registered_model_grants", "repository_grants")) {
                h.execute(
                    "DELETE FROM "
                        + grants
                        + " WHERE grantee_kind = 'U' AND grantee_id IN"
                        + " (SELECT user_id FROM users WHERE user_name = ?)",
                    name);
              }
              h.execute(
                  "DELETE FROM group_members WHERE user_id IN"
                      + " (SELECT user_id FROM users WHERE user_name = ?)",
                  name);
              h.execute(
                  "DELETE FROM api_tokens WHERE user_id IN"
                      + " (SELECT user_id FROM users WHERE user_name = ?)",
                  name);
              return h.execute("DELETE FROM users WHERE user_name = ?", name);
            });
    if (deleted == 0) {
      throw userNotFound(name);
    }
  }

  @Override
  public ApiToken createToken(NewApiToken token, Instant createdAt) {
    requireNonNull(token, "token");
    requireNonNull(createdAt, "createdAt");
    return db.inTransaction(
        h -> {
          User owner = user(h, token.userName()).orElseThrow(() -> userNotFound(token.userName()));
          h.execute(
              "INSERT INTO api_tokens (token_id, user_id, token_name, scope, secret_hash,"
                  + " created_at, expires_at, narrowed_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              token.id(),
              owner.id(),
              token.name(),
              token.scope().name(),
              token.secretHash(),
              createdAt.toEpochMilli(),
              token.expiresAt() == null ? null : token.expiresAt().toEpochMilli(),
              token.reach() == null ? null : token.reach().encode());
          return new ApiToken(
              token.id(),
              owner.id(),
              owner.name(),
              token.name(),
              token.scope(),
              Instant.ofEpochMilli(createdAt.toEpochMilli()),
              token.expiresAt() == null
                  ? null
                  : Instant.ofEpochMilli(token.expiresAt().toEpochMilli()),
              null,
              token.reach());
        });
  }

  @Override
  public Optional<ApiToken> findTokenBySecretHash(String secretHash) {
    requireNonNull(secretHash, "secretHash");
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT "
                        + TOKEN_COLUMNS
                        + " FROM api_tokens t JOIN users u ON u.user_id = t.user_id"
                        + " WHERE t.secret_hash = ?")
                .bind(0, secretHash)
                .map((rs, ctx) -> token(rs))
                .findOne());
  }

  @Override
  public Optional<Credentials> findCredentials(String name) {
    requireNonNull(name, "name");
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT "
                        + USER_COLUMNS
                        + ", u.password_hash FROM users u WHERE u.user_name = ?")
                .bind(0, name)
                .map((rs, ctx) -> new Credentials(user(rs), rs.getString(6)))
                .findOne());
  }

  @Override
  public Optional<TokenOwner> findTokenOwner(String secretHash) {
    requireNonNull(secretHash, "secretHash");
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT "
                        + USER_COLUMNS
                        + ", "
                        + TOKEN_COLUMNS
                        + " FROM api_tokens t JOIN users u ON u.user_id = t.user_id"
                        + " WHERE t.secret_hash = ?")
                .bind(0, secretHash)
                .map((rs, ctx) -> new TokenOwner(token(rs, 6), user(rs)))
                .findOne());
  }

  @Override
  public List<ApiToken> tokens(String userName) {
    requireNonNull(userName, "userName");
    return db.inTransaction(
        h -> {
          if (user(h, userName).isEmpty()) {
            throw userNotFound(userName);
          }
          return h.createQuery(
                  "SELECT "
                      + TOKEN_COLUMNS
                      + " FROM api_tokens t JOIN users u ON u.user_id = t.user_id"
                      + " WHERE u.user_name = ? ORDER BY t.created_at DESC, t.token_id")
              .bind(0, userName)
              .map((rs, ctx) -> token(rs))
              .list();
        });
  }

  @Override
  public boolean revokeToken(String userName, String tokenId, Instant at) {
    requireNonNull(userName, "userName");
    requireNonNull(tokenId, "tokenId");
    requireNonNull(at, "at");
    return db.inTransaction(
            h ->
                h.execute(
                    "UPDATE api_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL"
                        + " AND user_id IN (SELECT user_id FROM users WHERE user_name = ?)",
                    at.toEpochMilli(),
                    tokenId,
                    userName))
        == 1;
  }

  private static Optional<User> user(Handle h, String name) {
    return h.createQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.user_name = ?")
        .bind(0, name)
        .map((rs, ctx) -> user(rs))
        .findOne();
  }

  private static User user(ResultSet rs) throws SQLException {
    String defaultPermission = rs.getString(5);
    return new User(
        rs.getLong(1),
        rs.getString(2),
        rs.getBoolean(3),
        defaultPermission == null ? null : Permission.valueOf(defaultPermission),
        Instant.ofEpochMilli(rs.getLong(4)));
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    return token(rs, 1);
  }

  /** A token from {@link #TOKEN_COLUMNS} starting at column {@code at}. */
  private static ApiToken token(ResultSet rs, int at) throws SQLException {
    return new ApiToken(
        rs.getString(at),
        rs.getLong(at + 1),
        rs.getString(at + 2),
        rs.getString(at + 3),
        TokenScope.valueOf(rs.getString(at + 4)),
        Instant.ofEpochMilli(rs.getLong(at + 5)),
        instant(rs, at + 6),
        instant(rs, at + 7),
        reach(rs.getString(at + 8)));
  }

  private static @Nullable TokenReach reach(@Nullable String encoded) {
    return encoded == null ? null : TokenReach.decode(encoded);
  }

  private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static NotFoundException userNotFound(String name) {
    return new NotFoundException("User '" + name + "' does not exist.");
  }
}
