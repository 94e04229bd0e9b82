package dev.neurite.tensor;

import static dev.neurite.tensor.SinCos.C0;
import static dev.neurite.tensor.SinCos.C1;
import static dev.neurite.tensor.SinCos.C2;
import static dev.neurite.tensor.SinCos.C3;
import static dev.neurite.tensor.SinCos.INV_PIO2;
import static dev.neurite.tensor.SinCos.LIMIT;
import static dev.neurite.tensor.SinCos.PIO2_1;
import static dev.neurite.tensor.SinCos.PIO2_1T;
import static dev.neurite.tensor.SinCos.ROUND;
import static dev.neurite.tensor.SinCos.S1;
import static dev.neurite.tensor.SinCos.S2;
import static dev.neurite.tensor.SinCos.S3;
import static dev.neurite.tensor.SinCos.S4;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SinCos} on the Vector API: the same double operations as {@link SinCos#scalar}, in the
 * same order, one lane per argument, so each lane gets the scalar path's bits; a vector with an
 * argument at or above {@link SinCos#LIMIT} (or NaN) goes to the scalar path whole.
 */
final class VectorSinCos implements SinCos.Batch {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void compute(double[] a, double[] cos, double[] sin, int count) {
        int lanes = D.length();
        int i = 0;
        for (; i + lanes <= count; i += lanes) {
            DoubleVector x = DoubleVector.fromArray(D, a, i);
            if (!x.abs().compare(VectorOperators.LT, LIMIT).allTrue()) {
                SinCos.scalar(a, cos, sin, i, i + lanes);
                continue;
            }
            DoubleVector v = x.mul(INV_PIO2).add(ROUND);
            DoubleVector fn = v.sub(ROUND);
            LongVector n = v.viewAsIntegralLanes().reinterpretAsLongs();
            DoubleVector y = x.sub(fn.mul(PIO2_1)).sub(fn.mul(PIO2_1T));
            DoubleVector z = y.mul(y);
            DoubleVector w = z.mul(z);
            DoubleVector s = z.mul(y);
            DoubleVector sy = y.add(s.mul(z.mul(S2).add(S1))).add(s.mul(w).mul(z.mul(S4).add(S3)));
            DoubleVector cy = z.mul(C0).add(1.0).add(w.mul(C1)).add(w.mul(z).mul(z.mul(C3).add(C2)));
            VectorMask<Double> swap = n.and(1L).compare(VectorOperators.NE, 0L).cast(D);
            DoubleVector sv = sy.blend(cy, swap);
            DoubleVector cv = cy.blend(sy, swap);
            LongVector sinSign = n.and(2L).lanewise(VectorOperators.LSHL, 62);
            LongVector cosSign = n.add(1L).and(2L).lanewise(VectorOperators.LSHL, 62);
            sv.viewAsIntegralLanes().reinterpretAsLongs().lanewise(VectorOperators.XOR, sinSign)
                    .viewAsFloatingLanes().reinterpretAsDoubles().intoArray(sin, i);
            cv.viewAsIntegralLanes().reinterpretAsLongs().lanewise(VectorOperators.XOR, cosSign)
                    .viewAsFloatingLanes().reinterpretAsDoubles().intoArray(cos, i);
        }
        SinCos.scalar(a, cos, sin, i, count);
    }
}
