package io.galley.store.modelregistry.internal;

import io.galley.core.registry.ModelAlias;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.ModelVersionStatus;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.tracking.Tag;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.Sql;
import io.galley.store.modelregistry.internal.ModelLocks.ModelRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Reads registry rows into records, and loads what belongs to a page of models or versions (tags,
 * aliases, latest versions) with one query per table and chunk of ids, never one per row.
 */
final class RegistryRows {
  /** Version columns; queries alias versions {@code v} and join their model as {@code m}. */
  static final String VERSION_COLUMNS =
      "v.model_id, m.name, v.version, v.creation_time, v.last_updated_time, v.user_id,"
          + " v.current_stage, v.description, v.source, v.run_id, v.run_link, v.status,"
          + " v.status_message";

  static final String VERSIONS_FROM =
      " FROM model_versions v JOIN registered_models m ON m.model_id = v.model_id";

  /** A version row before its tags and aliases are loaded. */
  record VersionRow(long modelId, ModelVersion bare) {
    VersionKey key() {
      return new VersionKey(modelId, bare.version());
    }
  }

  record VersionKey(long modelId, long version) {}

  private RegistryRows() {}

  static VersionRow version(ResultSet rs) throws SQLException {
    return new VersionRow(
        rs.getLong("model_id"),
        new ModelVersion(
            rs.getString("name"),
            rs.getLong("version"),
            rs.getLong("creation_time"),
            rs.getLong("last_updated_time"),
            rs.getString("user_id"),
            ModelStage.parse(rs.getString("current_stage")),
            rs.getString("description"),
            rs.getString("source"),
            rs.getString("run_id"),
            rs.getString("run_link"),
            ModelVersionStatus.valueOf(rs.getString("status")),
            rs.getString("status_message"),
            List.of(),
            List.of()));
  }

  /** Runs a query selecting {@link #VERSION_COLUMNS}; the versions come with tags and aliases. */
  static List<ModelVersion> versions(Handle h, Sql query) {
    return complete(
        h, query.bind(h.createQuery(query.text())).map((rs, ctx) -> version(rs)).list());
  }

