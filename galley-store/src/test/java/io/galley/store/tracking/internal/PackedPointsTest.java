package io.galley.store.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.tracking.Metric;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedPointsTest {

  @Test
  void roundTripsEveryKindOfValue() {
    List<Metric> points =
        List.of(
            new Metric("m", 0.25, 1_700_000_000_000L, 0),
            new Metric("m", -0.0, 0, -1),
            new Metric("m", Double.NaN, Long.MAX_VALUE, Long.MIN_VALUE),
            new Metric("m", Double.POSITIVE_INFINITY, 1, Long.MAX_VALUE),
            new Metric("m", Double.NEGATIVE_INFINITY, 2, 3),
            new Metric("m", Double.MIN_VALUE, 3, 4),
            new Metric("m", -Double.MAX_VALUE, 4, 5));
    byte[] packed = PackedPoints.encode(points);
    assertThat(packed).hasSize(points.size() * PackedPoints.POINT_BYTES);
    List<Metric> back = new ArrayList<>();
    PackedPoints.decode("m", packed, back);
    assertThat(back).isEqualTo(points);
    for (int i = 0; i < points.size(); i++) {
      assertThat(Double.doubleToRawLongBits(back.get(i).value()))
          .isEqualTo(Double.doubleToLongBits(points.get(i).value()));
    }
  }

  @Test
  void storesEveryNanAsTheCanonicalOne() {
    double otherNan = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
    List<Metric> back = new ArrayList<>();
    PackedPoints.decode("m", PackedPoints.encode(List.of(new Metric("m", otherNan, 1, 2))), back);
    assertThat(Double.doubleToRawLongBits(back.get(0).value())).isEqualTo(0x7ff8_0000_0000_0000L);
  }

  @Test
  void layoutIsBigEndianStepTimestampValue() {
    byte[] packed = PackedPoints.encode(List.of(new Metric("m", 1.0, 2, 1)));
    assertThat(HexFormat.of().formatHex(packed))
        .isEqualTo("0000000000000001" + "0000000000000002" + "3ff0000000000000");
  }

  @Test
  void emptyAndCorruptChunks() {
    assertThat(PackedPoints.encode(List.of())).isEmpty();
    List<Metric> out = new ArrayList<>();
    PackedPoints.decode("m", new byte[0], out);
    assertThat(out).isEmpty();
    assertThatThrownBy(() -> PackedPoints.decode("m", new byte[25], out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("25 bytes");
  }
}
