package io.galley.store.modelregistry.internal;

import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.Artifact;
import io.galley.core.registry.ModelReference;
import io.galley.core.registry.ModelSource;
import io.galley.core.registry.ModelStage;
import io.galley.store.jdbc.internal.Sql;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * What a new version's {@code source} names: a run's files ({@link ModelSource}), another version
 * ({@code models:/NAME/VERSION}, {@code models:/NAME@ALIAS}, ..., as MLflow's {@code
 * copy_model_version} sends), or a plain URI kept as given. Parsed before the transaction, so that
 * a malformed source is refused before any database work; resolved inside it.
 */
final class VersionSource {
  private static final String MODELS = "models:/";

  /** Where the version's bytes are, the run it defaults to, and the files it keeps. */
  record Resolved(String storageLocation, @Nullable String runId, List<Artifact> files) {}

  private final String source;
  private final @Nullable ModelSource run;
  private final @Nullable ModelReference model;

  private VersionSource(String source, @Nullable ModelSource run, @Nullable ModelReference model) {
    this.source = source;
    this.run = run;
    this.model = model;
  }

  static VersionSource parse(String source) {
    if (source.startsWith(MODELS)) {
      return new VersionSource(source, null, ModelReference.parse(source));
    }
    return new VersionSource(source, ModelSource.parse(source).orElse(null), null);
  }

  Resolved resolve(Handle h) {
    if (run != null) {
      return new Resolved(source, run.runId(), VersionFiles.fromRun(h, run));
    }
    if (model != null) {
      return copyOf(h, model);
    }
    return new Resolved(source, null, List.of());
  }

  /**
   * The referenced version's location, run and files: the copy keeps the same blobs. MLflow answers
   * a reference it cannot resolve with "Unable to fetch model from model URI source".
   */
  private Resolved copyOf(Handle h, ModelReference ref) {
    Sql sql =
        new Sql()
            .append(
                "SELECT v.model_id, v.version, v.storage_location, v.run_id"
                    + RegistryRows.VERSIONS_FROM
                    + " WHERE m.name = ?",
                ref.name());
    String what;
    if (ref.version() != null) {
      sql.append(" AND v.version = ?", ref.version());
      what = "no version " + ref.version();
    } else if (ref.alias() != null) {
      sql.append(
          " AND v.version = (SELECT a.version FROM registered_model_aliases a"
              + " WHERE a.model_id = v.model_id AND a.alias = ?)",
          ref.alias());
      what = "no alias " + ref.alias();
    } else {
      ModelStage stage = ref.stage();
      sql.append(" AND v.version = (SELECT MAX(l.version) FROM model_versions l")
          .append(" WHERE l.model_id = v.model_id");
      if (stage != null) {
        sql.append(" AND l.current_stage = ?", stage.label());
      }
      sql.append(")");
      what = stage == null ? "no version" : "no version in stage " + stage.label();
    }
    record Row(long modelId, long version, String location, @Nullable String runId) {}
    Optional<Row> found =
        sql.bind(h.createQuery(sql.text()))
            .map(
                (rs, ctx) ->
                    new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
            .findOne();
    if (found.isEmpty()) {
      throw new InvalidRequestException(
          "Unable to fetch model from model URI source artifact location '"
              + source
              + "'. Error: registered model '"
              + ref.name()
              + "' has "
              + what);
    }
    Row r = found.get();
    return new Resolved(r.location(), r.runId(), VersionFiles.list(h, r.modelId(), r.version()));
  }
}
