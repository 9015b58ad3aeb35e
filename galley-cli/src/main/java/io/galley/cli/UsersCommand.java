package io.galley.cli;

import io.galley.client.access.UserJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley users}: the users of a server with access control on; an administrator's verbs,
 * except {@code passwd} for one's own password. Sign in with {@code GALLEY_USERNAME} / {@code
 * GALLEY_PASSWORD} or {@code GALLEY_TOKEN}.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Manage the users of a server with access control on.",
    subcommands = {
      UsersCommand.Add.class,
      UsersCommand.Ls.class,
      UsersCommand.Rm.class,
      UsersCommand.Passwd.class
    })
final class UsersCommand {

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user.")
  static final class Add implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user's name.")
    String name;

    @Option(names = "--admin", description = "Make the user an administrator.")
    boolean admin;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String password = AccessVerbs.password(passwordStdin, "Password for " + name + ": ");
      var client = tracking.client();
      UserJson user = client.createUser(name, password);
      if (admin) {
        client.updateAdmin(name, true);
      }
      var out = spec.commandLine().getOut();
      out.println("Created user '" + user.username() + "'" + (admin ? " (administrator)." : "."));
      out.flush();
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the users.")
  static final class Ls implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<UserJson> users = tracking.client().listUsers();
      var out = spec.commandLine().getOut();
      TextTable table = new TextTable("NAME", "ADMIN");
      for (UserJson u : users) {
        table.row(u.username(), u.isAdmin() ? "yes" : "no");
      }
      table.print(out);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Delete users and their tokens.")
  static final class Rm implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The users to delete.")
    List<String> names;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var client = tracking.client();
      var out = spec.commandLine().getOut();
      for (String n : names) {
        client.deleteUser(n);
        out.println("Deleted user '" + n + "'.");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "passwd",
      mixinStandardHelpOptions = true,
      description = "Set a user's password (your own, or anyone's as an administrator).")
  static final class Passwd implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String password = AccessVerbs.password(passwordStdin, "New password for " + name + ": ");
      tracking.client().updatePassword(name, password);
      var out = spec.commandLine().getOut();
      out.println("Changed the password of '" + name + "'.");
      out.flush();
      return 0;
    }
  }
}
