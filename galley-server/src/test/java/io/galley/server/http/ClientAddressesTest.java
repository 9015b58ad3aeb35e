package io.galley.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private final ClientAddresses proxied = new ClientAddresses(List.of("10.0.0.0/8", "::1"));

  @Test
  void withoutTrustedProxiesTheConnectionIsTheClient() {
    ClientAddresses none = new ClientAddresses(List.of());
    assertThat(none.resolve("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
  }

  @Test
  void aConnectionFromAnUntrustedAddressKeepsItsOwnWhateverItForwards() {
    assertThat(proxied.resolve("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
  }

  @Test
  void behindATrustedProxyTheNearestUntrustedForwardedAddressIsTheClient() {
    assertThat(proxied.resolve("10.0.0.2", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
    // Two proxies of ours: the walk passes both.
    assertThat(proxied.resolve("10.0.0.2", List.of("203.0.113.9, 10.0.0.5")))
        .isEqualTo("203.0.113.9");
    // What the client wrote itself, on the left, is not believed.
    assertThat(proxied.resolve("10.0.0.2", List.of("192.0.2.1, 203.0.113.9")))
        .isEqualTo("203.0.113.9");
    // Several headers are one list, in order.
    assertThat(proxied.resolve("10.0.0.2", List.of("192.0.2.1", "203.0.113.9")))
        .isEqualTo("203.0.113.9");
    // IPv6, with a port and in brackets, as some proxies write it.
    assertThat(proxied.resolve("0:0:0:0:0:0:0:1", List.of("[2001:db8::5]:4711")))
        .isEqualTo("2001:db8:0:0:0:0:0:5");
    assertThat(proxied.resolve("10.0.0.2", List.of("203.0.113.9:51234"))).isEqualTo("203.0.113.9");
  }

  @Test
  void whatIsNotAnAddressEndsTheWalkAtTheHopThatAddedIt() {
    assertThat(proxied.resolve("10.0.0.2", List.of("203.0.113.9, unknown, 10.0.0.5")))
        .isEqualTo("10.0.0.5");
    // Names are never looked up: this one would resolve, and must not be taken.
    assertThat(proxied.resolve("10.0.0.2", List.of("localhost"))).isEqualTo("10.0.0.2");
    assertThat(proxied.resolve("10.0.0.2", List.of("999.1.1.1"))).isEqualTo("10.0.0.2");
    assertThat(proxied.resolve("10.0.0.2", List.of(""))).isEqualTo("10.0.0.2");
    assertThat(proxied.resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
    // Only proxies of ours all the way: the left-most of them is as near the client as it gets.
    assertThat(proxied.resolve("10.0.0.2", List.of("10.9.9.9"))).isEqualTo("10.9.9.9");
  }

  @Test
  void aTrustedProxyMustBeAnAddressOrARange() {
    assertThat(
            new ClientAddresses(List.of("10.0.0.1-10.0.0.9"))
                .resolve("10.0.0.3", List.of("192.0.2.4")))
        .isEqualTo("192.0.2.4");
    for (String bad : List.of("proxy.internal", "10.0.0.0/x", "", "10.0.0.1-", "1.2.3")) {
      assertThatThrownBy(() -> new ClientAddresses(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trusted proxy");
    }
  }
}
