package io.galley.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds back what a test class writes to {@code System.out} and {@code System.err} (servers' logs
 * above all) and prints it only for a test that failed, under the test's name, as Javalin's tests
 * do: a green build prints nothing, a red one shows the log of exactly what failed. Output written
 * outside any test (a class's set-up and tear-down, background threads between tests) is printed
 * when the class fails or any of its tests did.
 *
 * <p>Registered through {@code META-INF/services} for JUnit's extension auto-detection, which the
 * build turns on for every module. Tests run one at a time in a fork (the build runs no test in
 * parallel), so swapping the process-wide streams is safe.
 */
public final class OutputOnFailure
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(OutputOnFailure.class);

  /**
   * The most one buffer keeps; past it the oldest output goes, since the end explains a failure.
   */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (capture(context) == null && !(System.out instanceof CapturedStream)) {
      context.getStore(NS).put(Capture.class, Capture.install());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Capture capture = capture(context);
    if (capture != null) {
      capture.startTest();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Capture capture = capture(context);
    if (capture != null) {
      capture.endTest(
          context.getRequiredTestClass().getSimpleName() + " > " + context.getDisplayName(),
          context.getExecutionException().isPresent());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Capture capture = (Capture) context.getStore(NS).remove(Capture.class);
    if (capture != null) {
      capture.uninstall(
          context.getRequiredTestClass().getSimpleName(),
          context.getExecutionException().isPresent());
    }
  }

  /** The class's capture; a nested class's context finds its enclosing class's. */
  private static @Nullable Capture capture(ExtensionContext context) {
    return context.getStore(NS).get(Capture.class, Capture.class);
  }

  /** The swapped streams of one test class and the real ones behind them. */
  static final class Capture {
    private final PrintStream realOut;
    private final PrintStream realErr;
    private final BoundedBuffer classOutput = new BoundedBuffer();
    private final BoundedBuffer testOutput = new BoundedBuffer();
    private final CapturedStream target;
    private boolean anyFailed;

    private Capture(PrintStream realOut, PrintStream realErr) {
      this.realOut = realOut;
      this.realErr = realErr;
      this.target = new CapturedStream(classOutput);
    }

    static Capture install() {
      Capture capture = new Capture(System.out, System.err);
      System.setOut(capture.target);
      System.setErr(capture.target);
      return capture;
    }

    void startTest() {
      flush();
      target.switchTo(testOutput);
    }

    void endTest(String name, boolean failed) {
      flush();
      target.switchTo(classOutput);
      if (failed) {
        anyFailed = true;
        print("output of failed test " + name, testOutput);
      }
      testOutput.reset();
    }

    void uninstall(String className, boolean failed) {
      flush();
      System.setOut(realOut);
      System.setErr(realErr);
      if (failed || anyFailed) {
        print("output of " + className + " outside its tests", classOutput);
      }
    }

    private void flush() {
      target.flush();
    }

    private void print(String title, BoundedBuffer output) {
      if (output.size() == 0) {
        return;
      }
      realErr.println("----- " + title + (output.truncated() ? " (its end only)" : "") + " -----");
      realErr.print(output.text());
      realErr.println("----- end of " + title + " -----");
      realErr.flush();
    }
  }

  /** A {@code PrintStream} whose bytes go to whichever buffer is current. */
  static final class CapturedStream extends PrintStream {
    private final Redirect redirect;

    CapturedStream(BoundedBuffer first) {
      this(new Redirect(first));
    }

    private CapturedStream(Redirect redirect) {
      super(redirect, true, StandardCharsets.UTF_8);
      this.redirect = redirect;
    }

    synchronized void switchTo(BoundedBuffer buffer) {
      flush();
      redirect.current = buffer;
    }
  }

  private static final class Redirect extends OutputStream {
    volatile BoundedBuffer current;

    Redirect(BoundedBuffer first) {
      this.current = first;
    }

    @Override
    public void write(int b) {
      current.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      current.write(b, off, len);
    }
  }

  /** Output kept up to {@link #MAX_BYTES}, dropping the oldest half when full. */
  static final class BoundedBuffer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean truncated;

    synchronized void write(byte[] b, int off, int len) {
      if (bytes.size() + len > MAX_BYTES) {
        byte[] all = bytes.toByteArray();
        int keep = Math.min(all.length, MAX_BYTES / 2);
        bytes.reset();
        bytes.write(all, all.length - keep, keep);
        truncated = true;
        if (len > MAX_BYTES / 2) {
          off += len - MAX_BYTES / 2;
          len = MAX_BYTES / 2;
        }
      }
      bytes.write(b, off, len);
    }

    synchronized int size() {
      return bytes.size();
    }

    synchronized boolean truncated() {
      return truncated;
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized void reset() {
      bytes.reset();
      truncated = false;
    }
  }
}
