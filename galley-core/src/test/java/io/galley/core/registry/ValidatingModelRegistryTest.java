package io.galley.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What breaks a limit never reaches the adapter; what keeps to them does. */
class ValidatingModelRegistryTest {
  private final List<String> reached = new ArrayList<>();
  private final ModelRegistry registry =
      ValidatingModelRegistry.of(
          (ModelRegistry)
              Proxy.newProxyInstance(
                  ModelRegistry.class.getClassLoader(),
                  new Class<?>[] {ModelRegistry.class},
                  (proxy, method, args) -> {
                    reached.add(method.getName());
                    return null;
                  }));

  @Test
  void invalidValuesStopInFrontOfTheAdapter() {
    assertThatThrownBy(() -> registry.getRegisteredModel(""))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> registry.setAlias("iris", "v1", 1))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> registry.deleteModelVersionTag("iris", 1, ""))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(reached).isEmpty();
  }

  @Test
  void validValuesReachTheAdapter() {
    registry.getRegisteredModel("iris");
    registry.setAlias("iris", "champion", 1);
    assertThat(reached).containsExactly("getRegisteredModel", "setAlias");
    assertThat(ValidatingModelRegistry.of(registry)).isSameAs(registry);
  }

  @Test
  void aNewVersionWithMoreTagsThanTheLimitStopsInFrontOfTheAdapter() {
    List<io.galley.core.tracking.Tag> tags = new ArrayList<>();
    for (int i = 0; i <= RegistryLimits.MAX_TAGS_PER_MODEL_VERSION; i++) {
      tags.add(new io.galley.core.tracking.Tag("k" + i, "v"));
    }
    assertThatThrownBy(
            () ->
                registry.createModelVersion(
                    new NewModelVersion("iris", "s3://b/iris", null, null, null, tags, "alice")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 1000 tags");
    registry.createModelVersion(
        new NewModelVersion(
            "iris", "s3://b/iris", null, null, null, tags.subList(0, 1000), "alice"));
    assertThat(reached).containsExactly("createModelVersion");
  }
}
