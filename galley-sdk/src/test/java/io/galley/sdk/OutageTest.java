package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server goes down and comes back on the same port and data: nothing logged is lost. */
class OutageTest {
  @Test
  void metricsAndCallsLoggedDuringAnOutageArriveOnceTheServerIsBack(@TempDir Path data)
      throws Exception {
    try (LiveServer server = new LiveServer(data)) {
      Galley galley = server.builder().retryTimeout(Duration.ofMinutes(1)).build();
      ActiveRun run = galley.experiment("outage").startRun();
      for (int i = 0; i < 1500; i++) {
        run.logMetric("loss", i, i);
      }
      run.flush();

      server.stop();
      // Buffered while the server is down; the sender retries with backoff meanwhile.
      for (int i = 1500; i < 5000; i++) {
        run.logMetric("loss", i, i);
      }
      // A synchronous call made during the outage waits for the server too.
      CompletableFuture<Void> param = CompletableFuture.runAsync(() -> run.logParam("lr", 0.1));
      server.start();
      param.get(1, TimeUnit.MINUTES);
      run.close();

      List<JsonNode> history = server.history(run.id(), "loss");
      assertThat(history).hasSize(5000);
      for (int i = 0; i < 5000; i++) {
        assertThat(history.get(i).path("step").asLong()).isEqualTo(i);
      }
      assertThat(server.params(run.id())).containsEntry("lr", "0.1");
      assertThat(server.run(run.id()).path("info").path("status").asText()).isEqualTo("FINISHED");
    }
  }
}
