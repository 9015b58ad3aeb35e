package io.galley.server.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A request body being streamed into the blob store, remembering whether reading it failed: a
 * client that goes away mid-upload is the client's error (400), not the server's (500).
 */
public final class UploadBody extends FilterInputStream {
  private volatile @Nullable IOException failure;

  public UploadBody(InputStream in) {
    super(in);
  }

  public boolean failed() {
    return failure != null;
  }

  /**
   * Hands the request body to {@code use}; when {@code use} fails because reading the body failed,
   * throws {@code whenCut}'s error instead (each API words it in its own error body).
   */
  public static <T> T consume(
      HttpServletRequest request,
      Function<InputStream, T> use,
      Function<BodyCut, ? extends RuntimeException> whenCut) {
    UploadBody body;
    try {
      body = new UploadBody(request.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return use.apply(body);
    } catch (RuntimeException e) {
      IOException failure = body.failure;
      if (failure != null) {
        throw whenCut.apply(BodyCut.of(failure));
      }
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public void close() {
    // The servlet container owns the request stream.
  }
}
