package io.galley.core.access;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The port that keeps who may do what with which experiment or registered model: grants to users
 * and groups, groups and their members, and each user's default. Admins and the server's default
 * are the caller's rule, not the store's.
 */
public interface PermissionStore {
  /**
   * Grants a permission; {@code RESOURCE_ALREADY_EXISTS} when the grantee holds one on the resource
   * already, {@code RESOURCE_DOES_NOT_EXIST} when there is no such resource, user or group.
   */
  Grant createGrant(Resource resource, Grantee grantee, Permission permission);

  /** The grantee's own grant on the resource, if any. */
  Optional<Grant> findGrant(Resource resource, Grantee grantee);

  /** Changes a grant; {@code RESOURCE_DOES_NOT_EXIST} when there is none. */
  Grant updateGrant(Resource resource, Grantee grantee, Permission permission);

  /** Removes a grant; {@code RESOURCE_DOES_NOT_EXIST} when there is none. */
  void deleteGrant(Resource resource, Grantee grantee);

  /** Every grant the grantee holds, experiments first, then models, by id or name. */
  List<Grant> grantsOf(Grantee grantee);

  /**
   * What the user was granted on the resource: their own grant, else the highest of their groups'
   * grants, else nothing (then a default applies).
   */
  Optional<Permission> granted(long userId, Resource resource);

  /** The run's experiment and the user's grant on it; empty when there is no such run. */
  Optional<RunAccess> runAccess(long userId, String runId);

  /** Sets a user's default permission, or clears it with null (then the server's applies). */
  void setDefaultPermission(String userName, @Nullable Permission permission);

  /** Creates a group; {@code RESOURCE_ALREADY_EXISTS} when the name is taken. */
  Group createGroup(String name);

  /** Deletes a group and its grants; {@code RESOURCE_DOES_NOT_EXIST} when there is none. */
  void deleteGroup(String name);

  /** Every group with its members, by name. */
  List<Group> groups();

  /** Adds a user to a group (again is a no-op); {@code RESOURCE_DOES_NOT_EXIST} for a bad name. */
  void addMember(String groupName, String userName);

  /** Removes a user from a group; false when they were not in it. */
  boolean removeMember(String groupName, String userName);

  /**
   * Grants a permission on the repositories a pattern covers; {@code RESOURCE_ALREADY_EXISTS} when
   * the grantee holds one on that pattern, {@code RESOURCE_DOES_NOT_EXIST} for a bad name.
   */
  RepositoryGrant createRepositoryGrant(
      RepositoryPattern pattern, Grantee grantee, Permission permission);

  /** Removes a repository grant; {@code RESOURCE_DOES_NOT_EXIST} when there is none. */
  void deleteRepositoryGrant(RepositoryPattern pattern, Grantee grantee);

  /** Every repository grant, by pattern. */
  List<RepositoryGrant> repositoryGrants();

  /** The repository grants that apply to a user: their own, their groups' and anyone's. */
  List<RepositoryGrant> repositoryGrantsFor(long userId);

  /** Whether anyone holds a grant on exactly the pattern {@code name} (a name, no wildcard). */
  boolean isRepositoryNameGranted(String name);

  /** The repository grants anyone has, anonymous callers included. */
  List<RepositoryGrant> publicRepositoryGrants();

  /**
   * The secret named {@code name} that servers on this database sign with; {@code create} makes it
   * the first time, and the first server to store one wins a race.
   */
  String signingKey(String name, java.util.function.Supplier<String> create);
}
