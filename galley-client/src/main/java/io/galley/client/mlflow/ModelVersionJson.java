package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.ModelVersionStatus;
import io.galley.core.registry.RegistryLimits;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's {@code ModelVersion}, fields in proto field-number order. {@code version} is a string on
 * the wire, as the proto has it; unset optional fields and empty lists are left out.
 */
public record ModelVersionJson(
    String name,
    String version,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    @Nullable String userId,
    String currentStage,
    @Nullable String description,
    String source,
    @Nullable String runId,
    String status,
    @Nullable String statusMessage,
    @JsonInclude(NON_EMPTY) List<TagJson> tags,
    @Nullable String runLink,
    @JsonInclude(NON_EMPTY) List<String> aliases) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public ModelVersionJson {
    tags = WireJson.listOrEmpty(tags);
    aliases = WireJson.listOrEmpty(aliases);
  }

  public static ModelVersionJson of(ModelVersion v) {
    return new ModelVersionJson(
        v.name(),
        Long.toString(v.version()),
        v.creationTimestamp(),
        v.lastUpdatedTimestamp(),
        v.userId(),
        v.currentStage().label(),
        v.description(),
        v.source(),
        v.runId(),
        v.status().name(),
        emptyToNull(v.statusMessage()),
        TagJson.listOf(v.tags()),
        v.runLink(),
        v.aliases());
  }

  static List<ModelVersionJson> listOf(List<ModelVersion> versions) {
    return versions.stream().map(ModelVersionJson::of).toList();
  }

  /** MLflow writes {@code status_message} and a model's description only when non-empty. */
  static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * The core record this message carries; a stage or status left out reads as MLflow's default
   * ({@code None}, {@code READY}), and empty texts as absent.
   */
  public ModelVersion toModelVersion() {
    return new ModelVersion(
        name,
        RegistryLimits.parseVersion(version),
        creationTimestamp,
        lastUpdatedTimestamp,
        emptyToNull(userId),
        ModelStage.parse(currentStage == null ? "None" : currentStage),
        emptyToNull(description),
        source,
        emptyToNull(runId),
        emptyToNull(runLink),
        status == null ? ModelVersionStatus.READY : ModelVersionStatus.valueOf(status),
        emptyToNull(statusMessage),
        TagJson.toTags(tags),
        aliases);
  }
}
