package io.galley.sdk.internal;

import io.galley.core.environment.Environment;
import io.galley.core.environment.EnvironmentTagKeys;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.tracking.TrackingLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An environment as run tags (documented on {@link Environment}): MLflow's names where MLflow has
 * one, so its UI shows them, and {@code galley.env.*} for the rest. Keys that would break MLflow's
 * name rules are left out (the full detail is in environment.json); values are cut at MLflow's
 * length limit.
 */
public final class EnvironmentTags {
  public static final String PREFIX = EnvironmentTagKeys.PREFIX;
  public static final String LIBRARY_PREFIX = EnvironmentTagKeys.LIBRARY_PREFIX;
  private static final Pattern VALID_KEY =
      Pattern.compile("^[/\\w.\\- ]*$", Pattern.UNICODE_CHARACTER_CLASS);

  private EnvironmentTags() {}

  /** MLflow's own tags, which a run gets at creation as MLflow's client sets them. */
  public static Map<String, String> mlflow(Environment e) {
    Map<String, String> tags = new LinkedHashMap<>();
    put(tags, "mlflow.user", e.property(Environment.USER_NAME));
    put(tags, "mlflow.source.name", e.property(Environment.PROCESS_MAIN_CLASS));
    if (e.property(Environment.PROCESS_MAIN_CLASS) != null) {
      tags.put("mlflow.source.type", "LOCAL");
    }
    GitState g = e.git();
    if (g != null) {
      put(tags, "mlflow.source.git.commit", g.commit());
      put(tags, "mlflow.source.git.branch", g.branch());
      put(tags, "mlflow.source.git.repoURL", g.remoteUrl());
    }
    return tags;
  }

  /** Galley's tags: properties, git's dirty flag and one tag per library with coordinates. */
  public static Map<String, String> galley(Environment e) {
    Map<String, String> tags = new LinkedHashMap<>();
    e.properties()
        .forEach(
            (k, v) -> {
              if (!k.equals(Environment.PROCESS_COMMAND_LINE)) {
                put(tags, PREFIX + k, v);
              }
            });
    GitState git = e.git();
    if (git != null && git.dirty() != null) {
      tags.put(PREFIX + "git.dirty", git.dirty().toString());
    }
    for (Library l : e.libraries()) {
      // Two versions of one artifact on the class path: the first is the one the JVM loads.
      if (l.maven() != null) {
        String key = LIBRARY_PREFIX + l.maven().groupId() + "/" + l.maven().artifactId();
        if (!tags.containsKey(key)) {
          put(tags, key, l.maven().version());
        }
      }
    }
    return tags;
  }

  private static void put(Map<String, String> tags, String key, @Nullable String value) {
    if (value == null
        || key.length() > TrackingLimits.MAX_ENTITY_KEY_LENGTH
        || !VALID_KEY.matcher(key).matches()) {
      return;
    }
    tags.put(
        key,
        value.length() > TrackingLimits.MAX_TAG_VAL_LENGTH
            ? value.substring(0, TrackingLimits.MAX_TAG_VAL_LENGTH)
            : value);
  }
}
