package io.galley.server.oci;

import static io.galley.server.oci.OciHttp.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.TestServer;
import io.galley.server.oci.OciHttp.Reply;
import io.galley.store.StoreConfig;
import io.galley.store.TestDatabases;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload sessions live in the metadata and blob stores, not in a server: one survives a restart,
 * and two replicas over one PostgreSQL and one blob directory continue each other's uploads.
 */
class StatelessUploadTest {
  private static final byte[] BYTES = new byte[200_003];

  static {
    new Random(42).nextBytes(BYTES);
  }

  @Test
  void anUploadSurvivesARestart(@TempDir Path dir) {
    String location;
    try (TestServer first = TestServer.h2(dir)) {
      OciHttp oci = new OciHttp(first.http().base());
      location =
          oci.send("POST", "/v2/team/restart/blobs/uploads/", null).expect(202).header("Location");
      location = patch(oci, location, 0, 100_000);
    }
    try (TestServer second = TestServer.h2(dir)) {
      OciHttp oci = new OciHttp(second.http().base());
      assertThat(oci.get(location).expect(204).header("Range")).isEqualTo("0-99999");
      location = patch(oci, location, 100_000, BYTES.length);
      oci.send("PUT", location + "?digest=" + sha256(BYTES), null).expect(201);
      assertThat(oci.get("/v2/team/restart/blobs/" + sha256(BYTES)).expect(200).body())
          .isEqualTo(BYTES);
    }
  }

  @Test
  void twoReplicasShareOneRegistry(@TempDir Path dir) {
    StoreConfig database = TestDatabases.postgres();
    Path blobs = dir.resolve("blobs");
    try (TestServer a = TestServer.on(database, blobs);
        TestServer b = TestServer.on(database, blobs)) {
      OciHttp onA = new OciHttp(a.http().base());
      OciHttp onB = new OciHttp(b.http().base());
      String location =
          onA.send("POST", "/v2/team/replicas/blobs/uploads/", null).expect(202).header("Location");
      location = patch(onB, location, 0, 50_000);
      location = patch(onA, location, 50_000, 150_000);
      onB.send(
              "PUT",
              location + "?digest=" + sha256(BYTES),
              Arrays.copyOfRange(BYTES, 150_000, BYTES.length))
          .expect(201);
      assertThat(onA.get("/v2/team/replicas/blobs/" + sha256(BYTES)).expect(200).body())
          .isEqualTo(BYTES);
      byte[] manifest = onB.pushImage("team/replicas", "v1", new byte[] {1, 2, 3});
      assertThat(onA.get("/v2/team/replicas/manifests/v1").expect(200).body()).isEqualTo(manifest);
    }
  }

  private static String patch(OciHttp oci, String location, int from, int to) {
    Reply r =
        oci.send(
                "PATCH",
                location,
                Arrays.copyOfRange(BYTES, from, to),
                "Content-Type",
                "application/octet-stream",
                "Content-Range",
                from + "-" + (to - 1))
            .expect(202);
    assertThat(r.header("Range")).isEqualTo("0-" + (to - 1));
    return r.header("Location");
  }
}
