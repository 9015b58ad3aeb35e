package io.galley.core.diff;

import io.galley.core.environment.EnvironmentTagKeys;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The comparisons behind {@link RunDiff#between}, one per section. */
final class RunDiffer {
  /** Prefix of the machine-load metrics the SDK (and MLflow) log while a run is open. */
  static final String SYSTEM_METRICS = "system/";

  /** Tags every run has with its own value: a difference in them says nothing. */
  static final Set<String> INCIDENTAL_TAGS = Set.of("mlflow.runName", "mlflow.log-model.history");

  private static final String CONTEXT_TAG = "mlflow.data.context";

  private RunDiffer() {}

  static List<ValueDiff> run(RunInfo a, RunInfo b) {
    return List.of(
        ValueDiff.of("experiment_id", a.experimentId(), b.experimentId(), false),
        ValueDiff.of("status", a.status().name(), b.status().name(), false),
        ValueDiff.of("user_id", a.userId(), b.userId(), false),
        ValueDiff.of("run_name", a.runName(), b.runName(), true),
        ValueDiff.of("start_time", time(a.startTime()), time(b.startTime()), true),
        ValueDiff.of("end_time", time(a.endTime()), time(b.endTime()), true));
  }

  static List<ValueDiff> params(Run a, Run b) {
    return values(
        byKey(a.data().params(), Param::key, Param::value),
        byKey(b.data().params(), Param::key, Param::value),
        k -> false);
  }

  static List<MetricDiff> metrics(Run a, Run b) {
    Map<String, Double> ma = byKey(a.data().metrics(), Metric::key, Metric::value);
    Map<String, Double> mb = byKey(b.data().metrics(), Metric::key, Metric::value);
    List<MetricDiff> out = new ArrayList<>();
    for (String key : union(ma.keySet(), mb.keySet())) {
      out.add(MetricDiff.of(key, ma.get(key), mb.get(key), key.startsWith(SYSTEM_METRICS)));
    }
    return out;
  }

  static List<ValueDiff> tags(Run a, Run b) {
    return values(runTags(a.data().tags()), runTags(b.data().tags()), INCIDENTAL_TAGS::contains);
  }

  /** Tags not shown by the environment and git sections. */
  private static Map<String, String> runTags(List<Tag> tags) {
    Map<String, String> out = new TreeMap<>();
    for (Tag t : tags) {
      String k = t.key();
      if (!k.startsWith(EnvironmentTagKeys.PREFIX)
          && !k.startsWith(EnvironmentTagKeys.MLFLOW_GIT_PREFIX)
          && !k.equals(EnvironmentTagKeys.MLFLOW_USER)) {
        out.put(k, t.value());
      }
    }
    return out;
  }

  static List<ValueDiff> environment(RecordedEnvironment a, RecordedEnvironment b) {
    List<ValueDiff> out = new ArrayList<>(values(a.properties(), b.properties(), k -> false));
    if (!a.jvmArguments().isEmpty() || !b.jvmArguments().isEmpty()) {
      out.add(
          ValueDiff.of("jvm-arguments", joined(a.jvmArguments()), joined(b.jvmArguments()), false));
    }
    out.addAll(values(prefixed(a.variables()), prefixed(b.variables()), k -> false));
    return out;
  }

  static List<ValueDiff> git(@Nullable GitState a, @Nullable GitState b) {
    if (a == null && b == null) {
      return List.of();
    }
    List<ValueDiff> out = new ArrayList<>();
    out.add(
        ValueDiff.of(
            "commit", a == null ? null : a.commit(), b == null ? null : b.commit(), false));
    out.add(
        ValueDiff.of(
            "branch", a == null ? null : a.branch(), b == null ? null : b.branch(), false));
    out.add(
        ValueDiff.of(
            "remote", a == null ? null : a.remoteUrl(), b == null ? null : b.remoteUrl(), false));
    out.add(
        ValueDiff.of(
            "dirty",
            a == null ? null : text(a.dirty()),
            b == null ? null : text(b.dirty()),
            false));
    return out.stream().filter(d -> d.a() != null || d.b() != null).toList();
  }

  static List<LibraryDiff> libraries(List<Library> a, List<Library> b) {
    Map<String, Library> la = firstByName(a);
    Map<String, Library> lb = firstByName(b);
    List<LibraryDiff> out = new ArrayList<>();
    for (String name : union(la.keySet(), lb.keySet())) {
      Library x = la.get(name);
      Library y = lb.get(name);
      out.add(
          LibraryDiff.of(
              name,
              x != null,
              y != null,
              x == null ? null : x.version(),
              y == null ? null : y.version(),
              x == null ? null : x.sha256(),
              y == null ? null : y.sha256()));
    }
    return out;
  }

  /** The JVM loads the first of two jars with one name: that one is the run's. */
  private static Map<String, Library> firstByName(List<Library> libraries) {
    Map<String, Library> out = new LinkedHashMap<>();
    libraries.forEach(l -> out.putIfAbsent(l.name(), l));
    return out;
  }

  static List<DatasetDiff> datasets(List<DatasetInput> a, List<DatasetInput> b) {
    Map<String, DatasetInput> da = byKey(a, RunDiffer::datasetKey, Function.identity());
    Map<String, DatasetInput> db = byKey(b, RunDiffer::datasetKey, Function.identity());
    List<DatasetDiff> out = new ArrayList<>();
    for (String key : union(da.keySet(), db.keySet())) {
      DatasetInput x = da.get(key);
      DatasetInput y = db.get(key);
      out.add(
          DatasetDiff.of(
              key,
              x != null,
              y != null,
              x == null ? null : x.dataset().digest(),
              y == null ? null : y.dataset().digest(),
              x == null ? null : tag(x, DatasetInput.CONTENT_DIGEST_TAG),
              y == null ? null : tag(y, DatasetInput.CONTENT_DIGEST_TAG)));
    }
    return out;
  }

  /** {@code name}, or {@code name [context]} when the input says what it was for. */
  static String datasetKey(DatasetInput input) {
    String context = tag(input, CONTEXT_TAG);
    return input.dataset().name() + (context == null ? "" : " [" + context + "]");
  }

  private static @Nullable String tag(DatasetInput input, String key) {
    return input.tags().stream()
        .filter(t -> t.key().equals(key))
        .map(Tag::value)
        .findFirst()
        .orElse(null);
  }

  private static List<ValueDiff> values(
      Map<String, String> a, Map<String, String> b, Predicate<String> incidental) {
    List<ValueDiff> out = new ArrayList<>();
    for (String key : union(a.keySet(), b.keySet())) {
      out.add(ValueDiff.of(key, a.get(key), b.get(key), incidental.test(key)));
    }
    return out;
  }

  private static <T, V> Map<String, V> byKey(
      List<T> items, Function<T, String> key, Function<T, V> value) {
    Map<String, V> out = new TreeMap<>();
    items.forEach(i -> out.put(key.apply(i), value.apply(i)));
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static Map<String, String> prefixed(Map<String, String> variables) {
    Map<String, String> out = new TreeMap<>();
    variables.forEach((k, v) -> out.put("env." + k, v));
    return out;
  }

  private static @Nullable String joined(List<String> args) {
    return args.isEmpty() ? null : String.join(" ", args);
  }

  private static @Nullable String text(@Nullable Boolean b) {
    return b == null ? null : b.toString();
  }

  private static @Nullable String time(@Nullable Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }
}
