package io.galley.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import org.junit.jupiter.api.Test;

class OciErrorCodeTest {
  @Test
  void hasTheSpecsFourteenCodesWithTheReferenceRegistrysStatuses() {
    assertThat(OciErrorCode.values()).hasSize(14);
    assertThat(OciErrorCode.BLOB_UNKNOWN.httpStatus()).isEqualTo(404);
    assertThat(OciErrorCode.MANIFEST_BLOB_UNKNOWN.httpStatus()).isEqualTo(400);
    assertThat(OciErrorCode.NAME_INVALID.httpStatus()).isEqualTo(400);
    assertThat(OciErrorCode.NAME_UNKNOWN.httpStatus()).isEqualTo(404);
    assertThat(OciErrorCode.UNAUTHORIZED.httpStatus()).isEqualTo(401);
    assertThat(OciErrorCode.DENIED.httpStatus()).isEqualTo(403);
    assertThat(OciErrorCode.UNSUPPORTED.httpStatus()).isEqualTo(405);
    assertThat(OciErrorCode.TOOMANYREQUESTS.httpStatus()).isEqualTo(429);
  }

  @Test
  void anOciExceptionIsAGalleyExceptionWithTheNearestCoreCode() {
    GalleyException e = new OciException(OciErrorCode.MANIFEST_UNKNOWN, "no tag v9 in iris");
    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(((OciException) e).httpStatus()).isEqualTo(404);
    assertThat(e).hasMessage("no tag v9 in iris");
  }
}
