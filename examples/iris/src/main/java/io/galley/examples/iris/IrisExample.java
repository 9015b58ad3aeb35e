package io.galley.examples.iris;

import static java.util.Objects.requireNonNull;

import io.galley.core.registry.ModelVersion;
import io.galley.sdk.Experiment;
import io.galley.sdk.Galley;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The example: trains every {@link Candidate} of the grid on one seeded split of the Iris data, one
 * run each, then registers the model of the run with the best test accuracy and points an alias
 * (default {@code champion}) at it.
 *
 * <pre>{@code
 * IrisExample.Result r = IrisExample.run(Galley.connect(), IrisExample.Settings.defaults(), run -> {});
 * }</pre>
 *
 * <p>Runs are deterministic given the seed: the same seed gives the same split, the same models and
 * the same metrics, on any JVM.
 */
public final class IrisExample {
  /** The share of each species kept out of training, for scoring. */
  static final double TEST_FRACTION = 0.2;

  /** Where to log and what to register. */
  public record Settings(String experiment, long seed, String registeredModel, String alias) {
    public Settings {
      requireNonNull(experiment, "experiment");
      requireNonNull(registeredModel, "registeredModel");
      requireNonNull(alias, "alias");
    }

    /** Experiment {@code iris}, seed 42, registered model {@code iris}, alias {@code champion}. */
    public static Settings defaults() {
      return new Settings("iris", 42, "iris", "champion");
    }

    public Settings withExperiment(String experiment) {
      return new Settings(experiment, seed, registeredModel, alias);
    }

    public Settings withSeed(long seed) {
      return new Settings(experiment, seed, registeredModel, alias);
    }

    public Settings withRegisteredModel(String name) {
      return new Settings(experiment, seed, name, alias);
    }
  }

  /** Every run in the order it ran, the best one, and the model version registered from it. */
  public record Result(
      Settings settings,
      int trainRows,
      int testRows,
      List<RunResult> runs,
      RunResult best,
      ModelVersion version) {
    public Result {
      runs = List.copyOf(runs);
    }
  }

  private IrisExample() {}

  /** The run names of the grid, in the order they run. */
  public static List<String> runNames() {
    return Candidate.grid(0).stream().map(Candidate::runName).toList();
  }

  /**
   * Trains and logs every run, registers the best, and returns what happened; {@code onRun} hears
   * of each run as it finishes. A run whose training fails ends FAILED and the exception stops the
   * example.
   */
  public static Result run(Galley galley, Settings settings, Consumer<RunResult> onRun) {
    IrisData.Split split = IrisData.split(IrisData.load(), settings.seed(), TEST_FRACTION);
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("galley-iris-");
      Path dataDir = Files.createDirectories(tmp.resolve("data"));
      Training.Data data =
          new Training.Data(
              settings.seed(),
              TEST_FRACTION,
              IrisData.dataset(split.train(), "iris train, seed " + settings.seed()),
              IrisData.dataset(split.test(), "iris test, seed " + settings.seed()),
              dataDir,
              IrisData.write(split.train(), dataDir.resolve("train.csv")),
              IrisData.write(split.test(), dataDir.resolve("test.csv")));
      Experiment experiment = galley.experiment(settings.experiment());
      List<RunResult> runs = new ArrayList<>();
      for (Candidate c : Candidate.grid(settings.seed())) {
        RunResult r = experiment.withRun(c.runName(), run -> Training.train(run, c, data));
        runs.add(r);
        onRun.accept(r);
      }
      RunResult best = best(runs);
      ModelVersion version =
          galley.registerModel(best.runId(), Training.MODEL_PATH, settings.registeredModel());
      galley.setAlias(settings.registeredModel(), settings.alias(), version.version());
      return new Result(settings, split.train().size(), split.test().size(), runs, best, version);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the split's files: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        delete(tmp);
      }
    }
  }

  /**
   * The highest test accuracy; among equals the run that started first. In an experiment with no
   * older runs that is the run {@code galley runs best} lists first: it breaks ties by start time.
   */
  static RunResult best(List<RunResult> runs) {
    RunResult best = runs.get(0);
    for (RunResult r : runs) {
      if (r.accuracy() > best.accuracy()) {
        best = r;
      }
    }
    return best;
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing the example for.
    }
  }
}
