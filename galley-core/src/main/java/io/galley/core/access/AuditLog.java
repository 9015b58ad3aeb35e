package io.galley.core.access;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The port that keeps who changed what. */
public interface AuditLog {
  /** Appends an event; its id is the store's. */
  void record(AuditEvent event);

  /** Appends events in their order, in one transaction where the store can. */
  default void recordAll(List<AuditEvent> events) {
    events.forEach(this::record);
  }

  /**
   * Events newest first: at or after {@code since} (null: any), by {@code actor} (null: anyone),
   * older than event {@code beforeId} (null: from the newest), at most {@code limit}.
   */
  List<AuditEvent> events(
      @Nullable Instant since, @Nullable String actor, @Nullable Long beforeId, int limit);
}
