package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.search.Comparator;
import io.galley.core.search.Comparison;
import io.galley.core.search.EntityType;
import io.galley.core.search.FilterValue;
import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.LeaderboardQuery;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricAggregate;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ViewType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters of many clauses, several on one key and more keys of one kind than get a subquery each,
 * answer what checking every clause on every run answers, on both stores. The runs and filters are
 * drawn from a seeded generator; the expected answer is computed here, clause by clause.
 */
abstract class ManyClauseSearchContractTest {
  private static final int RUNS = 40;
  private static final int KEYS = 12;

  @TempDir Path tempDir;
  private JdbcStore jdbc;
  private TrackingStore store;

  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    store = jdbc.tracking();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  /** What one run holds, as the filter sees it. */
  private record Seeded(
      String name,
      Map<String, Double> metrics,
      Map<String, String> params,
      Map<String, String> tags) {}

  @Test
  void filtersOfUpToHundredsOfClausesAnswerWhatCheckingEachClauseAnswers() {
    Random random = new Random(13);
    String exp = store.createExperiment("many-clauses", null, List.of()).experimentId();
    List<Seeded> runs = seed(exp, random);
    int checked = 0;
    int nonEmpty = 0;
    for (int round = 0; round < 60; round++) {
      int clauses = round < 20 ? 1 + random.nextInt(6) : 10 + random.nextInt(round < 50 ? 60 : 400);
      // Few keys make long runs of clauses on one key; many keys pass the one-by-one bound.
      int keys = round % 3 == 0 ? 2 : KEYS;
      List<Comparison> filter = new ArrayList<>();
      for (int i = 0; i < clauses; i++) {
        filter.add(clause(random, keys));
      }
      TreeSet<String> expected = new TreeSet<>();
      for (Seeded run : runs) {
        if (filter.stream().allMatch(c -> passes(run, c))) {
          expected.add(run.name());
        }
      }
      List<String> answer =
          store
              .searchRuns(
                  new RunQuery(
                      List.of(exp),
                      new SearchFilter(filter),
                      ViewType.ACTIVE_ONLY,
                      1000,
                      List.of(new OrderBy(EntityType.ATTRIBUTE, "run_name", true)),
                      null))
              .items()
              .stream()
              .map(r -> r.info().runName())
              .toList();
      assertThat(answer).as("round %d: %s", round, filter).containsExactlyElementsOf(expected);
      List<String> ranked =
          store
              .leaderboard(
                  new LeaderboardQuery(
                      exp, "k0", MetricAggregate.LAST, true, false, 1000, new SearchFilter(filter)))
              .stream()
              .map(LeaderboardEntry::run)
              .map(r -> r.info().runName())
              .sorted()
              .toList();
      List<String> rankable =
          expected.stream().filter(n -> runs.get(index(n)).metrics().containsKey("k0")).toList();
      assertThat(ranked).as("leaderboard, round %d", round).containsExactlyElementsOf(rankable);
      checked++;
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertThat(checked).isEqualTo(60);
    // The generator must not make only empty answers, or the check above proves little.
    assertThat(nonEmpty).isGreaterThan(15);
  }

  /**
   * Ordered by one metric or by start time (the default listing too), a page comes from the walk
   * down that order when the walk finds it and from the general plan otherwise (a filter few runs
   * pass, the runs with a NaN or no metric value at the end): paging through in small pages gives
   * the general order either way.
   */
  @Test
  void pagesInAMetricOrStartTimeOrderListTheFilteredRunsInThatOrder() {
    Random random = new Random(17);
    String exp = store.createExperiment("walk", null, List.of()).experimentId();
    List<Seeded> runs = seed(exp, random);
    int pages = 0;
    for (int round = 0; round < 60; round++) {
      boolean ascending = round % 2 == 0;
      // Rounds 0, 1 mod 4: by k0, ascending or not; 2: the default (start time, latest first);
      // 3: start time, earliest first.
      int kind = round % 4;
      List<OrderBy> orderBy =
          switch (kind) {
            case 0, 1 -> List.of(new OrderBy(EntityType.METRIC, "k0", ascending));
            case 2 -> List.of();
            default -> List.of(new OrderBy(EntityType.ATTRIBUTE, "start_time", true));
          };
      java.util.Comparator<Seeded> byStart =
          java.util.Comparator.comparingInt(r -> index(r.name()));
      java.util.Comparator<Seeded> order =
          switch (kind) {
            case 0, 1 -> metricOrder("k0", ascending);
            case 2 -> byStart.reversed();
            default -> byStart;
          };
      int clauses = round < 10 ? 1 : 2 + random.nextInt(round < 30 ? 10 : 200);
      List<Comparison> filter = new ArrayList<>();
      for (int i = 0; i < clauses; i++) {
        filter.add(clause(random, round % 3 == 0 ? 2 : KEYS));
      }
      List<String> expected =
          runs.stream()
              .filter(run -> filter.stream().allMatch(c -> passes(run, c)))
              .sorted(order)
              .map(Seeded::name)
              .toList();
      List<String> answer = new ArrayList<>();
      String token = null;
      do {
        var page =
            store.searchRuns(
                new RunQuery(
                    List.of(exp),
                    new SearchFilter(filter),
                    ViewType.ACTIVE_ONLY,
                    3,
                    orderBy,
                    token));
        page.items().forEach(r -> answer.add(r.info().runName()));
        token = page.nextPageToken();
        pages++;
      } while (token != null && answer.size() <= RUNS);
      assertThat(answer).as("round %d: %s", round, filter).containsExactlyElementsOf(expected);
    }
    assertThat(pages).isGreaterThan(100);
  }

  /** A metric key no run holds fails every clause on it, != included, however many there are. */
  @Test
  void aMetricKeyNoRunHoldsMatchesNothingAndOneRunHoldsMatchesThatRun() {
    String exp = store.createExperiment("absent", null, List.of()).experimentId();
    seed(exp, new Random(5));
    String only = store.createRun(new NewRun(exp, "bo", "only", 5000, List.of())).info().runId();
    store.logBatch(only, List.of(new Metric("rare", 1, 1, 0)), List.of(), List.of());
    List<Comparison> absent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      absent.add(
          new Comparison(
              EntityType.METRIC, "absent_" + i, Comparator.NEQ, new FilterValue.Number(i)));
    }
    List<Comparison> rare =
        List.of(
            new Comparison(EntityType.METRIC, "rare", Comparator.NEQ, new FilterValue.Number(7)),
            new Comparison(EntityType.METRIC, "k0", Comparator.GT, new FilterValue.Number(-1)));

    assertThat(names(exp, absent)).isEmpty();
    assertThat(names(exp, rare)).isEmpty(); // "only" has no k0
    assertThat(names(exp, rare.subList(0, 1))).containsExactly("only");
  }

