package io.galley.cli;

import io.galley.client.access.AuditEventJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code galley audit}: who changed what on the server, newest first; an administrator's. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Show who changed what on the server, newest first (an administrator's verb).")
final class AuditCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Mixin TrackingOptions tracking;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = "Only changes since then: 30m, 12h, 7d ago, or an ISO instant.")
  @Nullable String since;

  @Option(names = "--user", paramLabel = "USER", description = "Only changes by this user.")
  @Nullable String user;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "100",
      description = "At most this many (default ${DEFAULT-VALUE}).")
  int limit = 100;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new CliUsageException("-n must be at least 1");
    }
    Long from = since == null ? null : sinceMillis(since);
    List<AuditEventJson> events = new ArrayList<>();
    String token = null;
    do {
      AuditEventJson.Page page =
          tracking.client().auditEvents(from, user, Math.min(1000, limit - events.size()), token);
      events.addAll(page.events());
      token = page.nextPageToken();
    } while (token != null && events.size() < limit);
    var out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(ApiTrees.tree(events).toPrettyString());
    } else {
      TextTable table = new TextTable("TIME", "USER", "ACTION", "RESOURCE", "STATUS", "ADDRESS");
      for (AuditEventJson e : events) {
        table.row(
            TIME.format(Instant.ofEpochMilli(e.timestamp())),
            e.user(),
            e.action(),
            e.resource().isEmpty() ? "-" : e.resource(),
            Integer.toString(e.status()),
            e.address());
      }
      table.print(out);
    }
    out.flush();
    return 0;
  }

  private static long sinceMillis(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      Duration ago = GcCommand.parseDuration(text, "--since");
      return Instant.now().minus(ago).toEpochMilli();
    }
  }
}
