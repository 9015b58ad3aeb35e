package io.galley.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link BlobStoreContractTest contract} against a real S3 implementation: s3proxy on a
 * loopback port, backed by jclouds' in-memory blob store. Each test gets a bucket of its own.
 */
class S3BlobStoreTest extends BlobStoreContractTest {
  static final String IDENTITY = "local-identity";
  static final String CREDENTIAL = "local-credential";
  static final AtomicInteger BUCKETS = new AtomicInteger();

  static S3Proxy proxy;
  static BlobStoreContext context;
  static URI endpoint;
  static S3Client s3;

  @TempDir Path tmp;
  S3Location location;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    Properties properties = new Properties();
    context =
        ContextBuilder.newBuilder("transient")
            .credentials(IDENTITY, CREDENTIAL)
            .overrides(properties)
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
            .build();
    proxy.start();
    for (int i = 0; i < 5_000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(2);
    }
    assertThat(proxy.getState()).isEqualTo("STARTED");
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    s3 = client();
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
    if (context != null) {
      context.close();
    }
  }

  static S3Client client() {
    return S3BlobStore.builder(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .build();
  }

  @Override
  BlobStore newStore() {
    return newStore("galley/blobs", S3BlobStore.Tuning.DEFAULT);
  }

  S3BlobStore newStore(String prefix, S3BlobStore.Tuning tuning) {
    String bucket = "galley-test-" + BUCKETS.incrementAndGet();
    s3.createBucket(b -> b.bucket(bucket));
    location = new S3Location(bucket, prefix);
    return S3BlobStore.open(s3, location, tmp, tuning);
  }

  @Override
  List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.toList();
    }
  }

  List<String> keys() {
    return s3.listObjectsV2Paginator(b -> b.bucket(location.bucket())).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Test
  void storesUnderThePrefixAndTheDigest() {
    store.put(bytes("abc"));

    assertThat(keys()).containsExactly("galley/blobs/sha256/" + ABC.hex());
  }

  @Test
  void withoutAPrefixBlobsLiveAtTheBucketsTop() {
    store = newStore("", S3BlobStore.Tuning.DEFAULT);

    store.put(bytes("abc"));

    assertThat(keys()).containsExactly("sha256/" + ABC.hex());
    assertThat(all()).containsExactly(new BlobInfo(ABC, 3));
  }

  @Test
  void mismatchUploadsNothingAtAll() {
    assertThatThrownBy(() -> store.put(bytes("abd"), ABC))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(keys()).isEmpty();
  }

  @Test
  void forEachSkipsObjectsThatAreNotBlobs() {
    store.put(bytes("abc"));
    s3.putObject(
        b -> b.bucket(location.bucket()).key("galley/blobs/sha256/notes.txt"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
    s3.putObject(
        b -> b.bucket(location.bucket()).key("galley/other/sha256/" + EMPTY.hex()),
        software.amazon.awssdk.core.sync.RequestBody.fromString(""));

    assertThat(all()).containsExactly(new BlobInfo(ABC, 3));
  }

  @Test
  void largeBlobsGoUpInPartsAndAreRefreshedByPartCopies() throws Exception {
    long size = 12L * 1024 * 1024 + 123; // three parts of 5 MiB, the last one short
    store = newStore("parts", new S3BlobStore.Tuning(1024 * 1024, 5L * 1024 * 1024));
    Digest expected = ConcurrentPutTest.sha256(new GeneratedStream(size, 3));

    BlobInfo info = store.put(new GeneratedStream(size, 3));

    assertThat(info).isEqualTo(new BlobInfo(expected, size));
    assertThat(eTag(expected)).as("a multipart upload's ETag counts its parts").endsWith("-3\"");
    try (InputStream in = store.open(expected, 0, -1)) {
      assertThat(ConcurrentPutTest.sha256(in)).isEqualTo(expected);
    }
    try (InputStream in = store.open(expected, 5L * 1024 * 1024 - 2, 4)) {
      assertThat(in.readAllBytes()).hasSize(4);
    }
    Instant first = storedAt();
    awaitTheSecondAfter(first);

    assertThat(store.put(new GeneratedStream(size, 3))).isEqualTo(info);

    assertThat(storedAt()).isAfter(first);
    assertThat(store.stat(expected)).contains(info);
    try (InputStream in = store.open(expected, 0, -1)) {
      assertThat(ConcurrentPutTest.sha256(in)).isEqualTo(expected);
    }
    assertThat(keys()).containsExactly("parts/sha256/" + expected.hex());
    assertThat(tempFiles()).isEmpty();
  }

  String eTag(Digest digest) {
    return s3.headObject(b -> b.bucket(location.bucket()).key(location.key(digest))).eTag();
  }

  @Test
  void checkAccessFindsAMissingBucket() {
    ((S3BlobStore) store).checkAccess();

    S3BlobStore missing =
        S3BlobStore.open(s3, new S3Location("no-such-bucket", ""), tmp, S3BlobStore.Tuning.DEFAULT);
    assertThatThrownBy(missing::checkAccess)
        .isInstanceOf(io.galley.core.GalleyException.class)
        .hasMessageContaining("s3://no-such-bucket")
        .hasMessageContaining("does not exist");
  }

  @Test
  void openReclaimsTempFilesNoPutOwns() throws IOException {
    Path crashed = Files.writeString(tmp.resolve("put-crashed.tmp"), "cut off");

    S3BlobStore.open(s3, location, tmp, S3BlobStore.Tuning.DEFAULT);

    assertThat(crashed).doesNotExist();
  }

  @Test
  void locationsParse() {
    assertThat(S3Location.parse("s3://bucket")).isEqualTo(new S3Location("bucket", ""));
    assertThat(S3Location.parse("s3://bucket/")).isEqualTo(new S3Location("bucket", ""));
    assertThat(S3Location.parse("s3://my.bucket-1/a/b/"))
        .isEqualTo(new S3Location("my.bucket-1", "a/b"));
    assertThat(S3Location.parse("s3://bucket/a/b").key(ABC)).isEqualTo("a/b/sha256/" + ABC.hex());
    assertThat(S3Location.parse("s3://bucket").key(ABC)).isEqualTo("sha256/" + ABC.hex());
    assertThat(S3Location.parse("s3://bucket/a/b")).hasToString("s3://bucket/a/b");
  }

  @Test
  void badLocationsNameTheOption() {
    for (String bad :
        List.of(
            "bucket/prefix",
            "http://bucket/prefix",
            "s3://",
            "s3:///prefix",
            "s3://Upper/x",
            "s3://b/x",
            "s3://bucket//x",
            "s3://bucket/x?y=1",
            "s3://bu_cket/x")) {
      assertThatThrownBy(() -> S3Location.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("--artifacts-destination");
    }
  }

  @Test
  void endpointComesFromTheEnvironment() {
    assertThat(S3BlobStore.endpoint(Map.of())).isNull();
    assertThat(S3BlobStore.endpoint(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")))
        .isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(
            S3BlobStore.endpoint(
                Map.of(
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:9000",
                    "AWS_ENDPOINT_URL_S3", "https://s3.example:9443")))
        .isEqualTo(URI.create("https://s3.example:9443"));
    assertThatThrownBy(() -> S3BlobStore.endpoint(Map.of("AWS_ENDPOINT_URL", "localhost:9000")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("AWS_ENDPOINT_URL");
  }
}
