package io.galley.store.blob;

import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Blobs as files under {@code <root>/sha256/ab/abcdef…}. */
public final class FileBlobStore implements BlobStore {
  private FileBlobStore() {}

  /** Opens (creating if needed) a blob store rooted at {@code root}. */
  public static FileBlobStore open(Path root) {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public BlobInfo put(InputStream content) {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public BlobInfo put(InputStream content, Digest expected) {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public Optional<BlobInfo> stat(Digest digest) {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public InputStream open(Digest digest, long offset, long length) {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public boolean delete(Digest digest) {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public void forEach(Consumer<BlobInfo> action) {
    throw new UnsupportedOperationException("not written yet");
  }
}
