package dev.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.check.GradientCheck;
import dev.neurite.loss.Losses;
import dev.neurite.tensor.Matrix;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    @Test
    void forwardReplacesTheIndexColumnByItsRow() {
        Embedding e = new Embedding(3, 1, 4, 2);
        float[] w = e.weight().value().data();
        for (int i = 0; i < 8; i++) {
            w[i] = i;
        }
        Matrix y = e.forward(Matrix.of(new float[] {5, 2, 7}, new float[] {-1, 0, 9}), false);
        assertEquals(4, y.columns());
        assertTrue(Matrix.of(new float[] {5, 4, 5, 7}, new float[] {-1, 0, 1, 9}).contentEquals(y), y.toString());
        assertEquals(4, e.outputSize(3));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> e.forward(Matrix.of(new float[] {0, 4, 0}), false));
        assertTrue(bad.getMessage().contains("row 0 holds index 4.0 in column 1, outside 0 … 3"), bad.getMessage());
    }

    @Test
    void finiteDifferencesAgreeWithBackward() {
        Embedding e = new Embedding(4, 2, 5, 3);
        Network.of(11, e); // draws the table
        Matrix x = Matrix.of(new float[] {0.3f, -1f, 4, 2}, new float[] {1f, 0.5f, 0, -2}, new float[] {-0.7f, 2f, 4, 0.1f},
                new float[] {0.2f, 0.2f, 1, 0.2f});
        GradientCheck.Result layer = GradientCheck.layer(e, x, 5);
        assertTrue(layer.passed(), layer.toString());
        Network net = Network.of(3, new Embedding(4, 2, 5, 3), new Dense(6, 4, Activations.tanh()), new Dense(4, 2, Activations.identity()));
        GradientCheck.Result whole = GradientCheck.network(net, Losses.softmaxCrossEntropy(), x, Matrix.column(0, 1, 1, 0));
        assertTrue(whole.passed(), whole.toString());
    }
}
