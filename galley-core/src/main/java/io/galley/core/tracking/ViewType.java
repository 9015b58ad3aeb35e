package io.galley.core.tracking;

import io.galley.core.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/** Which lifecycle stages a search returns; MLflow's default is {@link #ACTIVE_ONLY}. */
public enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL;

  public boolean includes(LifecycleStage stage) {
    return switch (this) {
      case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
      case DELETED_ONLY -> stage == LifecycleStage.DELETED;
      case ALL -> true;
    };
  }

  /** Parses MLflow's enum name or number (1, 2, 3); null or empty means the default. */
  public static ViewType parse(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return ACTIVE_ONLY;
    }
    switch (value) {
      case "1":
        return ACTIVE_ONLY;
      case "2":
        return DELETED_ONLY;
      case "3":
        return ALL;
      default:
        try {
          return valueOf(value);
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException(
              "Invalid view_type '" + value + "': use ACTIVE_ONLY, DELETED_ONLY or ALL");
        }
    }
  }
}
