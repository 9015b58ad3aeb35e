package io.galley.sdk;

import static java.util.Objects.requireNonNull;

import io.galley.client.ClientSettings;
import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.client.mlflow.ExperimentJson;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.RegistryLimits;
import io.galley.core.tracking.TrackingLimits;
import io.galley.sdk.capture.CaptureOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A connection to a Galley (or MLflow) tracking server: the SDK's entry point.
 *
 * <pre>{@code
 * Galley galley = Galley.connect();
 * try (ActiveRun run = galley.experiment("iris").startRun("logreg-lr0.1")) {
 *   run.logParam("lr", 0.1);
 *   run.logMetric("accuracy", 0.93, step);
 * }
 * }</pre>
 *
 * <p>Thread-safe; one instance per server is enough. Settings ({@link Builder}) are fixed once
 * built.
 */
public final class Galley {
  private final GalleyClient client;
  private final URI trackingUri;
  private final CaptureOptions capture;
  private final int metricBufferPoints;
  private final Duration metricLinger;
  private final Duration systemMetricsInterval;

  private Galley(Builder b) {
    this.trackingUri = b.trackingUri;
    this.client =
        GalleyClient.builder(b.trackingUri)
            .token(
                b.token != null
                    ? b.token
                    : ClientSettings.token(System.getenv(), b.trackingUri).orElse(null))
            .retryTimeout(b.retryTimeout)
            .userAgent("galley-sdk")
            .build();
    this.capture = b.capture;
    this.metricBufferPoints = b.metricBufferPoints;
    this.metricLinger = b.metricLinger;
    this.systemMetricsInterval = b.systemMetricsInterval;
  }

  /**
   * Connects to {@code GALLEY_TRACKING_URI}, else {@code MLFLOW_TRACKING_URI}, else {@code
   * http://127.0.0.1:7070}; a bearer token comes from {@code GALLEY_TOKEN}, {@code
   * GALLEY_TRACKING_TOKEN} or {@code MLFLOW_TRACKING_TOKEN}. Nothing is sent until the first call.
   */
  public static Galley connect() {
    return builder().build();
  }

  /** Connects to the server at {@code trackingUri} (e.g. {@code http://127.0.0.1:7070}). */
  public static Galley connect(URI trackingUri) {
    return builder().trackingUri(trackingUri).build();
  }

  /** Settings beyond the tracking URI, starting from the environment's. */
  public static Builder builder() {
    return new Builder();
  }

  public URI trackingUri() {
    return trackingUri;
  }

  public CaptureOptions captureOptions() {
    return capture;
  }

  /**
   * The experiment named {@code name}, created if there is none. A deleted experiment of that name
   * is an error: restore it on the server, or pick another name.
   */
  public Experiment experiment(String name) {
    requireNonNull(name, "name");
    TrackingLimits.validateExperimentName(name);
    for (int attempt = 0; ; attempt++) {
      Optional<ExperimentJson> found = client.findExperimentByName(name);
      if (found.isPresent()) {
        ExperimentJson exp = found.get();
        if ("deleted".equals(exp.lifecycleStage())) {
          throw new GalleyException(
              ErrorCode.INVALID_STATE,
              "Experiment '"
                  + name
                  + "' (id "
                  + exp.experimentId()
                  + ") is deleted. Restore it (POST /api/2.0/mlflow/experiments/restore) or use"
                  + " another name.");
        }
        return new Experiment(this, exp.experimentId(), name);
      }
      try {
        return new Experiment(this, client.createExperiment(name), name);
      } catch (GalleyApiException e) {
        // Another process created it between our two calls: look it up again, once.
        if (attempt > 0 || !e.errorCode().equals(ErrorCode.RESOURCE_ALREADY_EXISTS.name())) {
          throw e;
        }
      }
    }
  }

  /**
   * Registers the model logged at {@code artifactPath} in run {@code runId} as a new version of the
   * registered model {@code name}, creating that model if it does not exist (MLflow's {@code
   * register_model("runs:/<runId>/<artifactPath>", name)}).
   */
  public ModelVersion registerModel(String runId, String artifactPath, String name) {
    requireNonNull(runId, "runId");
    requireNonNull(artifactPath, "artifactPath");
    requireNonNull(name, "name");
    String path = artifactPath.replaceAll("^/+|/+$", "");
    RegistryLimits.validateModelName(name);
    // What MLflow's register_model does: create the registered model unless it exists.
    try {
      client.createRegisteredModel(name);
    } catch (GalleyApiException e) {
      if (!e.errorCode().equals(ErrorCode.RESOURCE_ALREADY_EXISTS.name())) {
        throw e;
      }
    }
    return client.createModelVersion(name, "runs:/" + runId + "/" + path, runId).toModelVersion();
  }

  /** Points {@code alias} (e.g. {@code champion}) of registered model {@code name} at a version. */
  public void setAlias(String name, String alias, long version) {
    requireNonNull(name, "name");
    requireNonNull(alias, "alias");
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateAlias(alias);
    client.setModelAlias(name, alias, version);
  }

