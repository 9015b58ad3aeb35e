package io.galley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.client.GalleyClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingBenchTest {
  private FakeTrackingServer server;
  private GalleyClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeTrackingServer();
    client = BenchRequests.client(server.uri(), Duration.ofSeconds(10), "");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void ingestSendsTheWarmUpAndTheCountedRequests() {
    Flags flags =
        Flags.parse(List.of("--threads", "1,2", "--requests", "6", "--warmup-requests", "1"));

    Report report = new IngestBench(client, IngestBench.Options.from(flags)).run();

    assertThat(server.logBatches.get()).isEqualTo(1 + 6 + 2 + 6);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) report.json().get("results");
    assertThat(results).extracting(r -> r.get("requests")).containsExactly(6L, 6L);
  }

  @Test
  void searchSeedsThenChecksTheAnswer() {
    Flags flags = Flags.parse(List.of("--runs", "300", "--repeats", "3", "--warmup", "1"));

    Report report = new SearchBench(client, SearchBench.Options.from(flags)).run();

    assertThat(report.json().get("check").toString()).startsWith("ok (100 runs");
    assertThat(server.logBatches.get()).isEqualTo(300);
  }

  @Test
  void historyReadsBackEveryPoint() {
    Flags flags = Flags.parse(List.of("--points", "2500", "--repeats", "2"));

    Report report = new HistoryBench(client, HistoryBench.Options.from(flags)).run();

    assertThat(report.json().get("check")).isEqualTo("ok (2500 points in 1 page(s))");
  }
}
