package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedSignInsTest {
  /** A clock the test moves. */
  private static final class Moving extends Clock {
    Instant now = Instant.parse("2027-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Moving clock = new Moving();
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

    clock.now = clock.now.plus(FailedSignIns.MAX_WAIT);
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
