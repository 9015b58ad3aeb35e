package io.galley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.client.GalleyClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The bench's requests over Galley's one client, made without retries: a load generator that waits
 * out errors or counts them as throughput measures nothing, so any refusal stops the bench. Hot
 * loops send bodies encoded once ({@link #logBatch}, {@link GalleyClient#searchRunsEncoded}).
 */
final class BenchRequests {
  static final ObjectMapper JSON = new ObjectMapper();

  private BenchRequests() {}

  /** A client of {@code base}: one shared HTTP/1.1 pool, {@code timeout} per request, no retry. */
  /** A client of {@code base}; with a {@code token} (not empty), signed in with it. */
  static GalleyClient client(URI base, Duration timeout, String token) {
    return GalleyClient.builder(base)
        .requestTimeout(timeout)
        .retryTimeout(Duration.ZERO)
        .userAgent("galley-bench")
        .token(token.isEmpty() ? null : token)
        .build();
  }

  static String createRun(GalleyClient client, String experimentId, long startTimeMillis) {
    return client.createRun(experimentId, null, null, startTimeMillis, List.of()).info().runId();
  }

  /**
   * Posts {@code {"run_id": runId, <fields>}} where {@code fields} is already-serialised JSON
   * members such as {@code "metrics":[...]}, so that hot loops serialise a batch only once.
   */
  static void logBatch(GalleyClient client, String runId, byte[] fields) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(fields.length + 64);
    body.writeBytes(("{\"run_id\":\"" + runId + "\",").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(fields);
    body.write('}');
    byte[] bytes = body.toByteArray();
    client.logBatchEncoded(bytes, bytes.length);
  }

  static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The members of a JSON object without its braces, for {@link #logBatch}. */
  static byte[] members(Map<String, ?> object) {
    byte[] json = json(object);
    return Arrays.copyOfRange(json, 1, json.length - 1);
  }
}
