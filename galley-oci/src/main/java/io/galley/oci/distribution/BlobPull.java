package io.galley.oci.distribution;

import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;
import io.galley.oci.name.RepositoryName;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, following the registry's redirects to its storage (with
 * the registry's credentials only while the host stays the registry's). The stream checks size and
 * digest as it ends: a blob that does not match fails its last read, so no sink keeps it.
 */
final class BlobPull {
  private static final int MAX_REDIRECTS = 5;

  private BlobPull() {}

  static InputStream open(RegistryTransport transport, RepositoryName repository, Descriptor blob) {
    URI uri = transport.resolve("/v2/" + repository + "/blobs/" + blob.digest());
    String authority = uri.getRawAuthority();
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
      HttpResponse<InputStream> response =
          uri.getRawAuthority().equals(authority)
              ? transport.send(request, Scopes.pull(repository))
              : transport.sendUnsigned(request);
      int status = response.statusCode();
      if (status == 200) {
        return new Verified(response.body(), blob, transport.registry());
      }
      String location = response.headers().firstValue("Location").orElse(null);
      if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
          && location != null
          && hop < MAX_REDIRECTS) {
        RegistryTransport.discard(response);
        uri = uri.resolve(location);
        continue;
      }
      throw transport.refusal(response, "blob " + blob.digest() + " of " + repository);
    }
  }

  /** Passes the bytes through, and fails at their end unless they are exactly the blob. */
  private static final class Verified extends FilterInputStream {
    private final Descriptor blob;
    private final String registry;
    private final MessageDigest sha;
    private long count;
    private boolean checked;

    Verified(InputStream in, Descriptor blob, String registry) {
      super(in);
      this.blob = blob;
      this.registry = registry;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        check();
        return -1;
      }
      sha.update(b, off, n);
      count += n;
      if (count > blob.size()) {
        throw new BlobVerificationException(
            "blob "
                + blob.digest()
                + " from "
                + registry
                + " is longer than its "
                + blob.size()
                + " bytes");
      }
      return n;
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      Digest got = Digest.ofSha256(sha.digest());
      if (count != blob.size() || !got.equals(blob.digest())) {
        throw new BlobVerificationException(
            "blob "
                + blob.digest()
                + " from "
                + registry
                + " arrived as "
                + count
                + " bytes of "
                + got
                + ": not kept");
      }
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("a verified blob is read, not skipped");
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
