package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
  private final Path dataDir = Path.of("/var/lib/galley");

  @Test
  void noUriMeansH2InTheDataDirWithDurableCommits() {
    StoreConfig config = StoreConfig.fromUri(null, dataDir);
    assertThat(config.jdbcUrl())
        .startsWith("jdbc:h2:file:/var/lib/galley/galley;")
        .contains("WRITE_DELAY=0");
    assertThat(StoreConfig.fromUri("  ", dataDir)).isEqualTo(config);
  }

  @Test
  void postgresUrisBecomeJdbcUrlsWithDecodedCredentials() {
    StoreConfig config =
        StoreConfig.fromUri("postgresql://gal%40ley:p%3Ass+w%2Fd@db.example:6543/mlflow", dataDir);
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/mlflow");
    assertThat(config.user()).isEqualTo("gal@ley");
    assertThat(config.password()).isEqualTo("p:ss+w/d");
    assertThat(config.toString()).doesNotContain("p:ss");
    StoreConfig psycopg =
        StoreConfig.fromUri("postgresql+psycopg2://u@localhost/db?sslmode=require", dataDir);
    assertThat(psycopg.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db?sslmode=require");
    assertThat(psycopg.user()).isEqualTo("u");
    assertThat(psycopg.password()).isNull();
  }

  @Test
  void jdbcUrlsAreUsedAsGiven() {
    assertThat(StoreConfig.fromUri("jdbc:postgresql://h/db?user=x", dataDir))
        .isEqualTo(new StoreConfig("jdbc:postgresql://h/db?user=x", null, null));
  }

  @Test
  void badUrisNameTheSettingAndHideThePassword() {
    for (String bad :
        new String[] {
          "mysql://u:secret@h/db",
          "sqlite:///x.db",
          "postgresql://u:secret@/db",
          "postgresql://u:secret@host",
          "postgresql://u:secret@host/a/b",
          "postgresql://u:%zz@host/db",
          "nonsense"
        }) {
      assertThatThrownBy(() -> StoreConfig.fromUri(bad, dataDir))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("--backend-store-uri")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
  }

  @Test
  void theShownUrlAndToStringHoldNoPassword() {
    for (String url :
        List.of(
            "jdbc:postgresql://h:5432/db?user=x&password=secret",
            "jdbc:h2:file:/d/galley;PASSWORD=secret",
            "jdbc:mysql://x:secret@h/db")) {
      StoreConfig config = StoreConfig.fromUri(url, dataDir);
      assertThat(config.shownUrl()).as(url).doesNotContain("secret").startsWith("jdbc:");
      assertThat(config.toString()).as(url).doesNotContain("secret");
    }
    assertThat(StoreConfig.fromUri("jdbc:postgresql://h:5432/db?user=x", dataDir).shownUrl())
        .isEqualTo("jdbc:postgresql://h:5432/db");
  }
}
