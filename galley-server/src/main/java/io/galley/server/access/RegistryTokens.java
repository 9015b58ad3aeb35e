package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The registry's bearer tokens, as Docker's token flow has them ({@code docs/spec/auth/jwt.md}): a
 * JWT signed with HS256 by a key every server on the database shares, naming its subject, audience
 * ({@link #SERVICE}), a lifetime of {@link #LIFETIME} and the {@code access} granted. The registry
 * verifies one without a lookup.
 */
public final class RegistryTokens {
  /** The {@code service} of the challenge and the token's audience. */
  public static final String SERVICE = "galley-registry";

  public static final String ISSUER = "galley";
  public static final Duration LIFETIME = Duration.ofMinutes(5);

  /** The name of the signing key in the store. */
  public static final String KEY_NAME = "registry-token-hs256";

  /** Accepted past {@code exp} for clocks that drift, as the reference registry allows. */
  private static final Duration LEEWAY = Duration.ofSeconds(60);

  /** A token as issued. */
  public record Issued(String token, Instant issuedAt, long expiresInSeconds) {}

  /** What a verified token says: who (empty for anonymous) and the access granted. */
  public record Verified(String subject, List<RegistryScope> access) {
    /** Whether the token allows {@code action} on repository {@code name}. */
    public boolean allows(String type, String name, String action) {
      return access.stream()
          .anyMatch(a -> a.type().equals(type) && a.name().equals(name) && a.allows(action));
    }
  }

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;
  private final ExpiringCache<String, Verified> verified;

  public RegistryTokens(byte[] key, Clock clock) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("registry token key: " + e.getMessage(), e);
    }
    this.clock = requireNonNull(clock, "clock");
    this.verified = new ExpiringCache<>(LIFETIME, 10_000, clock);
  }

  /** A new random key, as the store keeps it (base64). */
  public static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public static byte[] decodeKey(String stored) {
    return Base64.getDecoder().decode(stored);
  }

  /** Signs a token for {@code subject} ("" for anonymous) granting {@code access}. */
  public Issued issue(String subject, List<RegistryScope> access) {
    Instant now = clock.instant();
    List<Map<String, Object>> claims = new ArrayList<>();
    for (RegistryScope scope : access) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", scope.type());
      entry.put("name", scope.name());
      entry.put("actions", scope.actions().stream().sorted().toList());
      claims.add(entry);
    }
    JWTClaimsSet set =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .audience(SERVICE)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .claim("access", claims)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), set);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a registry token", e);
    }
    return new Issued(jwt.serialize(), now, LIFETIME.toSeconds());
  }

  /**
   * The token's claims when it is one of ours, unexpired and for this service; else empty. A token
   * verified is kept until it expires, so a client's next requests with it cost no signature check.
   */
  public Optional<Verified> verify(@Nullable String token) {
    if (token == null || token.length() > 16_384) {
      return Optional.empty();
    }
    Optional<Verified> kept = verified.find(token);
    if (kept.isPresent()) {
      return kept;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      Date exp = claims.getExpirationTime();
      Date nbf = claims.getNotBeforeTime();
      if (exp == null
          || now.isAfter(exp.toInstant().plus(LEEWAY))
          || (nbf != null && now.plus(LEEWAY).isBefore(nbf.toInstant()))
          || !ISSUER.equals(claims.getIssuer())
          || !claims.getAudience().contains(SERVICE)) {
        return Optional.empty();
      }
      Verified found =
          new Verified(claims.getSubject() == null ? "" : claims.getSubject(), access(claims));
      verified.put(token, found, exp.toInstant().plus(LEEWAY));
      return Optional.of(found);
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static List<RegistryScope> access(JWTClaimsSet claims) throws ParseException {
    List<RegistryScope> access = new ArrayList<>();
    List<Object> entries = claims.getListClaim("access");
    if (entries == null) {
      return access;
    }
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> m
          && m.get("type") instanceof String type
          && m.get("name") instanceof String name
          && m.get("actions") instanceof List<?> actions) {
        Set<String> names = new LinkedHashSet<>();
        for (Object a : actions) {
          if (a instanceof String s) {
            names.add(s);
          }
        }
        access.add(new RegistryScope(type, name, names));
      }
    }
    return access;
  }
}
