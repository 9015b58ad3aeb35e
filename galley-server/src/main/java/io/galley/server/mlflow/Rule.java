package io.galley.server.mlflow;

import io.galley.core.access.Permission;
import io.galley.server.access.Caller;

/**
 * What an endpoint asks of its caller before it runs, as MLflow's basic-auth app maps each endpoint
 * ({@code BEFORE_REQUEST_HANDLERS}): a permission on the experiment, run or registered model the
 * request names. Searches and creations are open to anyone signed in; a search narrows itself to
 * what its caller may read.
 */
@FunctionalInterface
interface Rule {
  void check(RequestFields request, Caller caller);

  /** Anyone the access guard let in: a search that narrows itself, or a creation. */
  Rule SIGNED_IN = (request, caller) -> {};

  static Rule experiment(String field, Permission needed) {
    return (request, caller) -> caller.requireExperiment(request.requiredString(field), needed);
  }

  /** The run in {@code run_id} (or MLflow's older {@code run_uuid}), by its experiment. */
  static Rule run(Permission needed) {
    return (request, caller) -> caller.requireRun(request.runId(), needed);
  }

  static Rule model(String field, Permission needed) {
    return (request, caller) -> caller.requireModel(request.requiredString(field), needed);
  }
}
