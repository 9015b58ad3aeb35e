package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.Grantee;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.RepositoryGrant;
import io.galley.core.access.Resource;
import io.galley.core.access.RunAccess;
import io.galley.core.access.TokenReach;
import io.galley.core.access.User;
import io.galley.core.access.Viewer;
import io.galley.server.access.Authenticator.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * What a signed-in user may do with an experiment, its runs and artifacts, or a registered model
 * and its versions, as MLflow's basic-auth app decides it: an administrator anything; anyone else
 * what they were granted (their own grant, else their groups' best), else their own default, else
 * the server's ({@code READ} unless set otherwise, as MLflow ships). No principal means access
 * control is off: then everything is allowed.
 */
public final class ResourcePermissions {
  /** How long a grant found is kept: a change made on another server applies within it. */
  static final Duration KEEP = Duration.ofSeconds(10);

  private final @Nullable PermissionStore store;
  private final Permission serverDefault;
  private final ExpiringCache<String, Optional<Permission>> grants;

  /** A user's repository grants (their own, their groups' and anyone's), by user id. */
  private final ExpiringCache<Long, List<RepositoryGrant>> repositoryGrants;

  /** The grants to anyone, which decide for an anonymous caller. */
  private final ExpiringCache<String, List<RepositoryGrant>> publicRepositoryGrants;

  /** A run's experiment, which never changes: kept long, shared by every user. */
  private final ExpiringCache<String, String> runExperiments;

  private final List<Runnable> onChange = new CopyOnWriteArrayList<>();

  private ResourcePermissions(@Nullable PermissionStore store, Permission serverDefault) {
    this.store = store;
    this.serverDefault = requireNonNull(serverDefault, "serverDefault");
    this.grants = new ExpiringCache<>(KEEP, 100_000, Clock.systemUTC());
    this.repositoryGrants = new ExpiringCache<>(KEEP, 10_000, Clock.systemUTC());
    this.publicRepositoryGrants = new ExpiringCache<>(KEEP, 1, Clock.systemUTC());
    this.runExperiments = new ExpiringCache<>(Duration.ofHours(1), 100_000, Clock.systemUTC());
  }

  /**
   * Forgets every grant kept, and tells those registered with {@link #onChange} (the sign-ins
   * kept): after users, tokens, groups or grants change through this server.
   */
  public void changed() {
    grants.clear();
    repositoryGrants.clear();
    publicRepositoryGrants.clear();
    onChange.forEach(Runnable::run);
  }

  public void onChange(Runnable listener) {
    onChange.add(requireNonNull(listener, "listener"));
  }

  /** Permissions kept in {@code store}; {@code serverDefault} where nothing was granted. */
  public static ResourcePermissions of(PermissionStore store, Permission serverDefault) {
    return new ResourcePermissions(requireNonNull(store, "store"), serverDefault);
  }

  /** With access control off: everything is allowed to everyone. */
  public static ResourcePermissions open() {
    return new ResourcePermissions(null, Permission.MANAGE);
  }

  /** The store of grants, or empty with access control off. */
  public Optional<PermissionStore> store() {
    return Optional.ofNullable(store);
  }

  /** What {@code user} may do where nobody granted them anything. */
  public Permission defaultFor(User user) {
    return user.ownDefault().orElse(serverDefault);
  }

  /** The caller's permission on the resource. */
  public Permission effective(@Nullable Principal caller, Resource resource) {
    PermissionStore grants = store;
    if (caller == null || grants == null) {
      return Permission.MANAGE;
    }
    TokenReach reach = caller.reach();
    if (reach != null && !reach.covers(resource)) {
      return Permission.NO_PERMISSIONS; // a narrowed token reaches nothing else
    }
    if (caller.user().admin()) {
      return Permission.MANAGE;
    }
    long user = caller.user().id();
    return this.grants
        .get(key(user, resource), () -> grants.granted(user, resource))
        .orElseGet(() -> defaultFor(caller.user()));
  }

  /**
   * Refuses with {@code PERMISSION_DENIED} unless the caller's permission allows {@code needed}.
   */
  public void require(@Nullable Principal caller, Resource resource, Permission needed) {
    if (!effective(caller, resource).allows(needed)) {
      throw denied(caller, describe(resource), needed);
    }
  }

  /**
   * As {@link #require} for the experiment of a run, found in the same lookup as the grant; a run
   * that does not exist passes, so that the endpoint answers its own {@code
   * RESOURCE_DOES_NOT_EXIST}.
   */
  public void requireRun(@Nullable Principal caller, String runId, Permission needed) {
    PermissionStore grants = store;
    if (caller == null || grants == null || (caller.user().admin() && caller.reach() == null)) {
      return;
    }
    Optional<String> experiment = runExperiments.find(runId);
    Permission has;
    if (experiment.isPresent()) {
      has = effective(caller, Resource.experiment(experiment.get()));
    } else {
      // One lookup finds both the run's experiment and the caller's grant on it.
      long user = caller.user().id();
      Optional<RunAccess> access = grants.runAccess(user, runId);
      if (access.isEmpty()) {
        return;
      }
      String id = access.get().experimentId();
      runExperiments.put(runId, id, Instant.now().plus(Duration.ofHours(1)));
      this.grants.put(
          key(user, Resource.experiment(id)), access.get().grant(), Instant.now().plus(KEEP));
      has = effective(caller, Resource.experiment(id));
    }
    if (!has.allows(needed)) {
      throw denied(caller, "run '" + runId + "'", needed);
    }
  }

  /** Notes the experiment of a run just created here, so that its first check costs no lookup. */
  public void createdRun(String runId, String experimentId) {
    runExperiments.put(runId, experimentId, Instant.now().plus(Duration.ofHours(1)));
  }

  /**
   * The repository grants that decide for {@code user}, kept as grants are: a registry client sends
   * request after request (a push is a dozen), and each would otherwise read them anew.
   */
  List<RepositoryGrant> repositoryGrantsFor(long user) {
    PermissionStore grants = store;
    return grants == null
        ? List.of()
        : repositoryGrants.get(user, () -> List.copyOf(grants.repositoryGrantsFor(user)));
  }

  /** The grants to anyone, kept as {@link #repositoryGrantsFor} keeps a user's. */
  List<RepositoryGrant> publicRepositoryGrants() {
    PermissionStore grants = store;
    return grants == null
        ? List.of()
        : publicRepositoryGrants.get("", () -> List.copyOf(grants.publicRepositoryGrants()));
  }

  /** Whose read permissions a search applies; null when the caller may read everything. */
  public @Nullable Viewer viewer(@Nullable Principal caller) {
    if (caller == null || store == null || (caller.user().admin() && caller.reach() == null)) {
      return null;
    }
    TokenReach reach = caller.reach();
    return new Viewer(
        caller.user().id(),
        defaultFor(caller.user()).canRead(),
        !caller.user().admin(),
        reach == null ? null : reach.experiments(),
        reach == null ? null : reach.models());
  }

  /** MLflow's rule: whoever creates an experiment or a registered model may manage it. */
  public void grantToCreator(@Nullable Principal caller, Resource created) {
    PermissionStore grants = store;
    if (caller != null && grants != null) {
      grants.createGrant(created, Grantee.user(caller.user().name()), Permission.MANAGE);
      this.grants.remove(key(caller.user().id(), created));
    }
  }

  private static GalleyException denied(
      @Nullable Principal caller, String what, Permission needed) {
    String verb =
        switch (needed) {
          case NO_PERMISSIONS, READ -> "read";
          case EDIT -> "change";
          case MANAGE -> "delete or manage";
        };
    String who = caller == null ? "The caller" : "User '" + caller.user().name() + "'";
    return new GalleyException(
        ErrorCode.PERMISSION_DENIED,
        who
            + " may not "
            + verb
            + " "
            + what
            + " (it takes "
            + needed.name().toLowerCase(Locale.ROOT)
            + " permission)");
  }

  private static String key(long user, Resource resource) {
    return user + "/" + resource.kind() + "/" + resource.id();
  }

  static String describe(Resource resource) {
    return switch (resource.kind()) {
      case EXPERIMENT -> "experiment '" + resource.id() + "'";
      case REGISTERED_MODEL -> "registered model '" + resource.id() + "'";
    };
  }
}
