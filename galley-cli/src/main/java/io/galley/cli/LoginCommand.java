package io.galley.cli;

import io.galley.client.GalleyClient;
import io.galley.client.SavedLogins;
import io.galley.client.access.AccessResponses;
import java.io.Console;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley login [SERVER]}: signs in once with a user name and password, makes an API token
 * for this machine and saves it in the user's config file (mode 0600; see {@link SavedLogins}),
 * where every verb and the SDK find it. {@code GALLEY_TOKEN} and {@code GALLEY_USERNAME} still win
 * over it. The password itself is never saved.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description =
        "Sign in to a Galley server and save a token for it, used by every verb from then on.")
final class LoginCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SERVER",
      description = "The server, e.g. http://galley.internal:7070 (default: --tracking-uri).")
  @Nullable String server;

  @Option(
      names = {"-u", "--username"},
      description = "Who signs in (default: GALLEY_USERNAME, else asked).")
  @Nullable String username;

  @Option(names = "--password-stdin", description = "Read the password from standard input.")
  boolean passwordStdin;

  @Option(
      names = "--expires",
      defaultValue = "90d",
      description = "The token's lifetime: 12h, 30d... (default ${DEFAULT-VALUE}).")
  String expires = "90d";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (server != null) {
      tracking.server.trackingUri = server;
    }
    URI uri = tracking.uri();
    String user = username != null ? username : System.getenv("GALLEY_USERNAME");
    if (user == null || user.isBlank()) {
      Console console = System.console();
      if (console == null) {
        throw new CliUsageException("Say who signs in: -u USER");
      }
      user = console.readLine("Username: ");
      if (user == null || user.isBlank()) {
        throw new CliUsageException("No user name given");
      }
    }
    String password = AccessVerbs.password(passwordStdin, "Password for " + user + ": ");
    Duration lifetime = GcCommand.parseDuration(expires, "--expires");
    GalleyClient client =
        GalleyClient.builder(uri)
            .retryTimeout(Duration.ZERO)
            .userAgent("galley-cli")
            .basicAuth(user, password)
            .build();
    AccessResponses.CreatedToken made =
        client.createToken(null, "galley login on " + machine(), "write", lifetime.toSeconds());
    SavedLogins logins = SavedLogins.of(System.getenv());
    logins.save(uri, new SavedLogins.Login(user, made.secret(), made.token().tokenId()));
    var out = spec.commandLine().getOut();
    out.println(
        "Logged in to "
            + uri
            + " as "
            + user
            + " (token "
            + made.token().tokenId()
            + ", for "
            + expires
            + "), saved in "
            + logins.file()
            + ".");
    out.flush();
    return 0;
  }

  private static String machine() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "this machine";
    }
  }

  /** {@code galley logout [SERVER]}: revokes the saved token and forgets it. */
  @Command(
      name = "logout",
      mixinStandardHelpOptions = true,
      description = "Revoke the token galley login saved for a server, and forget it.")
  static final class Logout implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "SERVER",
        description = "The server (default: --tracking-uri).")
    @Nullable String server;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (server != null) {
        tracking.server.trackingUri = server;
      }
      URI uri = tracking.uri();
      SavedLogins logins = SavedLogins.of(System.getenv());
      var login = logins.find(uri);
      var out = spec.commandLine().getOut();
      if (login.isEmpty()) {
        out.println("Not logged in to " + uri + ".");
        out.flush();
        return 0;
      }
      try {
        GalleyClient.builder(uri)
            .retryTimeout(Duration.ZERO)
            .userAgent("galley-cli")
            .token(login.get().token())
            .build()
            .revokeToken(null, login.get().tokenId());
      } catch (RuntimeException e) {
        // Forgotten all the same: the token expires, and an administrator can revoke it.
        spec.commandLine()
            .getErr()
            .println(
                "Could not revoke token "
                    + login.get().tokenId()
                    + " on the server ("
                    + e.getMessage()
                    + "); forgetting it here.");
      }
      logins.remove(uri);
      out.println("Logged out of " + uri + ".");
      out.flush();
      return 0;
    }
  }
}
