package io.galley.server;

import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.blob.BlobStore;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.tracking.TrackingStore;
import io.galley.oci.registry.ImageRegistryStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/** Hand-written stand-ins for tests of the HTTP layer alone. */
final class FakeStores {
  private FakeStores() {}

  /** A store no request may reach: tests of requests refused before the store. */
  static TrackingStore untouchable() {
    return untouchable(TrackingStore.class);
  }

  static ArtifactIndex untouchableArtifacts() {
    return untouchable(ArtifactIndex.class);
  }

  static ModelRegistry untouchableRegistry() {
    return untouchable(ModelRegistry.class);
  }

  static ImageRegistryStore untouchableImages() {
    return untouchable(ImageRegistryStore.class);
  }

  static BlobStore untouchableBlobs() {
    return untouchable(BlobStore.class);
  }

  static TrackingStore of(InvocationHandler handler) {
    return of(TrackingStore.class, handler);
  }

  static <T> T of(Class<T> port, InvocationHandler handler) {
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  private static <T> T untouchable(Class<T> port) {
    return of(
        port,
        (proxy, method, args) -> {
          throw new AssertionError(
              "the store must not be called, but " + method.getName() + " was");
        });
  }
}
