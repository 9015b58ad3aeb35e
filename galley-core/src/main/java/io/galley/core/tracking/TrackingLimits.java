package io.galley.core.tracking;

import io.galley.core.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's rules for names, lengths and batch sizes ({@code mlflow/utils/validation.py}), so that a
 * request MLflow refuses is refused here with the same message.
 */
public final class TrackingLimits {
  public static final int MAX_METRICS_PER_BATCH = 1000;
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  public static final int MAX_ENTITIES_PER_BATCH = 1000;
  public static final int MAX_PARAM_VAL_LENGTH = 6000;
  public static final int MAX_TAG_VAL_LENGTH = 5000;
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  public static final int MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
  public static final int MAX_EXPERIMENT_TAG_VAL_LENGTH = 5000;
  public static final int MAX_ENTITY_KEY_LENGTH = 250;
  public static final int MAX_RUN_NAME_LENGTH = 250;
  public static final int MAX_DATASET_NAME_SIZE = 500;
  public static final int MAX_DATASET_DIGEST_SIZE = 36;
  public static final int MAX_DATASET_SCHEMA_SIZE = 1048575;
  public static final int MAX_DATASET_SOURCE_SIZE = 65535;
  public static final int MAX_DATASET_PROFILE_SIZE = 16777215;
  public static final int MAX_INPUT_TAG_KEY_SIZE = 255;
  public static final int MAX_INPUT_TAG_VALUE_SIZE = 500;
  public static final int MAX_ARTIFACT_LOCATION_LENGTH = 2048;

  // Python's \w (MLflow's regex) matches any Unicode letter or digit; Java's needs the flag.
  private static final Pattern VALID_NAME =
      Pattern.compile("^[/\\w.\\- ]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
  private static final Pattern EXPERIMENT_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,63}$");
  private static final String BAD_CHARACTERS =
      "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.),"
          + " spaces ( ), and slashes (/).";

  private TrackingLimits() {}

