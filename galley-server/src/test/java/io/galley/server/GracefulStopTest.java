package io.galley.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.LifecycleStage;
import io.galley.server.Http.Resp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link GalleyServer#stop()} lets a request already being served finish. */
class GracefulStopTest {

  @Test
  void inFlightRequestFinishesDuringStop() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GalleyServer server =
        GalleyServer.builder()
            .config(ServerConfig.defaults().withPort(0).withStopTimeout(Duration.ofSeconds(20)))
            .tracking(
                FakeStores.of(
                    (proxy, method, args) -> {
                      if (!method.getName().equals("getExperiment")) {
                        throw new AssertionError("unexpected " + method.getName());
                      }
                      entered.countDown();
                      assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                      return new Experiment(
                          "7", "slow", "file:///tmp/7", LifecycleStage.ACTIVE, 1L, 2L, List.of());
                    }))
            .artifacts(FakeStores.untouchableArtifacts())
            .modelRegistry(FakeStores.untouchableRegistry())
            .images(FakeStores.untouchableImages())
            .blobs(FakeStores.untouchableBlobs())
            .build();
    Http http = new Http(server.start());

    CompletableFuture<Resp> inFlight =
        CompletableFuture.supplyAsync(() -> http.mlflowGet("experiments/get", "experiment_id=7"));
    assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
    // Stopping has begun once new connections are refused; only then let the request go on.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (accepts(http) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(stopping).isNotDone();
    release.countDown();

    Resp r = inFlight.get(20, TimeUnit.SECONDS);
    stopping.get(20, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/experiment/name").asText()).isEqualTo("slow");
  }

  private static boolean accepts(Http http) {
    try {
      http.get("/health");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
