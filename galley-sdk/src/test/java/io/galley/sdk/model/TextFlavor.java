package io.galley.sdk.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A flavour whose "model" is a text file: enough to check what the SDK writes around a model. */
record TextFlavor(String text, ModelSignature columns, InputExample example)
    implements ModelFlavor {

  @Override
  public String name() {
    return "text_model";
  }

  @Override
  public Map<String, String> writeFiles(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/model.txt"), text);
    return Map.of("model_file", "data/model.txt", "text_version", "1.0", "enabled", "yes");
  }

  @Override
  public Optional<ModelSignature> signature() {
    return Optional.of(columns);
  }

  @Override
  public Optional<InputExample> inputExample() {
    return Optional.of(example);
  }
}
