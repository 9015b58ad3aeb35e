package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** Users who share grants: a grant to the group is a grant to each member. */
public record Group(long id, String name, List<String> members, Instant createdAt) {
  public Group {
    requireNonNull(name, "name");
    members = List.copyOf(members);
    requireNonNull(createdAt, "createdAt");
  }
}
