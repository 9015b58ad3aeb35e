package io.galley.store.modelregistry.internal;

import static io.galley.store.modelregistry.internal.ModelLocks.lock;
import static io.galley.store.modelregistry.internal.ModelLocks.lockVersion;
import static io.galley.store.modelregistry.internal.ModelLocks.modelNotFound;
import static java.util.Objects.requireNonNull;

import io.galley.core.AlreadyExistsException;
import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.registry.VersionFileHold;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Tag;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.modelregistry.internal.ModelLocks.ModelRow;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * {@link ModelRegistry} over JDBC with MLflow's SqlAlchemyStore semantics and messages. Input is
 * validated before any database work; every write locks its model's row first ({@link ModelLocks}).
 * Versions are created here and their aliases, tags and files in {@link ModelVersions}; searches
 * are in {@link RegistrySearches}.
 */
public final class JdbcModelRegistry implements ModelRegistry {
  private final Db db;
  private final LongSupplier clock;

  public JdbcModelRegistry(Jdbi jdbi) {
    this(jdbi, System::currentTimeMillis);
  }

  JdbcModelRegistry(Jdbi jdbi, LongSupplier clock) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
    this.clock = requireNonNull(clock, "clock");
  }

  // ---- registered models -------------------------------------------------------------------

  @Override
  public RegisteredModel createRegisteredModel(
      String name, List<Tag> tags, @Nullable String description) {
    List<Tag> unique = List.copyOf(Rows.lastWins(tags, Tag::key).values());
    long now = clock.getAsLong();
    try {
      return db.inTransaction(
          h -> {
            long id =
                h.createUpdate(
                        "INSERT INTO registered_models (name, creation_time, last_updated_time,"
                            + " description, last_version) VALUES (?, ?, ?, ?, 0)")
                    .bind(0, name)
                    .bind(1, now)
                    .bind(2, now)
                    .bind(3, description)
                    .executeAndReturnGeneratedKeys("model_id")
                    .mapTo(Long.class)
                    .one();
            for (Tag t : unique) {
              putModelTag(h, id, t);
            }
            return new RegisteredModel(name, now, now, description, List.of(), unique, List.of());
          });
    } catch (Db.UniqueViolation e) {
      throw alreadyExists(name);
    }
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    return db.inTransaction(
        h -> {
          ModelRow row = ModelLocks.find(h, name).orElseThrow(() -> modelNotFound(name));
          return RegistryRows.models(h, List.of(row)).get(0);
        });
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName) {
    long now = clock.getAsLong();
    try {
      return db.inTransaction(
          h -> {
            ModelRow row = lock(h, name);
            // Children refer to model_id, so versions, tags, aliases and files follow the row.
            h.execute(
                "UPDATE registered_models SET name = ?, last_updated_time = ? WHERE model_id = ?",
                newName,
                now,
                row.id());
            h.execute(
                "UPDATE model_versions SET last_updated_time = ? WHERE model_id = ?",
                now,
                row.id());
            return RegistryRows.model(h, row.id());
          });
    } catch (Db.UniqueViolation e) {
      throw alreadyExists(newName);
    }
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, @Nullable String description) {
    long now = clock.getAsLong();
    return db.inTransaction(
        h -> {
          ModelRow row = lock(h, name);
          h.execute(
              "UPDATE registered_models SET description = ?, last_updated_time = ?"
                  + " WHERE model_id = ?",
              description,
              now,
              row.id());
          return RegistryRows.model(h, row.id());
        });
  }

  @Override
  public void deleteRegisteredModel(String name) {
    db.useTransaction(
        h -> {
          long id = lock(h, name).id();
          // Children first: aliases and files and tags refer to versions, versions to the model.
          for (String table :
              List.of(
                  "registered_model_aliases",
                  "model_version_files",
                  "model_version_tags",
                  "model_versions",
                  "registered_model_tags")) {
            h.execute("DELETE FROM " + table + " WHERE model_id = ?", id);
          }
          h.execute("DELETE FROM registered_models WHERE model_id = ?", id);
        });
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(RegistrySearch search) {
    requireNonNull(search, "search");
    RegistrySearches.Parsed parsed = RegistrySearches.parseModels(search);
    return db.inSearch(h -> RegistrySearches.models(h, parsed));
  }

  @Override
  public List<ModelVersion> getLatestVersions(String name, List<ModelStage> stages) {
    Set<ModelStage> wanted =
        stages.isEmpty() ? EnumSet.allOf(ModelStage.class) : EnumSet.copyOf(stages);
    return db.inTransaction(
        h -> {
          ModelRow row = ModelLocks.find(h, name).orElseThrow(() -> modelNotFound(name));
          return RegistryRows.latestVersions(h, List.of(row.id()))
              .getOrDefault(row.id(), List.of())
              .stream()
              .filter(v -> wanted.contains(v.currentStage()))
              .toList();
        });
  }

  @Override
  public void setRegisteredModelTag(String name, Tag tag) {
    db.useTransaction(h -> putModelTag(h, lock(h, name).id(), tag));
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    db.useTransaction(
        h ->
            h.execute(
                "DELETE FROM registered_model_tags WHERE model_id = ? AND tag_key = ?",
                lock(h, name).id(),
                key));
  }

  /** Replaces or adds the tag; the caller holds the model's row lock. */
  private static void putModelTag(Handle h, long modelId, Tag tag) {
    int updated =
        h.execute(
            "UPDATE registered_model_tags SET tag_value = ? WHERE model_id = ? AND tag_key = ?",
            tag.value(),
            modelId,
            tag.key());
    if (updated == 0) {
      h.execute(
          "INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (?, ?, ?)",
          modelId,
          tag.key(),
          tag.value());
    }
  }

  // ---- aliases -----------------------------------------------------------------------------

  @Override
  public void setAlias(String name, String alias, long version) {
    db.useTransaction(
        h -> {
          long id = lockVersion(h, name, version).id();
          int moved =
              h.execute(
                  "UPDATE registered_model_aliases SET version = ? WHERE model_id = ? AND alias = ?",
                  version,
                  id,
                  alias);
          if (moved == 0) {
            h.execute(
                "INSERT INTO registered_model_aliases (model_id, alias, version) VALUES (?, ?, ?)",
                id,
                alias,
                version);
          }
        });
  }

  @Override
  public void deleteAlias(String name, String alias) {
    db.useTransaction(
        h ->
            h.execute(
                "DELETE FROM registered_model_aliases WHERE model_id = ? AND alias = ?",
                lock(h, name).id(),
                alias));
  }

  @Override
  public ModelVersion getVersionByAlias(String name, String alias) {
    return db.inTransaction(
        h -> {
          // MLflow answers INVALID_PARAMETER_VALUE for an unknown alias, even of an unknown model.
          Optional<Long> version =
              h.createQuery(
                      "SELECT a.version FROM registered_model_aliases a"
                          + " JOIN registered_models m ON m.model_id = a.model_id"
                          + " WHERE m.name = ? AND a.alias = ?")
                  .bind(0, name)
                  .bind(1, alias)
                  .mapTo(Long.class)
                  .findOne();
          if (version.isEmpty()) {
            throw new InvalidRequestException("Registered model alias " + alias + " not found.");
          }
          return RegistryRows.version(h, name, version.get());
        });
  }

  // ---- model versions ----------------------------------------------------------------------

  @Override
  public ModelVersion createModelVersion(NewModelVersion version, VersionFileHold files) {
    requireNonNull(version, "version");
    requireNonNull(files, "files");
    VersionSource source = VersionSource.parse(version.source());
    List<Tag> tags = List.copyOf(Rows.lastWins(version.tags(), Tag::key).values());
    long now = clock.getAsLong();
    // Released only once the transaction has ended: its rows are what keeps the blobs after.
    List<VersionFileHold.Held> holds = new ArrayList<>();
    try {
      return db.inTransaction(h -> insertVersion(h, version, source, tags, now, files, holds));
    } finally {
      holds.forEach(VersionFileHold.Held::close);
    }
  }

  private static ModelVersion insertVersion(
      Handle h,
      NewModelVersion version,
      VersionSource source,
      List<Tag> tags,
      long now,
      VersionFileHold files,
      List<VersionFileHold.Held> holds) {
    ModelRow model = lock(h, version.name());
    VersionSource.Resolved resolved = source.resolve(h);
    holds.add(files.hold(resolved.files()));
    String runId = emptyToNull(version.runId());
    if (runId == null) {
      runId = resolved.runId();
    }
    long number = model.lastVersion() + 1;
    ModelVersions.insert(h, model.id(), number, version, resolved, runId, now);
    for (Tag t : tags) {
      ModelVersions.putTag(h, model.id(), number, t);
    }
    VersionFiles.insert(h, model.id(), number, resolved.files());
    return RegistryRows.version(h, model.name(), number);
  }

  @Override
  public ModelVersion getModelVersion(String name, long version) {
    return db.inTransaction(h -> RegistryRows.version(h, name, version));
  }

  @Override
  public ModelVersion updateModelVersion(String name, long version, @Nullable String description) {
    long now = clock.getAsLong();
    return db.inTransaction(
        h -> {
          long id = lockVersion(h, name, version).id();
          h.execute(
              "UPDATE model_versions SET description = ?, last_updated_time = ?"
                  + " WHERE model_id = ? AND version = ?",
              description,
              now,
              id,
              version);
          return RegistryRows.version(h, name, version);
        });
  }

  @Override
  public void deleteModelVersion(String name, long version) {
    long now = clock.getAsLong();
    db.useTransaction(
        h -> ModelVersions.delete(h, lockVersion(h, name, version).id(), version, now));
  }

  @Override
  public Page<ModelVersion> searchModelVersions(RegistrySearch search) {
    requireNonNull(search, "search");
    RegistrySearches.Parsed parsed = RegistrySearches.parseVersions(search);
    return db.inSearch(h -> RegistrySearches.versions(h, parsed));
  }

  @Override
  public ModelVersion transitionStage(
      String name, long version, ModelStage stage, boolean archiveExisting) {
    requireNonNull(stage, "stage");
    if (archiveExisting && stage != ModelStage.STAGING && stage != ModelStage.PRODUCTION) {
      throw new InvalidRequestException(
          "Model version transition cannot archive existing model versions because '"
              + stage.label()
              + "' is not an Active stage. Valid stages are ['Staging', 'Production']");
    }
    long now = clock.getAsLong();
    return db.inTransaction(
        h -> {
          long id = lockVersion(h, name, version).id();
          ModelVersions.transition(h, id, version, stage, archiveExisting, now);
          return RegistryRows.version(h, name, version);
        });
  }

  @Override
  public void setModelVersionTag(String name, long version, Tag tag) {
    db.useTransaction(
        h -> ModelVersions.putTag(h, lockVersion(h, name, version).id(), version, tag));
  }

  @Override
  public void deleteModelVersionTag(String name, long version, String key) {
    db.useTransaction(
        h ->
            h.execute(
                "DELETE FROM model_version_tags WHERE model_id = ? AND version = ? AND tag_key = ?",
                lockVersion(h, name, version).id(),
                version,
                key));
  }

  @Override
  public List<Artifact> versionFiles(String name, long version) {
    return db.inTransaction(
        h -> VersionFiles.list(h, ModelLocks.existingVersion(h, name, version).id(), version));
  }

  @Override
  public Optional<Artifact> findVersionFile(String name, long version, ArtifactPath path) {
    requireNonNull(path, "path");
    return db.inTransaction(
        h ->
            VersionFiles.find(h, ModelLocks.existingVersion(h, name, version).id(), version, path));
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    requireNonNull(action, "action");
    // A transaction, so that PostgreSQL's driver streams by the fetch size instead of loading all.
    db.useTransaction(
        h ->
            h.createQuery("SELECT DISTINCT digest FROM model_version_files")
                .setFetchSize(1000)
                .mapTo(String.class)
                .forEach(hex -> action.accept(new Digest(hex))));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static AlreadyExistsException alreadyExists(String name) {
    return new AlreadyExistsException("Registered Model (name=" + name + ") already exists.");
  }

  static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
