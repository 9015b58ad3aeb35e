package io.galley.store.tracking.internal;

import static io.galley.store.jdbc.internal.RowLocks.ACTIVE;
import static io.galley.store.jdbc.internal.RowLocks.DELETED;
import static io.galley.store.jdbc.internal.RowLocks.checkExperimentActive;
import static io.galley.store.jdbc.internal.RowLocks.checkRunActive;
import static io.galley.store.jdbc.internal.RowLocks.experimentId;
import static io.galley.store.jdbc.internal.RowLocks.experimentNotFound;
import static io.galley.store.jdbc.internal.RowLocks.loadExperiment;
import static io.galley.store.jdbc.internal.RowLocks.loadRunInfo;
import static io.galley.store.jdbc.internal.RowLocks.lockExperiment;
import static io.galley.store.jdbc.internal.RowLocks.lockRun;
import static io.galley.store.jdbc.internal.RowLocks.lookupRunStage;
import static io.galley.store.jdbc.internal.RowLocks.stages;
import static java.util.Objects.requireNonNull;

import io.galley.core.AlreadyExistsException;
import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.ExperimentKeys;
import io.galley.core.tracking.ExperimentQuery;
import io.galley.core.tracking.ExperimentSummary;
import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.LeaderboardQuery;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunData;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.RunUpdate;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingLimits;
import io.galley.core.tracking.TrackingStore;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.GrantSql;
import io.galley.store.jdbc.internal.PageToken;
import io.galley.store.jdbc.internal.RowLocks;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.SearchSql;
import io.galley.store.jdbc.internal.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * {@link TrackingStore} over JDBC with MLflow's SqlAlchemyStore semantics. Every write locks the
 * row of its run (or experiment) first, which checks that it exists and is active and makes writers
 * to one run take turns, so read-then-write steps need no upsert syntax.
 */
public final class JdbcTrackingStore implements TrackingStore {
  static final String RUN_NAME_TAG = "mlflow.runName";
  static final String USER_TAG = "mlflow.user";
  private static final int MAX_USER_ID_LENGTH = 256;

  private final Db db;
  private final MetricWriter metricWriter = new MetricWriter();
  private final RunSearches searches;
  private final LongSupplier clock;

  public JdbcTrackingStore(Jdbi jdbi) {
    this(jdbi, System::currentTimeMillis);
  }

