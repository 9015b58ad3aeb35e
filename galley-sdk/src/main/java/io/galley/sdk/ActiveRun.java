package io.galley.sdk;

import static java.util.Objects.requireNonNull;

import io.galley.client.GalleyClient;
import io.galley.client.environment.EnvironmentJson;
import io.galley.client.mlflow.DatasetInputJson;
import io.galley.client.mlflow.DatasetJson;
import io.galley.client.mlflow.ParamJson;
import io.galley.client.mlflow.TagJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import io.galley.core.environment.Environment;
import io.galley.core.environment.EnvironmentTagKeys;
import io.galley.core.environment.GitState;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.TrackingLimits;
import io.galley.sdk.internal.Artifacts;
import io.galley.sdk.internal.EnvironmentTags;
import io.galley.sdk.internal.MetricPipeline;
import io.galley.sdk.internal.ModelUpload;
import io.galley.sdk.internal.ModelWriter;
import io.galley.sdk.internal.OpenRuns;
import io.galley.sdk.internal.Secrets;
import io.galley.sdk.internal.Sha256;
import io.galley.sdk.internal.SystemMetrics;
import io.galley.sdk.model.ModelFlavor;
import io.galley.sdk.model.ModelInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A run in progress, from {@link Experiment#startRun}. Close it to end it FINISHED; call {@link
 * #fail} (or use {@link Experiment#run}) to end it FAILED; a run still open when the JVM exits ends
 * KILLED.
 *
 * <p>While open, a run logs the machine's and the JVM's load every {@link
 * Galley#systemMetricsInterval()} as {@code system/*} metrics, with MLflow's names ({@code
 * system/cpu_utilization_percentage}, {@code system/process_memory_rss_megabytes}, …).
 *
 * <p>Metrics are buffered and sent from a background thread in batches; everything else is sent
 * before the method returns, so a refused param or tag throws at its own line. A metric batch the
 * server refuses (or an outage longer than the retry timeout) makes the next call on this run, and
 * {@link #close()}, throw it: logged data is never dropped without an exception. Thread-safe.
 */
public final class ActiveRun implements AutoCloseable {
  /** The artifact that holds the stack trace of a failed run. */
  public static final String STACKTRACE_ARTIFACT = "error/stacktrace.txt";

  public static final String ENVIRONMENT_ARTIFACT = Environment.ARTIFACT;

  /** Set instead of uploading environment.json when the server does not serve artifacts. */
  public static final String NO_ARTIFACTS_TAG = EnvironmentTagKeys.ARTIFACTS_SKIPPED;

  private static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(5);

  private final GalleyClient api;
  private final String id;
  private final String experimentId;
  private final String name;
  private final String artifactUri;
  private final @Nullable Environment environment;
  private final MetricPipeline metrics;
  private final SystemMetrics.@Nullable Monitor systemMetrics;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final List<ModelInfo> models = new ArrayList<>();
  private @Nullable Artifacts artifacts;

  ActiveRun(
      Galley galley,
      String id,
      String experimentId,
      String name,
      String artifactUri,
      @Nullable Environment environment) {
    this.api = galley.client();
    this.id = id;
    this.experimentId = experimentId;
    this.name = name;
    this.artifactUri = artifactUri;
    this.environment = environment;
    this.metrics = new MetricPipeline(api, id, galley.metricBufferPoints(), galley.metricLinger());
    Duration interval = galley.systemMetricsInterval();
    this.systemMetrics = interval.isZero() ? null : SystemMetrics.start(id, interval, metrics::log);
    OpenRuns.add(this, () -> end(RunStatus.KILLED, null, SHUTDOWN_FLUSH));
  }

  public String id() {
    return id;
  }

  public String experimentId() {
    return experimentId;
  }

  public String name() {
    return name;
  }

  /** Where the run's artifacts live, e.g. {@code mlflow-artifacts:/1/<run>/artifacts}. */
  public String artifactUri() {
    return artifactUri;
  }

  /** The environment captured at start; empty when capture was turned off. */
  public Optional<Environment> environment() {
    return Optional.ofNullable(environment);
  }

  /** Logs a parameter; its value is {@code String.valueOf(value)}. A param never changes. */
  public void logParam(String key, Object value) {
    logParams(Map.of(requireNonNull(key, "key"), requireNonNull(value, "value")));
  }

  /** Logs parameters, 100 per request (MLflow's limit). */
  public void logParams(Map<String, ?> params) {
    checkOpen();
    Map<String, String> values = new LinkedHashMap<>();
    params.forEach((k, v) -> values.put(k, String.valueOf(v)));
    sendParams(values);
  }

  /** Logs a metric point at step 0 (MLflow's default step). */
  public void logMetric(String key, double value) {
    logMetric(key, value, 0);
  }

  /**
   * Logs a metric point, stamped with the current time. Returns at once (well under a microsecond);
   * waits only when the buffer is full, until the sender has made room.
   */
  public void logMetric(String key, double value, long step) {
    if (ended.get()) {
      throw endedError();
    }
    metrics.log(key, value, step);
  }

  /** Sets a tag (a later value replaces an earlier one). */
  public void setTag(String key, String value) {
    setTags(Map.of(requireNonNull(key, "key"), requireNonNull(value, "value")));
  }

  /** Sets tags, 100 per request (MLflow's limit). */
  public void setTags(Map<String, String> tags) {
    checkOpen();
    sendTags(tags);
  }

  /**
   * Records a random seed as the param {@code seed.<name>}: a param, because a seed must not change
   * during a run, and {@code seed.} so that {@code galley repro} finds every seed by its prefix.
   */
  public void logSeed(String name, long seed) {
    logParam("seed." + requireNonNull(name, "name"), Long.toString(seed));
  }

  /** Uploads a file (as {@code <name>}) or a directory (as {@code <name>/...}) to the root. */
  public void logArtifact(Path path) {
    logArtifact(path, "");
  }

  /**
   * Uploads a file to {@code dir/<name>}, or a directory's files to {@code dir/<name>/...}; each
   * file is streamed, so size is no concern.
   */
  public void logArtifact(Path path, String dir) {
    requireNonNull(path, "path");
    requireNonNull(dir, "dir");
    checkOpen();
    artifacts().upload(path, trimSlashes(dir));
  }

  /**
   * Logs a model as MLflow's {@code log_model} does: writes an MLflow model directory (the
   * flavour's files, {@code input_example.json}, and an {@code MLmodel} naming the flavour, the
   * signature and this run) and uploads it to {@code artifactPath} (e.g. {@code model}) among this
   * run's artifacts, then lists it in the run tag {@code mlflow.log-model.history}, where MLflow's
   * UI looks for a run's models. {@link ModelInfo#modelUri()} ({@code runs:/<run>/<path>}) is what
   * {@link Galley#registerModel} registers.
   */
  public ModelInfo logModel(ModelFlavor model, String artifactPath) {
    requireNonNull(model, "model");
    ArtifactPath target = ArtifactPath.parse(trimSlashes(requireNonNull(artifactPath, "path")));
    checkOpen();
    ModelInfo info = ModelUpload.log(artifacts(), model, id, target);
    synchronized (models) {
      models.add(info);
      setTag(ModelWriter.LOG_MODEL_HISTORY_TAG, ModelWriter.history(models));
    }
    return info;
  }

  /** As {@link #logInput(Path, String)} without a context. */
  public Digest logInput(Path file) {
    return logInput(file, null);
  }

  /**
   * Logs a local file as a dataset input of this run, and returns its sha256 (read in a stream).
   * MLflow's dataset: name = the file name, digest = the first 8 hex digits of the sha256 (MLflow's
   * digests are 8 hex digits too, at most 36 characters), source type {@code local}, source {@code
   * {"uri": "file:///..."}}, profile {@code {"size_bytes": n}}. The full digest is the input tag
   * {@value DatasetInput#CONTENT_DIGEST_TAG} ({@code sha256:<64 hex>}); {@code context} (e.g.
   * {@code training}) the tag {@code mlflow.data.context}.
   */
  public Digest logInput(Path file, @Nullable String context) {
    requireNonNull(file, "file");
    checkOpen();
    Path abs = file.toAbsolutePath().normalize();
    Digest digest;
    long size;
    try {
      if (!Files.isRegularFile(abs)) {
        throw new IOException("not a regular file");
      }
      size = Files.size(abs);
      digest = Sha256.of(abs);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read dataset " + abs + ": " + e.getMessage(), e);
    }
    logLocalDataset(abs, digest, size, context);
    return digest;
  }

  /** Waits until every metric logged so far is stored on the server. */
  public void flush() {
    checkOpen();
    metrics.flush();
  }

  /**
   * Ends the run FAILED because of {@code error}: its stack trace becomes the artifact {@value
   * #STACKTRACE_ARTIFACT}, its class and message the tags {@code galley.error.class} and {@code
   * galley.error.message}. For try-with-resources code; the later {@link #close()} does nothing.
   * Never throws: trouble while ending is added to {@code error} as suppressed exceptions, so that
   * the caller can rethrow {@code error} itself.
   */
  public void fail(Throwable error) {
    requireNonNull(error, "error");
    try {
      end(RunStatus.FAILED, error, null);
    } catch (RuntimeException e) {
      if (e != error) {
        error.addSuppressed(e);
      }
    }
  }

  /**
   * Sends what is buffered and ends the run FINISHED; does nothing if it has ended. If metrics
   * could not be logged the run ends FAILED and this throws why.
   */
  @Override
  public void close() {
    end(RunStatus.FINISHED, null, null);
  }

  /** The run's system metrics sampling; null when turned off. For tests. */
  SystemMetrics.@Nullable Monitor systemMetrics() {
    return systemMetrics;
  }

  /** Tags and artifacts of the environment; called once by {@link Experiment} after creation. */
  void recordEnvironment(Environment env) {
    Map<String, String> tags = new LinkedHashMap<>(EnvironmentTags.galley(env));
    if (!Artifacts.supports(artifactUri)) {
      // An MLflow server storing artifacts where only it can write: the tags must do.
      tags.put(NO_ARTIFACTS_TAG, "artifact_uri " + artifactUri + " is not served over HTTP");
      sendTags(tags);
      return;
    }
    if (!tags.isEmpty()) {
      sendTags(tags);
    }
    artifacts()
        .put(
            EnvironmentJson.write(env).getBytes(StandardCharsets.UTF_8),
            ArtifactPath.parse(ENVIRONMENT_ARTIFACT));
    if (env.git() != null && env.git().diff() != null) {
      String diff = env.git().diff();
      if (env.git().diffTruncated()) {
        diff += "\n# galley: diff truncated at the capture limit\n";
      }
      artifacts()
          .put(diff.getBytes(StandardCharsets.UTF_8), ArtifactPath.parse(GitState.DIFF_ARTIFACT));
    }
  }

  private void end(RunStatus status, @Nullable Throwable error, @Nullable Duration flushTimeout) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    OpenRuns.remove(this);
    if (systemMetrics != null) {
      systemMetrics.stop(); // before the pipeline closes: no sample may follow the last flush
    }
    RuntimeException failure = null;
    try {
      if (flushTimeout == null) {
        metrics.close();
      } else {
        metrics.flush(flushTimeout);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    Throwable cause = error != null ? error : failure;
    RunStatus finalStatus =
        status == RunStatus.FINISHED && failure != null ? RunStatus.FAILED : status;
    try {
      if (cause != null) {
        recordError(cause);
      }
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    try {
      api.updateRun(id, finalStatus.name(), System.currentTimeMillis());
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void recordError(Throwable cause) {
    StringWriter trace = new StringWriter();
    cause.printStackTrace(new PrintWriter(trace));
    Secrets secrets = new Secrets(System.getenv());
    String message = String.valueOf(cause.getMessage());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("galley.error.class", cause.getClass().getName());
    tags.put("galley.error.message", secrets.redact(truncate(message)));
    sendTags(tags);
    if (!Artifacts.supports(artifactUri)) {
      return;
    }
    artifacts()
        .put(
            secrets.redact(trace.toString()).getBytes(StandardCharsets.UTF_8),
            ArtifactPath.parse(STACKTRACE_ARTIFACT));
  }

  /** Params in {@code runs/log-batch} requests of at most 100 (MLflow's limit). */
  private void sendParams(Map<String, String> params) {
    inBatches(params, ParamJson::new, batch -> api.logBatch(id, List.of(), batch, List.of()));
  }

  /** Tags in {@code runs/log-batch} requests of at most 100 (MLflow's limit). */
  private void sendTags(Map<String, String> tags) {
    inBatches(tags, TagJson::new, batch -> api.logBatch(id, List.of(), List.of(), batch));
  }

  private static <T> void inBatches(
      Map<String, String> entries, BiFunction<String, String, T> item, Consumer<List<T>> send) {
    List<T> all = new ArrayList<>();
    entries.forEach((k, v) -> all.add(item.apply(k, v)));
    int per = TrackingLimits.MAX_PARAMS_TAGS_PER_BATCH;
    for (int i = 0; i < all.size(); i += per) {
      send.accept(all.subList(i, Math.min(all.size(), i + per)));
    }
  }

  /**
   * A local file as MLflow's dataset input: digest = 8 hex digits (MLflow's own digests are 8 hex
   * digits of an md5), the full sha256 as the input tag Galley keeps for sources it does not store.
   */
  private void logLocalDataset(Path file, Digest digest, long size, @Nullable String context) {
    List<TagJson> tags = new ArrayList<>();
    tags.add(new TagJson(DatasetInput.CONTENT_DIGEST_TAG, digest.toString()));
    if (context != null) {
      tags.add(new TagJson("mlflow.data.context", context));
    }
    DatasetJson dataset =
        new DatasetJson(
            String.valueOf(file.getFileName()),
            digest.hex().substring(0, 8),
            "local",
            WireJson.mapper().createObjectNode().put("uri", file.toUri().toString()).toString(),
            null,
            WireJson.mapper().createObjectNode().put("size_bytes", size).toString());
    api.logInputs(id, List.of(new DatasetInputJson(tags, dataset)));
  }

  private synchronized Artifacts artifacts() {
    if (artifacts == null) {
      artifacts = new Artifacts(api, artifactUri);
    }
    return artifacts;
  }

  private void checkOpen() {
    if (ended.get()) {
      throw endedError();
    }
    RuntimeException f = metrics.failure();
    if (f != null) {
      throw f;
    }
  }

  private IllegalStateException endedError() {
    return new IllegalStateException("Run " + id + " (" + name + ") has ended");
  }

  private static RuntimeException addTo(@Nullable RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static String truncate(String s) {
    return s.length() <= TrackingLimits.MAX_TAG_VAL_LENGTH
        ? s
        : s.substring(0, TrackingLimits.MAX_TAG_VAL_LENGTH);
  }

  private static String trimSlashes(String dir) {
    return dir.replaceAll("^/+|/+$", "");
  }
}
