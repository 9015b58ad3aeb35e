package io.galley.server.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One satisfiable byte range of a file of known size, from a {@code Range} header (RFC 9110
 * §14.1.2): {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
 */
public record ByteRange(long first, long last) {

  private static final Pattern SINGLE =
      Pattern.compile(
          "bytes\\s*=\\s*(\\d{0,19})\\s*-\\s*(\\d{0,19})\\s*", Pattern.CASE_INSENSITIVE);

  /** The header names no byte of the file (answered 416). */
  public static final class UnsatisfiableException extends RuntimeException {
    UnsatisfiableException() {
      super(null, null, false, false);
    }
  }

  /**
   * The range a {@code Range} header asks for in a file of {@code size} bytes. Empty when there is
   * no header or one this server answers with the whole file instead, as RFC 9110 allows: a
   * malformed header, another unit, or several ranges. Throws {@link UnsatisfiableException} when
   * the range starts past the end or is an empty suffix.
   */
  public static Optional<ByteRange> parse(@Nullable String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header);
    if (!m.matches()) {
      return Optional.empty();
    }
    String a = m.group(1);
    String b = m.group(2);
    try {
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return Optional.empty();
        }
        long suffix = Long.parseLong(b);
        if (suffix == 0 || size == 0) {
          throw new UnsatisfiableException();
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
      if (last < first) {
        return Optional.empty();
      }
      if (first >= size) {
        throw new UnsatisfiableException();
      }
      return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException e) {
      // 19 digits can still overflow a long: a range no file has.
      return Optional.empty();
    }
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of this range of a file of {@code size} bytes. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }
}
