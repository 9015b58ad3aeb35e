package io.galley.core.tracking;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a listing; {@code nextPageToken} is null on the last page. */
public record Page<T>(List<T> items, @Nullable String nextPageToken) {
  public Page {
    items = List.copyOf(items);
  }
}
