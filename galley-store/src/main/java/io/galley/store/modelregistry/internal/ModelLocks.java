package io.galley.store.modelregistry.internal;

import io.galley.core.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Finds and locks the registered-model rows every registry operation starts from, with MLflow's
 * errors when a model or version is missing. A write locks its model's row first (as RowLocks does
 * for runs), so that writers to one model take turns on both databases: version numbers come out
 * gap-free, and read-then-write steps (tag and alias upserts) need no upsert syntax.
 */
final class ModelLocks {
  static final String MODEL_COLUMNS =
      "m.model_id, m.name, m.creation_time, m.last_updated_time, m.description, m.last_version";

  /** A {@code registered_models} row. */
  record ModelRow(
      long id,
      String name,
      long creationTime,
      long lastUpdatedTime,
      @Nullable String description,
      long lastVersion) {}

  private ModelLocks() {}

  static NotFoundException modelNotFound(String name) {
    return new NotFoundException("Registered Model with name=" + name + " not found");
  }

  static NotFoundException versionNotFound(String name, long version) {
    return new NotFoundException(
        "Model Version (name=" + name + ", version=" + version + ") not found");
  }

  static ModelRow model(ResultSet rs) throws SQLException {
    return new ModelRow(
        rs.getLong("model_id"),
        rs.getString("name"),
        rs.getLong("creation_time"),
        rs.getLong("last_updated_time"),
        rs.getString("description"),
        rs.getLong("last_version"));
  }

  static Optional<ModelRow> find(Handle h, String name) {
    return h.createQuery("SELECT " + MODEL_COLUMNS + " FROM registered_models m WHERE m.name = ?")
        .bind(0, name)
        .map((rs, ctx) -> model(rs))
        .findOne();
  }

  /** Locks the model's row for the transaction; NotFound (the model's) when there is none. */
  static ModelRow lock(Handle h, String name) {
    return tryLock(h, name).orElseThrow(() -> modelNotFound(name));
  }

  /**
   * Locks the model's row and checks that the version exists; NotFound naming the version when
   * either is missing, as MLflow answers for every version operation.
   */
  static ModelRow lockVersion(Handle h, String name, long version) {
    ModelRow model = tryLock(h, name).orElseThrow(() -> versionNotFound(name, version));
    if (!versionExists(h, model.id(), version)) {
      throw versionNotFound(name, version);
    }
    return model;
  }

  /** For reads: the model of an existing version, unlocked; NotFound naming the version. */
  static ModelRow existingVersion(Handle h, String name, long version) {
    ModelRow model = find(h, name).orElseThrow(() -> versionNotFound(name, version));
    if (!versionExists(h, model.id(), version)) {
      throw versionNotFound(name, version);
    }
    return model;
  }

  static boolean versionExists(Handle h, long modelId, long version) {
    return h.createQuery("SELECT 1 FROM model_versions WHERE model_id = ? AND version = ?")
        .bind(0, modelId)
        .bind(1, version)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  private static Optional<ModelRow> tryLock(Handle h, String name) {
    return h.createQuery(
            "SELECT " + MODEL_COLUMNS + " FROM registered_models m WHERE m.name = ? FOR UPDATE")
        .bind(0, name)
        .map((rs, ctx) -> model(rs))
        .findOne();
  }
}