  public static void validateExperimentName(@Nullable String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("Invalid experiment name: '" + name + "'");
    }
    if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
      throw new InvalidRequestException(
          "Experiment name exceeds the maximum length of "
              + MAX_EXPERIMENT_NAME_LENGTH
              + " characters");
    }
  }

  public static void validateExperimentId(@Nullable String id) {
    if (id == null || !EXPERIMENT_ID.matcher(id).matches()) {
      throw new InvalidRequestException("Invalid experiment ID: '" + id + "'");
    }
  }

  public static void validateRunId(@Nullable String id) {
    if (id == null || !RUN_ID.matcher(id).matches()) {
      throw new InvalidRequestException("Invalid run ID: '" + id + "'");
    }
  }

  public static void validateArtifactLocation(@Nullable String location) {
    if (location == null) {
      return;
    }
    if (location.startsWith("runs:")) {
      throw new InvalidRequestException(
          "Artifact location cannot be a runs:/ URI. Given: '" + location + "'");
    }
    checkLength("Artifact location", MAX_ARTIFACT_LOCATION_LENGTH, location);
  }

  public static void validateRunName(@Nullable String name) {
    if (name != null) {
      checkLength("Run name", MAX_RUN_NAME_LENGTH, name);
    }
  }

  public static void validateMetric(Metric metric) {
    validateName("metric", metric.key());
    checkTimestamp(metric);
    checkLength("Metric name", MAX_ENTITY_KEY_LENGTH, metric.key());
  }

  private static void checkTimestamp(Metric metric) {
    if (metric.timestamp() < 0) {
      throw new InvalidRequestException(
          "Got invalid timestamp "
              + metric.timestamp()
              + " for metric '"
              + metric.key()
              + "' (value="
              + metric.value()
              + "). Timestamp must be a nonnegative long (64-bit integer) ");
    }
  }

  public static void validateParam(Param param) {
    validateName("parameter", param.key());
    checkLength("Param key", MAX_ENTITY_KEY_LENGTH, param.key());
    checkLength("Param value", MAX_PARAM_VAL_LENGTH, param.value());
  }

  public static void validateTag(Tag tag) {
    validateName("tag", tag.key());
    checkLength("Tag key", MAX_ENTITY_KEY_LENGTH, tag.key());
    checkLength("Tag value", MAX_TAG_VAL_LENGTH, tag.value());
  }

  public static void validateExperimentTag(Tag tag) {
    validateName("tag", tag.key());
    checkLength("Tag key", MAX_EXPERIMENT_TAG_KEY_LENGTH, tag.key());
    checkLength("Tag value", MAX_EXPERIMENT_TAG_VAL_LENGTH, tag.value());
  }

  /** Batch sizes, then each entry, then MLflow's rule that a batch names a param key once. */
  public static void validateBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    checkBatchLimit("metrics", MAX_METRICS_PER_BATCH, metrics.size());
    checkBatchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, params.size());
    checkBatchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags.size());
    checkBatchLimit(
        "metrics, params, and tags",
        MAX_ENTITIES_PER_BATCH,
        metrics.size() + params.size() + tags.size());
    // A batch names few keys many times: check each key's name once, in the order and with the
    // errors of validateMetric (a repeated key passed its name checks at its first point).
    Set<String> checkedKeys = new HashSet<>();
    for (Metric m : metrics) {
      if (checkedKeys.add(m.key())) {
        validateMetric(m);
      } else {
        checkTimestamp(m);
      }
    }
    params.forEach(TrackingLimits::validateParam);
    tags.forEach(TrackingLimits::validateTag);
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new TreeSet<>();
    for (Param p : params) {
      if (!seen.add(p.key())) {
        duplicates.add(p.key());
      }
    }
    if (!duplicates.isEmpty()) {
      throw new InvalidRequestException(
          "Duplicate parameter keys have been submitted: "
              + duplicates
              + ". Please ensure the request contains only one param value per param key.");
    }
  }

  /** MLflow's check of a search's {@code max_results}. */
  public static void validateMaxResults(int maxResults, int limit) {
    if (maxResults < 1 || maxResults > limit) {
      throw new InvalidRequestException(
          "Invalid value "
              + maxResults
              + " for parameter 'max_results' supplied. It must be at most "
              + limit
              + " and positive");
    }
  }

  public static void validateDatasetInput(DatasetInput input) {
    Dataset d = input.dataset();
    if (d.name().isEmpty()) {
      throw new InvalidRequestException("Dataset name cannot be empty");
    }
    if (d.digest().isEmpty()) {
      throw new InvalidRequestException("Dataset digest cannot be empty");
    }
    checkLength("Dataset name", MAX_DATASET_NAME_SIZE, d.name());
    checkLength("Dataset digest", MAX_DATASET_DIGEST_SIZE, d.digest());
    checkLength("Dataset source", MAX_DATASET_SOURCE_SIZE, d.source());
    if (d.schema() != null) {
      checkLength("Dataset schema", MAX_DATASET_SCHEMA_SIZE, d.schema());
    }
    if (d.profile() != null) {
      checkLength("Dataset profile", MAX_DATASET_PROFILE_SIZE, d.profile());
    }
    for (Tag t : input.tags()) {
      if (t.key().isEmpty()) {
        throw new InvalidRequestException("Input tag key cannot be empty");
      }
      checkLength("Input tag key", MAX_INPUT_TAG_KEY_SIZE, t.key());
      checkLength("Input tag value", MAX_INPUT_TAG_VALUE_SIZE, t.value());
    }
  }

  /** MLflow's {@code _validate_tag_name}: the rules of run tag keys, for any entity's tags. */
  public static void validateTagName(String name) {
    validateName("tag", name);
  }

  private static void validateName(String kind, String name) {
    if (!VALID_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "Invalid " + kind + " name: '" + abbreviate(name) + "'. " + BAD_CHARACTERS);
    }
    if (pathNotUnique(name)) {
      throw new InvalidRequestException(
          "Invalid "
              + kind
              + " name: '"
              + abbreviate(name)
              + "'. Names may be treated as files in certain cases, and must not resolve to"
              + " other names when treated as such.");
    }
  }

  /** MLflow's {@code path_not_unique}: the name must already be a normalised relative path. */
  static boolean pathNotUnique(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      return true;
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** MLflow's {@code _validate_length_limit}: "WHAT 'value' had length N, which exceeded ...". */
  public static void checkLength(String what, int limit, String value) {
    if (value.length() > limit) {
      throw new InvalidRequestException(
          what
              + " '"
              + abbreviate(value)
              + "' had length "
              + value.length()
              + ", which exceeded length limit of "
              + limit);
    }
  }

  private static void checkBatchLimit(String what, int limit, int size) {
    if (size > limit) {
      throw new InvalidRequestException(
          "A batch logging request can contain at most "
              + limit
              + " "
              + what
              + ". Got "
              + size
              + " "
              + what
              + ". Please split up "
              + what
              + " across multiple requests and try again.");
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 250 ? value : value.substring(0, 250);
  }
}
