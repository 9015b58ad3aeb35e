package io.galley.examples.iris;

import static java.util.Objects.requireNonNull;

import io.galley.sdk.ActiveRun;
import io.galley.sdk.tribuo.TribuoFlavor;
import java.nio.file.Path;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

/**
 * Trains one {@link Candidate} inside a run and logs what a reproduction needs: params (family,
 * hyperparameters, seeds, split), the data (as dataset inputs with their sha256, and as artifacts
 * under {@code data/}), metrics, and the model with its signature and an input example (for a
 * logistic regression also its ONNX export, under {@code onnx/}).
 */
final class Training {
  /** Where the model goes in each run; the registry's source is {@code runs:/<run>/model}. */
  static final String MODEL_PATH = "model";

  /** Where a model whose family Tribuo exports to ONNX (logistic regression) also goes. */
  static final String ONNX_PATH = "onnx";

  private static final int EXAMPLE_ROWS = 3;

  /** The split every run of one invocation shares, as Tribuo datasets and as CSV files. */
  record Data(
      long seed,
      double testFraction,
      MutableDataset<Label> train,
      MutableDataset<Label> test,
      Path dataDir,
      Path trainCsv,
      Path testCsv) {}

  private Training() {}

  static RunResult train(ActiveRun run, Candidate candidate, Data data) {
    run.logParam("family", candidate.family());
    run.logParams(candidate.hyperparameters());
    run.logParam("test_fraction", data.testFraction());
    run.logSeed("split", data.seed());
    if (candidate.seeded()) {
      run.logSeed("trainer", data.seed());
    }
    run.logInput(data.trainCsv(), "training");
    run.logInput(data.testCsv(), "testing");
    run.logArtifact(data.dataDir());

    Model<Label> model;
    int finalStep = candidate.epochs();
    if (candidate.epochs() == 0) {
      model = candidate.trainer().apply(0).train(data.train());
    } else {
      // The loss curve comes from training afresh for 1, 2, ... epochs. A fresh trainer with the
      // same seed shuffles the same way and AdaGrad's steps do not depend on the epoch count, so
      // the e-epoch model is exactly the full run's model after epoch e; on 120 rows it costs
      // milliseconds, and Tribuo's trainer offers no per-epoch callback.
      Model<Label> epochModel = null;
      for (int e = 1; e <= candidate.epochs(); e++) {
        epochModel = candidate.trainer().apply(e).train(data.train());
        run.logMetric("loss", logLoss(epochModel, data.train()), e);
        if (e < candidate.epochs()) {
          run.logMetric("accuracy", evaluate(epochModel, data.test()).accuracy(), e);
        }
      }
      model = requireNonNull(epochModel, "the last epoch's model (epochs >= 1)");
    }
    LabelEvaluation test = evaluate(model, data.test());
    run.logMetric("accuracy", test.accuracy(), finalStep);
    run.logMetric("f1_macro", test.macroAveragedF1(), finalStep);
    run.logMetric("train_accuracy", evaluate(model, data.train()).accuracy(), finalStep);

    List<Example<Label>> example = data.test().getData().subList(0, EXAMPLE_ROWS);
    TribuoFlavor flavor =
        TribuoFlavor.of(model).withOutputName(Flower.LABEL).withInputExample(example);
    run.logModel(flavor, MODEL_PATH);
    if (model instanceof ONNXExportable) {
      // The same model as Tribuo exports it to ONNX, for servers without Tribuo.
      run.logModel(flavor.onnx(), ONNX_PATH);
    }
    return new RunResult(
        candidate.runName(),
        run.id(),
        candidate.family(),
        candidate.hyperparameters(),
        test.accuracy(),
        test.macroAveragedF1());
  }

  private static LabelEvaluation evaluate(Model<Label> model, MutableDataset<Label> data) {
    return new LabelEvaluator().evaluate(model, data);
  }

  /** Mean negative log-likelihood of the true species (the objective logistic regression fits). */
  static double logLoss(Model<Label> model, MutableDataset<Label> data) {
    double total = 0;
    for (Example<Label> e : data) {
      Prediction<Label> p = model.predict(e);
      Label truth = p.getOutputScores().get(e.getOutput().getLabel());
      double prob = truth == null ? 0 : truth.getScore();
      total -= Math.log(Math.max(prob, 1e-15));
    }
    return total / data.size();
  }
}
