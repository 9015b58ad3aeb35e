package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.client.GalleyUnreachableException;
import io.galley.core.InvalidRequestException;
import io.galley.core.registry.ModelReference;
import java.util.List;

/**
 * Turns what a user writes for a model ({@code models:/iris@champion}, {@code iris/3}, {@code
 * iris/Production}, {@code iris}) into one version from the registry: the one place verbs that take
 * a model reference resolve it.
 */
final class ModelResolver {
  private ModelResolver() {}

  /** The reference, or a usage error (exit 2) saying what forms are accepted. */
  static ModelReference parse(String text) {
    try {
      return ModelReference.parse(text);
    } catch (InvalidRequestException e) {
      throw new CliUsageException(e.getMessage());
    }
  }

  /**
   * The version {@code ref} names, as the registry's {@code ModelVersion} JSON. A reference the
   * registry cannot answer fails with the server's message, prefixed by the reference.
   */
  static JsonNode resolve(GalleyClient client, ModelReference ref) {
    try {
      if (ref.version() != null) {
        return ApiTrees.tree(client.getModelVersion(ref.name(), ref.version()));
      }
      if (ref.alias() != null) {
        try {
          return ApiTrees.tree(client.getModelVersionByAlias(ref.name(), ref.alias()));
        } catch (GalleyApiException e) {
          // MLflow's API says "alias not found" even when the model itself does not exist; the
          // user needs to hear which of the two is missing.
          client.getRegisteredModel(ref.name());
          throw e;
        }
      }
      // A stage, or the latest: MLflow's client takes the highest version among the latest ones.
      List<String> stages = ref.stage() == null ? List.of() : List.of(ref.stage().label());
      JsonNode highest = null;
      for (JsonNode v : ApiTrees.tree(client.getLatestVersions(ref.name(), stages))) {
        if (highest == null || v.path("version").asLong() > highest.path("version").asLong()) {
          highest = v;
        }
      }
      if (highest == null) {
        throw new GalleyApiException(
            404,
            "RESOURCE_DOES_NOT_EXIST",
            ref.stage() == null
                ? "Registered model '" + ref.name() + "' has no versions"
                : "Registered model '"
                    + ref.name()
                    + "' has no version in stage '"
                    + ref.stage().label()
                    + "'");
      }
      return highest;
    } catch (GalleyApiException e) {
      throw named(ref, e);
    } catch (GalleyUnreachableException e) {
      // One attempt only: a 5xx answer is the server's refusal, named like any other.
      throw e.lastRefusal().map(refusal -> (RuntimeException) named(ref, refusal)).orElse(e);
    }
  }

  private static GalleyApiException named(ModelReference ref, GalleyApiException e) {
    return new GalleyApiException(
        e.httpStatus(),
        e.errorCode(),
        ref + ": " + e.getMessage(),
        e.jsonAnswer(),
        e.server().orElse(null));
  }
}
