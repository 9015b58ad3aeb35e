package io.galley.cli;

import io.galley.core.InvalidRequestException;
import io.galley.core.access.AccessLimits;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewUser;
import io.galley.server.access.PasswordHashes;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The first administrator of a server with access control on: without one nobody could sign in, so
 * the server refuses to start until it is given one.
 */
final class FirstAdmin {
  private FirstAdmin() {}

  static void ensure(IdentityStore identities, @Nullable String name, @Nullable String password) {
    if (!identities.users().isEmpty()) {
      if (name != null) {
        System.err.println("Users exist already: --init-admin " + name + " is ignored.");
      }
      return;
    }
    if (name == null) {
      throw new CliUsageException(
          "Access control is on and no user exists, so nobody could sign in. Give --init-admin"
              + " NAME: its password comes from GALLEY_ADMIN_PASSWORD, or is generated and shown"
              + " once.");
    }
    try {
      AccessLimits.validateUserName(name);
    } catch (InvalidRequestException e) {
      throw new CliUsageException("--init-admin: " + e.getMessage());
    }
    boolean generated = password == null || password.isEmpty();
    String secret = generated ? generatedPassword() : password;
    identities.createUser(new NewUser(name, PasswordHashes.hash(secret), true));
    System.err.println(
        generated
            ? "Created administrator '" + name + "' with password " + secret + " (shown once)."
            : "Created administrator '" + name + "' with the password in GALLEY_ADMIN_PASSWORD.");
  }

  private static String generatedPassword() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
