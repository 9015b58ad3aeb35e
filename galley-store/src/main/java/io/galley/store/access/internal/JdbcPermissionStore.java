package io.galley.store.access.internal;

import static java.util.Objects.requireNonNull;

import io.galley.core.AlreadyExistsException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.access.AccessLimits;
import io.galley.core.access.Grant;
import io.galley.core.access.Grantee;
import io.galley.core.access.Group;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.RepositoryGrant;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.Resource;
import io.galley.core.access.RunAccess;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.GrantSql;
import io.galley.store.jdbc.internal.GrantSql.Grants;
import io.galley.store.jdbc.internal.Sql;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * {@link PermissionStore} over {@code experiment_grants}, {@code registered_model_grants}, {@code
 * user_groups} and {@code group_members}. A grant names its experiment or model by the row's id, so
 * it follows a model through a rename and goes with it when it is deleted.
 */
public final class JdbcPermissionStore implements PermissionStore {
  private static final Permission[] LEVELS = Permission.values();

  private final Db db;
  private final Clock clock;

  public JdbcPermissionStore(Jdbi jdbi, Clock clock) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Grant createGrant(Resource resource, Grantee grantee, Permission permission) {
    requireNonNull(permission, "permission");
    if (grantee.kind() == Grantee.Kind.ANYONE) {
      throw new InvalidRequestException(
          "A grant to anyone is for image repositories (it makes them public); grant an"
              + " experiment or a model to a user or a group");
    }
    try {
      return db.inTransaction(
          h -> {
            long resourceId = resourceId(h, resource).orElseThrow(() -> noResource(resource));
            long granteeId = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
            Grants grants = grants(resource);
            h.execute(
                "INSERT INTO "
                    + grants.table()
                    + " ("
                    + grants.idColumn()
                    + ", grantee_kind, grantee_id, permission_level) VALUES (?, ?, ?, ?)",
                resourceId,
                kind(grantee),
                granteeId,
                permission.ordinal());
            return new Grant(resource, grantee, granteeId, permission);
          });
    } catch (Db.UniqueViolation e) {
      throw new AlreadyExistsException(
          describe(grantee) + " already has a permission on " + describe(resource) + ".");
    }
  }

  @Override
  public Optional<Grant> findGrant(Resource resource, Grantee grantee) {
    return db.inTransaction(h -> find(h, resource, grantee));
  }

  @Override
  public Grant updateGrant(Resource resource, Grantee grantee, Permission permission) {
    requireNonNull(permission, "permission");
    return db.inTransaction(
        h -> {
          long granteeId = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
          Grants grants = grants(resource);
          int changed =
              h.execute(
                  "UPDATE "
                      + grants.table()
                      + " SET permission_level = ? WHERE "
                      + grants.idColumn()
                      + " = ? AND grantee_kind = ? AND grantee_id = ?",
                  permission.ordinal(),
                  resourceId(h, resource).orElseThrow(() -> noResource(resource)),
                  kind(grantee),
                  granteeId);
          if (changed == 0) {
            throw noGrant(resource, grantee);
          }
          return new Grant(resource, grantee, granteeId, permission);
        });
  }

  @Override
  public void deleteGrant(Resource resource, Grantee grantee) {
    db.useTransaction(
        h -> {
          long granteeId = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
          Grants grants = grants(resource);
          int deleted =
              h.execute(
                  "DELETE FROM "
                      + grants.table()
                      + " WHERE "
                      + grants.idColumn()
                      + " = ? AND grantee_kind = ? AND grantee_id = ?",
                  resourceId(h, resource).orElseThrow(() -> noResource(resource)),
                  kind(grantee),
                  granteeId);
          if (deleted == 0) {
            throw noGrant(resource, grantee);
          }
        });
  }

