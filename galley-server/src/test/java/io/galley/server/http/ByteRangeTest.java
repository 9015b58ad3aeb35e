package io.galley.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void closedRangeIsClampedToTheEnd() {
    assertThat(ByteRange.parse("bytes=2-5", 10)).contains(new ByteRange(2, 5));
    assertThat(ByteRange.parse("bytes=2-500", 10)).contains(new ByteRange(2, 9));
    assertThat(ByteRange.parse("bytes=9-9", 10)).contains(new ByteRange(9, 9));
  }

  @Test
  void openRangeRunsToTheEnd() {
    ByteRange r = ByteRange.parse("bytes=4-", 10).orElseThrow();
    assertThat(r).isEqualTo(new ByteRange(4, 9));
    assertThat(r.length()).isEqualTo(6);
    assertThat(r.contentRange(10)).isEqualTo("bytes 4-9/10");
  }

  @Test
  void suffixRangeIsTheLastBytes() {
    assertThat(ByteRange.parse("bytes=-3", 10)).contains(new ByteRange(7, 9));
    assertThat(ByteRange.parse("bytes=-30", 10)).contains(new ByteRange(0, 9));
  }

  @Test
  void unitIsCaseInsensitiveAndSpacesAreTolerated() {
    assertThat(ByteRange.parse("Bytes = 1 - 2", 10)).contains(new ByteRange(1, 2));
  }

  @Test
  void headersAnsweredWithTheWholeFile() {
    for (String header :
        new String[] {
          "bytes=5-2",
          "bytes=-",
          "bytes=0-1,4-5",
          "items=0-1",
          "bytes=a-b",
          "bytes 0-1",
          "",
          "bytes=99999999999999999999-"
        }) {
      assertThat(ByteRange.parse(header, 10)).as(header).isEqualTo(Optional.empty());
    }
    assertThat(ByteRange.parse(null, 10)).isEmpty();
  }

  @Test
  void rangesPastTheEndAreUnsatisfiable() {
    for (String header : new String[] {"bytes=10-", "bytes=10-20", "bytes=-0"}) {
      assertThatThrownBy(() -> ByteRange.parse(header, 10))
          .as(header)
          .isInstanceOf(ByteRange.UnsatisfiableException.class);
    }
    assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0))
        .isInstanceOf(ByteRange.UnsatisfiableException.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0))
        .isInstanceOf(ByteRange.UnsatisfiableException.class);
  }
}
