package io.galley.core.tracking;

import io.galley.core.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow 2.17's rules for names, lengths and batch sizes ({@code mlflow/utils/validation.py}), so
 * that a request MLflow refuses is refused here with the same message, and a value MLflow's server
 * truncates is truncated here the same way ({@link #validateParam}, {@link #validateTag}).
 */
public final class TrackingLimits {
  public static final int MAX_METRICS_PER_BATCH = 1000;
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  public static final int MAX_ENTITIES_PER_BATCH = 1000;
  public static final int MAX_PARAM_VAL_LENGTH = 6000;

  /** MLflow 2.17 raised run tag values from 5000 to 8000 (its migration {@code f5a4f2784254}). */
  public static final int MAX_TAG_VAL_LENGTH = 8000;

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

  /**
   * MLflow's client sends at most this many datasets per log-inputs ({@code MAX_DATASETS_PER_BATCH}
   * in {@code mlflow/utils/validation.py}) but its server does not check it; Galley does, because
   * 100,000 datasets in one call held a write transaction for about a minute.
   */
  public static final int MAX_DATASETS_PER_LOG_INPUTS = 1000;

  /**
   * Galley's own bound; MLflow's server sets none. 100,000 experiment ids in one search overran
   * H2's statement parameter limit.
   */
  public static final int MAX_EXPERIMENT_IDS_PER_SEARCH = 1000;

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
    refuseNul("Experiment name", name);
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

  /**
   * MLflow's {@code _validate_param}: the key is checked and refused, the value is truncated to
   * {@link #MAX_PARAM_VAL_LENGTH} ({@code _validate_length_limit(..., truncate=True)}, on by
   * default through {@code MLFLOW_TRUNCATE_LONG_VALUES}). Returns the param as it is to be stored.
   */
  public static Param validateParam(Param param) {
    validateName("parameter", param.key());
    checkLength("Param key", MAX_ENTITY_KEY_LENGTH, param.key());
    refuseNul("Param value", param.value());
    return param.value().length() <= MAX_PARAM_VAL_LENGTH
        ? param
        : new Param(param.key(), truncate(MAX_PARAM_VAL_LENGTH, param.value()));
  }

  /**
   * MLflow's {@code _validate_tag}, which its server applies to set-tag and log-batch: the key is
   * checked and refused, the value is truncated to {@link #MAX_TAG_VAL_LENGTH}. Returns the tag as
   * it is to be stored.
   */
  public static Tag validateTag(Tag tag) {
    validateTagKey(tag);
    refuseNul("Tag value", tag.value());
    return tag.value().length() <= MAX_TAG_VAL_LENGTH
        ? tag
        : new Tag(tag.key(), truncate(MAX_TAG_VAL_LENGTH, tag.value()));
  }

  /**
   * The rules of {@link #validateTag}, but a value over {@link #MAX_TAG_VAL_LENGTH} is refused, not
   * cut: for run tags that must be stored whole or not at all. MLflow's SQL store leaves these to
   * its {@code tags.value} column, which refuses what does not fit (create-run's tags, and the JSON
   * list {@code record_logged_model} writes, which a cut would leave unreadable).
   */
  public static void validateWholeTag(Tag tag) {
    validateTagKey(tag);
    checkLength("Tag value", MAX_TAG_VAL_LENGTH, tag.value());
  }

  private static void validateTagKey(Tag tag) {
    validateName("tag", tag.key());
    checkLength("Tag key", MAX_ENTITY_KEY_LENGTH, tag.key());
  }

  /** MLflow's {@code _validate_experiment_tag}: experiment tags are refused, never truncated. */
  public static void validateExperimentTag(Tag tag) {
    validateName("tag", tag.key());
    checkLength("Tag key", MAX_EXPERIMENT_TAG_KEY_LENGTH, tag.key());
    checkLength("Tag value", MAX_EXPERIMENT_TAG_VAL_LENGTH, tag.value());
  }

  /** A log-batch's params and tags as they are to be stored: values truncated as MLflow's are. */
  public record Batch(List<Param> params, List<Tag> tags) {
    public Batch {
      params = List.copyOf(params);
      tags = List.copyOf(tags);
    }
  }

  /**
   * Batch sizes, then each entry, then MLflow's rule that a batch names a param key once (checked
   * on the truncated values, as MLflow's {@code log_batch} does). Returns the params and tags as
   * they are to be stored.
   */
  public static Batch validateBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
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
    List<Param> storedParams = params.stream().map(TrackingLimits::validateParam).toList();
    List<Tag> storedTags = tags.stream().map(TrackingLimits::validateTag).toList();
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new TreeSet<>();
    for (Param p : storedParams) {
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
    return new Batch(storedParams, storedTags);
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

  /** Refuses a log-inputs carrying more datasets than {@link #MAX_DATASETS_PER_LOG_INPUTS}. */
  public static void validateDatasetCount(int count) {
    if (count > MAX_DATASETS_PER_LOG_INPUTS) {
      throw new InvalidRequestException(
          "A log-inputs request may log at most "
              + MAX_DATASETS_PER_LOG_INPUTS
              + " datasets, but "
              + count
              + " were given");
    }
  }

  /** Refuses a search over more experiments than {@link #MAX_EXPERIMENT_IDS_PER_SEARCH}. */
  public static void validateExperimentIdCount(int count) {
    if (count > MAX_EXPERIMENT_IDS_PER_SEARCH) {
      throw new InvalidRequestException(
          "A search may name at most "
              + MAX_EXPERIMENT_IDS_PER_SEARCH
              + " experiment ids, but "
              + count
              + " were given");
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
    checkSize("Dataset name", MAX_DATASET_NAME_SIZE, d.name());
    checkSize("Dataset digest", MAX_DATASET_DIGEST_SIZE, d.digest());
    checkSize("Dataset source", MAX_DATASET_SOURCE_SIZE, d.source());
    if (d.schema() != null) {
      checkSize("Dataset schema", MAX_DATASET_SCHEMA_SIZE, d.schema());
    }
    if (d.profile() != null) {
      checkSize("Dataset profile", MAX_DATASET_PROFILE_SIZE, d.profile());
    }
    for (Tag t : input.tags()) {
      if (t.key().isEmpty()) {
        throw new InvalidRequestException("Input tag key cannot be empty");
      }
      checkSize("InputTag key", MAX_INPUT_TAG_KEY_SIZE, t.key());
      checkSize("InputTag value", MAX_INPUT_TAG_VALUE_SIZE, t.value());
    }
  }

  /**
   * MLflow's {@code _validate_dataset} and {@code _validate_input_tag} say it without the value.
   */
  private static void checkSize(String what, int limit, String value) {
    refuseNul(what, value);
    if (value.length() > limit) {
      throw new InvalidRequestException(what + " exceeds the maximum length of " + limit);
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

  /**
   * PostgreSQL cannot keep a NUL in text and H2 can: refused on every store alike, before it
   * reaches one, with the value shown escaped.
   */
  public static void refuseNul(String what, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new InvalidRequestException(
          what
              + " '"
              + abbreviate(value).replace("\0", "\\0")
              + "' contains a NUL character, which the store cannot keep");
    }
  }

  /** MLflow's {@code _validate_length_limit}: "WHAT 'value' had length N, which exceeded ...". */
  public static void checkLength(String what, int limit, String value) {
    refuseNul(what, value);
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

  /**
   * The first {@code limit} characters, as Python's {@code value[:limit]}, of a longer value.
   * Lengths here count UTF-16 units, as the columns of H2 do, so a character outside the BMP counts
   * twice; a cut never splits one (that would store half a character).
   */
  private static String truncate(int limit, String value) {
    int end = Character.isHighSurrogate(value.charAt(limit - 1)) ? limit - 1 : limit;
    return value.substring(0, end);
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
