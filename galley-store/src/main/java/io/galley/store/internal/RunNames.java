package io.galley.store.internal;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Names for runs created without one, in MLflow's shape: {@code adjective-animal-NNN}. */
final class RunNames {
  private static final List<String> ADJECTIVES =
      List.of(
          "able", "agile", "amazing", "ambitious", "amusing", "bold", "brave", "bright", "calm",
          "capable", "caring", "clean", "clever", "colorful", "crawling", "dapper", "defiant",
          "delicate", "eager", "enchanting", "fearless", "fun", "gentle", "gifted", "glamorous",
          "grandiose", "handsome", "honorable", "indecisive", "inquisitive", "judicious", "kindly",
          "learned", "legendary", "likeable", "loud", "luminous", "marvelous", "melodic",
          "merciful", "mercurial", "nebulous", "omniscient", "orderly", "painted", "persistent",
          "placid", "polite", "puzzled", "redolent", "resilient", "rogue", "rumbling", "secretive",
          "selective", "serious", "sincere", "skillful", "smiling", "spiffy", "stately",
          "sedate", "suave", "tasteful", "thoughtful", "traveling", "trusting", "unequaled",
          "unique", "upbeat", "valuable", "vaunted", "victorious", "welcoming", "whimsical",
          "wise", "worried", "youthful", "zealous");
  private static final List<String> ANIMALS =
      List.of(
          "ant", "ape", "asp", "auk", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf",
          "carp", "cat", "chimp", "cod", "colt", "conch", "cow", "crab", "crane", "croc", "crow",
          "cub", "deer", "doe", "dog", "dolphin", "donkey", "dove", "duck", "eel", "elk", "fawn",
          "finch", "fish", "flea", "fly", "foal", "fowl", "fox", "frog", "gnat", "gnu", "goat",
          "goose", "grouse", "grub", "gull", "hare", "hawk", "hen", "hog", "horse", "hound", "jay",
          "kit", "kite", "koi", "lamb", "lark", "loon", "lynx", "mare", "midge", "mink", "mole",
          "moose", "moth", "mouse", "mule", "newt", "owl", "ox", "panda", "penguin", "perch",
          "pig", "pug", "quail", "ram", "rat", "ray", "robin", "roo", "rook", "seal", "shad",
          "shark", "sheep", "shoat", "shrew", "shrike", "shrimp", "skink", "skunk", "sloth",
          "slug", "smelt", "snail", "snake", "snipe", "sow", "sponge", "squid", "squirrel",
          "stag", "steed", "stoat", "stork", "swan", "tern", "toad", "trout", "turtle", "vole",
          "wasp", "whale", "wolf", "worm", "wren", "yak", "zebra");

  private RunNames() {}

  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size()))
        + "-"
        + ANIMALS.get(random.nextInt(ANIMALS.size()))
        + "-"
        + random.nextInt(1000);
  }
}
