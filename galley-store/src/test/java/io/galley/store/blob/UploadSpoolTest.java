package io.galley.store.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.AbandonedUploads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which temp files a reclaim may take: only those no live put, here or in another process, owns.
 */
class UploadSpoolTest {
  @TempDir Path root;
  private Path dir;

  @BeforeEach
  void paths() {
    dir = root.resolve("spool");
  }

  @Test
  void aDryRunCountsWhatAReclaimDeletes() throws IOException {
    UploadSpool spool = UploadSpool.open(dir);
    Files.writeString(dir.resolve("put-1.tmp"), "12345");
    Files.writeString(dir.resolve("put-2.tmp"), "123");
    Files.writeString(dir.resolve("not-a-put.txt"), "kept");

    assertThat(spool.reclaimAbandoned(true)).isEqualTo(new AbandonedUploads(2, 8));
    assertThat(names()).containsExactlyInAnyOrder("put-1.tmp", "put-2.tmp", "not-a-put.txt");
    assertThat(spool.reclaimAbandoned(false)).isEqualTo(new AbandonedUploads(2, 8));
    assertThat(names()).containsExactly("not-a-put.txt");
  }

  @Test
  void aPutInFlightInThisProcessKeepsItsTempFileAndItsLock() throws Exception {
    UploadSpool spool = UploadSpool.open(dir);
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    InputStream slow =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent == 3) {
              sending.countDown();
              try {
                finish.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return -1;
            }
            sent++;
            return 'x';
          }
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> put =
          pool.submit(
              () -> {
                try (UploadSpool.Spooled spooled = spool.spool(slow, null, false)) {
                  return Files.readString(spooled.file(), UTF_8);
                }
              });
      sending.await();
      assertThat(spool.reclaimAbandoned(false)).isEqualTo(AbandonedUploads.NONE);
      // A second process finds the file locked, which it would not if the reclaim had opened it.
      List<String> temps = names();
      assertThat(temps).hasSize(1);
      assertThat(otherProcessTryLocks(dir.resolve(temps.get(0)))).isEqualTo("held");
      finish.countDown();
      assertThat(put.get()).isEqualTo("xxx");
    } finally {
      finish.countDown();
      pool.shutdownNow();
    }
    assertThat(names()).isEmpty();
  }

  @Test
  void aTempFileAnotherProcessOwnsIsKeptUntilThatProcessIsGone() throws Exception {
    UploadSpool spool = UploadSpool.open(dir);
    Path temp = Files.writeString(dir.resolve("put-other.tmp"), "written by another server");
    Process owner = javaProgram(LOCK_AND_WAIT, temp.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      assertThat(spool.reclaimAbandoned(false)).isEqualTo(AbandonedUploads.NONE);
      assertThat(temp).exists();
    } finally {
      owner.destroyForcibly();
      assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(spool.reclaimAbandoned(false)).isEqualTo(new AbandonedUploads(1, 25));
    assertThat(temp).doesNotExist();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static final String LOCK_AND_WAIT =
      "import java.nio.channels.FileChannel; import java.nio.file.*;"
          + " public class Main { public static void main(String[] a) throws Exception {"
          + " FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);"
          + " c.lock(Long.MAX_VALUE - 1, 1, false); System.out.println(\"locked\");"
          + " System.out.flush(); Thread.sleep(600_000); } }";

  private static final String TRY_LOCK =
      "import java.nio.channels.FileChannel; import java.nio.file.*;"
          + " public class Main { public static void main(String[] a) throws Exception {"
          + " FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);"
          + " System.out.println(c.tryLock(Long.MAX_VALUE - 1, 1, false) == null"
          + " ? \"held\" : \"free\"); } }";

  private String otherProcessTryLocks(Path file) throws Exception {
    Process p = javaProgram(TRY_LOCK, file.toString());
    String answer = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return answer;
  }

  /** Runs a one-file Java program (the JDK's source launcher) in a process of its own. */
  private Process javaProgram(String source, String arg) throws IOException {
    assertThat(UploadSpool.OWNER_BYTE).isEqualTo(Long.MAX_VALUE - 1); // the programs lock it
    Path program = Files.createTempDirectory(root, "program").resolve("Main.java");
    Files.writeString(program, source);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, program.toString(), arg)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
