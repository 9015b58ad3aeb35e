package io.galley.server.mlflow.json;

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
    @Nullable List<ModelVersionJson> latestVersions,
    @Nullable List<TagJson> tags,
    @Nullable List<AliasJson> aliases) {

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
        WireJson.nullIfEmpty(m.aliases().stream().map(AliasJson::of).toList()));
  }
}
