package io.galley.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.TestServer;
import io.galley.server.fuzz.WireClient.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, bounded fuzz of every endpoint over real HTTP and a real H2 store: thousands of bad
 * requests, each answered with a 4xx and MLflow's error JSON (never a 5xx, never a success for a
 * write), and afterwards the store reads back exactly as it was seeded.
 *
 * <p>Replay: {@code -Dfuzz.seed=S} reruns a whole run; {@code -Dfuzz.case=I} sends only case I of
 * that seed. {@code -Dfuzz.cases=N} changes how many cases are sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20240611L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 3750);
  private static final int SNAPSHOT_EVERY = 250;
  private static final int MAX_REPORTED = 25;

  private TestServer server;
  private WireClient wire;
  private SeedState seed;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.h2(dir);
    wire = new WireClient(server.server().port());
    seed = SeedState.create(server.http());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void badRequestsAreClientErrorsAndChangeNothing() {
    String before = snapshot();
    RequestGenerator generator = new RequestGenerator(seed, SEED);
    Integer only = Integer.getInteger("fuzz.case");
    int from = only == null ? 0 : only;
    int to = only == null ? CASES : only + 1;

    long started = System.nanoTime();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int megabyteBodies = 0;
    List<String> failures = new ArrayList<>();
    String changedAt = null;
    for (int i = from; i < to; i++) {
      FuzzRequest request = generator.generate(i);
      Answer answer = wire.send(request);
      statuses.merge(answer.status(), 1, Integer::sum);
      megabyteBodies += request.body() != null && request.body().length >= (1 << 20) ? 1 : 0;
      Optional<String> problem = ResponseChecks.problem(request, answer);
      if (problem.isPresent() && failures.size() < MAX_REPORTED) {
        failures.add(describe(i, request, answer, problem.get()));
      }
      if (changedAt == null && ((i + 1) % SNAPSHOT_EVERY == 0 || i == to - 1)) {
        String now = snapshot();
        if (!now.equals(before)) {
          changedAt =
              "store changed by a case in ("
                  + Math.max(from, i + 1 - SNAPSHOT_EVERY)
                  + ", "
                  + i
                  + "]: "
                  + StoreSnapshot.firstDifference(before, now);
        }
      }
    }
    System.out.printf(
        "fuzz: seed %d, %d requests (%d of 1 MB+) in %d ms, statuses %s%n",
        SEED, to - from, megabyteBodies, (System.nanoTime() - started) / 1_000_000, statuses);
    if (changedAt != null) {
      failures.add(changedAt);
    }
    assertThat(failures)
        .as("fuzz seed %d (replay one case with -Dfuzz.seed=%d -Dfuzz.case=I)", SEED, SEED)
        .isEmpty();
    assertThat(snapshot()).isEqualTo(before);
  }

  private String snapshot() {
    return StoreSnapshot.take(server.http(), server.blobDir(), seed.runIds());
  }

  private static String describe(int i, FuzzRequest request, Answer answer, String problem) {
    String body =
        answer.body().length() <= 400 ? answer.body() : answer.body().substring(0, 400) + "...";
    return String.format(
        "case %d: %s%n    request:  %s%n    response: %d %s %s",
        i, problem, request, answer.status(), answer.contentType(), body);
  }
}
