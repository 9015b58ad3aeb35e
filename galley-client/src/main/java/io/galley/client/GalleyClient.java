package io.galley.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.access.AccessResponses;
import io.galley.client.access.AuditEventJson;
import io.galley.client.access.Grantee;
import io.galley.client.access.GroupJson;
import io.galley.client.access.RepositoryPermissionJson;
import io.galley.client.access.TokenJson;
import io.galley.client.access.UserJson;
import io.galley.client.environment.EnvironmentJson;
import io.galley.client.extension.ExperimentKeysJson;
import io.galley.client.extension.ExperimentSummariesJson;
import io.galley.client.extension.GcJson;
import io.galley.client.extension.ImageRegistryGcJson;
import io.galley.client.extension.LeaderboardJson;
import io.galley.client.mlflow.CreateExperimentResponseJson;
import io.galley.client.mlflow.DatasetInputJson;
import io.galley.client.mlflow.ExperimentJson;
import io.galley.client.mlflow.ExperimentResponseJson;
import io.galley.client.mlflow.ListArtifactsResponseJson;
import io.galley.client.mlflow.MetricHistoryResponseJson;
import io.galley.client.mlflow.MetricJson;
import io.galley.client.mlflow.ModelVersionJson;
import io.galley.client.mlflow.ModelVersionResponseJson;
import io.galley.client.mlflow.ModelVersionsResponseJson;
import io.galley.client.mlflow.ParamJson;
import io.galley.client.mlflow.RegisteredModelJson;
import io.galley.client.mlflow.RegisteredModelResponseJson;
import io.galley.client.mlflow.RunInfoJson;
import io.galley.client.mlflow.RunJson;
import io.galley.client.mlflow.RunResponseJson;
import io.galley.client.mlflow.SearchExperimentsResponseJson;
import io.galley.client.mlflow.SearchRegisteredModelsResponseJson;
import io.galley.client.mlflow.SearchRunsResponseJson;
import io.galley.client.mlflow.TagJson;
import io.galley.client.mlflow.UpdateRunResponseJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.environment.Environment;
import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.tracking.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one typed client of Galley's HTTP API: MLflow's tracking and registry REST API, the artifact
 * proxy, and Galley's own endpoints. Answers are the wire records of {@link
 * io.galley.client.mlflow} and {@link io.galley.client.extension}; failures are {@link
 * GalleyClientException}s. Thread-safe; build one per server with {@link #builder(URI)} and share
 * it.
 *
 * <p>Calls are retried on network errors, 429 and 5xx until the retry timeout (see {@link
 * Builder#retryTimeout}); other 4xx answers throw {@link GalleyApiException} at once.
 */
public final class GalleyClient {
  static final String MLFLOW = "api/2.0/mlflow/";
  static final String GALLEY = "api/2.0/galley/";

  private final URI trackingUri;
  private final WireCalls wire;
  private final ArtifactCalls artifacts;
  private final ImageBuildCalls builds;

  private GalleyClient(URI trackingUri, HttpTransport transport) {
    this.trackingUri = trackingUri;
    this.wire = new WireCalls(transport);
    this.artifacts = new ArtifactCalls(transport, wire);
    this.builds = new ImageBuildCalls(transport);
  }

  /** A builder for a client of the server at {@code trackingUri}, e.g. {@code http://host:7070}. */
  public static Builder builder(URI trackingUri) {
    return new Builder(trackingUri);
  }

  /** The server's URI as the builder was given it. */
  public URI trackingUri() {
    return trackingUri;
  }

  /** The server's base URI, ending in {@code /}: the one requests are resolved against. */
  public URI baseUri() {
    return wire.transport().base();
  }

  // ---- experiments ----

  /** {@code experiments/create}; the new experiment's id. */
  public String createExperiment(String name) {
    return wire.post(
            MLFLOW + "experiments/create", Map.of("name", name), CreateExperimentResponseJson.class)
        .experimentId();
  }

  /** {@code experiments/get}; throws {@link GalleyApiException} when there is no such id. */
  public ExperimentJson getExperiment(String experimentId) {
    return wire.get(
            new QueryString()
                .add("experiment_id", experimentId)
                .appendTo(MLFLOW + "experiments/get"),
            ExperimentResponseJson.class)
        .experiment();
  }

  /** {@code experiments/get-by-name}; throws {@link GalleyApiException} when there is none. */
  public ExperimentJson getExperimentByName(String name) {
    return wire.get(
            new QueryString()
                .add("experiment_name", name)
                .appendTo(MLFLOW + "experiments/get-by-name"),
            ExperimentResponseJson.class)
        .experiment();
  }

  /** {@code experiments/get-by-name}; empty when the server answers 404. */
  public Optional<ExperimentJson> findExperimentByName(String name) {
    try {
      return Optional.of(getExperimentByName(name));
    } catch (GalleyApiException e) {
      if (e.httpStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** One page of {@code experiments/search}; {@code viewType} is e.g. {@code ACTIVE_ONLY}. */
  public SearchExperimentsResponseJson searchExperiments(
      String viewType, int maxResults, List<String> orderBy, @Nullable String pageToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("view_type", viewType);
    body.put("max_results", maxResults);
    body.put("order_by", orderBy);
    body.put("page_token", pageToken);
    return wire.post(MLFLOW + "experiments/search", body, SearchExperimentsResponseJson.class);
  }

  // ---- runs ----

  /**
   * {@code runs/create}; {@code runName} null lets the server pick one, {@code userId} null leaves
   * it to the server, empty {@code tags} are left out of the request.
   */
  public RunJson createRun(
      String experimentId,
      @Nullable String runName,
      @Nullable String userId,
      long startTime,
      List<TagJson> tags) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("experiment_id", experimentId);
    body.put("run_name", runName);
    body.put("start_time", startTime);
    body.put("user_id", userId);
    putIfNotEmpty(body, "tags", tags);
    return wire.post(MLFLOW + "runs/create", body, RunResponseJson.class).run();
  }

  /** {@code runs/get}; throws {@link GalleyApiException} when there is no such run. */
  public RunJson getRun(String runId) {
    return wire.get(
            new QueryString().add("run_id", runId).appendTo(MLFLOW + "runs/get"),
            RunResponseJson.class)
        .run();
  }

  /** {@code runs/update}: the run's status and end time; the updated run info. */
  public RunInfoJson updateRun(String runId, String status, @Nullable Long endTime) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("status", status);
    body.put("end_time", endTime);
    return wire.post(MLFLOW + "runs/update", body, UpdateRunResponseJson.class).runInfo();
  }

  /** One page of {@code runs/search} with MLflow's filter grammar ({@code ""} for all runs). */
  public SearchRunsResponseJson searchRuns(
      List<String> experimentIds,
      String filter,
      List<String> orderBy,
      int maxResults,
      @Nullable String pageToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("experiment_ids", experimentIds);
    body.put("filter", filter);
    body.put("order_by", orderBy);
    body.put("max_results", maxResults);
    body.put("page_token", pageToken);
    return wire.post(MLFLOW + "runs/search", body, SearchRunsResponseJson.class);
  }

  /**
   * {@code runs/search} with a body already encoded as JSON, for callers that send one query many
   * times (a benchmark) and want to encode it once.
   */
  public SearchRunsResponseJson searchRunsEncoded(byte[] body) {
    return wire.read(
        wire.postBytesForAnswer(MLFLOW + "runs/search", body, body.length),
        SearchRunsResponseJson.class);
  }

  /**
   * {@code runs/log-batch}; the server's limits apply (1000 metrics, 100 params, 100 tags per
   * request). Empty lists are left out of the request.
   */
  public void logBatch(
      String runId, List<MetricJson> metrics, List<ParamJson> params, List<TagJson> tags) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    putIfNotEmpty(body, "metrics", metrics);
    putIfNotEmpty(body, "params", params);
    putIfNotEmpty(body, "tags", tags);
    wire.postForNothing(MLFLOW + "runs/log-batch", body);
  }

  /**
   * {@code runs/log-batch} with a body already encoded as JSON: the first {@code length} bytes of
   * {@code body}. For callers that write many points without an object per point.
   */
  public void logBatchEncoded(byte[] body, int length) {
    wire.postBytes(MLFLOW + "runs/log-batch", body, length);
  }

  /** {@code runs/log-inputs}: dataset inputs of a run. */
  public void logInputs(String runId, List<DatasetInputJson> datasets) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("datasets", datasets);
    wire.postForNothing(MLFLOW + "runs/log-inputs", body);
  }

  /** {@code runs/set-tag}. */
  public void setTag(String runId, String key, String value) {
    wire.postForNothing(
        MLFLOW + "runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
  }

  /** One page of {@code metrics/get-history}; {@code maxResults} null for the server's default. */
  public MetricHistoryResponseJson metricHistory(
      String runId, String metricKey, @Nullable Integer maxResults, @Nullable String pageToken) {
    QueryString q = new QueryString().add("run_id", runId).add("metric_key", metricKey);
    if (maxResults != null) {
      q.add("max_results", Integer.toString(maxResults));
    }
    if (pageToken != null) {
      q.add("page_token", pageToken);
    }
    return wire.get(q.appendTo(MLFLOW + "metrics/get-history"), MetricHistoryResponseJson.class);
  }

  // ---- artifacts ----

  /** MLflow's listing of a run's artifact directory ({@code ""} for the root). */
  public ListArtifactsResponseJson listArtifacts(String runId, String path) {
    return wire.get(
        new QueryString()
            .add("run_id", runId)
            .add("path", path)
            .appendTo(MLFLOW + "artifacts/list"),
        ListArtifactsResponseJson.class);
  }

  /**
   * Streams one artifact file of a run into {@code dest}, creating its parent directories. When the
   * server gives the file's digest (Galley's ETag), the bytes are checked against it and a file
   * that does not match is deleted and the call fails.
   */
  public void downloadArtifact(String runId, String path, Path dest) {
    artifacts.download(runId, path, dest);
  }

  /** One artifact file of a run, whole (for small files); empty when the server answers 404. */
  public Optional<byte[]> findArtifact(String runId, String path) {
    return artifacts.find(runId, path);
  }

  /**
   * The environment a run recorded: its {@value Environment#ARTIFACT} when the run has a readable
   * one, else what its {@code tags} hold (with a note saying why the artifact was not used).
   */
  public RecordedEnvironment recordedEnvironment(String runId, Collection<Tag> tags) {
    RecordedEnvironment fromTags = RecordedEnvironment.fromTags(tags);
    Optional<byte[]> json = findArtifact(runId, Environment.ARTIFACT);
    if (json.isEmpty()) {
      return fromTags;
    }
    try {
      return RecordedEnvironment.ofArtifact(EnvironmentJson.read(json.get()));
    } catch (InvalidRequestException e) {
      return fromTags.withNote(
          Environment.ARTIFACT + " is unreadable (" + e.getMessage() + "); read the tags");
    }
  }

  /**
   * Streams {@code file} to the artifact proxy at {@code encodedPath} (percent-encoded, relative to
   * {@code api/2.0/mlflow-artifacts/artifacts/}). A retry sends the file again; no request timeout,
   * since the answer comes after the whole upload.
   */
  public void putArtifact(String encodedPath, Path file) {
    artifacts.putFile(encodedPath, file);
  }

  /**
   * Deletes a file, or a directory with everything below it, at {@code encodedPath} of the artifact
   * proxy (as {@link #putArtifact(String, Path)} names it); nothing there is not an error, as in
   * MLflow.
   */
  public void deleteArtifact(String encodedPath) {
    artifacts.delete(encodedPath);
  }

  /** Uploads {@code bytes} to the artifact proxy, as {@link #putArtifact(String, Path)}. */
  public void putArtifact(String encodedPath, byte[] bytes) {
    artifacts.putBytes(encodedPath, bytes);
  }

  // ---- model registry ----

  /** {@code registered-models/create}. */
  public RegisteredModelJson createRegisteredModel(String name) {
    return wire.post(
            MLFLOW + "registered-models/create",
            Map.of("name", name),
            RegisteredModelResponseJson.class)
        .registeredModel();
  }

  /** {@code registered-models/get}. */
  public RegisteredModelJson getRegisteredModel(String name) {
    return wire.get(
            new QueryString().add("name", name).appendTo(MLFLOW + "registered-models/get"),
            RegisteredModelResponseJson.class)
        .registeredModel();
  }

  /** One page of {@code registered-models/search}, by name; {@code filter} may be empty. */
  public SearchRegisteredModelsResponseJson searchRegisteredModels(
      String filter, int maxResults, @Nullable String pageToken) {
    QueryString q = new QueryString();
    if (!filter.isEmpty()) {
      q.add("filter", filter);
    }
    q.add("max_results", Integer.toString(maxResults)).add("order_by", "name ASC");
    if (pageToken != null) {
      q.add("page_token", pageToken);
    }
    return wire.get(
        q.appendTo(MLFLOW + "registered-models/search"), SearchRegisteredModelsResponseJson.class);
  }

  /** {@code model-versions/create} from {@code source}; {@code runId} may be null. */
  public ModelVersionJson createModelVersion(String name, String source, @Nullable String runId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("source", source);
    body.put("run_id", runId);
    return wire.post(MLFLOW + "model-versions/create", body, ModelVersionResponseJson.class)
        .modelVersion();
  }

  /** {@code model-versions/get}. */
  public ModelVersionJson getModelVersion(String name, long version) {
    return wire.get(
            new QueryString()
                .add("name", name)
                .add("version", Long.toString(version))
                .appendTo(MLFLOW + "model-versions/get"),
            ModelVersionResponseJson.class)
        .modelVersion();
  }

  /** {@code registered-models/alias} (GET): the version an alias points at. */
  public ModelVersionJson getModelVersionByAlias(String name, String alias) {
    return wire.get(
            new QueryString()
                .add("name", name)
                .add("alias", alias)
                .appendTo(MLFLOW + "registered-models/alias"),
            ModelVersionResponseJson.class)
        .modelVersion();
  }

  /** The highest version in each of {@code stages} (in each stage when empty). */
  public List<ModelVersionJson> getLatestVersions(String name, List<String> stages) {
    return wire.post(
            MLFLOW + "registered-models/get-latest-versions",
            Map.of("name", name, "stages", stages),
            ModelVersionsResponseJson.class)
        .modelVersions();
  }

  /** {@code registered-models/alias} (POST): points {@code alias} at {@code version}. */
  public void setModelAlias(String name, String alias, long version) {
    wire.postForNothing(
        MLFLOW + "registered-models/alias",
        Map.of("name", name, "alias", alias, "version", Long.toString(version)));
  }

  /**
   * {@code registered-models/alias} (DELETE), with the request as a JSON body as MLflow sends it.
   */
  public void deleteModelAlias(String name, String alias) {
    wire.deleteWithBody(MLFLOW + "registered-models/alias", Map.of("name", name, "alias", alias));
  }

  // ---- Galley's own endpoints ----

  /**
   * The leaderboard of an experiment's runs by {@code metric}: {@code agg} is {@code last}, {@code
   * min} or {@code max}, {@code order} {@code desc} or {@code asc}, {@code filter} MLflow's
   * grammar.
   */
  public LeaderboardJson leaderboard(
      String experimentId, String metric, String agg, String order, int n, String filter) {
    return leaderboard(experimentId, metric, agg, order, false, n, filter);
  }

  /**
   * As {@link #leaderboard(String, String, String, String, int, String)}; {@code fromBottom} reads
   * the same ranking from its last row up (the worst runs first, ties in the ranking's order turned
   * round).
   */
  public LeaderboardJson leaderboard(
      String experimentId,
      String metric,
      String agg,
      String order,
      boolean fromBottom,
      int n,
      String filter) {
    return wire.get(
        new QueryString()
            .add("experiment_id", experimentId)
            .add("metric", metric)
            .add("agg", agg)
            .add("order", order)
            .add("from", fromBottom ? "bottom" : "top")
            .add("n", Integer.toString(n))
            .add("filter", filter)
            .appendTo(GALLEY + "leaderboard"),
        LeaderboardJson.class);
  }

  /** Each experiment's count of active runs and last activity; unknown ids are left out. */
  public ExperimentSummariesJson experimentSummaries(List<String> experimentIds) {
    return wire.get(
        new QueryString()
            .add("experiment_ids", String.join(",", experimentIds))
            .appendTo(GALLEY + "experiments/summary"),
        ExperimentSummariesJson.class);
  }

  /** The metric and param keys of an experiment's active runs. */
  public ExperimentKeysJson experimentKeys(String experimentId) {
    return wire.get(
        new QueryString().add("experiment_id", experimentId).appendTo(GALLEY + "experiments/keys"),
        ExperimentKeysJson.class);
  }

  /** Garbage collection of unreferenced blobs older than the grace period; the server's report. */
  public GcJson gc(boolean dryRun, long graceSeconds) {
    return wire.post(
        GALLEY + "gc", Map.of("dry_run", dryRun, "grace_seconds", graceSeconds), GcJson.class);
  }

  /**
   * {@code images/build}: the server builds {@code modelUri} ({@code models:/NAME@ALIAS}...) into
   * its registry as {@code reference} ({@code REPO[:TAG]}); each progress event (a JSON object with
   * an {@code event} field) goes to {@code events} as it comes. Returns the last, {@code image}:
   * {@code digest}, {@code repository}, {@code tag}, {@code size}.
   */
  public JsonNode buildImage(String modelUri, String reference, Consumer<JsonNode> events) {
    return buildImage(modelUri, reference, null, events);
  }

  /**
   * As {@link #buildImage(String, String, Consumer)}, on the base image {@code base} ({@code
   * REGISTRY/REPO[:TAG][@DIGEST]}, which the server reads from that registry) instead of Galley's
   * own when it is not null.
   */
  public JsonNode buildImage(
      String modelUri, String reference, @Nullable String base, Consumer<JsonNode> events) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_uri", modelUri);
    body.put("reference", reference);
    if (base != null) {
      body.put("base", base);
    }
    return builds.build(body, events);
  }

  /**
   * {@code images/base/build}: the server makes Galley's base from its JDK into its registry, or
   * keeps the one stored unless {@code rebuild}. Returns the {@code image} event, with {@code
   * kept}.
   */
  public JsonNode buildBase(boolean rebuild, Consumer<JsonNode> events) {
    return builds.build(Map.of("rebuild", rebuild), events, "images/base/build");
  }

  /**
   * {@code images/build} with {@code artifact}: the version as a CNCF ModelPack artifact under
   * {@code reference}, its layers the model's stored files (nothing copied). Returns the {@code
   * image} event, with {@code artifact_type}.
   */
  public JsonNode buildModelPack(String modelUri, String reference, Consumer<JsonNode> events) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_uri", modelUri);
    body.put("reference", reference);
    body.put("artifact", true);
    return builds.build(body, events);
  }

  /**
   * {@code images/pull}: the server copies the image {@code reference} names ({@code
   * [REGISTRY/]REPO[:TAG][@DIGEST]}, Docker's defaults) from its registry into its own; {@code
   * platform} ({@code os/arch[/variant]}) narrows an index to one image, null keeps every one. Each
   * event ({@code resolved}, {@code blob_waiting}, {@code blob_progress}, {@code blob_done}, {@code
   * manifest_stored}) goes to {@code events} as it comes. Returns the last, {@code image}: {@code
   * repository}, {@code tag}, {@code digest}, {@code size}, {@code platforms}.
   */
  public JsonNode pullImage(
      String reference, @Nullable String platform, Consumer<JsonNode> events) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reference", reference);
    if (platform != null) {
      body.put("platform", platform);
    }
    return builds.build(body, events, "images/pull");
  }

  /**
   * {@code images/list}: every tagged image in the server's registry the caller may pull, as a JSON
   * object whose {@code images} each have {@code repository}, {@code tag}, {@code digest}, {@code
   * id}, {@code created}, {@code size}, {@code platforms} (and {@code artifact_type} for an
   * artifact).
   */
  public JsonNode listImages() {
    return wire.get(GALLEY + "images/list", JsonNode.class);
  }

  /** The image registry's metadata tidied, then a blob collection; the server's report. */
  public ImageRegistryGcJson registryGc(
      boolean deleteUntagged, long graceSeconds, long uploadExpirySeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("delete_untagged", deleteUntagged);
    body.put("grace_seconds", graceSeconds);
    body.put("upload_expiry_seconds", uploadExpirySeconds);
    return wire.post(GALLEY + "registry/gc", body, ImageRegistryGcJson.class);
  }

  // ---- users and tokens (access control) ----------------------------------------------------

  /** {@code users/create}: a user who is not an administrator (an administrator's call). */
  public UserJson createUser(String username, String password) {
    return wire.post(
            MLFLOW + "users/create",
            Map.of("username", username, "password", password),
            AccessResponses.UserResponse.class)
        .user();
  }

  public UserJson getUser(String username) {
    return wire.get(
            MLFLOW + "users/get?username=" + QueryString.encode(username),
            AccessResponses.UserResponse.class)
        .user();
  }

  public List<UserJson> listUsers() {
    return wire.get(GALLEY + "users/list", AccessResponses.UsersResponse.class).users();
  }

  public void updatePassword(String username, String password) {
    wire.patch(
        MLFLOW + "users/update-password", Map.of("username", username, "password", password));
  }

  public void updateAdmin(String username, boolean admin) {
    wire.patch(MLFLOW + "users/update-admin", Map.of("username", username, "is_admin", admin));
  }

  public void deleteUser(String username) {
    wire.deleteWithBody(MLFLOW + "users/delete", Map.of("username", username));
  }

  /**
   * {@code tokens/create}: a token for {@code username} (null: the caller) with a scope ({@code
   * read}, {@code write}, {@code admin}) and, when {@code expiresInSeconds} is not null, an expiry.
   */
  public AccessResponses.CreatedToken createToken(
      @Nullable String username, String name, String scope, @Nullable Long expiresInSeconds) {
    return createToken(username, name, scope, expiresInSeconds, List.of(), List.of(), List.of());
  }

  /**
   * As {@link #createToken(String, String, String, Long)}, narrowed to these experiments (ids),
   * models (names) and repository patterns when any is given: it reaches nothing else.
   */
  public AccessResponses.CreatedToken createToken(
      @Nullable String username,
      String name,
      String scope,
      @Nullable Long expiresInSeconds,
      List<String> experiments,
      List<String> models,
      List<String> repositories) {
    Map<String, Object> body = new LinkedHashMap<>();
    putIfNotEmpty(body, "experiments", experiments);
    putIfNotEmpty(body, "models", models);
    putIfNotEmpty(body, "repositories", repositories);
    if (username != null) {
      body.put("username", username);
    }
    body.put("name", name);
    body.put("scope", scope);
    if (expiresInSeconds != null) {
      body.put("expires_in_seconds", expiresInSeconds);
    }
    return wire.post(GALLEY + "tokens/create", body, AccessResponses.CreatedToken.class);
  }

  /** The tokens of {@code username} (null: the caller), newest first. */
  public List<TokenJson> listTokens(@Nullable String username) {
    return wire.get(
            GALLEY
                + "tokens/list"
                + (username == null ? "" : "?username=" + QueryString.encode(username)),
            AccessResponses.TokensResponse.class)
        .tokens();
  }

  public void revokeToken(@Nullable String username, String tokenId) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (username != null) {
      body.put("username", username);
    }
    body.put("token_id", tokenId);
    wire.postForNothing(GALLEY + "tokens/revoke", body);
  }

  // ---- permissions and groups (access control) ----------------------------------------------

  /**
   * Grants {@code permission} ({@code NO_PERMISSIONS}, {@code READ}, {@code EDIT}, {@code MANAGE})
   * on an experiment: MLflow's {@code experiments/permissions/create}.
   */
  public void grantExperiment(String experimentId, Grantee grantee, String permission) {
    grant("experiments", "experiment_id", experimentId, grantee, permission);
  }

  public void revokeExperiment(String experimentId, Grantee grantee) {
    revoke("experiments", "experiment_id", experimentId, grantee);
  }

  /** As {@link #grantExperiment} for a registered model. */
  public void grantModel(String name, Grantee grantee, String permission) {
    grant("registered-models", "name", name, grantee, permission);
  }

  public void revokeModel(String name, Grantee grantee) {
    revoke("registered-models", "name", name, grantee);
  }

  private void grant(String kind, String idField, String id, Grantee grantee, String permission) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(idField, id);
    body.put(grantee.field(), grantee.value());
    body.put("permission", permission);
    // A grant already held is changed instead: one verb for both, as a user means it.
    try {
      wire.postForNothing(MLFLOW + kind + "/permissions/create", body);
    } catch (GalleyApiException e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        throw e;
      }
      wire.patch(MLFLOW + kind + "/permissions/update", body);
    }
  }

  private void revoke(String kind, String idField, String id, Grantee grantee) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(idField, id);
    body.put(grantee.field(), grantee.value());
    wire.deleteWithBody(MLFLOW + kind + "/permissions/delete", body);
  }

  /** The user's own grants on experiments and registered models. */
  public AccessResponses.UserGrants grantsOf(String username) {
    return wire.get(
            MLFLOW + "users/get?username=" + QueryString.encode(username),
            AccessResponses.UserGrantsResponse.class)
        .user();
  }

  /** Grants {@code permission} on the image repositories {@code pattern} covers. */
  public void grantRepositories(String pattern, Grantee grantee, String permission) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pattern", pattern);
    body.put(grantee.field(), grantee.value());
    body.put("permission", permission);
    wire.postForNothing(GALLEY + "repositories/permissions/create", body);
  }

  public void revokeRepositories(String pattern, Grantee grantee) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pattern", pattern);
    body.put(grantee.field(), grantee.value());
    wire.deleteWithBody(GALLEY + "repositories/permissions/delete", body);
  }

  public List<RepositoryPermissionJson> listRepositoryPermissions() {
    return wire.get(
            GALLEY + "repositories/permissions/list",
            AccessResponses.RepositoryPermissionsResponse.class)
        .repositoryPermissions();
  }

  /** Sets what {@code username} may do where nothing was granted; null: the server's default. */
  public UserJson setDefaultPermission(String username, @Nullable String permission) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("permission", permission);
    return wire.post(
            GALLEY + "users/set-default-permission", body, AccessResponses.UserResponse.class)
        .user();
  }

  public GroupJson createGroup(String name) {
    return wire.post(
            GALLEY + "groups/create",
            Map.of("group_name", name),
            AccessResponses.GroupResponse.class)
        .group();
  }

  public void deleteGroup(String name) {
    wire.deleteWithBody(GALLEY + "groups/delete", Map.of("group_name", name));
  }

  public List<GroupJson> listGroups() {
    return wire.get(GALLEY + "groups/list", AccessResponses.GroupsResponse.class).groups();
  }

  public void addGroupMember(String group, String username) {
    wire.postForNothing(
        GALLEY + "groups/add-member", Map.of("group_name", group, "username", username));
  }

  public void removeGroupMember(String group, String username) {
    wire.postForNothing(
        GALLEY + "groups/remove-member", Map.of("group_name", group, "username", username));
  }

  /**
   * The audit log, newest first: events at or after {@code sinceMillis} (null: any), by {@code
   * user} (null: anyone), at most {@code maxResults} per page.
   */
  public AuditEventJson.Page auditEvents(
      @Nullable Long sinceMillis,
      @Nullable String user,
      int maxResults,
      @Nullable String pageToken) {
    StringBuilder q = new StringBuilder(GALLEY + "audit/list?max_results=" + maxResults);
    if (sinceMillis != null) {
      q.append("&since=").append(sinceMillis);
    }
    if (user != null) {
      q.append("&user=").append(QueryString.encode(user));
    }
    if (pageToken != null) {
      q.append("&page_token=").append(QueryString.encode(pageToken));
    }
    return wire.get(q.toString(), AuditEventJson.Page.class);
  }

  private static void putIfNotEmpty(Map<String, Object> body, String field, List<?> items) {
    if (!items.isEmpty()) {
      body.put(field, items);
    }
  }

  /**
   * How to reach the server. Defaults: no token, a 60 s retry timeout, a 60 s request timeout, a 5
   * s connect timeout, user agent {@code galley-client}.
   */
  public static final class Builder {
    private final URI trackingUri;
    private @Nullable String token;
    private @Nullable String basicUser;
    private @Nullable String basicPassword;
    private Duration retryTimeout = Duration.ofSeconds(60);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private String userAgent = "galley-client";

    private Builder(URI trackingUri) {
      this.trackingUri = requireNonNull(trackingUri, "trackingUri");
    }

    /** Sent as {@code Authorization: Bearer <token>}; null sends none. A token wins over Basic. */
    public Builder token(@Nullable String token) {
      this.token = token;
      return this;
    }

    /** Sent as HTTP Basic when no token is set; a null user sends none. */
    public Builder basicAuth(@Nullable String user, @Nullable String password) {
      this.basicUser = user;
      this.basicPassword = password;
      return this;
    }

    /**
     * How long to keep retrying network errors, 429 and 5xx before giving up with {@link
     * GalleyUnreachableException}; zero makes a single attempt.
     */
    public Builder retryTimeout(Duration retryTimeout) {
      this.retryTimeout = nonNegative(retryTimeout, "retryTimeout");
      return this;
    }

    /** How long one request may wait for its answer (uploads excepted). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** How long connecting may take. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** The {@code User-Agent} header, e.g. {@code galley-sdk}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = requireNonNull(userAgent, "userAgent");
      return this;
    }

    public GalleyClient build() {
      String s = trackingUri.toString();
      URI base = URI.create(s.endsWith("/") ? s : s + "/");
      return new GalleyClient(
          trackingUri,
          new HttpTransport(
              base, authorization(), retryTimeout, requestTimeout, connectTimeout, userAgent));
    }

    private @Nullable String authorization() {
      if (token != null) {
        return "Bearer " + token;
      }
      if (basicUser == null) {
        return null;
      }
      String pair = basicUser + ":" + (basicPassword == null ? "" : basicPassword);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static Duration nonNegative(Duration d, String name) {
      if (requireNonNull(d, name).isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }

    private static Duration positive(Duration d, String name) {
      if (nonNegative(d, name).isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
