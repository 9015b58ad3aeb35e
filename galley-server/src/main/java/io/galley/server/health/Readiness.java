package io.galley.server.health;

import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.store.disk.DiskSpace;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code OK} when the metadata store answers, the blob store answers and
 * every watched disk has more room than the reserve; otherwise 503 with one line per problem, so a
 * load balancer stops sending traffic and an operator reads why. The lines name stores, never
 * paths, drivers or SQL; the log has those.
 */
public final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  /** A digest no blob has; asking for it exercises the blob store without reading anything. */
  private static final Digest PROBE = Digest.ofSha256(new byte[32]);

  private final @Nullable Runnable storeProbe;
  private final BlobStore blobs;
  private final DiskSpace disks;

  /**
   * @param storeProbe a cheap round trip to the metadata store that throws when it cannot answer;
   *     null when the server has no relational store to ask (tests)
   */
  public Readiness(@Nullable Runnable storeProbe, BlobStore blobs, DiskSpace disks) {
    this.storeProbe = storeProbe;
    this.blobs = blobs;
    this.disks = disks;
  }

  /** The problems now; empty when ready. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (storeProbe != null) {
      try {
        storeProbe.run();
      } catch (RuntimeException e) {
        LOG.error("Readiness: the metadata store does not answer", e);
        problems.add("metadata store: does not answer");
      }
    }
    try {
      blobs.stat(PROBE);
    } catch (RuntimeException e) {
      LOG.error("Readiness: the blob store does not answer", e);
      problems.add("blob store: does not answer");
    }
    disks.shortage().ifPresent(s -> problems.add(s.store() + ": " + s.message()));
    return problems;
  }

  public void answer(Context ctx) {
    List<String> problems = problems();
    ctx.contentType("text/plain");
    if (problems.isEmpty()) {
      ctx.result("OK");
      return;
    }
    ctx.status(503).result("NOT READY\n" + String.join("\n", problems) + "\n");
  }
}
