package io.galley.sdk.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.TrackingLimits;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metric keys as small ints, so that the ring stores a point in primitive arrays. A key is checked
 * against MLflow's name rules once, when first seen, so a bad name fails at the caller's line
 * instead of in a batch later; its JSON form is encoded once too.
 */
final class MetricKeys {
  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  // Written under the lock before the id is handed out; a point's slot is published after that,
  // so the sender, which reads a slot before its key, always finds the key here.
  private volatile byte[][] json = new byte[16][];
  private volatile String[] names = new String[16];

  int idOf(String key) {
    Integer id = ids.get(key);
    return id != null ? id : register(key);
  }

  private synchronized int register(String key) {
    Integer known = ids.get(key);
    if (known != null) {
      return known;
    }
    TrackingLimits.validateMetric(new Metric(key, 0, 0, 0));
    int id = ids.size();
    byte[][] j = json;
    String[] n = names;
    if (id == j.length) {
      j = Arrays.copyOf(j, id * 2);
      n = Arrays.copyOf(n, id * 2);
    }
    j[id] = quoted(key);
    n[id] = key;
    json = j;
    names = n;
    ids.put(key, id);
    return id;
  }

  /** The key as a JSON string literal, quotes included, in UTF-8. */
  byte[] json(int id) {
    return json[id];
  }

  String name(int id) {
    return names[id];
  }

  private static byte[] quoted(String key) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(key);
    byte[] out = new byte[escaped.length + 2];
    out[0] = '"';
    System.arraycopy(escaped, 0, out, 1, escaped.length);
    out[out.length - 1] = '"';
    return out;
  }
}
