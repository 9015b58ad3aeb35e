package io.galley.store.jdbc.internal;

import io.galley.core.access.Viewer;
import java.util.List;

/**
 * How a user's permission on an experiment or a registered model is read in SQL: their own grant,
 * else the highest grant of a group they are in. Used by the checks of single resources and, as a
 * predicate, inside searches, so that a search returns only what its caller may read and its pages
 * stay full.
 */
public final class GrantSql {
  /** The grants of one kind of resource. */
  public enum Grants {
    EXPERIMENTS("experiment_grants", "experiment_id"),
    REGISTERED_MODELS("registered_model_grants", "model_id");

    private final String table;
    private final String idColumn;

    Grants(String table, String idColumn) {
      this.table = table;
      this.idColumn = idColumn;
    }

    public String table() {
      return table;
    }

    public String idColumn() {
      return idColumn;
    }
  }

  private GrantSql() {}

  /**
   * {@code COALESCE(own, best of groups)}: the level granted to {@code userId} on the resource
   * whose id is in {@code idExpression} (a column of the outer query), NULL when nothing is.
   */
  public static Sql level(Grants grants, String idExpression, long userId) {
    return new Sql()
        .append(
            "COALESCE((SELECT own_grant.permission_level FROM "
                + grants.table()
                + " own_grant WHERE own_grant."
                + grants.idColumn()
                + " = "
                + idExpression
                + " AND own_grant.grantee_kind = 'U' AND own_grant.grantee_id = ?),"
                + " (SELECT MAX(group_grant.permission_level) FROM "
                + grants.table()
                + " group_grant JOIN group_members member_of"
                + " ON group_grant.grantee_kind = 'G' AND group_grant.grantee_id = member_of.group_id"
                + " WHERE group_grant."
                + grants.idColumn()
                + " = "
                + idExpression
                + " AND member_of.user_id = ?))",
            userId,
            userId);
  }

  /** Appends {@code AND} a predicate: the viewer may read the resource in {@code idExpression}. */
  public static void appendReadable(Sql sql, Grants grants, String idExpression, Viewer viewer) {
    if (viewer.grantsApply()) {
      sql.append(" AND COALESCE(")
          .append(level(grants, idExpression, viewer.userId()))
          .append(", ?) >= 1", viewer.seesUngranted() ? 1 : 0);
    }
    switch (grants) {
      case EXPERIMENTS -> {
        List<String> only = viewer.onlyExperiments();
        if (only != null) {
          if (only.isEmpty()) {
            sql.append(" AND 1 = 0");
          } else {
            sql.append(" AND " + idExpression + " IN (")
                .list(only.stream().map(Long::parseLong).toList())
                .append(")");
          }
        }
      }
      case REGISTERED_MODELS -> {
        List<String> only = viewer.onlyModels();
        if (only != null) {
          if (only.isEmpty()) {
            sql.append(" AND 1 = 0");
          } else {
            sql.append(
                    " AND EXISTS (SELECT 1 FROM registered_models reach_model WHERE"
                        + " reach_model.model_id = "
                        + idExpression
                        + " AND reach_model.name IN (")
                .list(only)
                .append("))");
          }
        }
      }
    }
  }
}
