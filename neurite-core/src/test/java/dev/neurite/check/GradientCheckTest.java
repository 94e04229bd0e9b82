package dev.neurite.check;

import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activation;
import dev.neurite.nn.ActivationLayer;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Dropout;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Layers;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite differences against every layer's, activation's and loss's backward pass. */
class GradientCheckTest {

    static Stream<String> activations() {
        return Activations.NAMES.stream();
    }

    @ParameterizedTest(name = "Dense with {0}")
    @MethodSource("activations")
    void denseLayerWithEachActivation(String name) {
        Dense layer = dense(4, 3, Activations.named(name));
        Network.of(7, layer);
        // Inputs and weights are scaled so pre-activations stay clear of kinks most of the time;
        // the seed is fixed, so the test is deterministic.
        Matrix x = TestData.awayFromZero(5, 4, 1.5f, 0.05f, 11);
        GradientCheck.Result r = GradientCheck.layer(layer, x, 3);
        assertTrue(r.passed(), name + ": " + r);
        assertEquals(4 * 3 + 3 + 5 * 4, r.checked());
    }

    @ParameterizedTest(name = "activation layer {0}")
    @MethodSource("activations")
    void eachActivationAsALayer(String name) {
        ActivationLayer layer = Layers.activation(Activations.named(name));
        Matrix x = TestData.awayFromZero(4, 5, 3f, 0.05f, 5);
        GradientCheck.Result r = GradientCheck.layer(layer, x, 9);
        assertTrue(r.passed(), name + ": " + r);
    }

    @Test
    void activationsWithOtherParameters() {
        for (Activation a : List.of(Activations.leakyRelu(0.2f), Activations.elu(0.5f))) {
            Matrix x = TestData.awayFromZero(4, 5, 3f, 0.05f, 5);
            GradientCheck.Result r = GradientCheck.layer(Layers.activation(a), x, 9);
            assertTrue(r.passed(), a.name() + ": " + r);
        }
    }

    @Test
    void largeInputsStayFiniteAndCorrect() {
        // Softplus past its threshold, sigmoid and softmax saturated, gelu's tails.
        Matrix x = Matrix.of(new float[] {-30f, -8f, 8f, 25f}, new float[] {40f, -40f, 0.5f, -0.5f});
        for (String name : Activations.NAMES) {
            ActivationLayer layer = Layers.activation(Activations.named(name));
            Matrix y = layer.forward(x, false);
            for (float v : y.toArray()[0]) {
                assertTrue(Float.isFinite(v), name + " gave " + v);
            }
            GradientCheck.Result r = GradientCheck.layer(layer, x, 1);
            assertTrue(r.passed(), name + ": " + r);
        }
    }

    @Test
    void dropoutInTrainingScalesGradientsByItsMask() {
        Dropout layer = dropout(0.4f);
        layer.setRandom(new Rng(3));
        Matrix x = TestData.awayFromZero(50, 20, 1f, 0.01f, 1);
        Matrix y = layer.forward(x, true).copy();
        Matrix g = TestData.uniform(50, 20, 1f, 2);
        Matrix gx = layer.backward(g, true);
        int dropped = 0;
        for (int i = 0; i < x.size(); i++) {
            float factor = y.data()[i] / x.data()[i];
            boolean kept = Math.abs(factor - 1 / 0.6f) < 1e-5;
            assertTrue(kept || factor == 0, "factor " + factor);
            dropped += kept ? 0 : 1;
            // dy/dx is the mask itself, so the input gradient is g times the same factor.
            assertEquals(g.data()[i] * factor, gx.data()[i], 1e-6);
        }
        assertTrue(dropped > 300 && dropped < 500, "dropped " + dropped + " of 1000 at rate 0.4");
    }

    @Test
    void dropoutAtInferenceIsTheIdentity() {
        Dropout layer = dropout(0.5f);
        Matrix x = TestData.uniform(3, 4, 1f, 1);
        assertTrue(layer.forward(x, false).contentEquals(x));
        GradientCheck.Result r = GradientCheck.layer(layer, x, 1);
        assertTrue(r.passed(), r.toString());
    }

