package io.galley.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import org.junit.jupiter.api.Test;

class OciErrorCodeTest {
  @Test
  void hasTheSpecsFourteenCodes() {
    assertThat(OciErrorCode.values()).hasSize(14);
  }

  @Test
  void anOciExceptionIsAGalleyExceptionWithTheNearestCoreCode() {
    GalleyException e = new OciException(OciErrorCode.MANIFEST_UNKNOWN, "no tag v9 in iris");
    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(((OciException) e).problem()).isEqualTo(OciProblem.AS_CODED);
    assertThat(e).hasMessage("no tag v9 in iris");
  }
}
