package io.galley.server.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A request body being streamed into the blob store, remembering whether reading it failed: a
 * client that goes away mid-upload is the client's error (400), not the server's (500).
 */
public final class UploadBody extends FilterInputStream {
  private volatile boolean failed;

  public UploadBody(InputStream in) {
    super(in);
  }

  public boolean failed() {
    return failed;
  }

  /**
   * Hands the request body to {@code use}; when {@code use} fails because reading the body failed,
   * throws {@code whenCut}'s error instead (each API words it in its own error body).
   */
  public static <T> T consume(
      HttpServletRequest request,
      Function<InputStream, T> use,
      Supplier<? extends RuntimeException> whenCut) {
    UploadBody body;
    try {
      body = new UploadBody(request.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return use.apply(body);
    } catch (RuntimeException e) {
      if (body.failed()) {
        throw whenCut.get();
      }
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void close() {
    // The servlet container owns the request stream.
  }
}
