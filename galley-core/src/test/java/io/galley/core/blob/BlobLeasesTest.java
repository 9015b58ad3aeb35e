package io.galley.core.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.BlobLeases.Removal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlobLeasesTest {
  private static final Digest A = new Digest("a".repeat(64));
  private static final Digest B = new Digest("b".repeat(64));

  private final BlobLeases leases = new BlobLeases();
  private final Set<Digest> stored = new HashSet<>(Set.of(A, B));

  @Test
  void aDigestStaysLeasedUntilEveryLeaseOnItIsClosed() {
    BlobLeases.Lease first = leases.acquire(A);
    BlobLeases.Lease second = leases.acquire(A);

    first.close();
    first.close(); // a second close must not release the other lease
    assertThat(leases.isLeased(A)).isTrue();
    second.close();
    assertThat(leases.isLeased(A)).isFalse();
    assertThat(leases.isLeased(B)).isFalse();
  }

  @Test
  void aCollectionDeletesOnlyWhatNoWriteHolds() {
    try (BlobLeases.Lease held = leases.acquire(A);
        BlobLeases.Collection collection = leases.beginCollection()) {
      assertThat(collection.deleteUnlessLeased(A, stored::remove)).isEqualTo(Removal.LEASED);
      assertThat(collection.deleteUnlessLeased(B, stored::remove)).isEqualTo(Removal.DELETED);
      assertThat(collection.deleteUnlessLeased(B, stored::remove)).isEqualTo(Removal.ABSENT);
      assertThat(held.digest()).isEqualTo(A);
    }
    assertThat(stored).containsExactly(A);
  }

  @Test
  void aLeaseClosedDuringACollectionHoldsUntilThatCollectionEnds() {
    BlobLeases.Lease lease = leases.acquire(A);
    BlobLeases.Collection running = leases.beginCollection();
    lease.close();

    assertThat(running.isLeased(A)).isTrue();
    assertThat(running.deleteUnlessLeased(A, stored::remove)).isEqualTo(Removal.LEASED);
    running.close();

    try (BlobLeases.Collection next = leases.beginCollection()) {
      assertThat(next.deleteUnlessLeased(A, stored::remove)).isEqualTo(Removal.DELETED);
    }
    assertThat(stored).containsExactly(B);
  }

  @Test
  void aLeaseClosedBeforeACollectionBeganDoesNotHold() {
    leases.acquire(A).close();
    try (BlobLeases.Collection collection = leases.beginCollection()) {
      assertThat(collection.isLeased(A)).isFalse();
    }
  }
}
