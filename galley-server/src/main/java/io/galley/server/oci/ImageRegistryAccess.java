package io.galley.server.oci;

import io.galley.oci.name.RepositoryName;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/**
 * The one authorisation hook of the {@code /v2/} API: called before every request is served, with
 * the action and the repository it touches (null for the catalog and the version check). It refuses
 * by throwing {@link io.galley.oci.OciException} with {@code UNAUTHORIZED} (adding a {@code
 * WWW-Authenticate} header to {@code ctx}) or {@code DENIED}. A cross-repository mount is checked
 * twice: push on the target, pull on the source.
 */
@FunctionalInterface
public interface ImageRegistryAccess {
  /** Open to everyone who can reach the server, like the rest of Galley's API today. */
  ImageRegistryAccess OPEN = (ctx, action, repository) -> {};

  void check(Context ctx, ImageRegistryAction action, @Nullable RepositoryName repository);
}
