package io.galley.store.tracing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracing.TraceSearchParser;
import org.junit.jupiter.api.Test;

class TraceSearchSqlTest {
  @Test
  void everyClauseOnOneKeyIsCheckedInThatKeysOneSubquery() {
    TraceSearchSql.Where where =
        TraceSearchSql.where(
            TraceSearchParser.parseFilter(
                "tags.a != 'x' AND tags.b = 'y' AND tags.a != 'v' AND status = 'OK'"
                    + " AND metadata.a = 'm' AND tags.a != 'z'"));

    // tags.a, tags.b and metadata.a: one subquery each; the attribute needs none.
    assertThat(where.subqueries()).isEqualTo(3);
    assertThat(where.sql().text().split("EXISTS", -1)).hasSize(4);
  }
}
