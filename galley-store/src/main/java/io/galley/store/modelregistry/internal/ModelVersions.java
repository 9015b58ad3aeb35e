package io.galley.store.modelregistry.internal;

import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersionStatus;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegistryLimits;
import io.galley.core.tracking.Tag;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Writes to one model version and what hangs off it. Callers hold the model's row lock ({@link
 * ModelLocks}) and have checked that the version exists.
 */
final class ModelVersions {
  private ModelVersions() {}

  /** Inserts the version's row: stage None, status READY (registration is synchronous). */
  static void insert(
      Handle h,
      long modelId,
      long number,
      NewModelVersion version,
      VersionSource.Resolved resolved,
      @Nullable String runId,
      long now) {
    h.execute(
        "UPDATE registered_models SET last_version = ?, last_updated_time = ? WHERE model_id = ?",
        number,
        now,
        modelId);
    h.createUpdate(
            "INSERT INTO model_versions (model_id, version, creation_time, last_updated_time,"
                + " description, user_id, current_stage, source, storage_location, run_id,"
                + " run_link, status, status_message)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")
        .bind(0, modelId)
        .bind(1, number)
        .bind(2, now)
        .bind(3, now)
        .bind(4, version.description())
        .bind(5, version.userId())
        .bind(6, ModelStage.NONE.label())
        .bind(7, version.source())
        .bind(8, resolved.storageLocation())
        .bind(9, runId)
        .bind(10, JdbcModelRegistry.emptyToNull(version.runLink()))
        .bind(11, ModelVersionStatus.READY.name())
        .execute();
  }

  static void putTag(Handle h, long modelId, long version, Tag tag) {
    int updated =
        h.execute(
            "UPDATE model_version_tags SET tag_value = ?"
                + " WHERE model_id = ? AND version = ? AND tag_key = ?",
            tag.value(),
            modelId,
            version,
            tag.key());
    if (updated == 0) {
      // The caller holds the version's lock, so the count cannot race another new tag.
      RegistryLimits.validateVersionTagCount(
          h.createQuery(
                  "SELECT COUNT(*) FROM model_version_tags WHERE model_id = ? AND version = ?")
              .bind(0, modelId)
              .bind(1, version)
              .mapTo(Long.class)
              .one());
      h.execute(
          "INSERT INTO model_version_tags (model_id, version, tag_key, tag_value)"
              + " VALUES (?, ?, ?, ?)",
          modelId,
          version,
          tag.key(),
          tag.value());
    }
  }

  /**
   * Deletes the version with its aliases, tags and files; the model's last_version keeps its number
   * from being reused. As MLflow, the model's last-updated time moves.
   */
  static void delete(Handle h, long modelId, long version, long now) {
    for (String table :
        new String[] {"registered_model_aliases", "model_version_tags", "model_version_files"}) {
      h.execute("DELETE FROM " + table + " WHERE model_id = ? AND version = ?", modelId, version);
    }
    h.execute("DELETE FROM model_versions WHERE model_id = ? AND version = ?", modelId, version);
    touchModel(h, modelId, now);
  }

  /**
   * Moves the version to the stage; with {@code archiveExisting}, first moves the model's other
   * versions in that stage to Archived. MLflow updates the model's last-updated time too.
   */
  static void transition(
      Handle h, long modelId, long version, ModelStage stage, boolean archiveExisting, long now) {
    if (archiveExisting) {
      h.execute(
          "UPDATE model_versions SET current_stage = ?, last_updated_time = ?"
              + " WHERE model_id = ? AND version <> ? AND current_stage = ?",
          ModelStage.ARCHIVED.label(),
          now,
          modelId,
          version,
          stage.label());
    }
    h.execute(
        "UPDATE model_versions SET current_stage = ?, last_updated_time = ?"
            + " WHERE model_id = ? AND version = ?",
        stage.label(),
        now,
        modelId,
        version);
    touchModel(h, modelId, now);
  }

  private static void touchModel(Handle h, long modelId, long now) {
    h.execute(
        "UPDATE registered_models SET last_updated_time = ? WHERE model_id = ?", now, modelId);
  }
}
