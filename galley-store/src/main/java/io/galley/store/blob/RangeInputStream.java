package io.galley.store.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * {@code count} bytes of a file from {@code start}, read with positional reads so nothing but the
 * caller's buffer holds them. Closing it closes the channel.
 */
final class RangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private final long end;

  RangeInputStream(FileChannel channel, long start, long count) {
    this.channel = channel;
    this.position = start;
    this.end = start + count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    long remaining = end - position;
    if (remaining <= 0) {
      return -1;
    }
    ByteBuffer target = ByteBuffer.wrap(b, off, (int) Math.min(len, remaining));
    int n = channel.read(target, position);
    if (n < 0) {
      return -1; // the file shrank under us: cannot happen to a blob, but never spin
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
