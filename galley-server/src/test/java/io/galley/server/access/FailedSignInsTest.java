package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedSignInsTest {
  private final MovingClock clock = new MovingClock();
  private final FailedSignIns failures = new FailedSignIns(clock);

  @Test
  void aFewFailuresAreFreeThenTheWaitDoublesUpToItsCap() {
    for (int i = 0; i < FailedSignIns.FREE_FAILURES; i++) {
      failures.failed("10.0.0.1");
      assertThat(failures.waitFor("10.0.0.1")).isEmpty();
    }
    failures.failed("10.0.0.1");
    assertThat(failures.waitFor("10.0.0.1")).contains(Duration.ofSeconds(1));
    failures.failed("10.0.0.1");
    assertThat(failures.waitFor("10.0.0.1")).contains(Duration.ofSeconds(2));
    for (int i = 0; i < 30; i++) {
      failures.failed("10.0.0.1");
    }
    assertThat(failures.waitFor("10.0.0.1")).contains(FailedSignIns.MAX_WAIT);
    assertThat(failures.waitFor("10.0.0.2")).isEmpty();

    clock.advance(FailedSignIns.MAX_WAIT);
    assertThat(failures.waitFor("10.0.0.1")).isEmpty();
  }

  @Test
  void aSuccessClearsTheAddress() {
    for (int i = 0; i < 10; i++) {
      failures.failed("10.0.0.3");
    }
    failures.succeeded("10.0.0.3");
    assertThat(failures.waitFor("10.0.0.3")).isEmpty();
    failures.failed("10.0.0.3");
    assertThat(failures.waitFor("10.0.0.3")).isEmpty();
  }
}
