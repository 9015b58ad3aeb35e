package io.galley.oci.distribution;

import static java.util.Objects.requireNonNull;

import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageSink;
import io.galley.oci.image.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Copies one image from a remote repository into any {@link ImageSink} (another registry, an OCI
 * layout, a {@code docker load} archive, Galley's store): blobs the sink holds are skipped, the
 * rest stream through digest-checked, and the manifest goes last, so a copy that fails leaves no
 * manifest naming a missing blob.
 */
public final class ImageCopy {
  /** How often a moving blob reports its bytes. */
  private static final long PROGRESS_EVERY = 512 * 1024;

  private ImageCopy() {}

  public static BuiltImage copy(RemoteImage from, ImageSink to, Consumer<TransferEvent> events) {
    requireNonNull(to, "to");
    requireNonNull(events, "events");
    BuiltImage image = from.asBuilt();
    List<Descriptor> blobs = new ArrayList<>(image.layers());
    blobs.add(image.manifest().config());
    blobs.forEach(b -> events.accept(new TransferEvent.BlobWaiting(b)));
    try {
      for (Descriptor blob : blobs) {
        if (to.has(blob)) {
          events.accept(new TransferEvent.BlobDone(blob, true));
          continue;
        }
        to.putBlob(blob, () -> new Counting(from.repository().openBlob(blob), blob, events));
        events.accept(new TransferEvent.BlobDone(blob, false));
      }
      to.putManifest(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    events.accept(new TransferEvent.ManifestDone(image.manifestDescriptor()));
    return image;
  }

  private static final class Counting extends FilterInputStream {
    private final Descriptor blob;
    private final Consumer<TransferEvent> events;
    private long count;
    private long reported;

    Counting(InputStream in, Descriptor blob, Consumer<TransferEvent> events) {
      super(in);
      this.blob = blob;
      this.events = events;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        moved(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        moved(n);
      }
      return n;
    }

    private void moved(int n) {
      count += n;
      if (count - reported >= PROGRESS_EVERY || count == blob.size()) {
        reported = count;
        events.accept(new TransferEvent.BlobProgress(blob, count));
      }
    }
  }
}
