package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * Which image repositories a grant covers: a repository name, where {@code *} stands for any
 * characters but {@code /} and {@code **} for any characters ({@code team/*}, {@code models/**},
 * {@code **}).
 */
public record RepositoryPattern(String value) {
  public static final int MAX_LENGTH = 256;
  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9._/*:-]+");

  public RepositoryPattern {
    requireNonNull(value, "value");
    if (value.length() > MAX_LENGTH || !ALLOWED.matcher(value).matches()) {
      throw new InvalidRequestException(
          "Invalid repository pattern '"
              + value
              + "': use a repository name (lower-case letters, digits, '.', '_', '-', '/') where"
              + " '*' stands for any characters but '/' and '**' for any characters, at most "
              + MAX_LENGTH
              + " characters");
    }
  }

  /** Whether {@code repository} is one of the names the pattern covers. */
  public boolean matches(String repository) {
    return matches(0, repository, 0);
  }

  private boolean matches(int p, String name, int n) {
    while (p < value.length()) {
      char c = value.charAt(p);
      if (c == '*') {
        boolean any = p + 1 < value.length() && value.charAt(p + 1) == '*';
        int rest = p + (any ? 2 : 1);
        for (int end = n; end <= name.length(); end++) {
          if (matches(rest, name, end)) {
            return true;
          }
          if (end < name.length() && !any && name.charAt(end) == '/') {
            return false;
          }
        }
        return false;
      }
      if (n >= name.length() || name.charAt(n) != c) {
        return false;
      }
      p++;
      n++;
    }
    return n == name.length();
  }

  /** How narrow the pattern is: its characters that are not wildcards. The narrowest decides. */
  public int specificity() {
    int literal = 0;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) != '*') {
        literal++;
      }
    }
    return literal;
  }
}
