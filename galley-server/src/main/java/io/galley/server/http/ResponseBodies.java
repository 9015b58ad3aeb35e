package io.galley.server.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streams stored bytes into a response whose status and headers are already set. */
public final class ResponseBodies {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseBodies.class);

  // Large chunks: a 1 GiB download in 8 KiB reads and writes spends its time in syscalls.
  private static final int COPY_BUFFER_SIZE = 1024 * 1024;

  private ResponseBodies() {}

  /**
   * Copies {@code in} to the response and closes it. A client that goes away mid-way is not an
   * error: the status line is gone, and the short body (under its Content-Length) tells the client.
   */
  public static void send(InputStream in, HttpServletResponse response, Object what) {
    try (in;
        OutputStream out = response.getOutputStream()) {
      byte[] buffer = new byte[COPY_BUFFER_SIZE];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      LOG.debug("Download of {} stopped: {}", what, e.toString());
    }
  }
}