    static Stream<Object[]> losses() {
        Matrix regression = TestData.awayFromZero(6, 3, 2f, 0.05f, 4);
        Matrix probabilities = TestData.uniform(6, 3, 0.45f, 5);
        for (int i = 0; i < probabilities.size(); i++) {
            probabilities.data()[i] += 0.5f;
        }
        Matrix binary = new Matrix(6, 3);
        Matrix oneHot = new Matrix(6, 3);
        Matrix indices = new Matrix(6, 1);
        for (int r = 0; r < 6; r++) {
            indices.set(r, 0, r % 3);
            oneHot.set(r, r % 3, 1f);
            for (int c = 0; c < 3; c++) {
                binary.set(r, c, (r + c) % 2);
            }
        }
        Matrix logits = TestData.uniform(6, 3, 3f, 6);
        return Stream.of(
                new Object[] {Losses.mse(), logits, regression},
                new Object[] {Losses.mae(), logits, regression},
                new Object[] {Losses.huber(), logits, regression},
                new Object[] {Losses.huber(0.3f), logits, regression},
                new Object[] {Losses.bce(), probabilities, binary},
                new Object[] {Losses.bceWithLogits(), logits, binary},
                new Object[] {Losses.softmaxCrossEntropy(), logits, indices},
                new Object[] {Losses.softmaxCrossEntropy(), logits, oneHot},
                new Object[] {Losses.bceWithLogits(0.1f), logits, binary},
                new Object[] {Losses.softmaxCrossEntropy(0.1f), logits, indices},
                new Object[] {Losses.softmaxCrossEntropy(0.3f), logits, oneHot},
                new Object[] {Losses.softmaxCrossEntropy(0.2f).withClassWeights(new float[] {0.5f, 2f, 1f}), logits, indices});
    }

    @ParameterizedTest(name = "{0} against targets {2}")
    @MethodSource("losses")
    void eachLoss(Loss loss, Matrix output, Matrix target) {
        GradientCheck.Result r = GradientCheck.loss(loss, output, target);
        assertTrue(r.passed(), loss.name() + ": " + r);
    }

    @ParameterizedTest(name = "{0} weighted, against targets {2}")
    @MethodSource("losses")
    void eachLossWeighted(Loss loss, Matrix output, Matrix target) {
        Matrix weights = Matrix.column(0.5f, 2f, 0f, 1f, 3f, 0.25f);
        GradientCheck.Result r = GradientCheck.loss(loss, output, target, weights);
        assertTrue(r.passed(), loss.name() + " weighted: " + r);
        // Weights of 1 are the unweighted loss, bit for bit; a weight of 0 takes its row out.
        Matrix ones = Matrix.column(1f, 1f, 1f, 1f, 1f, 1f);
        Matrix g1 = new Matrix(output.rows(), output.columns());
        Matrix g2 = new Matrix(output.rows(), output.columns());
        assertEquals(loss.compute(output, target, g1), loss.compute(output, target, ones, g2));
        assertArrayEquals(g1.data(), g2.data());
        Matrix g3 = new Matrix(output.rows(), output.columns());
        loss.compute(output, target, weights, g3);
        for (int c = 0; c < output.columns(); c++) {
            assertTrue(g3.get(2, c) == 0f, loss.name() + ": a row of weight 0 has no gradient, got " + g3.get(2, c));
        }
    }

    @Test
    void wholeNetworksThroughTheirLoss() {
        Matrix x = TestData.uniform(6, 4, 1f, 1);
        Matrix classes = Matrix.column(0, 1, 2, 2, 1, 0);
        Network classifier = Network.of(3, dense(4, 7, Activations.tanh()), dense(7, 5, Activations.gelu()), dense(5, 3));
        GradientCheck.Result r = GradientCheck.network(classifier, Losses.softmaxCrossEntropy(), x, classes);
        assertTrue(r.passed(), r.toString());

        Network regressor = Network.of(4, dense(4, 6, Activations.silu()), dropout(0.5f),
                Layers.activation(Activations.softplus()), dense(6, 2));
        r = GradientCheck.network(regressor, Losses.mse(), x, TestData.uniform(6, 2, 1f, 2));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void theCheckFindsAWrongGradient() {
        // A layer whose backward is off by 10%: the check must fail, or it proves nothing.
        Dense honest = dense(3, 2, Activations.tanh());
        Network.of(1, honest);
        Layer broken = new Layer() {
            @Override
            public Matrix forward(Matrix input, boolean training) {
                return honest.forward(input, training);
            }

            @Override
            public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
                Matrix g = honest.backward(gradOutput, needInputGradient);
                honest.parameters().get(0).gradient().data()[0] *= 1.1f;
                return g;
            }

            @Override
            public List<Parameter> parameters() {
                return honest.parameters();
            }

            @Override
            public Layer withSharedParameters() {
                return this;
            }

            @Override
            public String describe() {
                return "broken";
            }
        };
        GradientCheck.Result r = GradientCheck.layer(broken, TestData.uniform(4, 3, 1f, 1), 2);
        assertFalse(r.passed(), r.toString());
        assertEquals("weight[0][0]", r.worst());
    }
}
