package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code artifacts/list} (with the run's {@code root_uri}) and of the artifact proxy's
 * listing (without); {@code files} is left out when empty, so an empty proxy listing is {@code {}}.
 */
public record ListArtifactsResponseJson(
    @Nullable String rootUri, @JsonInclude(NON_EMPTY) List<FileInfoJson> files) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public ListArtifactsResponseJson {
    files = WireJson.listOrEmpty(files);
  }

  public static ListArtifactsResponseJson of(@Nullable String rootUri, List<FileInfoJson> files) {
    return new ListArtifactsResponseJson(rootUri, files);
  }
}
