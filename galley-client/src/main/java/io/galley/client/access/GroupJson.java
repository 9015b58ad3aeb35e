package io.galley.client.access;

import java.util.List;

/** A group and its members. */
public record GroupJson(long id, String groupName, List<String> members, long createdAt) {
  public GroupJson {
    members = members == null ? List.of() : List.copyOf(members);
  }
}
