package io.galley.server.mlflow.json;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code artifacts/list} (with the run's {@code root_uri}) and of the artifact proxy's
 * listing (without); {@code files} is left out when empty, so an empty proxy listing is {@code {}}.
 */
public record ListArtifactsResponseJson(
    @Nullable String rootUri, @Nullable List<FileInfoJson> files) {
  public static ListArtifactsResponseJson of(@Nullable String rootUri, List<FileInfoJson> files) {
    return new ListArtifactsResponseJson(rootUri, WireJson.nullIfEmpty(files));
  }
}
