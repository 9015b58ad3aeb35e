package io.galley.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The port that keeps users and their API tokens. */
public interface IdentityStore {
  /** Creates a user; {@code RESOURCE_ALREADY_EXISTS} when the name is taken. */
  User createUser(NewUser user);

  Optional<User> findUser(String name);

  /** The stored hash of the user's password, to verify a password against. */
  Optional<String> passwordHash(String userName);

  /** Replaces the user's password hash; {@code RESOURCE_DOES_NOT_EXIST} when there is no user. */
  void setPasswordHash(String userName, String passwordHash);

  /** Makes the user an administrator or not; {@code RESOURCE_DOES_NOT_EXIST} when there is none. */
  void setAdmin(String userName, boolean admin);

  /** Every user, by name. */
  List<User> users();

  /** Deletes the user and their tokens; {@code RESOURCE_DOES_NOT_EXIST} when there is none. */
  void deleteUser(String name);

  /** Stores a token for an existing user ({@code RESOURCE_DOES_NOT_EXIST} otherwise). */
  ApiToken createToken(NewApiToken token, Instant createdAt);

  /** The token whose secret hashes to {@code secretHash}, revoked or expired ones included. */
  Optional<ApiToken> findTokenBySecretHash(String secretHash);

  /** A user with the stored hash of their password: what a sign-in checks, in one lookup. */
  record Credentials(User user, String passwordHash) {}

  /** The user named {@code name} and their password hash, found in one lookup. */
  Optional<Credentials> findCredentials(String name);

  /** A token with the user it belongs to: what a sign-in with a token checks, in one lookup. */
  record TokenOwner(ApiToken token, User user) {}

  /** The token whose secret hashes to {@code secretHash} and its user, in one lookup. */
  Optional<TokenOwner> findTokenOwner(String secretHash);

  /** The user's tokens, newest first; never their secrets. */
  List<ApiToken> tokens(String userName);

  /** Revokes a token of the user; false when the user has no such token or it was revoked. */
  boolean revokeToken(String userName, String tokenId, Instant at);
}
