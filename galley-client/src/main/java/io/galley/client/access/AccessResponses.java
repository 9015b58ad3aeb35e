package io.galley.client.access;

import java.util.List;

/** The envelopes the user and token endpoints answer in. */
public final class AccessResponses {
  private AccessResponses() {}

  public record UserResponse(UserJson user) {}

  public record UsersResponse(List<UserJson> users) {
    public UsersResponse {
      users = users == null ? List.of() : List.copyOf(users);
    }
  }

  public record TokensResponse(List<TokenJson> tokens) {
    public TokensResponse {
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }
  }

  /** A new token and its secret, which the server shows this once. */
  public record CreatedToken(TokenJson token, String secret) {
    @Override
    public String toString() {
      return "CreatedToken[" + token + "]"; // the secret stays out of logs
    }
  }
}
