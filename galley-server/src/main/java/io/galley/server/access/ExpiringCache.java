package io.galley.server.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a sign-in or a permission check found, kept for a few seconds so that a client sending
 * request after request does not pay a lookup each time (MLflow's auth app pays several per
 * request, mlflow#9684). Bounded: past {@code maxEntries} it starts afresh. Changes made through
 * this server clear it at once ({@link #clear}); another server of the same database sees them
 * within {@code ttl}.
 */
final class ExpiringCache<K, V> {
  private record Entry<V>(V value, Instant until) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;

  ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The value kept for {@code key}, or the one {@code load} finds, kept from now on. */
  V get(K key, Supplier<V> load) {
    Instant now = clock.instant();
    Entry<V> kept = entries.get(key);
    if (kept != null && now.isBefore(kept.until())) {
      return kept.value();
    }
    V value = load.get();
    put(key, value, now.plus(ttl));
    return value;
  }

  Optional<V> find(K key) {
    Entry<V> kept = entries.get(key);
    return kept != null && clock.instant().isBefore(kept.until())
        ? Optional.of(kept.value())
        : Optional.empty();
  }

  void put(K key, V value, Instant until) {
    if (entries.size() >= maxEntries) {
      entries.clear(); // crude, bounded: a flood of distinct keys cannot grow the map
    }
    entries.put(key, new Entry<>(value, until));
  }

  void remove(K key) {
    entries.remove(key);
  }

  void clear() {
    entries.clear();
  }
}
