package io.galley.cli;

import io.galley.client.access.AccessResponses;
import io.galley.client.access.TokenJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code galley tokens}: API tokens, your own or (as an administrator) anyone's. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Make, list and revoke API tokens.",
    subcommands = {TokensCommand.Create.class, TokensCommand.Ls.class, TokensCommand.Revoke.class})
final class TokensCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Make a token; its secret is shown this once.")
  static final class Create implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "NAME", description = "What the token is for, e.g. ci.")
    String name;

    @Option(
        names = "--scope",
        defaultValue = "write",
        description = "read, write or admin (default ${DEFAULT-VALUE}).")
    String scope = "write";

    @Option(names = "--expires", description = "Lifetime: 90s, 30m, 12h, 30d; none by default.")
    @Nullable String expires;

    @Option(names = "--user", description = "Whose token (an administrator's option).")
    @Nullable String user;

    @Option(
        names = "--experiment",
        paramLabel = "ID",
        description = "Narrow the token to this experiment (repeatable): it reaches nothing else.")
    List<String> experiments = new ArrayList<>();

    @Option(
        names = "--model",
        paramLabel = "NAME",
        description = "Narrow the token to this registered model (repeatable).")
    List<String> models = new ArrayList<>();

    @Option(
        names = "--repositories",
        paramLabel = "PATTERN",
        description = "Narrow the token to these image repositories, e.g. team/* (repeatable).")
    List<String> repositories = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Long seconds =
          expires == null ? null : GcCommand.parseDuration(expires, "--expires").toSeconds();
      AccessResponses.CreatedToken made =
          tracking
              .client()
              .createToken(
                  user,
                  name,
                  scope.toLowerCase(Locale.ROOT),
                  seconds,
                  experiments,
                  models,
                  repositories);
      var out = spec.commandLine().getOut();
      if (tracking.format == TrackingOptions.OutputFormat.json) {
        out.println(ApiTrees.tree(made).toPrettyString());
      } else {
        out.println(made.secret());
        spec.commandLine()
            .getErr()
            .println(
                "Token "
                    + made.token().tokenId()
                    + " ("
                    + made.token().scope()
                    + ") for "
                    + made.token().username()
                    + ": keep the secret above, it is not shown again. Use it as GALLEY_TOKEN.");
        spec.commandLine().getErr().flush();
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List tokens.")
  static final class Ls implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Option(names = "--user", description = "Whose tokens (an administrator's option).")
    @Nullable String user;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<TokenJson> tokens = tracking.client().listTokens(user);
      var out = spec.commandLine().getOut();
      TextTable table = new TextTable("ID", "NAME", "SCOPE", "CREATED", "EXPIRES", "STATE");
      Instant now = Instant.now();
      for (TokenJson t : tokens) {
        String state =
            t.revokedAt() != null
                ? "revoked"
                : t.expiresAt() != null && t.expiresAt() <= now.toEpochMilli()
                    ? "expired"
                    : "valid";
        table.row(
            t.tokenId(),
            t.name(),
            t.scope(),
            Instant.ofEpochMilli(t.createdAt()).toString(),
            t.expiresAt() == null ? "-" : Instant.ofEpochMilli(t.expiresAt()).toString(),
            state);
      }
      table.print(out);
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token.")
  static final class Revoke implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id (from tokens ls).")
    String id;

    @Option(names = "--user", description = "Whose token (an administrator's option).")
    @Nullable String user;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      tracking.client().revokeToken(user, id);
      var out = spec.commandLine().getOut();
      out.println("Revoked token " + id + ".");
      out.flush();
      return 0;
    }
  }
}
