package io.galley.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class OutputOnFailureTest {
  @Test
  void printsTheOutputOfFailedTestsOnly() {
    String printed = run(Sample.class);

    assertThat(printed)
        .contains("----- output of failed test Sample > fails() -----")
        .contains("log line of the failing test")
        .contains("err line of the failing test")
        .contains("----- output of Sample outside its tests -----")
        .contains("written in tear-down")
        .doesNotContain("log line of the passing test");
  }

  @Test
  void aGreenClassPrintsNothing() {
    assertThat(run(Green.class)).isEmpty();
  }

  @Test
  void keepsTheEndOfOutputLargerThanItsBound() {
    OutputOnFailure.BoundedBuffer buffer = new OutputOnFailure.BoundedBuffer();
    byte[] line = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < OutputOnFailure.MAX_BYTES / line.length * 2; i++) {
      buffer.write(line, 0, line.length);
    }
    buffer.write("the end".getBytes(StandardCharsets.UTF_8), 0, 7);

    assertThat(buffer.truncated()).isTrue();
    assertThat(buffer.size()).isLessThanOrEqualTo(OutputOnFailure.MAX_BYTES);
    assertThat(buffer.text()).endsWith("the end");
  }

  /** Runs {@code testClass} with the extension over fresh streams; what reached them. */
  private static String run(Class<?> testClass) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream real = new ByteArrayOutputStream();
    PrintStream realStream = new PrintStream(real, true, StandardCharsets.UTF_8);
    System.setOut(realStream);
    System.setErr(realStream);
    try {
      EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return real.toString(StandardCharsets.UTF_8);
  }

  @ExtendWith(OutputOnFailure.class)
  static class Sample {
    @Test
    void passes() {
      System.out.println("log line of the passing test");
    }

    @Test
    void fails() {
      System.out.println("log line of the failing test");
      System.err.println("err line of the failing test");
      throw new AssertionError("expected failure");
    }

    @AfterAll
    static void tearDown() {
      System.out.println("written in tear-down");
    }
  }

  @ExtendWith(OutputOnFailure.class)
  static class Green {
    @Test
    void passes() {
      System.out.println("quiet");
    }
  }
}
