package io.galley.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the tracking server is and how to authenticate, from the environment as MLflow reads it.
 */
public final class ClientSettings {
  public static final URI DEFAULT_URI = URI.create("http://127.0.0.1:7070");

  private ClientSettings() {}

  /** {@code GALLEY_TRACKING_URI}, then {@code MLFLOW_TRACKING_URI}, else the local default. */
  public static URI trackingUri(Map<String, String> env) {
    return first(env, "GALLEY_TRACKING_URI", "MLFLOW_TRACKING_URI")
        .map(URI::create)
        .orElse(DEFAULT_URI);
  }

  /**
   * {@code GALLEY_TOKEN}, then {@code GALLEY_TRACKING_TOKEN}, then {@code MLFLOW_TRACKING_TOKEN}:
   * sent as a bearer token.
   */
  public static Optional<String> token(Map<String, String> env) {
    return first(env, "GALLEY_TOKEN", "GALLEY_TRACKING_TOKEN", "MLFLOW_TRACKING_TOKEN");
  }

  /**
   * The token to send to {@code server}: one from the environment ({@link #token(Map)}), else, when
   * no user name is set either, the one {@code galley login} saved for that server.
   */
  public static Optional<String> token(Map<String, String> env, URI server) {
    Optional<String> fromEnv = token(env);
    if (fromEnv.isPresent() || basicAuth(env).isPresent()) {
      return fromEnv;
    }
    return SavedLogins.of(env).find(server).map(SavedLogins.Login::token);
  }

  /**
   * {@code GALLEY_USERNAME} and {@code GALLEY_PASSWORD}, else MLflow's {@code
   * MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD}: sent as HTTP Basic when no
   * token is set. Empty unless a user name is set.
   */
  public static Optional<Map.Entry<String, String>> basicAuth(Map<String, String> env) {
    Optional<String> galley = first(env, "GALLEY_USERNAME");
    if (galley.isPresent()) {
      return Optional.of(Map.entry(galley.get(), env.getOrDefault("GALLEY_PASSWORD", "")));
    }
    return first(env, "MLFLOW_TRACKING_USERNAME")
        .map(user -> Map.entry(user, env.getOrDefault("MLFLOW_TRACKING_PASSWORD", "")));
  }

  private static Optional<String> first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }
}
