package io.galley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void nearestRankPercentilesInMilliseconds() {
    long[] nanos = LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).toArray();

    Latencies latencies = Latencies.ofNanos(nanos);

    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.p50()).isEqualTo(50.0);
    assertThat(latencies.p90()).isEqualTo(90.0);
    assertThat(latencies.max()).isEqualTo(100.0);
    assertThat(latencies.mean()).isEqualTo(50.5);
  }

  @Test
  void singleSampleIsEveryPercentile() {
    Latencies latencies = Latencies.ofNanos(new long[] {2_500_000});

    assertThat(latencies.p50()).isEqualTo(2.5);
    assertThat(latencies.p90()).isEqualTo(2.5);
  }
}
