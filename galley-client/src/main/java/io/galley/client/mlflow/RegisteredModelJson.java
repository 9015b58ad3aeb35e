package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.registry.ModelAlias;
import io.galley.core.registry.RegisteredModel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's {@code RegisteredModel}, fields in proto field-number order. MLflow never fills {@code
 * user_id} and writes {@code description} only when non-empty; empty lists are left out.
 */
public record RegisteredModelJson(
    String name,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    @Nullable String description,
    @JsonInclude(NON_EMPTY) List<ModelVersionJson> latestVersions,
    @JsonInclude(NON_EMPTY) List<TagJson> tags,
    @JsonInclude(NON_EMPTY) List<AliasJson> aliases) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public RegisteredModelJson {
    latestVersions = WireJson.listOrEmpty(latestVersions);
    tags = WireJson.listOrEmpty(tags);
    aliases = WireJson.listOrEmpty(aliases);
  }

  /** {@code RegisteredModelAlias}: the version number as a string, as the proto has it. */
  public record AliasJson(String alias, String version) {
    static AliasJson of(ModelAlias a) {
      return new AliasJson(a.alias(), Long.toString(a.version()));
    }
  }

  public static RegisteredModelJson of(RegisteredModel m) {
    return new RegisteredModelJson(
        m.name(),
        m.creationTimestamp(),
        m.lastUpdatedTimestamp(),
        ModelVersionJson.emptyToNull(m.description()),
        ModelVersionJson.listOf(m.latestVersions()),
        TagJson.listOf(m.tags()),
        m.aliases().stream().map(AliasJson::of).toList());
  }
}
