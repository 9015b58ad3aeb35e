package io.galley.oci.distribution;

import static java.util.Objects.requireNonNull;

/**
 * What the client proves itself with: nothing, a user name and password (sent as Basic to the
 * registry or to its token service), an identity token (an OAuth2 refresh token, traded for access
 * tokens, as {@code docker login} saves it for some registries), or a bearer token sent as is.
 */
public sealed interface RegistryCredential {
  RegistryCredential ANONYMOUS = new Anonymous();

  record Anonymous() implements RegistryCredential {
    @Override
    public String toString() {
      return "anonymous";
    }
  }

  record Basic(String username, String secret) implements RegistryCredential {
    public Basic {
      requireNonNull(username, "username");
      requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "user " + username; // never the secret, in logs or messages
    }
  }

  record IdentityToken(String token) implements RegistryCredential {
    public IdentityToken {
      requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "identity token";
    }
  }

  record Bearer(String token) implements RegistryCredential {
    public Bearer {
      requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "bearer token";
    }
  }
}
