package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.name.RepositoryName;
import io.galley.testing.tools.ReferenceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull cut by {@code kill -9} of the server: after a restart on the same data the image is not
 * there (no tag names blobs that are missing), and the next pull fetches only the blobs the first
 * one did not store, ending with the source's digest.
 */
class PullResumeIT {
  private static final int LAYERS = 12;

  @Test
  void aPullCutByKillResumesWhereItStoppedAndNamesNothingMeanwhile(@TempDir Path dir)
      throws Exception {
    try (ReferenceRegistry registry = ReferenceRegistry.start(dir.resolve("registry"))) {
      BuiltImage image = seed(registry, dir.resolve("scratch"));
      String ref = registry.host() + "/team/big:1";
      String repo = registry.host().replace(':', '-') + "/team/big";
      Path data = dir.resolve("galley");

      Set<String> storedBeforeKill;
      try (ServerProcess server = ServerProcess.start(data)) {
        GalleyClient client = GalleyClient.builder(URI.create(server.baseUri())).build();
        List<String> done = new ArrayList<>();
        AtomicBoolean killed = new AtomicBoolean();
        assertThatThrownBy(
                () ->
                    client.pullImage(
                        ref,
                        null,
                        e -> {
                          if (e.path("event").asText().equals("blob_done")) {
                            done.add(e.path("digest").asText());
                            if (killed.compareAndSet(false, true)) {
                              try {
                                server.kill();
                              } catch (InterruptedException ie) {
                                Thread.currentThread().interrupt();
                              }
                            }
                          }
                        }))
            .isInstanceOf(RuntimeException.class);
        assertThat(killed).isTrue();
        storedBeforeKill = Set.copyOf(done);
      }

      try (ServerProcess restarted = ServerProcess.start(data)) {
        HttpResponse<String> manifest =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(restarted.baseUri() + "/v2/" + repo + "/manifests/1"))
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(404);

        GalleyClient client = GalleyClient.builder(URI.create(restarted.baseUri())).build();
        List<JsonNode> events = new ArrayList<>();
        JsonNode pulled = client.pullImage(ref, null, events::add);
        assertThat(pulled.path("digest").asText())
            .isEqualTo(image.manifestDescriptor().digest().toString());
        Map<Boolean, Set<String>> byPresence =
            events.stream()
                .filter(e -> e.path("event").asText().equals("blob_done"))
                .collect(
                    Collectors.partitioningBy(
                        e -> e.path("present").asBoolean(),
                        Collectors.mapping(e -> e.path("digest").asText(), Collectors.toSet())));
        // What the first pull finished is not fetched again; the rest is.
        assertThat(byPresence.get(true)).containsAll(storedBeforeKill);
        assertThat(byPresence.get(false))
            .isNotEmpty()
            .doesNotContainAnyElementsOf(storedBeforeKill);
        assertThat(byPresence.get(true).size() + byPresence.get(false).size())
            .isEqualTo(LAYERS + 1);
      }
    }
  }

  /** Twelve layers of 4 MiB of noise (stored as they are), so a pull takes long enough to cut. */
  private static BuiltImage seed(ReferenceRegistry registry, Path scratch) throws IOException {
    Random random = new Random(42);
    List<NewLayer> layers = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      byte[] noise = new byte[4 << 20];
      random.nextBytes(noise);
      layers.add(
          new NewLayer(
              "layer " + i,
              List.of(LayerEntry.bytes("data/" + i + ".bin", 0644, noise)),
              LayerWriter.Compression.NONE));
    }
    return TestImagePush.push(
        RemoteRegistry.connect(registry.host(), RegistryCredential.ANONYMOUS, false)
            .repository(RepositoryName.of("team/big")),
        "1",
        scratch,
        layers);
  }
}
