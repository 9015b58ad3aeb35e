package io.galley.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import org.junit.jupiter.api.Test;

class OciStatusesTest {
  @Test
  void theSpecsCodesTakeTheReferenceRegistrysStatuses() {
    assertThat(OciStatuses.of(OciErrorCode.BLOB_UNKNOWN)).isEqualTo(404);
    assertThat(OciStatuses.of(OciErrorCode.MANIFEST_BLOB_UNKNOWN)).isEqualTo(400);
    assertThat(OciStatuses.of(OciErrorCode.NAME_INVALID)).isEqualTo(400);
    assertThat(OciStatuses.of(OciErrorCode.NAME_UNKNOWN)).isEqualTo(404);
    assertThat(OciStatuses.of(OciErrorCode.UNAUTHORIZED)).isEqualTo(401);
    assertThat(OciStatuses.of(OciErrorCode.DENIED)).isEqualTo(403);
    assertThat(OciStatuses.of(OciErrorCode.UNSUPPORTED)).isEqualTo(405);
    assertThat(OciStatuses.of(OciErrorCode.TOOMANYREQUESTS)).isEqualTo(429);
  }

  @Test
  void aProblemBeyondTheCodeTakesItsOwnStatus() {
    assertThat(OciStatuses.of(new OciException(OciErrorCode.MANIFEST_UNKNOWN, "no tag v9")))
        .isEqualTo(404);
    assertThat(
            OciStatuses.of(
                new OciException(
                    OciErrorCode.BLOB_UPLOAD_INVALID, OciProblem.RANGE_NOT_SATISFIABLE, "gap")))
        .isEqualTo(416);
    assertThat(
            OciStatuses.of(
                new OciException(OciErrorCode.SIZE_INVALID, OciProblem.TOO_LARGE, "too big")))
        .isEqualTo(413);
    assertThat(
            OciStatuses.of(
                new OciException(OciErrorCode.UNSUPPORTED, OciProblem.INVALID_PARAMETER, "n<0")))
        .isEqualTo(400);
  }
}
