package io.galley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
  @Test
  void readsBothSpellingsAndLists() {
    Flags flags = Flags.parse(List.of("--runs", "10_000", "--threads=1,4"));

    assertThat(flags.integer("runs", 1, 1)).isEqualTo(10_000);
    assertThat(flags.integers("threads", "1", 1)).containsExactly(1, 4);
    flags.checkAllUsed();
  }

  @Test
  void refusesUnknownFlagsAndBadValues() {
    Flags flags = Flags.parse(List.of("--rnus", "5"));
    flags.integer("runs", 1, 1);

    assertThatThrownBy(flags::checkAllUsed).hasMessage("unknown flag --rnus");
    assertThatThrownBy(() -> Flags.parse(List.of("--runs", "0")).integer("runs", 1, 1))
        .hasMessageContaining("must be >= 1");
  }

  @Test
  void ingestWantsRequestsOrSecondsNotBoth() {
    Flags flags = Flags.parse(List.of("--requests", "5", "--seconds", "3"));

    assertThatThrownBy(() -> IngestBench.Options.from(flags)).isInstanceOf(UsageException.class);
  }
}
