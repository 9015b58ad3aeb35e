package io.galley.server.mlflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import io.galley.server.http.BodyCut;
import io.galley.server.http.HttpError;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a JSON request body within a size limit, as MLflow's {@code _get_request_json} does. */
public final class RequestBodies {
  private RequestBodies() {}

  public static ObjectNode readObject(Context ctx, long maxBytes) {
    return parseObject(readBytes(ctx, maxBytes));
  }

  /** A body read by {@link #readBytes} as a JSON object; blank is the empty object. */
  public static ObjectNode parseObject(byte[] body) {
    if (isBlank(body)) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode tree = parse(strictUtf8(body));
    // Older MLflow clients double-encode the body as a JSON string (handlers.py).
    if (tree.isTextual()) {
      tree = parse(tree.textValue());
    }
    if (tree.isNull() || tree.isMissingNode()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST,
          "Malformed request body: expected a JSON object, got a JSON " + tree.getNodeType());
    }
    return (ObjectNode) tree;
  }

  /**
   * Decodes the body as strict UTF-8, as MLflow does. Jackson alone lets encoded surrogates and
   * overlong forms through, which would store names no other client can type.
   */
  private static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST, "Malformed request body: it is not valid UTF-8");
    }
  }

  private static JsonNode parse(String body) {
    try {
      return WireJson.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST,
          "Malformed JSON in request body: nested too deeply or a value too large");
    } catch (JsonProcessingException e) {
      // Jackson's own message names its classes and settings; say where, not how.
      JsonLocation at = e.getLocation();
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST,
          at == null
              ? "Malformed JSON in request body"
              : "Malformed JSON in request body at line "
                  + at.getLineNr()
                  + ", column "
                  + at.getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] readBytes(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      if (BodyCut.of(e) == BodyCut.TOO_SLOW) {
        throw BodyCut.TOO_SLOW.asHttpError();
      }
      throw new HttpError(400, ErrorCode.BAD_REQUEST, "Could not read the request body");
    }
  }

  private static HttpError tooLarge(long maxBytes) {
    return new HttpError(
        413,
        ErrorCode.BAD_REQUEST,
        "Request body too large: this server accepts at most " + maxBytes + " bytes");
  }

  public static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
