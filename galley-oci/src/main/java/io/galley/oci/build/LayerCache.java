package io.galley.oci.build;

import io.galley.oci.layer.WrittenLayer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layers already written, by the key their recipe gave (with the writer's date and compression in
 * it): a rebuild after a model-only change reuses the jar layers without reading a jar. A hit is
 * used only when the sink still holds the layer.
 */
public interface LayerCache {
  Optional<WrittenLayer> find(String key);

  void put(String key, WrittenLayer layer);

  /** Remembers nothing. */
  LayerCache NONE =
      new LayerCache() {
        @Override
        public Optional<WrittenLayer> find(String key) {
          return Optional.empty();
        }

        @Override
        public void put(String key, WrittenLayer layer) {}
      };

  /** In this process's memory, at most {@code limit} layers (then it starts over). */
  static LayerCache inMemory(int limit) {
    Map<String, WrittenLayer> layers = new ConcurrentHashMap<>();
    return new LayerCache() {
      @Override
      public Optional<WrittenLayer> find(String key) {
        return Optional.ofNullable(layers.get(key));
      }

      @Override
      public void put(String key, WrittenLayer layer) {
        if (layers.size() >= limit) {
          layers.clear();
        }
        layers.put(key, layer);
      }
    };
  }
}