  JdbcTrackingStore(Jdbi jdbi, LongSupplier clock) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
    this.searches = new RunSearches(db);
    this.clock = clock;
  }

  // ---- experiments -------------------------------------------------------------------------

  @Override
  public Experiment createExperiment(
      String name, @Nullable String artifactLocation, List<Tag> tags) {
    String location =
        artifactLocation == null || artifactLocation.isEmpty() ? null : artifactLocation;
    long now = clock.getAsLong();
    try {
      return db.inTransaction(
          h -> {
            long id =
                h.createUpdate(
                        "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                            + " creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)")
                    .bind(0, name)
                    .bind(1, location == null ? "" : location)
                    .bind(2, ACTIVE)
                    .bind(3, now)
                    .bind(4, now)
                    .executeAndReturnGeneratedKeys("experiment_id")
                    .mapTo(Long.class)
                    .one();
            String finalLocation = location == null ? "mlflow-artifacts:/" + id : location;
            if (location == null) {
              h.execute(
                  "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
                  finalLocation,
                  id);
            }
            List<Tag> unique = List.copyOf(Rows.lastWins(tags, Tag::key).values());
            var batch =
                h.prepareBatch(
                    "INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (?, ?, ?)");
            for (Tag t : unique) {
              batch.bind(0, id).bind(1, t.key()).bind(2, t.value()).add();
            }
            if (!unique.isEmpty()) {
              batch.execute();
            }
            return new Experiment(
                Long.toString(id), name, finalLocation, LifecycleStage.ACTIVE, now, now, unique);
          });
    } catch (Db.UniqueViolation e) {
      throw new AlreadyExistsException("Experiment(name=" + name + ") already exists.");
    }
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    long id = experimentId(experimentId);
    return db.inTransaction(h -> loadExperiment(h, id, experimentId))
        .orElseThrow(() -> experimentNotFound(experimentId));
  }

  @Override
  public Optional<Experiment> findExperimentByName(String name) {
    requireNonNull(name, "name");
    return db.inTransaction(
        h ->
            Rows.experiments(
                    h, new Sql().append("SELECT e.* FROM experiments e WHERE e.name = ?", name))
                .stream()
                .findFirst());
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentQuery query) {
    int offset = PageToken.decode(query.pageToken());
    Sql sql =
        new Sql()
            .append("SELECT e.* FROM experiments e WHERE e.lifecycle_stage IN (")
            .list(stages(query.viewType()))
            .append(")");
    if (query.viewer() != null) {
      GrantSql.appendReadable(sql, GrantSql.Grants.EXPERIMENTS, "e.experiment_id", query.viewer());
    }
    SearchSql.experimentFilter(sql, query.filter());
    sql.append(" ORDER BY " + SearchSql.experimentOrder(query.orderBy()));
    sql.append(" LIMIT ? OFFSET ?", query.maxResults() + 1, offset);
    List<Experiment> found = db.inSearch(h -> Rows.experiments(h, sql));
    return PageToken.page(found, query.maxResults(), offset);
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    long id = experimentId(experimentId);
    try {
      db.useTransaction(
          h -> {
            String stage = lockExperiment(h, id, experimentId);
            if (!stage.equals(ACTIVE)) {
              throw new InvalidRequestException(
                  ErrorCode.INVALID_STATE, "Cannot rename a non-active experiment.");
            }
            h.execute(
                "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
                newName,
                clock.getAsLong(),
                id);
          });
    } catch (Db.UniqueViolation e) {
      throw new AlreadyExistsException("Experiment(name=" + newName + ") already exists.");
    }
  }

  @Override
  public void deleteExperiment(String experimentId) {
    // As MLflow's file store: clients log to experiment 0 when none is set, so it stays.
    if (experimentId(experimentId) == Long.parseLong(Experiment.DEFAULT_ID)) {
      throw new InvalidRequestException(
          "Cannot delete the default experiment '"
              + Experiment.DEFAULT_ID
              + "'. This is an internally reserved experiment.");
    }
    setExperimentStage(experimentId, ACTIVE, DELETED);
  }

  @Override
  public void restoreExperiment(String experimentId) {
    setExperimentStage(experimentId, DELETED, ACTIVE);
  }

  /** MLflow's delete and restore: the experiment must be in {@code from}, its runs follow it. */
  private void setExperimentStage(String experimentId, String from, String to) {
    long id = experimentId(experimentId);
    long now = clock.getAsLong();
    db.useTransaction(
        h -> {
          if (!lockExperiment(h, id, experimentId).equals(from)) {
            throw experimentNotFound(experimentId);
          }
          h.execute(
              "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?",
              to,
              now,
              id);
          h.execute(
              "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?",
              to,
              to.equals(DELETED) ? now : null,
              id);
          h.execute("UPDATE latest_metrics SET run_stage = ? WHERE experiment_id = ?", to, id);
        });
  }

  @Override
  public void setExperimentTag(String experimentId, Tag tag) {
    long id = experimentId(experimentId);
    db.useTransaction(
        h -> {
          checkExperimentActive(experimentId, lockExperiment(h, id, experimentId));
          int updated =
              h.execute(
                  "UPDATE experiment_tags SET tag_value = ? WHERE experiment_id = ? AND tag_key = ?",
                  tag.value(),
                  id,
                  tag.key());
          if (updated == 0) {
            h.execute(
                "INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (?, ?, ?)",
                id,
                tag.key(),
                tag.value());
          }
        });
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    requireNonNull(key, "key");
    long id = experimentId(experimentId);
    db.useTransaction(
        h -> {
          checkExperimentActive(experimentId, lockExperiment(h, id, experimentId));
          int deleted =
              h.execute(
                  "DELETE FROM experiment_tags WHERE experiment_id = ? AND tag_key = ?", id, key);
          if (deleted == 0) {
            throw new NotFoundException(
                "No tag with name: " + key + " in experiment with id " + experimentId);
          }
        });
  }

  // ---- runs --------------------------------------------------------------------------------

  @Override
  public Run createRun(NewRun request) {
    long experimentId = experimentId(request.experimentId());
    Map<String, Tag> tags = Rows.lastWins(request.tags(), Tag::key);
    Tag nameTag = tags.get(RUN_NAME_TAG);
    String requested =
        request.runName() == null || request.runName().isEmpty() ? null : request.runName();
    if (requested != null && nameTag != null && !requested.equals(nameTag.value())) {
      throw new InvalidRequestException(
          "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
              + " values (run_name='"
              + requested
              + "', mlflow.runName='"
              + nameTag.value()
              + "').");
    }
    String runName =
        requested != null ? requested : nameTag != null ? nameTag.value() : RunNames.generate();
    TrackingLimits.validateRunName(runName);
    if (nameTag == null) {
      tags.put(RUN_NAME_TAG, new Tag(RUN_NAME_TAG, runName));
    }
    Tag userTag = tags.get(USER_TAG);
    String userId =
        request.userId() != null && !request.userId().isEmpty()
            ? request.userId()
            : userTag != null && !userTag.value().isEmpty() ? userTag.value() : "unknown";
    if (userId.length() > MAX_USER_ID_LENGTH) {
      throw new InvalidRequestException(
          "User id '"
              + userId.substring(0, 50)
              + "...' exceeds "
              + MAX_USER_ID_LENGTH
              + " characters");
    }
    String runId = UUID.randomUUID().toString().replace("-", "");
    List<Tag> tagList =
        tags.values().stream().sorted(java.util.Comparator.comparing(Tag::key)).toList();
    return db.inTransaction(
        h -> {
          String stage = lockExperiment(h, experimentId, request.experimentId());
          if (!stage.equals(ACTIVE)) {
            throw new InvalidRequestException(
                "The experiment "
                    + request.experimentId()
                    + " must be in the 'active' state."
                    + " Current state is "
                    + stage
                    + ".");
          }
          String location =
              h.createQuery("SELECT artifact_location FROM experiments WHERE experiment_id = ?")
                  .bind(0, experimentId)
                  .mapTo(String.class)
                  .one();
          String artifactUri = appendPath(location, runId + "/artifacts");
          RunInfo info =
              new RunInfo(
                  runId,
                  Long.toString(experimentId),
                  runName,
                  userId,
                  RunStatus.RUNNING,
                  request.startTime(),
                  null,
                  artifactUri,
                  LifecycleStage.ACTIVE);
          h.execute(
              "INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time,"
                  + " end_time, deleted_time, lifecycle_stage, artifact_uri)"
                  + " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
              runId,
              experimentId,
              runName,
              userId,
              RunStatus.RUNNING.name(),
              request.startTime(),
              ACTIVE,
              artifactUri);
          insertTags(h, runId, tagList);
          return new Run(info, new RunData(List.of(), List.of(), tagList), List.of());
        });
  }

  @Override
  public Run getRun(String runId) {
    return db.inTransaction(h -> Rows.runs(h, List.of(loadRunInfo(h, runId))).get(0));
  }

  @Override
  public RunInfo updateRun(String runId, RunUpdate update) {
    return db.inTransaction(
        h -> {
          checkRunActive(runId, lockRun(h, runId));
          if (update.status() != null) {
            h.execute(
                "UPDATE runs SET status = ? WHERE run_uuid = ?", update.status().name(), runId);
          }
          if (update.endTime() != null) {
            h.execute("UPDATE runs SET end_time = ? WHERE run_uuid = ?", update.endTime(), runId);
          }
          if (update.runName() != null && !update.runName().isEmpty()) {
            setRunName(h, runId, update.runName());
          }
          return loadRunInfo(h, runId);
        });
  }

  @Override
  public void deleteRun(String runId) {
    db.useTransaction(
        h -> {
          lockRun(h, runId);
          h.execute(
              "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?",
              DELETED,
              clock.getAsLong(),
              runId);
          h.execute("UPDATE latest_metrics SET run_stage = ? WHERE run_uuid = ?", DELETED, runId);
        });
  }

  @Override
  public void restoreRun(String runId) {
    db.useTransaction(
        h -> {
          lockRun(h, runId);
          h.execute(
              "UPDATE runs SET lifecycle_stage = ?, deleted_time = NULL WHERE run_uuid = ?",
              ACTIVE,
              runId);
          h.execute("UPDATE latest_metrics SET run_stage = ? WHERE run_uuid = ?", ACTIVE, runId);
        });
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    Map<String, Tag> uniqueTags = Rows.lastWins(tags, Tag::key);
    Tag nameTag = uniqueTags.get(RUN_NAME_TAG);
    if (nameTag != null) {
      TrackingLimits.validateRunName(nameTag.value());
    }
    db.useTransaction(
        h -> {
          checkRunActive(runId, lockRun(h, runId));
          insertParams(h, runId, params);
          metricWriter.write(h, runId, metrics);
          if (nameTag != null) {
            h.execute("UPDATE runs SET name = ? WHERE run_uuid = ?", nameTag.value(), runId);
          }
          upsertTags(h, runId, List.copyOf(uniqueTags.values()));
        });
  }

  @Override
  public void deleteTag(String runId, String key) {
    requireNonNull(key, "key");
    db.useTransaction(
        h -> {
          checkRunActive(runId, lockRun(h, runId));
          int deleted =
              h.execute("DELETE FROM tags WHERE run_uuid = ? AND tag_key = ?", runId, key);
          if (deleted == 0) {
            throw new NotFoundException("No tag with name: " + key + " in run with id " + runId);
          }
        });
  }

  @Override
  public Tag updateTag(String runId, String key, Function<Optional<String>, String> update) {
    requireNonNull(key, "key");
    requireNonNull(update, "update");
    return db.inTransaction(
        h -> {
          // The run's row lock makes a second updater wait here until the first commits, and then
          // read what the first wrote.
          checkRunActive(runId, lockRun(h, runId));
          Optional<String> current =
              h.createQuery("SELECT tag_value FROM tags WHERE run_uuid = ? AND tag_key = ?")
                  .bind(0, runId)
                  .bind(1, key)
                  .mapTo(String.class)
                  .findOne();
          Tag tag = new Tag(key, update.apply(current));
          if (key.equals(RUN_NAME_TAG)) {
            TrackingLimits.validateRunName(tag.value());
            h.execute("UPDATE runs SET name = ? WHERE run_uuid = ?", tag.value(), runId);
          }
          upsertTags(h, runId, List.of(tag));
          return tag;
        });
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    // Two runs of one experiment may create the same dataset at once; the loser's transaction
    // fails on the unique key and, run again, finds the winner's row.
    for (int attempt = 1; ; attempt++) {
      try {
        db.useTransaction(
            h -> {
              checkRunActive(runId, lockRun(h, runId));
              long experimentId =
                  h.createQuery("SELECT experiment_id FROM runs WHERE run_uuid = ?")
                      .bind(0, runId)
                      .mapTo(Long.class)
                      .one();
              InputWriter.write(h, experimentId, runId, inputs);
            });
        return;
      } catch (Db.UniqueViolation e) {
        if (attempt >= 3) {
          throw new InvalidRequestException(
              ErrorCode.TEMPORARILY_UNAVAILABLE,
              "Concurrent dataset logging kept conflicting; retry");
        }
      }
    }
  }

  @Override
  public Page<Metric> getMetricHistory(
      String runId, String metricKey, int maxResults, @Nullable String pageToken) {
    requireNonNull(metricKey, "metricKey");
    int offset = PageToken.decode(pageToken);
    List<Metric> all =
        db.inTransaction(
            h -> {
              lookupRunStage(h, runId);
              return MetricHistory.read(h, runId, metricKey);
            });
    List<Metric> rest = all.subList(Math.min(offset, all.size()), all.size());
    return maxResults > 0 ? PageToken.page(rest, maxResults, offset) : new Page<>(rest, null);
  }

  @Override
  public List<MetricSummary> getMetricSummaries(String runId) {
    return db.inTransaction(
        h -> {
          lookupRunStage(h, runId);
          return h.createQuery(
                  "SELECT "
                      + Rows.SUMMARY_COLUMNS
                      + " FROM latest_metrics lm WHERE lm.run_uuid = ?"
                      + " ORDER BY lm.metric_key")
              .bind(0, runId)
              .map((rs, ctx) -> Rows.summary(rs))
              .list();
        });
  }

  @Override
  public Page<Run> searchRuns(RunQuery query) {
    return searches.searchRuns(query);
  }

  @Override
  public List<LeaderboardEntry> leaderboard(LeaderboardQuery query) {
    return searches.leaderboard(query);
  }

  @Override
  public List<ExperimentSummary> summarizeExperiments(List<String> experimentIds) {
    requireNonNull(experimentIds, "experimentIds");
    if (experimentIds.size() > MAX_SUMMARY_IDS) {
      throw new InvalidRequestException(
          "Too many experiment ids: "
              + experimentIds.size()
              + "; ask for at most "
              + MAX_SUMMARY_IDS
              + " at a time.");
    }
    List<Long> ids =
        experimentIds.stream().map(RowLocks::parseId).flatMap(Optional::stream).distinct().toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    Sql sql =
        new Sql()
            .append(
                "SELECT e.experiment_id, e.last_update_time, COUNT(r.run_uuid) AS runs,"
                    + " MAX(r.start_time) AS last_start, MAX(r.end_time) AS last_end"
                    + " FROM experiments e LEFT JOIN runs r"
                    + " ON r.experiment_id = e.experiment_id AND r.lifecycle_stage = ?"
                    + " WHERE e.experiment_id IN (",
                ACTIVE)
            .list(ids)
            .append(") GROUP BY e.experiment_id, e.last_update_time ORDER BY e.experiment_id");
    return db.inTransaction(
        h ->
            sql.bind(h.createQuery(sql.text()))
                .map(
                    (rs, ctx) -> {
                      long last = rs.getLong("last_update_time");
                      last = Math.max(last, rs.getLong("last_start"));
                      last = Math.max(last, rs.getLong("last_end"));
                      return new ExperimentSummary(
                          Long.toString(rs.getLong("experiment_id")), rs.getLong("runs"), last);
                    })
                .list());
  }

  @Override
  public ExperimentKeys experimentKeys(String experimentId) {
    requireNonNull(experimentId, "experimentId");
    long id = experimentId(experimentId);
    getExperiment(experimentId); // NotFoundException for an unknown experiment
    return db.inTransaction(
        h -> {
          // latest_metrics keeps each run's experiment and stage, and its index starts with
          // (experiment_id, metric_key): the metric keys come from the index alone.
          List<String> metrics =
              h.createQuery(
                      "SELECT DISTINCT metric_key FROM latest_metrics"
                          + " WHERE experiment_id = ? AND run_stage = ? ORDER BY metric_key")
                  .bind(0, id)
                  .bind(1, ACTIVE)
                  .setMaxRows(MAX_EXPERIMENT_KEYS)
                  .mapTo(String.class)
                  .list();
          List<String> params =
              h.createQuery(
                      "SELECT DISTINCT p.param_key FROM params p JOIN runs r"
                          + " ON r.run_uuid = p.run_uuid"
                          + " WHERE r.experiment_id = ? AND r.lifecycle_stage = ?"
                          + " ORDER BY p.param_key")
                  .bind(0, id)
                  .bind(1, ACTIVE)
                  .setMaxRows(MAX_EXPERIMENT_KEYS)
                  .mapTo(String.class)
                  .list();
          return new ExperimentKeys(metrics, params);
        });
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static String appendPath(String base, String path) {
    return base.endsWith("/") ? base + path : base + "/" + path;
  }

  private static void setRunName(Handle h, String runId, String name) {
    h.execute("UPDATE runs SET name = ? WHERE run_uuid = ?", name, runId);
    upsertTags(h, runId, List.of(new Tag(RUN_NAME_TAG, name)));
  }

  private static void insertTags(Handle h, String runId, List<Tag> tags) {
    if (tags.isEmpty()) {
      return;
    }
    var batch = h.prepareBatch("INSERT INTO tags (run_uuid, tag_key, tag_value) VALUES (?, ?, ?)");
    for (Tag t : tags) {
      batch.bind(0, runId).bind(1, t.key()).bind(2, t.value()).add();
    }
    batch.execute();
  }

  /** Tags are unique by key here; the run's row is locked, so nobody inserts between. */
  private static void upsertTags(Handle h, String runId, List<Tag> tags) {
    if (tags.isEmpty()) {
      return;
    }
    java.util.Set<String> existing = new java.util.HashSet<>();
    Sql sql =
        new Sql()
            .append("SELECT tag_key FROM tags WHERE run_uuid = ? AND tag_key IN (", runId)
            .list(tags.stream().map(Tag::key).toList())
            .append(")");
    existing.addAll(sql.bind(h.createQuery(sql.text())).mapTo(String.class).list());
    List<Tag> updates = tags.stream().filter(t -> existing.contains(t.key())).toList();
    List<Tag> inserts = tags.stream().filter(t -> !existing.contains(t.key())).toList();
    if (!updates.isEmpty()) {
      var batch =
          h.prepareBatch("UPDATE tags SET tag_value = ? WHERE run_uuid = ? AND tag_key = ?");
      for (Tag t : updates) {
        batch.bind(0, t.value()).bind(1, runId).bind(2, t.key()).add();
      }
      batch.execute();
    }
    insertTags(h, runId, inserts);
  }

  private static void insertParams(Handle h, String runId, List<Param> params) {
    if (params.isEmpty()) {
      return;
    }
    Map<String, String> existing = new java.util.HashMap<>();
    Sql sql =
        new Sql()
            .append(
                "SELECT param_key, param_value FROM params WHERE run_uuid = ? AND param_key IN (",
                runId)
            .list(params.stream().map(Param::key).toList())
            .append(")");
    sql.bind(h.createQuery(sql.text()))
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> existing.put(e.getKey(), e.getValue()));
    List<String> conflicts = new ArrayList<>();
    List<Param> inserts = new ArrayList<>();
    for (Param p : params) {
      String old = existing.get(p.key());
      if (old == null) {
        inserts.add(p);
      } else if (!old.equals(p.value())) {
        conflicts.add(
            "{'key': '"
                + p.key()
                + "', 'old_value': '"
                + old
                + "', 'new_value': '"
                + p.value()
                + "'}");
      }
    }
    if (!conflicts.isEmpty()) {
      throw new InvalidRequestException(
          "Changing param values is not allowed. Params were already logged='"
              + conflicts
              + "' for run ID='"
              + runId
              + "'.");
    }
    if (inserts.isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch("INSERT INTO params (run_uuid, param_key, param_value) VALUES (?, ?, ?)");
    for (Param p : inserts) {
      batch.bind(0, runId).bind(1, p.key()).bind(2, p.value()).add();
    }
    batch.execute();
  }
}
