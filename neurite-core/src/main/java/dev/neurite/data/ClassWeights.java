package dev.neurite.data;

import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;
import java.util.Arrays;

/**
 * How much each class's examples count in a classification loss: not at all differently
 * ({@link #NONE}), {@link #balanced()} (w_c = n / (k · n_c), scikit-learn's {@code "balanced"}:
 * every class present carries the same total weight), or given per class index.
 */
public final class ClassWeights {
    /** Every class counts the same. */
    public static final ClassWeights NONE = new ClassWeights(false, null);
    private static final ClassWeights BALANCED = new ClassWeights(true, null);

    private final boolean balanced;
    private final float[] perClass;

    private ClassWeights(boolean balanced, float[] perClass) {
        this.balanced = balanced;
        this.perClass = perClass;
    }

    /** w_c = n / (k · n_c), n examples, k classes present, n_c examples of class c. */
    public static ClassWeights balanced() {
        return BALANCED;
    }

    /** {@code weights[c]} for class index c; each finite and ≥ 0, at least one > 0. */
    public static ClassWeights of(float... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("class weights: none given");
        }
        boolean anyPositive = false;
        for (int c = 0; c < weights.length; c++) {
            if (!(weights[c] >= 0) || Float.isInfinite(weights[c])) {
                throw new IllegalArgumentException("the weight of class " + c + " is " + weights[c] + "; class weights must be finite and >= 0");
            }
            anyPositive |= weights[c] > 0;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("every class weight is 0; at least one class must count");
        }
        return new ClassWeights(false, weights.clone());
    }

    public boolean isNone() {
        return !balanced && perClass == null;
    }

    /** The weight of each of {@code classes} classes given the training examples' class counts. */
    public float[] forCounts(long[] counts) {
        int classes = counts.length;
        float[] w = new float[classes];
        if (isNone()) {
            Arrays.fill(w, 1f);
            return w;
        }
        if (perClass != null) {
            if (perClass.length != classes) {
                throw new IllegalArgumentException("class weights are given for " + perClass.length + " classes but the data has " + classes);
            }
            return perClass.clone();
        }
        long n = 0;
        int present = 0;
        for (long c : counts) {
            n += c;
            present += c > 0 ? 1 : 0;
        }
        for (int c = 0; c < classes; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) ((double) n / ((double) present * counts[c]));
        }
        return w;
    }

    /** How many examples of each of {@code classes} classes {@code data} holds (targets: class indices or one-hot rows). */
    public static long[] classCounts(Dataset data, int classes) {
        long[] counts = new long[classes];
        for (int r = 0; r < data.size(); r++) {
            int c = ClassDecision.targetClassOf(data.targets(), r);
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("example " + r + " has class " + c + ", outside 0…" + (classes - 1));
            }
            counts[c]++;
        }
        return counts;
    }

    /** {@code data} with each example's weight (1 when it had none) multiplied by its class's {@code classWeights} entry. */
    public static Dataset apply(Dataset data, float[] classWeights) {
        Matrix w = new Matrix(data.size(), 1);
        for (int r = 0; r < data.size(); r++) {
            float old = data.weights() == null ? 1f : data.weights().data()[r];
            w.data()[r] = old * classWeights[ClassDecision.targetClassOf(data.targets(), r)];
        }
        return data.withWeights(w);
    }

    @Override
    public String toString() {
        return balanced ? "balanced" : perClass == null ? "none" : Arrays.toString(perClass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassWeights c && c.balanced == balanced && Arrays.equals(c.perClass, perClass);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(balanced) * 31 + Arrays.hashCode(perClass);
    }
}
