package io.galley.core.diff;

import static java.util.Objects.requireNonNull;

import io.galley.core.environment.RecordedEnvironment;
import java.util.List;
import java.util.function.Predicate;

/**
 * What differs between run A and run B, section by section, every list sorted by key. {@link
 * #between} compares everything, identical and incidental items included; {@link
 * #differencesOnly()} keeps what is worth a reader's attention.
 *
 * @param runA run A's id
 * @param runB run B's id
 * @param environmentA where A's environment was read from ({@code NONE}: A recorded none, so every
 *     environment item of B shows as "only in B")
 * @param run the runs' own attributes: {@code experiment_id}, {@code status}, {@code user_id}, and,
 *     incidental, {@code run_name}, {@code start_time}, {@code end_time}
 * @param params params by key
 * @param metrics each metric's last value
 * @param tags tags other than those the environment and git sections cover ({@code galley.env.*},
 *     {@code mlflow.source.git.*}, {@code mlflow.user})
 * @param environment environment properties ({@code java.version}, {@code os.arch}…), {@code
 *     jvm-arguments} and {@code env.<VARIABLE>}
 * @param git {@code commit}, {@code branch}, {@code remote}, {@code dirty}
 * @param libraries every library of either class path
 * @param datasets every dataset input of either run
 */
public record RunDiff(
    String runA,
    String runB,
    RecordedEnvironment.Source environmentA,
    RecordedEnvironment.Source environmentB,
    List<ValueDiff> run,
    List<ValueDiff> params,
    List<MetricDiff> metrics,
    List<ValueDiff> tags,
    List<ValueDiff> environment,
    List<ValueDiff> git,
    List<LibraryDiff> libraries,
    List<DatasetDiff> datasets) {

  public RunDiff {
    requireNonNull(runA, "runA");
    requireNonNull(runB, "runB");
    requireNonNull(environmentA, "environmentA");
    requireNonNull(environmentB, "environmentB");
    run = List.copyOf(run);
    params = List.copyOf(params);
    metrics = List.copyOf(metrics);
    tags = List.copyOf(tags);
    environment = List.copyOf(environment);
    git = List.copyOf(git);
    libraries = List.copyOf(libraries);
    datasets = List.copyOf(datasets);
  }

  /** Compares {@code a} with {@code b}: a pure function of the two records. */
  public static RunDiff between(ComparedRun a, ComparedRun b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    return new RunDiff(
        a.runId(),
        b.runId(),
        a.environment().source(),
        b.environment().source(),
        RunDiffer.run(a.run().info(), b.run().info()),
        RunDiffer.params(a.run(), b.run()),
        RunDiffer.metrics(a.run(), b.run()),
        RunDiffer.tags(a.run(), b.run()),
        RunDiffer.environment(a.environment(), b.environment()),
        RunDiffer.git(a.environment().git(), b.environment().git()),
        RunDiffer.libraries(a.environment().jars(), b.environment().jars()),
        RunDiffer.datasets(a.run().inputs(), b.run().inputs()));
  }

  /** This diff without identical and incidental items. */
  public RunDiff differencesOnly() {
    return new RunDiff(
        runA,
        runB,
        environmentA,
        environmentB,
        keep(run, ValueDiff::matters),
        keep(params, ValueDiff::matters),
        keep(metrics, MetricDiff::matters),
        keep(tags, ValueDiff::matters),
        keep(environment, ValueDiff::matters),
        keep(git, ValueDiff::matters),
        keep(libraries, LibraryDiff::matters),
        keep(datasets, DatasetDiff::matters));
  }

  /** Whether anything worth attention differs. */
  public boolean hasDifferences() {
    return run.stream().anyMatch(ValueDiff::matters)
        || params.stream().anyMatch(ValueDiff::matters)
        || metrics.stream().anyMatch(MetricDiff::matters)
        || tags.stream().anyMatch(ValueDiff::matters)
        || environment.stream().anyMatch(ValueDiff::matters)
        || git.stream().anyMatch(ValueDiff::matters)
        || libraries.stream().anyMatch(LibraryDiff::matters)
        || datasets.stream().anyMatch(DatasetDiff::matters);
  }

  private static <T> List<T> keep(List<T> items, Predicate<T> matters) {
    return items.stream().filter(matters).toList();
  }
}
