package io.galley.server.fuzz;

import io.galley.server.fuzz.EndpointCatalog.Endpoint;
import java.util.List;
import java.util.Random;

/**
 * Case {@code i} of run {@code seed}: each case draws from its own {@link Random}, so any single
 * case can be regenerated from the two numbers alone. Endpoints are visited round-robin so each
 * gets its share; the kind of attack is drawn at random.
 */
final class RequestGenerator {
  private final BodyFuzzer bodies;
  private final QueryFuzzer queries;
  private final MethodFuzzer methods;
  private final PoisonedWrites poisons;
  private final RegistryPoisons registryPoisons;
  private final ArtifactFuzzer artifacts;
  private final long seed;

  RequestGenerator(SeedState state, long seed) {
    FieldValues values = new FieldValues(state);
    Paths paths = new Paths(state);
    this.bodies = new BodyFuzzer(values, paths);
    this.queries = new QueryFuzzer(values, paths);
    this.methods = new MethodFuzzer(state);
    this.poisons = new PoisonedWrites(state);
    this.registryPoisons = new RegistryPoisons(state);
    this.artifacts = new ArtifactFuzzer(state);
    this.seed = seed;
  }

  FuzzRequest generate(int i) {
    Random r = new Random(seed * 1_000_003L + i);
    if (i % 5 == 4) {
      return artifacts.next(r); // the artifact endpoints are not in the catalog's round-robin
    }
    List<Endpoint> all = EndpointCatalog.ALL;
    Endpoint e = all.get((i - i / 5) % all.size());
    int roll = r.nextInt(100);
    if (roll < 10) {
      return methods.next(r, e);
    }
    if (roll < 30) {
      return roll < 22 ? poisons.next(r) : registryPoisons.next(r);
    }
    if (e.get() && (!e.post() || roll < 65)) {
      return r.nextInt(4) == 0 && !e.galley() ? bodies.next(r, e) : queries.next(r, e);
    }
    if (e.delete() && roll < 50) {
      return queries.next(r, e); // a DELETE with no body reads its query string
    }
    return bodies.next(r, e);
  }
}
