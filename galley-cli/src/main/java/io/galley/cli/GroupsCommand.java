package io.galley.cli;

import io.galley.client.access.GroupJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley groups}: users who share grants ({@code galley permissions grant --group}); an
 * administrator's verbs.
 */
@Command(
    name = "groups",
    mixinStandardHelpOptions = true,
    description = "Manage groups of users, who share what is granted to the group.",
    subcommands = {
      GroupsCommand.Create.class,
      GroupsCommand.Ls.class,
      GroupsCommand.Rm.class,
      GroupsCommand.Add.class,
      GroupsCommand.Remove.class
    })
final class GroupsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group.")
  static final class Create implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's name.")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      GroupJson group = tracking.client().createGroup(name);
      spec.commandLine().getOut().println("Created group '" + group.groupName() + "'.");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the groups.")
  static final class Ls implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TextTable table = new TextTable("GROUP", "MEMBERS");
      for (GroupJson g : tracking.client().listGroups()) {
        table.row(g.groupName(), g.members().isEmpty() ? "-" : String.join(",", g.members()));
      }
      var out = spec.commandLine().getOut();
      table.print(out);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Delete groups and what was granted to them.")
  static final class Rm implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(arity = "1..*", paramLabel = "GROUP", description = "The groups to delete.")
    List<String> names;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (String n : names) {
        tracking.client().deleteGroup(n);
        out.println("Deleted group '" + n + "'.");
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add users to a group.")
  static final class Add implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group.")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER", description = "The users.")
    List<String> users;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (String u : users) {
        tracking.client().addGroupMember(group, u);
        out.println("Added '" + u + "' to group '" + group + "'.");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove users from a group.")
  static final class Remove implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group.")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER", description = "The users.")
    List<String> users;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (String u : users) {
        tracking.client().removeGroupMember(group, u);
        out.println("Removed '" + u + "' from group '" + group + "'.");
      }
      out.flush();
      return 0;
    }
  }
}