  @Override
  public List<Grant> grantsOf(Grantee grantee) {
    return db.inTransaction(
        h -> {
          long id = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
          List<Grant> found = new ArrayList<>();
          h.createQuery(
                  "SELECT experiment_id, permission_level FROM experiment_grants"
                      + " WHERE grantee_kind = ? AND grantee_id = ? ORDER BY experiment_id")
              .bind(0, kind(grantee))
              .bind(1, id)
              .map(
                  (rs, ctx) ->
                      new Grant(
                          Resource.experiment(Long.toString(rs.getLong(1))),
                          grantee,
                          id,
                          LEVELS[rs.getInt(2)]))
              .forEach(found::add);
          h.createQuery(
                  "SELECT r.name, g.permission_level FROM registered_model_grants g"
                      + " JOIN registered_models r ON r.model_id = g.model_id"
                      + " WHERE g.grantee_kind = ? AND g.grantee_id = ? ORDER BY r.name")
              .bind(0, kind(grantee))
              .bind(1, id)
              .map(
                  (rs, ctx) ->
                      new Grant(
                          Resource.registeredModel(rs.getString(1)),
                          grantee,
                          id,
                          LEVELS[rs.getInt(2)]))
              .forEach(found::add);
          return found;
        });
  }

  @Override
  public Optional<Permission> granted(long userId, Resource resource) {
    return db.inTransaction(
        h -> {
          Sql sql =
              switch (resource.kind()) {
                case EXPERIMENT -> {
                  OptionalLong id = experimentId(resource.id());
                  if (id.isEmpty()) {
                    yield null;
                  }
                  yield new Sql()
                      .append("SELECT ")
                      .append(GrantSql.level(Grants.EXPERIMENTS, "e.experiment_id", userId))
                      .append(" FROM experiments e WHERE e.experiment_id = ?", id.getAsLong());
                }
                case REGISTERED_MODEL ->
                    new Sql()
                        .append("SELECT ")
                        .append(GrantSql.level(Grants.REGISTERED_MODELS, "r.model_id", userId))
                        .append(" FROM registered_models r WHERE r.name = ?", resource.id());
              };
          return sql == null ? Optional.empty() : level(h, sql);
        });
  }

  @Override
  public Optional<RunAccess> runAccess(long userId, String runId) {
    requireNonNull(runId, "runId");
    Sql sql =
        new Sql()
            .append("SELECT r.experiment_id, ")
            .append(GrantSql.level(Grants.EXPERIMENTS, "r.experiment_id", userId))
            .append(" FROM runs r WHERE r.run_uuid = ?", runId);
    return db.inTransaction(
        h ->
            sql.bind(h.createQuery(sql.text()))
                .map(
                    (rs, ctx) -> {
                      long experiment = rs.getLong(1);
                      int level = rs.getInt(2);
                      return new RunAccess(
                          Long.toString(experiment), rs.wasNull() ? null : LEVELS[level]);
                    })
                .findOne());
  }

  @Override
  public void setDefaultPermission(String userName, @Nullable Permission permission) {
    requireNonNull(userName, "userName");
    int changed =
        db.inTransaction(
            h ->
                h.execute(
                    "UPDATE users SET default_permission = ? WHERE user_name = ?",
                    permission == null ? null : permission.name(),
                    userName));
    if (changed == 0) {
      throw noGrantee(Grantee.user(userName));
    }
  }

  @Override
  public Group createGroup(String name) {
    requireNonNull(name, "name");
    AccessLimits.validateGroupName(name);
    long now = clock.millis();
    try {
      long id =
          db.inTransaction(
              h ->
                  h.createUpdate("INSERT INTO user_groups (group_name, created_at) VALUES (?, ?)")
                      .bind(0, name)
                      .bind(1, now)
                      .executeAndReturnGeneratedKeys("group_id")
                      .mapTo(Long.class)
                      .one());
      return new Group(id, name, List.of(), java.time.Instant.ofEpochMilli(now));
    } catch (Db.UniqueViolation e) {
      throw new AlreadyExistsException("Group '" + name + "' already exists.");
    }
  }

