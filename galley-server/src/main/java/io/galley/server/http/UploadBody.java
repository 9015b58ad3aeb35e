package io.galley.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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
