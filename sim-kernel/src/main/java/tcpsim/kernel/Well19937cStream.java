package tcpsim.kernel;

import org.apache.commons.math3.random.Well19937c;

/**
 * commons-math3's {@link Well19937c}, number for number, with its index tables shared by every stream.
 *
 * <p>Why: {@code AbstractWell} keeps five index tables of 624 ints per instance beside the 624-int pool, about
 * 15 KB a stream, and a run has a loss stream per link direction: 130 links made 2 MB of generator state that every
 * packet's draw touched in nine places, and the draws were 12% of the standard scenario (mostly cache misses).
 * The tables depend only on the generator's constants, so here they are static and only the 2.5 KB pool is per
 * stream. Seeding, {@code nextDouble} and every other method stay the library's; {@link #next(int)} is the
 * library's algorithm (WELL19937 with Matsumoto-Kurita tempering, Panneton, L'Ecuyer and Matsumoto 2006) read
 * through the shared tables. {@code Well19937cStreamTest} checks that both give the same numbers.
 */
final class Well19937cStream extends Well19937c {
    private static final long serialVersionUID = 1L;

    // the pool's length r = ceil(19937 / 32) and the offsets m1, m2, m3 of WELL19937
    private static final int R = 624;
    private static final int[] I_RM1 = table(R - 1);
    private static final int[] I_RM2 = table(R - 2);
    private static final int[] I_1 = table(70);
    private static final int[] I_2 = table(179);
    private static final int[] I_3 = table(449);

    Well19937cStream(int[] seed) {
        super(seed);
    }

    /** (j + offset) mod R for every j, as AbstractWell computes its tables. */
    private static int[] table(int offset) {
        int[] t = new int[R];
        for (int j = 0; j < R; j++) {
            t[j] = (j + offset) % R;
        }
        return t;
    }

    @Override
    protected int next(int bits) {
        final int indexRm1 = I_RM1[index];
        final int indexRm2 = I_RM2[index];
        final int v0 = v[index];
        final int vM1 = v[I_1[index]];
        final int vM2 = v[I_2[index]];
        final int vM3 = v[I_3[index]];
        final int z0 = (0x80000000 & v[indexRm1]) ^ (0x7FFFFFFF & v[indexRm2]);
        final int z1 = (v0 ^ (v0 << 25)) ^ (vM1 ^ (vM1 >>> 27));
        final int z2 = (vM2 >>> 9) ^ (vM3 ^ (vM3 >>> 1));
        final int z3 = z1 ^ z2;
        int z4 = z0 ^ (z1 ^ (z1 << 9)) ^ (z2 ^ (z2 << 21)) ^ (z3 ^ (z3 >>> 21));
        v[index] = z3;
        v[indexRm1] = z4;
        v[indexRm2] &= 0x80000000;
        index = indexRm1;
        z4 ^= (z4 << 7) & 0xe46e1700; // tempering, for maximal equidistribution
        z4 ^= (z4 << 15) & 0x9b868000;
        return z4 >>> (32 - bits);
    }
}
