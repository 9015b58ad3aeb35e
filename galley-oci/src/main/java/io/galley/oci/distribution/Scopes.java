package io.galley.oci.distribution;

import io.galley.oci.name.RepositoryName;

/** The token scopes Docker asks for ({@code distribution/docs/spec/auth/scope.md}). */
final class Scopes {
  private Scopes() {}

  static String pull(RepositoryName repository) {
    return "repository:" + repository + ":pull";
  }

  static String push(RepositoryName repository) {
    return "repository:" + repository + ":pull,push";
  }
}
