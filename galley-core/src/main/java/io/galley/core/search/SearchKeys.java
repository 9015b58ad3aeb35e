package io.galley.core.search;

import static io.galley.core.search.Comparator.EQ;
import static io.galley.core.search.Comparator.GT;
import static io.galley.core.search.Comparator.GTE;
import static io.galley.core.search.Comparator.ILIKE;
import static io.galley.core.search.Comparator.IN;
import static io.galley.core.search.Comparator.LIKE;
import static io.galley.core.search.Comparator.LT;
import static io.galley.core.search.Comparator.LTE;
import static io.galley.core.search.Comparator.NEQ;
import static io.galley.core.search.Comparator.NOT_IN;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's tables of what a search may name (mlflow/utils/search_utils.py, SearchUtils and
 * SearchExperimentsUtils, 2.17): entity prefixes, attribute keys and their aliases, and the
 * comparators each kind of key accepts.
 */
final class SearchKeys {
  static final Set<Comparator> NUMERIC = EnumSet.of(EQ, NEQ, GT, GTE, LT, LTE);
  static final Set<Comparator> TEXT = EnumSet.of(EQ, NEQ, LIKE, ILIKE);
  static final Set<Comparator> TEXT_OR_LIST = EnumSet.of(EQ, NEQ, LIKE, ILIKE, IN, NOT_IN);

  /** A model version's run_id: MLflow's VALID_STRING_ATTRIBUTE_COMPARATORS, with IN, no NOT IN. */
  static final Set<Comparator> TEXT_OR_IN = EnumSet.of(EQ, NEQ, LIKE, ILIKE, IN);

  /** Runs: SearchUtils._VALID_IDENTIFIERS; backticks around the prefix are allowed. */
  private static final Map<String, EntityType> RUN_PREFIXES =
      Map.ofEntries(
          Map.entry("metric", EntityType.METRIC),
          Map.entry("metrics", EntityType.METRIC),
          Map.entry("param", EntityType.PARAM),
          Map.entry("params", EntityType.PARAM),
          Map.entry("parameter", EntityType.PARAM),
          Map.entry("parameters", EntityType.PARAM),
          Map.entry("tag", EntityType.TAG),
          Map.entry("tags", EntityType.TAG),
          Map.entry("attribute", EntityType.ATTRIBUTE),
          Map.entry("attributes", EntityType.ATTRIBUTE),
          Map.entry("attr", EntityType.ATTRIBUTE),
          Map.entry("run", EntityType.ATTRIBUTE),
          Map.entry("dataset", EntityType.DATASET),
          Map.entry("datasets", EntityType.DATASET));

  /**
   * Experiments, registered models and model versions: SearchExperimentsUtils and
   * SearchModel(Version)Utils accept only these, and without backticks.
   */
  private static final Map<String, EntityType> EXPERIMENT_PREFIXES =
      Map.of(
          "attribute", EntityType.ATTRIBUTE,
          "tag", EntityType.TAG,
          "tags", EntityType.TAG);

  /** RunInfo's searchable attributes (its orderable ones are the same set). */
  private static final Set<String> RUN_ATTRIBUTES =
      Set.of("run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time");

  /** _ALTERNATE_NUMERIC_ATTRIBUTES: valid in filters and order_by. */
  private static final Map<String, String> RUN_NUMERIC_ALIASES =
      Map.of("created", "start_time", "Created", "start_time");

  /** _ALTERNATE_STRING_ATTRIBUTES: valid in filters only, as in MLflow. */
  private static final Map<String, String> RUN_TEXT_ALIASES =
      Map.of("run name", "run_name", "Run name", "run_name", "Run Name", "run_name");

  private static final Set<String> EXPERIMENT_FILTER_ATTRIBUTES =
      Set.of("name", "creation_time", "last_update_time");
  private static final Set<String> EXPERIMENT_ORDER_ATTRIBUTES =
      Set.of("name", "experiment_id", "creation_time", "last_update_time");

  /** SearchModelUtils.VALID_SEARCH_ATTRIBUTE_KEYS and VALID_ORDER_BY_KEYS_REGISTERED_MODELS. */
  private static final Set<String> MODEL_FILTER_ATTRIBUTES = Set.of("name");

  private static final Set<String> MODEL_ORDER_ATTRIBUTES =
      Set.of("name", "creation_timestamp", "last_updated_timestamp");

  /** SearchUtils.VALID_TIMESTAMP_ORDER_BY_KEYS: the store orders by last_updated for both. */
  private static final Map<String, String> MODEL_ORDER_ALIASES =
      Map.of("timestamp", "last_updated_timestamp");

