package io.galley.store.modelregistry.internal;

import io.galley.core.InvalidRequestException;
import io.galley.core.access.Viewer;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistryLimits;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.search.Comparison;
import io.galley.core.search.EntityType;
import io.galley.core.search.FilterParser;
import io.galley.core.search.OrderBy;
import io.galley.core.search.OrderByParser;
import io.galley.core.search.SearchFilter;
import io.galley.core.search.SearchTarget;
import io.galley.core.tracking.Page;
import io.galley.store.jdbc.internal.GrantSql;
import io.galley.store.jdbc.internal.PageToken;
import io.galley.store.jdbc.internal.SearchSql;
import io.galley.store.jdbc.internal.Sql;
import io.galley.store.modelregistry.internal.ModelLocks.ModelRow;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * {@code registered-models/search} and {@code model-versions/search} as MLflow's SqlAlchemyStore
 * runs them: its filter grammar (through core's parser), its orderings and tie-breakers, and its
 * offset page tokens. Every ordering ends with a unique key (the model's name; then the version),
 * so pages neither repeat nor skip rows while nothing is written. Values travel as arguments; only
 * column names from the maps below enter the SQL text.
 */
final class RegistrySearches {
  private static final Map<String, String> MODEL_ORDER_COLUMNS =
      Map.of(
          "name", "m.name",
          "creation_timestamp", "m.creation_time",
          "last_updated_timestamp", "m.last_updated_time");
  private static final Map<String, String> VERSION_TEXT_COLUMNS =
      Map.of("name", "m.name", "run_id", "v.run_id", "source_path", "v.source");
  private static final Map<String, String> VERSION_ORDER_COLUMNS =
      Map.of(
          "name", "m.name",
          "version_number", "v.version",
          "creation_timestamp", "v.creation_time",
          "last_updated_timestamp", "v.last_updated_time");

  /** MLflow's default model-version order, before the tie-breakers. */
  private static final List<String> DEFAULT_VERSION_ORDER =
      List.of("last_updated_timestamp DESC", "name ASC", "version_number DESC");

  /** A search checked and parsed before any database work. */
  record Parsed(
      SearchFilter filter,
      List<OrderBy> orderBy,
      int maxResults,
      int offset,
      @Nullable Viewer viewer) {}

  private RegistrySearches() {}

  static Parsed parseModels(RegistrySearch s) {
    RegistryLimits.validateMaxResults(s.maxResults(), RegistrySearch.MODELS_MAX_RESULTS_LIMIT);
    return new Parsed(
        FilterParser.parse(s.filter(), SearchTarget.REGISTERED_MODELS),
        OrderByParser.parse(s.orderBy(), SearchTarget.REGISTERED_MODELS),
        s.maxResults(),
        PageToken.decode(s.pageToken()),
        s.viewer());
  }

  static Parsed parseVersions(RegistrySearch s) {
    RegistryLimits.validateMaxResults(s.maxResults(), RegistrySearch.VERSIONS_MAX_RESULTS_LIMIT);
    List<String> order = s.orderBy().isEmpty() ? DEFAULT_VERSION_ORDER : s.orderBy();
    return new Parsed(
        FilterParser.parse(s.filter(), SearchTarget.MODEL_VERSIONS),
        OrderByParser.parse(order, SearchTarget.MODEL_VERSIONS),
        s.maxResults(),
        PageToken.decode(s.pageToken()),
        s.viewer());
  }

  static Page<RegisteredModel> models(Handle h, Parsed p) {
    Sql sql = new Sql().append("SELECT " + ModelLocks.MODEL_COLUMNS + " FROM registered_models m");
    sql.append(" WHERE 1 = 1");
    readable(sql, p);
    for (Comparison c : p.filter().clauses()) {
      sql.append(" AND ");
      if (c.type() == EntityType.TAG) {
        sql.append(
            "EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_id = m.model_id"
                + " AND t.tag_key = ? AND ",
            c.key());
        SearchSql.text(sql, "t.tag_value", c, "tag");
        sql.append(")");
      } else if (c.type() == EntityType.ATTRIBUTE && c.key().equals("name")) {
        SearchSql.text(sql, "m.name", c, "attribute");
      } else {
        throw new InvalidRequestException("Invalid attribute name: " + c.key());
      }
    }
    sql.append(" ORDER BY " + order(p.orderBy(), MODEL_ORDER_COLUMNS, false));
    sql.append(" LIMIT ? OFFSET ?", p.maxResults() + 1, p.offset());
    List<ModelRow> rows =
        sql.bind(h.createQuery(sql.text())).map((rs, ctx) -> ModelLocks.model(rs)).list();
    Page<ModelRow> page = PageToken.page(rows, p.maxResults(), p.offset());
    return new Page<>(RegistryRows.models(h, page.items()), page.nextPageToken());
  }

  static Page<ModelVersion> versions(Handle h, Parsed p) {
    Sql sql =
        new Sql()
            .append("SELECT " + RegistryRows.VERSION_COLUMNS + RegistryRows.VERSIONS_FROM)
            .append(" WHERE 1 = 1");
    readable(sql, p);
    for (Comparison c : p.filter().clauses()) {
      sql.append(" AND ");
      if (c.type() == EntityType.TAG) {
        sql.append(
            "EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_id = v.model_id"
                + " AND t.version = v.version AND t.tag_key = ? AND ",
            c.key());
        SearchSql.text(sql, "t.tag_value", c, "tag");
        sql.append(")");
      } else if (c.type() == EntityType.ATTRIBUTE && c.key().equals("version_number")) {
        sql.append(
            "v.version " + SearchSql.numericOperator(c) + " ?",
            SearchSql.numberArgument(SearchSql.number(c, "attribute")));
      } else if (c.type() == EntityType.ATTRIBUTE && VERSION_TEXT_COLUMNS.containsKey(c.key())) {
        SearchSql.text(sql, VERSION_TEXT_COLUMNS.get(c.key()), c, "attribute");
      } else {
        throw new InvalidRequestException("Invalid attribute name: " + c.key());
      }
    }
    sql.append(" ORDER BY " + order(p.orderBy(), VERSION_ORDER_COLUMNS, true));
    sql.append(" LIMIT ? OFFSET ?", p.maxResults() + 1, p.offset());
    List<RegistryRows.VersionRow> rows =
        sql.bind(h.createQuery(sql.text())).map((rs, ctx) -> RegistryRows.version(rs)).list();
    Page<RegistryRows.VersionRow> page = PageToken.page(rows, p.maxResults(), p.offset());
    return new Page<>(RegistryRows.complete(h, page.items()), page.nextPageToken());
  }

  /**
   * The ORDER BY terms, then MLflow's tie-breakers: name ASC unless named, and for versions the
   * version DESC unless named. (name, version) is unique, so the order is total.
   */
  private static void readable(Sql sql, Parsed p) {
    if (p.viewer() != null) {
      GrantSql.appendReadable(sql, GrantSql.Grants.REGISTERED_MODELS, "m.model_id", p.viewer());
    }
  }

  private static String order(
      List<OrderBy> orderBy, Map<String, String> columns, boolean versions) {
    StringBuilder order = new StringBuilder();
    boolean byName = false;
    boolean byVersion = false;
    for (OrderBy o : orderBy) {
      String column = o.type() == EntityType.ATTRIBUTE ? columns.get(o.key()) : null;
      if (column == null) {
        throw new InvalidRequestException("Invalid order by key '" + o.key() + "' specified.");
      }
      byName |= o.key().equals("name");
      byVersion |= o.key().equals("version_number");
      term(order, column + (o.ascending() ? " ASC" : " DESC"));
    }
    if (!byName) {
      term(order, "m.name ASC");
    }
    if (versions && !byVersion) {
      term(order, "v.version DESC");
    }
    return order.toString();
  }

  private static void term(StringBuilder order, String term) {
    order.append(order.length() == 0 ? "" : ", ").append(term);
  }
}
