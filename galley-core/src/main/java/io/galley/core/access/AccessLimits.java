package io.galley.core.access;

import io.galley.core.InvalidRequestException;
import java.util.regex.Pattern;

/** What a user name and a token name may be. */
public final class AccessLimits {
  /** Letters, digits and {@code . _ @ -}, as logins and e-mail addresses use; no spaces. */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

  public static final int MAX_TOKEN_NAME = 256;

  private AccessLimits() {}

  public static void validateUserName(String name) {
    if (!USER_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "Invalid user name: use 1 to 128 letters, digits, '.', '_', '@' or '-', starting with"
              + " a letter or digit");
    }
  }

  /** Group names follow the rule of user names. */
  public static void validateGroupName(String name) {
    if (!USER_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "Invalid group name: use 1 to 128 letters, digits, '.', '_', '@' or '-', starting with"
              + " a letter or digit");
    }
  }

  public static void validateTokenName(String name) {
    if (name.isBlank() || name.length() > MAX_TOKEN_NAME || name.indexOf('\0') >= 0) {
      throw new InvalidRequestException(
          "Invalid token name: give 1 to " + MAX_TOKEN_NAME + " characters, not all blank");
    }
  }
}
