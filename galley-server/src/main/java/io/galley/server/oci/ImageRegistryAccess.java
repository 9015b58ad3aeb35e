package io.galley.server.oci;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.RepositoryName;
import io.javalin.http.Context;
import java.util.Locale;
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

  /**
   * As {@link #check}, for Galley's own API ({@code images/build}, {@code images/pull}) rather than
   * {@code /v2/}: a refusal is MLflow's {@code PERMISSION_DENIED} (403), not the registry's {@code
   * DENIED}, which outside {@code /v2/} would read as a bad request.
   */
  default void checkForApi(Context ctx, ImageRegistryAction action, RepositoryName repository) {
    try {
      check(ctx, action, repository);
    } catch (OciException e) {
      if (e.ociCode() != OciErrorCode.DENIED) {
        throw e;
      }
      throw new GalleyException(
          ErrorCode.PERMISSION_DENIED,
          "You may not "
              + (action == ImageRegistryAction.PUSH
                  ? "push to"
                  : action.name().toLowerCase(Locale.ROOT))
              + " repository "
              + repository);
    }
  }
}
