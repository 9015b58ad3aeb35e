package io.galley.client.access;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One change in the audit log: when (ms), by whom, which endpoint, on what, and its status. */
public record AuditEventJson(
    long id,
    long timestamp,
    String user,
    String action,
    String resource,
    int status,
    String address) {

  /** A page of events, newest first. */
  public record Page(List<AuditEventJson> events, @Nullable String nextPageToken) {
    public Page {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }
}
