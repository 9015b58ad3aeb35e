package io.galley.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.ErrorCode;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.ModelVersionStatus;
import io.galley.core.registry.RegistryLimits;
import io.galley.core.tracking.Tag;
import io.galley.sdk.GalleyApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The model registry's requests, as MLflow's REST API wants them. */
public final class RegistryCalls {
  private final ApiClient api;

  public RegistryCalls(ApiClient api) {
    this.api = api;
  }

  /**
   * What MLflow's {@code register_model} does: creates the registered model {@code name} unless it
   * exists, then a new version of it from {@code source}.
   */
  public ModelVersion register(String name, String source, @Nullable String runId) {
    RegistryLimits.validateModelName(name);
    try {
      api.post(ApiClient.MLFLOW + "registered-models/create", Map.of("name", name));
    } catch (GalleyApiException e) {
      if (!e.errorCode().equals(ErrorCode.RESOURCE_ALREADY_EXISTS.name())) {
        throw e;
      }
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("source", source);
    if (runId != null) {
      body.put("run_id", runId);
    }
    return version(
        api.post(ApiClient.MLFLOW + "model-versions/create", body).path("model_version"));
  }

  public void setAlias(String name, String alias, long version) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateAlias(alias);
    api.post(
        ApiClient.MLFLOW + "registered-models/alias",
        Map.of("name", name, "alias", alias, "version", Long.toString(version)));
  }

  /** A {@code ModelVersion} message of MLflow's registry API. */
  static ModelVersion version(JsonNode v) {
    List<Tag> tags = new ArrayList<>();
    v.path("tags")
        .forEach(t -> tags.add(new Tag(t.path("key").asText(), t.path("value").asText())));
    List<String> aliases = new ArrayList<>();
    v.path("aliases").forEach(a -> aliases.add(a.asText()));
    return new ModelVersion(
        v.path("name").asText(),
        RegistryLimits.parseVersion(v.path("version").asText()),
        v.path("creation_timestamp").asLong(),
        v.path("last_updated_timestamp").asLong(),
        text(v, "user_id"),
        ModelStage.parse(v.path("current_stage").asText("None")),
        text(v, "description"),
        v.path("source").asText(),
        text(v, "run_id"),
        text(v, "run_link"),
        ModelVersionStatus.valueOf(v.path("status").asText("READY")),
        text(v, "status_message"),
        tags,
        aliases);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
