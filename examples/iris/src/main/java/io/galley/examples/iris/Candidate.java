package io.galley.examples.iris;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * One model family with one hyperparameter setting: what one run trains. {@code trainer} makes a
 * fresh trainer for a number of epochs ({@code epochs} is 0 for families that do not train in
 * epochs, whose trainer ignores the argument).
 */
record Candidate(
    String runName,
    String family,
    Map<String, Object> hyperparameters,
    int epochs,
    IntFunction<Trainer<Label>> trainer) {

  static final String LOGISTIC_REGRESSION = "logistic_regression";
  static final String CART = "cart";
  static final String KNN = "knn";

  // Tribuo's SGD trainers log each epoch's loss at INFO unless the interval is -1.
  private static final int NO_LOGGING = -1;
  private static final int MINIBATCH = 1;

  /**
   * The grid, in the order the runs start: each family from its simplest setting up. Every trainer
   * that draws random numbers draws them from {@code seed}, so the grid trains the same models on
   * every run with the same seed.
   */
  static List<Candidate> grid(long seed) {
    List<Candidate> grid = new ArrayList<>();
    for (double lr : new double[] {0.01, 0.1, 1.0}) {
      for (int epochs : new int[] {5, 25}) {
        grid.add(
            new Candidate(
                String.format(Locale.ROOT, "logreg-lr%s-e%d", lr, epochs),
                LOGISTIC_REGRESSION,
                params("optimiser", "adagrad", "learning_rate", lr, "epochs", epochs),
                epochs,
                e ->
                    new LinearSGDTrainer(
                        new LogMulticlass(), new AdaGrad(lr), e, NO_LOGGING, MINIBATCH, seed)));
      }
    }
    for (int depth : new int[] {1, 2, 3, 6}) {
      grid.add(
          new Candidate(
              "cart-depth" + depth,
              CART,
              params("max_depth", depth, "impurity", "gini"),
              0,
              e -> new CARTClassificationTrainer(depth, 1.0f, seed)));
    }
    for (int k : new int[] {1, 5, 15}) {
      grid.add(
          new Candidate(
              "knn-k" + k,
              KNN,
              params("k", k, "distance", "l2", "voting", "majority"),
              0,
              e ->
                  new KNNTrainer<>(
                      k,
                      new L2Distance(),
                      1,
                      new VotingCombiner(),
                      KNNModel.Backend.STREAMS,
                      NeighboursQueryFactoryType.BRUTE_FORCE)));
    }
    return grid;
  }

  /** Whether the trainer draws random numbers, and so whether the seed is one of its params. */
  boolean seeded() {
    return !family.equals(KNN);
  }

  private static Map<String, Object> params(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put((String) keyValues[i], keyValues[i + 1]);
    }
    return out;
  }
}
