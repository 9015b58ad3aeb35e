package io.galley.cli;

import io.galley.client.GalleyClient;
import io.galley.client.access.AccessResponses;
import io.galley.client.access.Grantee;
import io.galley.client.access.PermissionJson;
import io.galley.client.access.RepositoryPermissionJson;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley permissions}: who may do what with an experiment, a registered model or the image
 * repositories a pattern covers. Levels as MLflow's: {@code NO_PERMISSIONS}, {@code READ}, {@code
 * EDIT} (change, not delete), {@code MANAGE} (delete and grant); for repositories READ pulls, EDIT
 * pushes, MANAGE deletes. Granting on an experiment or model takes MANAGE on it; on repositories,
 * an administrator.
 */
@Command(
    name = "permissions",
    mixinStandardHelpOptions = true,
    description = "Grant and revoke permissions on experiments, models and image repositories.",
    subcommands = {
      PermissionsCommand.Grant.class,
      PermissionsCommand.Revoke.class,
      PermissionsCommand.Ls.class,
      PermissionsCommand.Default.class
    })
final class PermissionsCommand {

  /** What the grant is on: exactly one. */
  static final class Target {
    @Option(
        names = "--experiment",
        paramLabel = "ID",
        required = true,
        description = "An experiment.")
    @Nullable String experiment;

    @Option(
        names = "--model",
        paramLabel = "NAME",
        required = true,
        description = "A registered model.")
    @Nullable String model;

    @Option(
        names = "--repositories",
        paramLabel = "PATTERN",
        required = true,
        description = "Image repositories: a name, '*' within a name part, '**' across them.")
    @Nullable String repositories;
  }

  /** Whom the grant is for: exactly one. */
  static final class Whom {
    @Option(names = "--user", paramLabel = "USER", required = true, description = "A user.")
    @Nullable String user;

    @Option(names = "--group", paramLabel = "GROUP", required = true, description = "A group.")
    @Nullable String group;

    @Option(
        names = "--anyone",
        required = true,
        description = "Anyone, signed in or not (repositories only: makes them public).")
    boolean anyone;

    Grantee grantee() {
      if (user != null) {
        return Grantee.user(user);
      }
      return group != null ? Grantee.group(group) : Grantee.anyone();
    }

    String shown() {
      return user != null
          ? "user '" + user + "'"
          : group != null ? "group '" + group + "'" : "anyone";
    }
  }

  @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a permission.")
  static final class Grant implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Whom whom;

    @Parameters(
        index = "0",
        paramLabel = "LEVEL",
        description = "NO_PERMISSIONS, READ, EDIT or MANAGE.")
    String level;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      GalleyClient client = tracking.client();
      String permission = level.toUpperCase(Locale.ROOT);
      if (target.experiment != null) {
        client.grantExperiment(target.experiment, whom.grantee(), permission);
      } else if (target.model != null) {
        client.grantModel(target.model, whom.grantee(), permission);
      } else {
        client.grantRepositories(requireRepositories(target), whom.grantee(), permission);
      }
      var out = spec.commandLine().getOut();
      out.println(
          "Granted " + permission + " on " + describe(target) + " to " + whom.shown() + ".");
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a grant.")
  static final class Revoke implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Whom whom;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      GalleyClient client = tracking.client();
      if (target.experiment != null) {
        client.revokeExperiment(target.experiment, whom.grantee());
      } else if (target.model != null) {
        client.revokeModel(target.model, whom.grantee());
      } else {
        client.revokeRepositories(requireRepositories(target), whom.grantee());
      }
      var out = spec.commandLine().getOut();
      out.println("Revoked what " + whom.shown() + " was granted on " + describe(target) + ".");
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List a user's own grants, or with --repositories every repository grant.")
  static final class Ls implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Option(names = "--user", paramLabel = "USER", description = "Whose grants.")
    @Nullable String user;

    @Option(names = "--repositories", description = "Every repository grant instead.")
    boolean repositories;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      if (repositories) {
        TextTable table = new TextTable("PATTERN", "GRANTEE", "PERMISSION");
        for (RepositoryPermissionJson g : tracking.client().listRepositoryPermissions()) {
          table.row(g.pattern(), g.grantee(), g.permission());
        }
        table.print(out);
      } else {
        if (user == null) {
          throw new CliUsageException("Say whose grants: --user USER (or --repositories)");
        }
        AccessResponses.UserGrants grants = tracking.client().grantsOf(user);
        TextTable table = new TextTable("KIND", "ID", "PERMISSION");
        for (PermissionJson p : grants.experimentPermissions()) {
          table.row("experiment", String.valueOf(p.experimentId()), p.permission());
        }
        for (PermissionJson p : grants.registeredModelPermissions()) {
          table.row("model", String.valueOf(p.name()), p.permission());
        }
        table.print(out);
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "default",
      mixinStandardHelpOptions = true,
      description =
          "Set what a user may do where nothing was granted to them; 'server' gives them the"
              + " server's default again.")
  static final class Default implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "USER", description = "The user.")
    String user;

    @Parameters(
        index = "1",
        paramLabel = "LEVEL",
        description = "NO_PERMISSIONS, READ, EDIT, MANAGE or server.")
    String level;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean server = level.equalsIgnoreCase("server");
      tracking.client().setDefaultPermission(user, server ? null : level.toUpperCase(Locale.ROOT));
      var out = spec.commandLine().getOut();
      out.println(
          "The default of '"
              + user
              + "' is "
              + (server ? "the server's" : level.toUpperCase(Locale.ROOT))
              + " now.");
      out.flush();
      return 0;
    }
  }

  private static String requireRepositories(Target target) {
    if (target.repositories == null) {
      throw new CliUsageException("Say what to grant on: --experiment, --model or --repositories");
    }
    return target.repositories;
  }

  private static String describe(Target target) {
    if (target.experiment != null) {
      return "experiment " + target.experiment;
    }
    return target.model != null
        ? "model '" + target.model + "'"
        : "repositories '" + target.repositories + "'";
  }
}