  @Override
  public void deleteGroup(String name) {
    requireNonNull(name, "name");
    db.useTransaction(
        h -> {
          long id = granteeId(h, Grantee.group(name)).orElseThrow(() -> noGroup(name));
          for (String table :
              List.of("experiment_grants", "registered_model_grants", "repository_grants")) {
            h.execute("DELETE FROM " + table + " WHERE grantee_kind = 'G' AND grantee_id = ?", id);
          }
          h.execute("DELETE FROM group_members WHERE group_id = ?", id);
          h.execute("DELETE FROM user_groups WHERE group_id = ?", id);
        });
  }

  @Override
  public List<Group> groups() {
    return db.inTransaction(
        h -> {
          record Row(long id, String name, long createdAt, @Nullable String member) {}
          Map<Long, Row> groups = new LinkedHashMap<>();
          Map<Long, List<String>> members = new LinkedHashMap<>();
          h.createQuery(
                  "SELECT g.group_id, g.group_name, g.created_at, u.user_name FROM user_groups g"
                      + " LEFT JOIN group_members m ON m.group_id = g.group_id"
                      + " LEFT JOIN users u ON u.user_id = m.user_id"
                      + " ORDER BY g.group_name, u.user_name")
              .map(
                  (rs, ctx) ->
                      new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
              .forEach(
                  row -> {
                    groups.putIfAbsent(row.id(), row);
                    List<String> names = members.computeIfAbsent(row.id(), k -> new ArrayList<>());
                    if (row.member() != null) {
                      names.add(row.member());
                    }
                  });
          return groups.values().stream()
              .map(
                  g ->
                      new Group(
                          g.id(),
                          g.name(),
                          members.getOrDefault(g.id(), List.of()),
                          java.time.Instant.ofEpochMilli(g.createdAt())))
              .toList();
        });
  }

  @Override
  public void addMember(String groupName, String userName) {
    db.useTransaction(
        h -> {
          long group = granteeId(h, Grantee.group(groupName)).orElseThrow(() -> noGroup(groupName));
          long user =
              granteeId(h, Grantee.user(userName))
                  .orElseThrow(() -> noGrantee(Grantee.user(userName)));
          boolean present =
              h.createQuery("SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?")
                  .bind(0, group)
                  .bind(1, user)
                  .mapTo(Integer.class)
                  .findOne()
                  .isPresent();
          if (!present) {
            h.execute("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", group, user);
          }
        });
  }

  @Override
  public boolean removeMember(String groupName, String userName) {
    return db.inTransaction(
        h -> {
          long group = granteeId(h, Grantee.group(groupName)).orElseThrow(() -> noGroup(groupName));
          return h.execute(
                  "DELETE FROM group_members WHERE group_id = ? AND user_id IN"
                      + " (SELECT user_id FROM users WHERE user_name = ?)",
                  group,
                  userName)
              > 0;
        });
  }

  @Override
  public RepositoryGrant createRepositoryGrant(
      RepositoryPattern pattern, Grantee grantee, Permission permission) {
    requireNonNull(pattern, "pattern");
    requireNonNull(permission, "permission");
    try {
      return db.inTransaction(
          h -> {
            long granteeId = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
            h.execute(
                "INSERT INTO repository_grants (name_pattern, grantee_kind, grantee_id,"
                    + " permission_level) VALUES (?, ?, ?, ?)",
                pattern.value(),
                kind(grantee),
                granteeId,
                permission.ordinal());
            return new RepositoryGrant(pattern, grantee, granteeId, permission);
          });
    } catch (Db.UniqueViolation e) {
      throw new AlreadyExistsException(
          describe(grantee)
              + " already has a permission on repositories '"
              + pattern.value()
              + "'.");
    }
  }

  @Override
  public void deleteRepositoryGrant(RepositoryPattern pattern, Grantee grantee) {
    db.useTransaction(
        h -> {
          long granteeId = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
          int deleted =
              h.execute(
                  "DELETE FROM repository_grants WHERE name_pattern = ? AND grantee_kind = ?"
                      + " AND grantee_id = ?",
                  pattern.value(),
                  kind(grantee),
                  granteeId);
          if (deleted == 0) {
            throw new NotFoundException(
                describe(grantee)
                    + " has no permission of its own on repositories '"
                    + pattern.value()
                    + "'.");
          }
        });
  }

  @Override
  public List<RepositoryGrant> repositoryGrants() {
    return repositoryGrants("1 = 1");
  }

  @Override
  public List<RepositoryGrant> repositoryGrantsFor(long userId) {
    return repositoryGrants(
        "(g.grantee_kind = 'U' AND g.grantee_id = ?) OR g.grantee_kind = 'A' OR (g.grantee_kind ="
            + " 'G' AND g.grantee_id IN (SELECT group_id FROM group_members WHERE user_id = ?))",
        userId,
        userId);
  }

  @Override
  public boolean isRepositoryNameGranted(String name) {
    requireNonNull(name, "name");
    return db.inTransaction(
        h ->
            h.createQuery("SELECT 1 FROM repository_grants WHERE name_pattern = ?")
                .bind(0, name)
                .mapTo(Integer.class)
                .findFirst()
                .isPresent());
  }

  @Override
  public List<RepositoryGrant> publicRepositoryGrants() {
    return repositoryGrants("g.grantee_kind = 'A'");
  }

  private List<RepositoryGrant> repositoryGrants(String where, Object... args) {
    Sql sql =
        new Sql()
            .append(
                "SELECT g.name_pattern, g.grantee_kind, g.grantee_id, g.permission_level,"
                    + " u.user_name, ug.group_name FROM repository_grants g"
                    + " LEFT JOIN users u ON g.grantee_kind = 'U' AND u.user_id = g.grantee_id"
                    + " LEFT JOIN user_groups ug ON g.grantee_kind = 'G'"
                    + " AND ug.group_id = g.grantee_id WHERE ")
            .append(where, args)
            .append(" ORDER BY g.name_pattern, g.grantee_kind, g.grantee_id");
    return db.inTransaction(
        h ->
            sql.bind(h.createQuery(sql.text()))
                .map(
                    (rs, ctx) -> {
                      Grantee grantee =
                          switch (rs.getString(2)) {
                            case "U" -> Grantee.user(rs.getString(5));
                            case "G" -> Grantee.group(rs.getString(6));
                            default -> Grantee.anyone();
                          };
                      return new RepositoryGrant(
                          new RepositoryPattern(rs.getString(1)),
                          grantee,
                          rs.getLong(3),
                          LEVELS[rs.getInt(4)]);
                    })
                .list());
  }

  @Override
  public String signingKey(String name, Supplier<String> create) {
    requireNonNull(name, "name");
    Optional<String> stored = storedKey(name);
    if (stored.isPresent()) {
      return stored.get();
    }
    try {
      String fresh = create.get();
      db.useTransaction(
          h ->
              h.execute(
                  "INSERT INTO signing_keys (key_name, key_value, created_at) VALUES (?, ?, ?)",
                  name,
                  fresh,
                  clock.millis()));
      return fresh;
    } catch (Db.UniqueViolation e) {
      return storedKey(name).orElseThrow(() -> e); // another server stored one first: theirs
    }
  }

  private Optional<String> storedKey(String name) {
    return db.inTransaction(
        h ->
            h.createQuery("SELECT key_value FROM signing_keys WHERE key_name = ?")
                .bind(0, name)
                .mapTo(String.class)
                .findOne());
  }

  private static Optional<Grant> find(Handle h, Resource resource, Grantee grantee) {
    Optional<Long> resourceId = resourceId(h, resource);
    if (resourceId.isEmpty()) {
      throw noResource(resource);
    }
    long granteeId = granteeId(h, grantee).orElseThrow(() -> noGrantee(grantee));
    Grants grants = grants(resource);
    return h.createQuery(
            "SELECT permission_level FROM "
                + grants.table()
                + " WHERE "
                + grants.idColumn()
                + " = ? AND grantee_kind = ? AND grantee_id = ?")
        .bind(0, resourceId.get())
        .bind(1, kind(grantee))
        .bind(2, granteeId)
        .mapTo(Integer.class)
        .findOne()
        .map(level -> new Grant(resource, grantee, granteeId, LEVELS[level]));
  }

  private static Optional<Permission> level(Handle h, Sql sql) {
    return sql.bind(h.createQuery(sql.text()))
        .map(
            (rs, ctx) -> {
              int level = rs.getInt(1);
              return rs.wasNull() ? Optional.<Permission>empty() : Optional.of(LEVELS[level]);
            })
        .findOne()
        .flatMap(found -> found);
  }

  private static Optional<Long> resourceId(Handle h, Resource resource) {
    return switch (resource.kind()) {
      case EXPERIMENT -> {
        OptionalLong id = experimentId(resource.id());
        yield id.isEmpty()
            ? Optional.empty()
            : h.createQuery("SELECT experiment_id FROM experiments WHERE experiment_id = ?")
                .bind(0, id.getAsLong())
                .mapTo(Long.class)
                .findOne();
      }
      case REGISTERED_MODEL ->
          h.createQuery("SELECT model_id FROM registered_models WHERE name = ?")
              .bind(0, resource.id())
              .mapTo(Long.class)
              .findOne();
    };
  }

  private static Optional<Long> granteeId(Handle h, Grantee grantee) {
    String sql =
        switch (grantee.kind()) {
          case USER -> "SELECT user_id FROM users WHERE user_name = ?";
          case GROUP -> "SELECT group_id FROM user_groups WHERE group_name = ?";
          case ANYONE -> null;
        };
    if (sql == null) {
      return Optional.of(0L);
    }
    return h.createQuery(sql).bind(0, grantee.name()).mapTo(Long.class).findOne();
  }

  private static OptionalLong experimentId(String id) {
    try {
      return OptionalLong.of(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static Grants grants(Resource resource) {
    return switch (resource.kind()) {
      case EXPERIMENT -> Grants.EXPERIMENTS;
      case REGISTERED_MODEL -> Grants.REGISTERED_MODELS;
    };
  }

  private static String kind(Grantee grantee) {
    return switch (grantee.kind()) {
      case USER -> "U";
      case GROUP -> "G";
      case ANYONE -> "A";
    };
  }

  private static String describe(Resource resource) {
    return switch (resource.kind()) {
      case EXPERIMENT -> "experiment '" + resource.id() + "'";
      case REGISTERED_MODEL -> "registered model '" + resource.id() + "'";
    };
  }

  private static String describe(Grantee grantee) {
    return switch (grantee.kind()) {
      case USER -> "User '" + grantee.name() + "'";
      case GROUP -> "Group '" + grantee.name() + "'";
      case ANYONE -> "Anyone";
    };
  }

  private static NotFoundException noResource(Resource resource) {
    String shown = describe(resource);
    return new NotFoundException(
        Character.toUpperCase(shown.charAt(0)) + shown.substring(1) + " does not exist.");
  }

  private static NotFoundException noGrantee(Grantee grantee) {
    return new NotFoundException(describe(grantee) + " does not exist.");
  }

  private static NotFoundException noGroup(String name) {
    return noGrantee(Grantee.group(name));
  }

  private static NotFoundException noGrant(Resource resource, Grantee grantee) {
    return new NotFoundException(
        describe(grantee) + " has no permission of its own on " + describe(resource) + ".");
  }
}
