package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One change made through the server: when, by whom (a user's name), what ({@code action}, as
 * {@code experiments/create} or {@code registry/push}), to which {@code resource} (its ids, as
 * {@code experiment_id=3 run_id=ab...}), the HTTP status answered and the caller's address. Never a
 * secret: no password, token or request body beyond the ids.
 */
public record AuditEvent(
    long id,
    Instant occurredAt,
    String actor,
    String action,
    String resource,
    int status,
    String address) {
  public AuditEvent {
    requireNonNull(occurredAt, "occurredAt");
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    requireNonNull(resource, "resource");
    requireNonNull(address, "address");
  }
}
