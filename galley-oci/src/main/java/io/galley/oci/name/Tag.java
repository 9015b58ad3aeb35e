package io.galley.oci.name;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A tag as the distribution spec defines it: at most 128 characters of {@code [a-zA-Z0-9._-]}, not
 * starting with {@code .} or {@code -}. {@link #toString()} is the tag itself.
 */
public record Tag(String value) {
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  // After TAG: the constructor needs the pattern.
  /** The tag a reference without tag or digest means. */
  public static final Tag LATEST = new Tag("latest");

  public Tag {
    requireNonNull(value, "value");
    if (!TAG.matcher(value).matches()) {
      throw new InvalidRequestException(
          "Invalid tag '"
              + value
              + "': use 1 to 128 of [a-zA-Z0-9._-], not starting with '.' or '-'");
    }
  }

  public static Tag of(String value) {
    return new Tag(value);
  }

  /** Whether {@code value} is a valid tag, e.g. to tell a tag from a digest in a URL. */
  public static boolean isValid(String value) {
    return TAG.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
