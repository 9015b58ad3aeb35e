package io.galley.server;

import io.galley.core.tracking.TrackingStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/** Hand-written stand-ins for tests of the HTTP layer alone. */
final class FakeStores {
  private FakeStores() {}

  /** A store no request may reach: tests of requests refused before the store. */
  static TrackingStore untouchable() {
    return of(
        (proxy, method, args) -> {
          throw new AssertionError(
              "the store must not be called, but " + method.getName() + " was");
        });
  }

  static TrackingStore of(InvocationHandler handler) {
    return (TrackingStore)
        Proxy.newProxyInstance(
            TrackingStore.class.getClassLoader(), new Class<?>[] {TrackingStore.class}, handler);
  }
}