  /** SearchModelVersionUtils.VALID_SEARCH_ATTRIBUTE_KEYS and VALID_ORDER_BY_ATTRIBUTE_KEYS. */
  private static final Set<String> VERSION_FILTER_ATTRIBUTES =
      Set.of("name", "version_number", "run_id", "source_path");

  private static final Set<String> VERSION_ORDER_ATTRIBUTES =
      Set.of("name", "version_number", "creation_timestamp", "last_updated_timestamp");

  /** Dataset keys: SearchUtils.DATASET_ATTRIBUTES. */
  static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

  private SearchKeys() {}

  /** The entity a prefix names for this target, or null when the target does not accept it. */
  static @Nullable EntityType entityType(String prefix, SearchTarget target) {
    if (target != SearchTarget.RUNS) {
      return EXPERIMENT_PREFIXES.get(prefix);
    }
    String bare =
        prefix.length() >= 2 && prefix.startsWith("`") && prefix.endsWith("`")
            ? prefix.substring(1, prefix.length() - 1)
            : prefix;
    return RUN_PREFIXES.get(bare);
  }

  static String prefixesOf(SearchTarget target) {
    return target != SearchTarget.RUNS
        ? "attribute, tag or tags"
        : "metric(s), param(s), parameter(s), tag(s), attribute(s), attr, run or dataset(s)";
  }

  /** The canonical attribute key a filter or order_by may name, or null. */
  static @Nullable String attribute(String key, SearchTarget target, boolean orderBy) {
    if (target == SearchTarget.REGISTERED_MODELS
        && orderBy
        && MODEL_ORDER_ALIASES.containsKey(key)) {
      return MODEL_ORDER_ALIASES.get(key);
    }
    if (target != SearchTarget.RUNS) {
      return attributeKeys(target, orderBy).contains(key) ? key : null;
    }
    if (RUN_ATTRIBUTES.contains(key)) {
      return key;
    }
    String alias = RUN_NUMERIC_ALIASES.get(key);
    if (alias == null && !orderBy) {
      alias = RUN_TEXT_ALIASES.get(key);
    }
    return alias;
  }

  /** The attribute keys (canonical and aliases) named in an "invalid attribute key" error. */
  static String attributesOf(SearchTarget target, boolean orderBy) {
    Set<String> keys = new TreeSet<>();
    if (target != SearchTarget.RUNS) {
      keys.addAll(attributeKeys(target, orderBy));
      if (target == SearchTarget.REGISTERED_MODELS && orderBy) {
        keys.addAll(MODEL_ORDER_ALIASES.keySet());
      }
    } else {
      keys.addAll(RUN_ATTRIBUTES);
      keys.addAll(RUN_NUMERIC_ALIASES.keySet());
      if (!orderBy) {
        keys.addAll(RUN_TEXT_ALIASES.keySet());
      }
    }
    return String.join(", ", keys);
  }

  /** The canonical attribute keys of a target other than runs (which also has aliases). */
  private static Set<String> attributeKeys(SearchTarget target, boolean orderBy) {
    return switch (target) {
      case EXPERIMENTS -> orderBy ? EXPERIMENT_ORDER_ATTRIBUTES : EXPERIMENT_FILTER_ATTRIBUTES;
      case REGISTERED_MODELS -> orderBy ? MODEL_ORDER_ATTRIBUTES : MODEL_FILTER_ATTRIBUTES;
      case MODEL_VERSIONS -> orderBy ? VERSION_ORDER_ATTRIBUTES : VERSION_FILTER_ATTRIBUTES;
      case RUNS -> RUN_ATTRIBUTES;
    };
  }

  /** Whether a key of this entity compares with numbers (else with quoted strings). */
  static boolean isNumeric(EntityType type, String key, SearchTarget target) {
    return type == EntityType.METRIC
        || (type == EntityType.ATTRIBUTE && target.numericAttributes().contains(key));
  }

  /** The comparators MLflow accepts for a (canonical) key of this entity. */
  static Set<Comparator> comparators(EntityType type, String key, SearchTarget target) {
    if (isNumeric(type, key, target)) {
      return NUMERIC;
    }
    if (type == EntityType.DATASET) {
      return TEXT_OR_LIST;
    }
    // Only run_id takes a list among attributes; params and tags never do.
    boolean runId = type == EntityType.ATTRIBUTE && key.equals("run_id");
    if (runId && target == SearchTarget.RUNS) {
      return TEXT_OR_LIST;
    }
    return runId && target == SearchTarget.MODEL_VERSIONS ? TEXT_OR_IN : TEXT;
  }

  /** Every canonical attribute key MLflow accepts, for checking against {@link SearchTarget}. */
  static Set<String> canonicalAttributes(SearchTarget target) {
    Set<String> keys = new TreeSet<>(attributeKeys(target, true));
    keys.addAll(attributeKeys(target, false));
    return keys;
  }
}
