package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jspecify.annotations.Nullable;

/**
 * Password hashes as Argon2id PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with
 * OWASP's minimum parameters for Argon2id: 19 MiB of memory, 2 passes, 1 lane, a 16-byte random
 * salt, a 32-byte hash. The parameters travel in the string, so raising them later leaves old
 * hashes verifiable.
 *
 * <p>Verifying is constant-time in what it compares, and a check for a user who does not exist
 * still computes a hash (of a fixed string), so that the time a sign-in takes does not say whether
 * the name exists.
 */
public final class PasswordHashes {
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})"
              + "\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a check for an unknown user verifies against, so that it costs what a real one does. */
  private static final String DUMMY = hash("no such user: the time a sign-in takes says nothing");

  private PasswordHashes() {}

  /** A new hash of {@code password}, with a fresh salt. */
  public static String hash(String password) {
    requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2id(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + LANES
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /**
   * Whether {@code password} is the one {@code stored} was made from; {@code stored} null (no such
   * user) or not a hash this class makes is false, after the same work as a real check.
   */
  public static boolean matches(String password, @Nullable String stored) {
    requireNonNull(password, "password");
    Matcher m = PHC.matcher(stored == null ? DUMMY : stored);
    boolean usable = stored != null && m.matches();
    if (!usable) {
      m = PHC.matcher(DUMMY);
      m.matches();
    }
    int memory = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int lanes = Integer.parseInt(m.group(3));
    // Bounds on what a stored string may ask for: a corrupt or hostile one must not take the
    // server's memory (1 GiB at most) or minutes of CPU.
    if (memory < 8 * lanes || memory > 1024 * 1024 || iterations < 1 || lanes < 1) {
      return false;
    }
    byte[] salt = B64_DECODER.decode(m.group(4));
    byte[] expected = B64_DECODER.decode(m.group(5));
    byte[] actual = argon2id(password, salt, memory, iterations, lanes, expected.length);
    return MessageDigest.isEqual(actual, expected) && usable;
  }

  private static byte[] argon2id(
      String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
