package io.galley.server.mlflow;

import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.ArtifactPath;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A place in the artifact proxy's tree, {@code <experiment_id>/<run_id>/artifacts/<path>}: the
 * layout of runs' {@code mlflow-artifacts:/<experiment_id>/<run_id>/artifacts} URIs.
 */
record ArtifactLocation(String experimentId, String runId, ArtifactPath path) {
  private static final String ARTIFACTS = "artifacts";

  /**
   * Parses a proxy path (already URL-decoded once). Refuses, as MLflow's {@code
   * validate_path_is_safe} does, anything that names a place outside the tree, also when it is
   * still percent-encoded ({@code %2e%2e}). Empty when the path is safe but not inside a run's
   * artifact tree (e.g. just {@code <experiment_id>}).
   */
  static Optional<ArtifactLocation> parse(String decoded) {
    ArtifactPath whole = ArtifactPath.parse(decoded);
    rejectEncodedTraversal(decoded);
    String[] segments = whole.value().split("/", 4);
    if (segments.length < 3 || !segments[2].equals(ARTIFACTS)) {
      return Optional.empty();
    }
    ArtifactPath relative = ArtifactPath.parse(segments.length == 4 ? segments[3] : "");
    return Optional.of(new ArtifactLocation(segments[0], segments[1], relative));
  }

  /** A path relative to a run's artifact root, refused as {@link #parse} refuses. */
  static ArtifactPath relative(String decoded) {
    ArtifactPath path = ArtifactPath.parse(decoded);
    rejectEncodedTraversal(decoded);
    return path;
  }

  /** As {@link #parse}, but a path outside any run's tree is refused too (for writes). */
  static ArtifactLocation parseForWrite(String decoded) {
    return parse(decoded)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "Invalid artifact path '"
                        + decoded
                        + "': artifacts live under <experiment_id>/<run_id>/artifacts/"));
  }

  /**
   * Decodes {@code %XX} escapes of a URL path as UTF-8; {@code +} stays a plus, as in a path (not a
   * form). Throws on a malformed escape or bytes that are not UTF-8.
   */
  static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int escape = raw.indexOf('%', i);
      int end = escape < 0 ? raw.length() : escape;
      bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
      if (escape < 0) {
        break;
      }
      if (escape + 2 >= raw.length()
          || !isHex(raw.charAt(escape + 1))
          || !isHex(raw.charAt(escape + 2))) {
        throw new InvalidRequestException(
            "Invalid path: malformed percent-encoding in '" + raw + "'");
      }
      bytes.write(HexFormat.fromHexDigits(raw, escape + 1, escape + 3));
      i = escape + 3;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("Invalid path: percent-encoded bytes are not UTF-8");
    }
  }

  /**
   * A path that decodes (again) into traversal is refused: some layer between a client and a file
   * may decode once more. The name itself keeps its escapes.
   */
  private static void rejectEncodedTraversal(String path) {
    String current = path;
    for (int round = 0; round < 4 && current.indexOf('%') >= 0; round++) {
      String next;
      try {
        next = decodePath(current);
      } catch (InvalidRequestException e) {
        return; // a literal '%' that is no escape: nothing hides behind it
      }
      if (next.equals(current)) {
        return;
      }
      try {
        ArtifactPath.parse(next);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("Invalid path: '" + path + "' decodes to an unsafe path");
      }
      current = next;
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