  /** The versions, in their order, with their tags and the aliases that point at them. */
  static List<ModelVersion> complete(Handle h, List<VersionRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<VersionKey> keys =
        rows.stream()
            .map(VersionRow::key)
            .distinct()
            .sorted(
                Comparator.comparingLong(VersionKey::modelId)
                    .thenComparingLong(VersionKey::version))
            .toList();
    Map<VersionKey, List<Tag>> tags = new HashMap<>();
    Map<VersionKey, List<String>> aliases = new HashMap<>();
    for (List<VersionKey> chunk : Rows.chunks(keys)) {
      // Sorted keys make each chunk a few models with runs of versions: the rows of
      // "model IN (..) AND version IN (..)" are the chunk's, give or take a few, filtered below.
      Set<VersionKey> wanted = new HashSet<>(chunk);
      List<Long> models = chunk.stream().map(VersionKey::modelId).distinct().toList();
      List<Long> versions = chunk.stream().map(VersionKey::version).distinct().toList();
      forEachOf(
          h,
          "SELECT model_id, version, tag_key, tag_value FROM model_version_tags",
          models,
          versions,
          " ORDER BY model_id, version, tag_key",
          rs -> {
            VersionKey key = new VersionKey(rs.getLong(1), rs.getLong(2));
            if (wanted.contains(key)) {
              tags.computeIfAbsent(key, k -> new ArrayList<>())
                  .add(new Tag(rs.getString(3), rs.getString(4)));
            }
          });
      forEachOf(
          h,
          "SELECT model_id, version, alias FROM registered_model_aliases",
          models,
          versions,
          " ORDER BY model_id, version, alias",
          rs -> {
            VersionKey key = new VersionKey(rs.getLong(1), rs.getLong(2));
            if (wanted.contains(key)) {
              aliases.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getString(3));
            }
          });
    }
    List<ModelVersion> out = new ArrayList<>(rows.size());
    for (VersionRow row : rows) {
      ModelVersion b = row.bare();
      out.add(
          new ModelVersion(
              b.name(),
              b.version(),
              b.creationTimestamp(),
              b.lastUpdatedTimestamp(),
              b.userId(),
              b.currentStage(),
              b.description(),
              b.source(),
              b.runId(),
              b.runLink(),
              b.status(),
              b.statusMessage(),
              tags.getOrDefault(row.key(), List.of()),
              aliases.getOrDefault(row.key(), List.of())));
    }
    return out;
  }

  private static void forEachOf(
      Handle h,
      String select,
      List<Long> models,
      List<Long> versions,
      String tail,
      Rows.RowConsumer consumer) {
    Sql sql =
        new Sql()
            .append(select + " WHERE model_id IN (")
            .list(models)
            .append(") AND version IN (")
            .list(versions)
            .append(")" + tail);
    Rows.forEach(h, sql, consumer);
  }

  /** Models, in their order, with tags, aliases and latest versions. */
  static List<RegisteredModel> models(Handle h, List<ModelRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Long> ids = rows.stream().map(ModelRow::id).toList();
    Map<Long, List<Tag>> tags = new HashMap<>();
    Map<Long, List<ModelAlias>> aliases = new HashMap<>();
    for (List<Long> chunk : Rows.chunks(ids)) {
      Rows.forEach(
          h,
          "SELECT model_id, tag_key, tag_value FROM registered_model_tags WHERE model_id IN (",
          chunk,
          ") ORDER BY model_id, tag_key",
          rs ->
              tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                  .add(new Tag(rs.getString(2), rs.getString(3))));
      Rows.forEach(
          h,
          "SELECT model_id, alias, version FROM registered_model_aliases WHERE model_id IN (",
          chunk,
          ") ORDER BY model_id, alias",
          rs ->
              aliases
                  .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                  .add(new ModelAlias(rs.getString(2), rs.getLong(3))));
    }
    Map<Long, List<ModelVersion>> latest = latestVersions(h, ids);
    List<RegisteredModel> out = new ArrayList<>(rows.size());
    for (ModelRow m : rows) {
      out.add(
          new RegisteredModel(
              m.name(),
              m.creationTime(),
              m.lastUpdatedTime(),
              m.description(),
              latest.getOrDefault(m.id(), List.of()),
              tags.getOrDefault(m.id(), List.of()),
              aliases.getOrDefault(m.id(), List.of())));
    }
    return out;
  }

  /** For each model, the highest-numbered version of each stage that has one, in stage order. */
  static Map<Long, List<ModelVersion>> latestVersions(Handle h, List<Long> modelIds) {
    List<VersionRow> rows = new ArrayList<>();
    for (List<Long> chunk : Rows.chunks(modelIds)) {
      // One grouped pass over the models' versions, then a primary-key join for the winners.
      Sql sql =
          new Sql()
              .append(
                  "SELECT "
                      + VERSION_COLUMNS
                      + VERSIONS_FROM
                      + " JOIN (SELECT model_id, MAX(version) AS latest FROM model_versions"
                      + " WHERE model_id IN (")
              .list(chunk)
              .append(
                  ") GROUP BY model_id, current_stage) l"
                      + " ON l.model_id = v.model_id AND l.latest = v.version");
      rows.addAll(sql.bind(h.createQuery(sql.text())).map((rs, ctx) -> version(rs)).list());
    }
    rows.sort(
        Comparator.comparingLong(VersionRow::modelId).thenComparing(r -> r.bare().currentStage()));
    List<ModelVersion> complete = complete(h, rows);
    Map<Long, List<ModelVersion>> out = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      out.computeIfAbsent(rows.get(i).modelId(), k -> new ArrayList<>()).add(complete.get(i));
    }
    return out;
  }

  /** The model with the id, complete. */
  static RegisteredModel model(Handle h, long id) {
    ModelRow row =
        h.createQuery(
                "SELECT "
                    + ModelLocks.MODEL_COLUMNS
                    + " FROM registered_models m"
                    + " WHERE m.model_id = ?")
            .bind(0, id)
            .map((rs, ctx) -> ModelLocks.model(rs))
            .one();
    return models(h, List.of(row)).get(0);
  }

  /** The version, complete; NotFound naming it when there is none. */
  static ModelVersion version(Handle h, String name, long version) {
    Sql sql =
        new Sql()
            .append("SELECT " + VERSION_COLUMNS + VERSIONS_FROM)
            .append(" WHERE m.name = ? AND v.version = ?", name, version);
    List<ModelVersion> found = new ArrayList<>(versions(h, sql));
    if (found.isEmpty()) {
      throw ModelLocks.versionNotFound(name, version);
    }
    return found.get(0);
  }
}
