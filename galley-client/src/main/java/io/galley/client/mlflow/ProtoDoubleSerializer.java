package io.galley.client.mlflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes a double as protobuf JSON does: a number, or "NaN", "Infinity", "-Infinity". */
public final class ProtoDoubleSerializer extends StdSerializer<Double> {
  public ProtoDoubleSerializer() {
    super(Double.class);
  }

  @Override
  public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    double v = value;
    if (Double.isNaN(v)) {
      gen.writeString("NaN");
    } else if (v == Double.POSITIVE_INFINITY) {
      gen.writeString("Infinity");
    } else if (v == Double.NEGATIVE_INFINITY) {
      gen.writeString("-Infinity");
    } else {
      gen.writeNumber(v);
    }
  }
}