  GalleyClient client() {
    return client;
  }

  int metricBufferPoints() {
    return metricBufferPoints;
  }

  Duration metricLinger() {
    return metricLinger;
  }

  /** How often an open run samples system metrics; zero when it does not. */
  public Duration systemMetricsInterval() {
    return systemMetricsInterval;
  }

  /**
   * Settings of a {@link Galley}, checked by {@link #build()}.
   *
   * <table>
   *   <caption>Settings</caption>
   *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
   *   <tr><td>trackingUri</td><td>{@code GALLEY_TRACKING_URI}, {@code MLFLOW_TRACKING_URI},
   *       {@code http://127.0.0.1:7070}</td><td>the server (http or https)</td></tr>
   *   <tr><td>token</td><td>{@code GALLEY_TOKEN}, {@code GALLEY_TRACKING_TOKEN}, {@code MLFLOW_TRACKING_TOKEN}</td>
   *       <td>sent as {@code Authorization: Bearer}</td></tr>
   *   <tr><td>retryTimeout</td><td>2 min</td><td>how long a request is retried (with
   *       exponential backoff) while the server is unreachable or answers 429/5xx</td></tr>
   *   <tr><td>capture</td><td>{@link CaptureOptions#defaults()}</td><td>what {@code startRun}
   *       records about the environment</td></tr>
   *   <tr><td>metricBufferPoints</td><td>262144</td><td>metric points buffered per run (36 bytes
   *       each, 9 MiB); a caller that outruns the server waits when it is full. A power of two, at
   *       least 1024. Raise it to hold a whole burst (a million points: {@code 1 << 20}, 36 MiB);
   *       lower it when many runs are open in one small JVM</td></tr>
   *   <tr><td>metricLinger</td><td>1 s</td><td>how long a point waits for a full batch of 1000
   *       before it is sent anyway</td></tr>
   *   <tr><td>systemMetricsInterval</td><td>10 s</td><td>how often an open run logs the machine's
   *       and the JVM's load as {@code system/*} metrics (MLflow's names); {@link Duration#ZERO}
   *       turns it off. Zero or at least 100 ms</td></tr>
   * </table>
   */
  public static final class Builder {
    private static final Duration MIN_SYSTEM_METRICS_INTERVAL = Duration.ofMillis(100);
    private URI trackingUri = ClientSettings.trackingUri(System.getenv());
    // Null: from the environment, else the login saved for the server, once it is known.
    private @Nullable String token;
    private Duration retryTimeout = Duration.ofMinutes(2);
    private CaptureOptions capture = CaptureOptions.defaults();
    // 9 MiB a run: enough for the sender to keep up with a burst at about the server's ingest
    // rate (BENCHMARKS.md), small enough for a sweep of parallel runs in a modest heap.
    private int metricBufferPoints = 1 << 18;
    private Duration metricLinger = Duration.ofSeconds(1);
    private Duration systemMetricsInterval = Duration.ofSeconds(10);

    private Builder() {}

    public Builder trackingUri(URI uri) {
      this.trackingUri = requireNonNull(uri, "trackingUri");
      return this;
    }

    public Builder token(String token) {
      this.token = requireNonNull(token, "token");
      return this;
    }

    public Builder retryTimeout(Duration timeout) {
      this.retryTimeout = requireNonNull(timeout, "retryTimeout");
      return this;
    }

    public Builder capture(CaptureOptions options) {
      this.capture = requireNonNull(options, "capture");
      return this;
    }

    public Builder metricBufferPoints(int points) {
      this.metricBufferPoints = points;
      return this;
    }

    public Builder metricLinger(Duration linger) {
      this.metricLinger = requireNonNull(linger, "metricLinger");
      return this;
    }

    /** How often runs sample system metrics; {@link Duration#ZERO} for never. */
    public Builder systemMetricsInterval(Duration interval) {
      this.systemMetricsInterval = requireNonNull(interval, "systemMetricsInterval");
      return this;
    }

    public Galley build() {
      String scheme = trackingUri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "trackingUri must be an http:// or https:// URI of a tracking server, got '"
                + trackingUri
                + "'");
      }
      if (retryTimeout.isNegative()) {
        throw new IllegalArgumentException("retryTimeout must not be negative: " + retryTimeout);
      }
      if (metricBufferPoints < 1024 || Integer.bitCount(metricBufferPoints) != 1) {
        throw new IllegalArgumentException(
            "metricBufferPoints must be a power of two >= 1024, got " + metricBufferPoints);
      }
      if (metricLinger.isNegative()) {
        throw new IllegalArgumentException("metricLinger must not be negative: " + metricLinger);
      }
      if (!systemMetricsInterval.isZero()
          && systemMetricsInterval.compareTo(MIN_SYSTEM_METRICS_INTERVAL) < 0) {
        // Each sample reads /proc and stats the disk: faster would load the machine it measures.
        throw new IllegalArgumentException(
            "systemMetricsInterval must be zero (off) or at least 100 ms, got "
                + systemMetricsInterval);
      }
      return new Galley(this);
    }
  }
}
