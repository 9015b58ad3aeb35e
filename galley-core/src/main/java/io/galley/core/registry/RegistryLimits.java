package io.galley.core.registry;

import io.galley.core.InvalidRequestException;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingLimits;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's rules for the registry's names, aliases, versions and tags ({@code
 * mlflow/utils/validation.py}, {@code _validate_model_name}, {@code _validate_model_alias_name},
 * {@code _validate_model_version}, tag checks), with MLflow's messages, so that a request MLflow
 * refuses is refused here the same way. Lengths MLflow leaves to its columns are checked here too,
 * so that a value too long is a 400 and never a database error.
 */
public final class RegistryLimits {
  /** MLflow's {@code registered_models.name} column is VARCHAR(256). */
  public static final int MAX_MODEL_NAME_LENGTH = 256;

  public static final int MAX_TAG_KEY_LENGTH = 250;
  public static final int MAX_TAG_VALUE_LENGTH = 5000;
  public static final int MAX_ALIAS_LENGTH = 255;
  public static final int MAX_DESCRIPTION_LENGTH = 5000;
  public static final int MAX_USER_ID_LENGTH = 256;
  public static final int MAX_RUN_ID_LENGTH = 256;

  /** Room for {@code mlflow-artifacts:/<experiment>/<run>/artifacts/} and a 4096-character path. */
  public static final int MAX_SOURCE_LENGTH = 8192;

  public static final int MAX_RUN_LINK_LENGTH = 2048;

  /**
   * Galley's own bound; MLflow's {@code validation.py} bounds a tag's key and value, not their
   * number. Every tag write checks and writes under the model's lock, so 10,000 tags on one version
   * (38 to 49 s to write on H2) held every other write to that model back.
   */
  public static final int MAX_TAGS_PER_MODEL_VERSION = 1000;

  private static final Pattern ALIAS =
      Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");

  private RegistryLimits() {}

  /** Refuses a new tag on a model version that already holds {@code existing} tags. */
  public static void validateVersionTagCount(long existing) {
    if (existing >= MAX_TAGS_PER_MODEL_VERSION) {
      throw new InvalidRequestException(
          "A model version may hold at most " + MAX_TAGS_PER_MODEL_VERSION + " tags");
    }
  }

  /**
   * MLflow's SQL store refuses only an empty name; its file store also refuses path separators and
   * {@code %}. Galley refuses those too: a name is a segment of {@code models:/NAME/VERSION} and of
   * URLs, where a slash or a percent sign would make it mean something else.
   */
  public static void validateModelName(@Nullable String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("Registered model name cannot be empty.");
    }
    if (name.indexOf('/') >= 0) {
      throw new InvalidRequestException(
          "Invalid name: '"
              + abbreviate(name)
              + "'. Registered model name cannot contain path separator");
    }
    if (name.indexOf('%') >= 0) {
      throw new InvalidRequestException(
          "Invalid name: '"
              + abbreviate(name)
              + "'. Registered model name cannot contain '%' character");
    }
    if (name.indexOf('\0') >= 0) {
      // PostgreSQL cannot store NUL in text; refuse it on every database alike.
      throw new InvalidRequestException(
          "Invalid name: '"
              + abbreviate(name).replace("\0", "\\0")
              + "'. Registered model name cannot contain a NUL character");
    }
    TrackingLimits.checkLength("Registered model name", MAX_MODEL_NAME_LENGTH, name);
  }

  public static void validateAlias(@Nullable String alias) {
    if (alias == null || alias.isEmpty()) {
      throw new InvalidRequestException("Registered model alias name cannot be empty.");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw new InvalidRequestException(
          "Invalid alias name: '"
              + abbreviate(alias)
              + "'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
    }
    TrackingLimits.checkLength("Registered model alias name", MAX_ALIAS_LENGTH, alias);
    if (alias.equalsIgnoreCase("latest")) {
      throw new InvalidRequestException("'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw new InvalidRequestException("Version alias name '" + alias + "' is reserved.");
    }
  }

  /** Parses a version as the wire carries it (a string), as Python's {@code int()} would. */
  public static long parseVersion(@Nullable String version) {
    String text = version == null ? "" : version.strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "Model version must be an integer, got '" + abbreviate(String.valueOf(version)) + "'");
    }
  }

  public static void validateRegisteredModelTag(Tag tag) {
    TrackingLimits.validateTagName(tag.key());
    TrackingLimits.checkLength("Registered model key", MAX_TAG_KEY_LENGTH, tag.key());
    TrackingLimits.checkLength("Registered model value", MAX_TAG_VALUE_LENGTH, tag.value());
  }

  public static void validateModelVersionTag(Tag tag) {
    TrackingLimits.validateTagName(tag.key());
    TrackingLimits.checkLength("Model version key", MAX_TAG_KEY_LENGTH, tag.key());
    TrackingLimits.checkLength("Model version value", MAX_TAG_VALUE_LENGTH, tag.value());
  }

  public static void validateDescription(@Nullable String description) {
    if (description != null) {
      TrackingLimits.checkLength("Description", MAX_DESCRIPTION_LENGTH, description);
    }
  }

  /** The fields of a new version other than its name and tags. */
  public static void validateNewVersion(NewModelVersion v) {
    if (v.source().isBlank()) {
      throw new InvalidRequestException("Model version source cannot be empty.");
    }
    TrackingLimits.checkLength("Model version source", MAX_SOURCE_LENGTH, v.source());
    checkOptional("Model version run_id", MAX_RUN_ID_LENGTH, v.runId());
    checkOptional("Model version run_link", MAX_RUN_LINK_LENGTH, v.runLink());
    checkOptional("Model version user_id", MAX_USER_ID_LENGTH, v.userId());
    validateDescription(v.description());
  }

  /** MLflow's checks of a registry search's {@code max_results}. */
  public static void validateMaxResults(int maxResults, int limit) {
    if (maxResults < 1) {
      throw new InvalidRequestException(
          "Invalid value for max_results. It must be a positive integer, but got " + maxResults);
    }
    if (maxResults > limit) {
      throw new InvalidRequestException(
          "Invalid value for request parameter max_results. It must be at most "
              + limit
              + ", but got value "
              + maxResults);
    }
  }

  private static void checkOptional(String what, int limit, @Nullable String value) {
    if (value != null) {
      TrackingLimits.checkLength(what, limit, value);
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 250 ? value : value.substring(0, 250);
  }
}
