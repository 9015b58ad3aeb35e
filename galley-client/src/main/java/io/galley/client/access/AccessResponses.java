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

  public record GroupResponse(GroupJson group) {}

  public record GroupsResponse(List<GroupJson> groups) {
    public GroupsResponse {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  public record RepositoryPermissionsResponse(
      List<RepositoryPermissionJson> repositoryPermissions) {
    public RepositoryPermissionsResponse {
      repositoryPermissions =
          repositoryPermissions == null ? List.of() : List.copyOf(repositoryPermissions);
    }
  }

  /** What {@code users/get} holds besides the user: their own grants. */
  public record UserGrants(
      List<PermissionJson> experimentPermissions, List<PermissionJson> registeredModelPermissions) {
    public UserGrants {
      experimentPermissions =
          experimentPermissions == null ? List.of() : List.copyOf(experimentPermissions);
      registeredModelPermissions =
          registeredModelPermissions == null ? List.of() : List.copyOf(registeredModelPermissions);
    }
  }

  public record UserGrantsResponse(UserGrants user) {}

  /** A new token and its secret, which the server shows this once. */
  public record CreatedToken(TokenJson token, String secret) {
    @Override
    public String toString() {
      return "CreatedToken[" + token + "]"; // the secret stays out of logs
    }
  }
}
