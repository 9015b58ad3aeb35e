package io.galley.oci.name;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A repository name as the distribution spec defines {@code <name>}: slash-separated components of
 * lowercase letters and digits joined by {@code .}, {@code _}, {@code __} or runs of {@code -}, as
 * in {@code team/models/iris}. {@link #toString()} is the name itself.
 *
 * <p>The spec sets no hard maximum but notes that many clients limit host, {@code /} and name
 * together to 255 characters; a name alone is therefore held to 255 characters, the limit of the
 * reference implementation.
 */
public record RepositoryName(String value) {
  /** The longest name accepted. */
  public static final int MAX_LENGTH = 255;

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  public RepositoryName {
    requireNonNull(value, "value");
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRequestException(
          "Invalid repository name: "
              + value.length()
              + " characters, at most "
              + MAX_LENGTH
              + " are allowed");
    }
    if (!NAME.matcher(value).matches()) {
      throw new InvalidRequestException(
          "Invalid repository name '"
              + value
              + "': use lowercase letters and digits in '/'-separated components, joined by"
              + " '.', '_', '__' or '-' (e.g. team/models/iris)");
    }
  }

  public static RepositoryName of(String value) {
    return new RepositoryName(value);
  }

  /** Whether {@code value} is a valid name, for callers that choose their own error. */
  public static boolean isValid(String value) {
    return value.length() <= MAX_LENGTH && NAME.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
