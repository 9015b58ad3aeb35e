package io.galley.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST images/build} and {@code images/pull}: the server builds a model version's image, or
 * pulls one, into its registry and streams what it does as JSON lines, one event each; the last is
 * {@code image} (done) or {@code error}.
 */
final class ImageBuildCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpTransport transport;

  ImageBuildCalls(HttpTransport transport) {
    this.transport = transport;
  }

  /** Every event to {@code events} as it arrives; returns the last ({@code image}). */
  JsonNode build(Map<String, Object> request, Consumer<JsonNode> events) {
    return build(request, events, "images/build");
  }

  /** As {@link #build(Map, Consumer)}, posted to {@code endpoint} (below Galley's API root). */
  JsonNode build(Map<String, Object> request, Consumer<JsonNode> events, String endpoint) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpResponse<InputStream> response =
        transport.send(
            "POST " + endpoint,
            GalleyClient.GALLEY + endpoint,
            false,
            b ->
                b.header("Content-Type", "application/json")
                    .header("Accept", "application/x-ndjson")
                    .POST(BodyPublishers.ofByteArray(body)),
            BodyHandlers.ofInputStream(),
            ArtifactCalls.Streams.NONE_ACCEPTED);
    JsonNode last = null;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        events.accept(event);
        last = event;
      }
    } catch (IOException e) {
      throw new GalleyClientException(
          ErrorCode.INTERNAL_ERROR,
          "the answer to " + endpoint + " broke off: " + e.getMessage(),
          e);
    }
    if (last == null) {
      throw new GalleyClientException(
          ErrorCode.INTERNAL_ERROR, "the server answered " + endpoint + " with nothing", null);
    }
    if ("error".equals(last.path("event").asText())) {
      throw new GalleyApiException(
          400, last.path("error_code").asText("BAD_REQUEST"), last.path("message").asText());
    }
    if (!"image".equals(last.path("event").asText())) {
      throw new GalleyClientException(
          ErrorCode.INTERNAL_ERROR,
          "the answer to " + endpoint + " stopped before the image was stored",
          null);
    }
    return last;
  }
}