  private List<String> names(String exp, List<Comparison> filter) {
    return store
        .searchRuns(
            new RunQuery(
                List.of(exp),
                new SearchFilter(filter),
                ViewType.ACTIVE_ONLY,
                1000,
                List.of(new OrderBy(EntityType.METRIC, "k0", false)),
                null))
        .items()
        .stream()
        .map(r -> r.info().runName())
        .toList();
  }

  /**
   * runs/search's order by one metric: numbers first, then NaN, then no value; then later first.
   */
  private static java.util.Comparator<Seeded> metricOrder(String key, boolean ascending) {
    java.util.Comparator<Double> byValue = java.util.Comparator.naturalOrder();
    return java.util.Comparator.<Seeded>comparingInt(
            r -> {
              Double v = r.metrics().get(key);
              return v == null ? 2 : v.isNaN() ? 1 : 0;
            })
        .thenComparing(
            r -> {
              Double v = r.metrics().get(key);
              return v == null || v.isNaN() ? 0.0 : v;
            },
            ascending ? byValue : byValue.reversed())
        .thenComparing(r -> index(r.name()), java.util.Comparator.reverseOrder());
  }

  private List<Seeded> seed(String exp, Random random) {
    List<Seeded> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String name = String.format("r%02d", i);
      String id =
          store.createRun(new NewRun(exp, "alice", name, 1000L + i, List.of())).info().runId();
      Map<String, Double> metrics = new HashMap<>();
      Map<String, String> params = new HashMap<>();
      Map<String, String> tags = new HashMap<>();
      List<Metric> m = new ArrayList<>();
      List<Param> p = new ArrayList<>();
      List<Tag> t = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        // Most runs hold most keys, so that long filters still match some runs.
        if (random.nextInt(10) < 9) {
          double v = random.nextInt(20) == 0 ? Double.NaN : random.nextInt(10);
          metrics.put("k" + k, v);
          m.add(new Metric("k" + k, v, 1, 0));
        }
        if (random.nextInt(10) < 9) {
          params.put("k" + k, "v" + random.nextInt(3));
          p.add(new Param("k" + k, params.get("k" + k)));
        }
        if (random.nextInt(10) < 9) {
          tags.put("k" + k, "v" + random.nextInt(3));
          t.add(new Tag("k" + k, tags.get("k" + k)));
        }
      }
      store.logBatch(id, m, p, t);
      runs.add(new Seeded(name, metrics, params, tags));
    }
    return runs;
  }

  private static int index(String name) {
    return Integer.parseInt(name.substring(1));
  }

  private static Comparison clause(Random random, int keys) {
    String key = "k" + random.nextInt(keys);
    switch (random.nextInt(4)) {
      case 0 -> {
        Comparator c =
            List.of(
                    Comparator.EQ,
                    Comparator.NEQ,
                    Comparator.GT,
                    Comparator.GTE,
                    Comparator.LT,
                    Comparator.LTE)
                .get(random.nextInt(6));
        // Mostly loose bounds, so that a long filter keeps some runs.
        double bound =
            c == Comparator.GT || c == Comparator.GTE
                ? random.nextInt(3) - 1
                : 8 + random.nextInt(3);
        if (c == Comparator.EQ) {
          bound = random.nextInt(10);
        } else if (c == Comparator.NEQ) {
          bound = random.nextInt(12);
        }
        return new Comparison(EntityType.METRIC, key, c, new FilterValue.Number(bound));
      }
      case 1, 2 -> {
        EntityType type = random.nextBoolean() ? EntityType.PARAM : EntityType.TAG;
        int pick = random.nextInt(10);
        if (pick < 6) {
          return new Comparison(
              type, key, Comparator.NEQ, new FilterValue.Text("v" + (3 + random.nextInt(2))));
        }
        if (pick < 8) {
          String pattern = List.of("v%", "v_", "%" + random.nextInt(3)).get(random.nextInt(3));
          return new Comparison(type, key, Comparator.LIKE, new FilterValue.Text(pattern));
        }
        if (pick < 9) {
          return new Comparison(type, key, Comparator.ILIKE, new FilterValue.Text("V%"));
        }
        return new Comparison(
            type, key, Comparator.EQ, new FilterValue.Text("v" + random.nextInt(3)));
      }
      default -> {
        return new Comparison(
            EntityType.ATTRIBUTE,
            "start_time",
            Comparator.GTE,
            new FilterValue.Number(1000 + random.nextInt(3)));
      }
    }
  }

  /** SQL's LIKE for the patterns drawn above: letters and digits, '%' and '_'. */
  private static boolean like(String value, String pattern) {
    return value.matches(pattern.replace("%", ".*").replace("_", "."));
  }

  /** MLflow's meaning of one clause on one run: the key must be there; NaN passes only !=. */
  private static boolean passes(Seeded run, Comparison c) {
    switch (c.type()) {
      case METRIC -> {
        Double v = run.metrics().get(c.key());
        double bound = ((FilterValue.Number) c.value()).value();
        if (v == null) {
          return false;
        }
        if (v.isNaN()) {
          return c.comparator() == Comparator.NEQ;
        }
        return switch (c.comparator()) {
          case EQ -> v == bound;
          case NEQ -> v != bound;
          case GT -> v > bound;
          case GTE -> v >= bound;
          case LT -> v < bound;
          case LTE -> v <= bound;
          default -> throw new IllegalStateException();
        };
      }
      case PARAM, TAG -> {
        String v = (c.type() == EntityType.PARAM ? run.params() : run.tags()).get(c.key());
        if (v == null) {
          return false;
        }
        return switch (c.comparator()) {
          case EQ -> v.equals(((FilterValue.Text) c.value()).value());
          case NEQ -> !v.equals(((FilterValue.Text) c.value()).value());
          case LIKE -> like(v, ((FilterValue.Text) c.value()).value());
          case ILIKE ->
              like(
                  v.toLowerCase(Locale.ROOT),
                  ((FilterValue.Text) c.value()).value().toLowerCase(Locale.ROOT));
          default -> throw new IllegalStateException();
        };
      }
      case ATTRIBUTE -> {
        return 1000L + index(run.name()) >= ((FilterValue.Number) c.value()).value();
      }
      default -> throw new IllegalStateException();
    }
  }
}
