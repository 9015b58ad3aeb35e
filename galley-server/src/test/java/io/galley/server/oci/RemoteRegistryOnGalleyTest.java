package io.galley.server.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.oci.build.BaseImage;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageBuilder;
import io.galley.oci.build.ImageRecipe;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.ImageCopy;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RegistryException;
import io.galley.oci.distribution.RemoteImage;
import io.galley.oci.distribution.RemoteImageSink;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.distribution.RemoteRepository;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Platform;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.OciLayoutSink;
import io.galley.oci.name.RepositoryName;
import io.galley.server.TestServer;
import io.galley.server.access.PasswordHashes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Galley's distribution client against Galley's own {@code /v2/} with access control on: a user and
 * password answer the registry's Bearer challenge through {@code /v2/token}, a Galley token goes as
 * is, a wrong password and a user without the grant are refused, and nothing is tagged.
 */
class RemoteRegistryOnGalleyTest {
  private static final Platform AMD64 = Platform.of("linux", "amd64");

  private static BuiltImage push(RemoteRepository repository, String tag, Path scratch)
      throws IOException {
    ImageRecipe recipe =
        new ImageRecipe(
            BaseImage.scratch("linux", "amd64"),
            List.of(
                new NewLayer(
                    "galley: test",
                    List.of(LayerEntry.bytes("hello.txt", 0644, "hello\n".getBytes(UTF_8))),
                    LayerWriter.Compression.GZIP)),
            ContainerConfig.EMPTY,
            LayerWriter.DEFAULT_MTIME,
            Map.of());
    return new ImageBuilder(new LayerWriter(LayerWriter.DEFAULT_MTIME), scratch, e -> {})
        .build(recipe, BlobSource.none(), new RemoteImageSink(repository, tag));
  }

  @Test
  void passwordsAnswerTheBearerChallengeTokensGoAsIsAndStrangersAreRefused(@TempDir Path dir)
      throws IOException {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      var identities = server.store().identities();
      identities.createUser(new NewUser("ann", PasswordHashes.hash("ann-password"), false));
      identities.createUser(new NewUser("bob", PasswordHashes.hash("bob-password"), false));
      URI base = URI.create(server.uri());
      String host = base.getAuthority();
      RepositoryName name = RepositoryName.of("ann/tiny");

      RemoteRepository asAnn =
          RemoteRegistry.at(base, host, new RegistryCredential.Basic("ann", "ann-password"))
              .repository(name);
      BuiltImage pushed = push(asAnn, "1", dir.resolve("s1"));
      RemoteImage pulled = RemoteImage.pull(asAnn, "1", AMD64);
      assertThat(pulled.descriptor().digest()).isEqualTo(pushed.manifestDescriptor().digest());

      TokenSecrets.Issued issued = TokenSecrets.issue();
      identities.createToken(
          new NewApiToken(issued.id(), "ann", "ci", TokenScope.READ, null, issued.secretHash()),
          Instant.now());
      String token = issued.secret();
      RemoteRepository withToken =
          RemoteRegistry.at(base, host, new RegistryCredential.Bearer(token)).repository(name);
      BuiltImage copied =
          ImageCopy.copy(
              RemoteImage.pull(withToken, "1", AMD64),
              new OciLayoutSink(dir.resolve("layout"), "1"),
              e -> {});
      assertThat(copied.manifestDescriptor().digest())
          .isEqualTo(pushed.manifestDescriptor().digest());

      RemoteRepository wrong =
          RemoteRegistry.at(base, host, new RegistryCredential.Basic("ann", "not-it"))
              .repository(name);
      assertThatThrownBy(() -> wrong.pullManifest("1"))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
          .hasMessageNotContaining("not-it");
      RemoteRepository asBob =
          RemoteRegistry.at(base, host, new RegistryCredential.Basic("bob", "bob-password"))
              .repository(name);
      assertThatThrownBy(() -> push(asBob, "2", dir.resolve("s2")))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isIn(401, 403));
      assertThatThrownBy(() -> asAnn.pullManifest("2"))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }
}
