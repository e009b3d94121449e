package io.callvault.audio;

/**
 * ITU-T G.726 ADPCM at 16 kbit/s (2-bit code words, 8 kHz), the coding Avaya IP Office ContactStore and Media
 * Manager store their recordings in. Written from the standard's section 4 ("Computational details") and its
 * 16 kbit/s tables: the adaptive predictor (two poles, six zeros) in the standard's 11-bit floating point, the
 * quantizer scale factor with fast/slow adaptation and speed control, tone and transition detection. One
 * instance holds the state of one channel; {@link #decode} and {@link #encode} each advance it by one sample.
 *
 * <p>Sample values on the linear side are 16-bit; the standard works on 14 bits, so decoded values are the
 * standard's times 4 and values to encode are divided by 4.
 */
public final class G726 {
  /** Log of the quantizer's normalised output per code (D_LN, x128): 0 and 3 the inner, 1 and 2 the outer level. */
  private static final int[] DQLN = {116, 365, 365, 116};
  /** Scale factor multiplier W(I), x512. */
  private static final int[] W = {-704, 14048, 14048, -704};
  /** Speed control F(I), x512. */
  private static final int[] F = {0, 0xE00, 0xE00, 0};
  /** The quantizer's one decision level (log domain, x128) between the inner and outer level. */
  private static final int DECISION = 261;
  /** The floating-point value 0xFC20 as the standard's signed 16-bit word. */
  private static final int NEGATIVE_ZERO = (short) 0xFC20;

  private int yl = 34816;
  private int yu = 544;
  private int dms;
  private int dml;
  private int ap;
  private final int[] a = new int[2];
  private final int[] b = new int[6];
  private final int[] pk = new int[2];
  private final int[] dq = {32, 32, 32, 32, 32, 32};
  private final int[] sr = {32, 32};
  private boolean td;

  /** The 16-bit linear sample that a 2-bit code word stands for. */
  public short decode(int code) {
    int i = code & 3;
    Prediction p = predict();
    int y = stepSize();
    int dqv = reconstruct((i & 2) != 0, DQLN[i], y);
    int srv = dqv < 0 ? p.se - (dqv & 0x3FFF) : p.se + dqv;
    update(y, W[i], F[i], dqv, srv, srv - p.se + p.sez);
    return (short) clamp16(srv << 2);
  }

  /** The 2-bit code word of a 16-bit linear sample (the decoder on the other end stays in step). */
  public int encode(short sample) {
    int sl = sample >> 2;
    Prediction p = predict();
    int y = stepSize();
    int d = sl - p.se;
    int i = quantize(d, y);
    int dqv = reconstruct((i & 2) != 0, DQLN[i], y);
    int srv = dqv < 0 ? p.se - (dqv & 0x3FFF) : p.se + dqv;
    update(y, W[i], F[i], dqv, srv, srv + p.sez - p.se);
    return i;
  }

  private record Prediction(int se, int sez) {}

  private Prediction predict() {
    int sezi = 0;
    for (int k = 0; k < 6; k++) {
      sezi += fmult(b[k] >> 2, dq[k]);
    }
    int sei = sezi + fmult(a[1] >> 2, sr[1]) + fmult(a[0] >> 2, sr[0]);
    return new Prediction(sei >> 1, sezi >> 1);
  }

  /** Code 1 outer positive, 0 inner positive, 2 outer negative, 3 inner negative. */
  private static int quantize(int d, int y) {
    int mag = Math.abs(d);
    int exp = bitLength(mag >> 1);
    int mant = ((mag << 7) >> exp) & 0x7F;
    int dln = (exp << 7) + mant - (y >> 2);
    boolean outer = dln >= DECISION;
    if (d < 0) {
      return outer ? 2 : 3;
    }
    return outer ? 1 : 0;
  }

  /** The quantized difference: magnitude, with 0x8000 subtracted when negative (the standard's sign-magnitude). */
  private static int reconstruct(boolean negative, int dqln, int y) {
    int dql = dqln + (y >> 2);
    if (dql < 0) {
      return negative ? -0x8000 : 0;
    }
    int dex = (dql >> 7) & 15;
    int dqt = 128 + (dql & 127);
    int v = (dqt << 7) >> (14 - dex);
    return negative ? v - 0x8000 : v;
  }

  private int stepSize() {
    if (ap >= 256) {
      return yu;
    }
    int y = yl >> 6;
    int dif = yu - y;
    int al = ap >> 2;
    if (dif > 0) {
      y += (dif * al) >> 6;
    } else if (dif < 0) {
      y += (dif * al + 0x3F) >> 6;
    }
    return y;
  }

  private void update(int y, int wi, int fi, int dqv, int srv, int dqsez) {
    int mag = dqv & 0x7FFF;
    boolean tr = td && mag > transitionThreshold();
    int pk0 = dqsez < 0 ? 1 : 0;
    yu = Math.max(544, Math.min(5120, y + ((wi - y) >> 5)));
    yl += yu + ((-yl) >> 6);
    int a2p = 0;
    if (tr) {
      java.util.Arrays.fill(a, 0);
      java.util.Arrays.fill(b, 0);
    } else {
      a2p = updatePoles(pk0, dqsez);
      updateZeros(dqv);
    }
    System.arraycopy(dq, 0, dq, 1, 5);
    dq[0] = toFloat(mag, dqv < 0);
    sr[1] = sr[0];
    sr[0] = srv == 0 ? 0x20 : srv > -32768 ? toFloat(Math.abs(srv), srv < 0) : NEGATIVE_ZERO;
    pk[1] = pk[0];
    pk[0] = pk0;
    td = !tr && a2p < -11776;
    updateSpeed(y, fi, tr);
  }

  private int transitionThreshold() {
    int ylint = yl >> 15;
    int ylfrac = (yl >> 10) & 0x1F;
    int thr1 = (32 + ylfrac) << ylint;
    int thr2 = ylint > 9 ? 31 << 10 : thr1;
    return (thr2 + (thr2 >> 1)) >> 1;
  }

  /** Updates the two pole coefficients; returns the new second one. */
  private int updatePoles(int pk0, int dqsez) {
    int pks1 = pk0 ^ pk[0];
    int a2p = a[1] - (a[1] >> 7);
    if (dqsez != 0) {
      int fa1 = pks1 != 0 ? a[0] : -a[0];
      if (fa1 < -8191) {
        a2p -= 0x100;
      } else if (fa1 > 8191) {
        a2p += 0xFF;
      } else {
        a2p += fa1 >> 5;
      }
      boolean pks2 = (pk0 ^ pk[1]) != 0;
      if (pks2) {
        a2p = a2p <= -12160 ? -12288 : a2p >= 12416 ? 12288 : a2p - 0x80;
      } else {
        a2p = a2p <= -12416 ? -12288 : a2p >= 12160 ? 12288 : a2p + 0x80;
      }
    }
    a[1] = a2p;
    a[0] -= a[0] >> 8;
    if (dqsez != 0) {
      a[0] += pks1 == 0 ? 192 : -192;
    }
    int a1ul = 15360 - a2p;
    a[0] = Math.max(-a1ul, Math.min(a1ul, a[0]));
    return a2p;
  }

  private void updateZeros(int dqv) {
    for (int k = 0; k < 6; k++) {
      b[k] -= b[k] >> 8;
      if ((dqv & 0x7FFF) != 0) {
        b[k] += (dqv ^ dq[k]) >= 0 ? 128 : -128;
      }
    }
  }

  private void updateSpeed(int y, int fi, boolean tr) {
    dms += (fi - dms) >> 5;
    dml += ((fi << 2) - dml) >> 7;
    if (tr) {
      ap = 256;
    } else if (y < 1536 || td || Math.abs((dms << 2) - dml) >= (dml >> 3)) {
      ap += (0x200 - ap) >> 4;
    } else {
      ap += (-ap) >> 4;
    }
  }

  /** The standard's floating point: 4-bit exponent, 6-bit mantissa, 0x400 subtracted when negative. */
  private static int toFloat(int mag, boolean negative) {
    if (mag == 0) {
      return negative ? NEGATIVE_ZERO : 0x20;
    }
    int exp = bitLength(mag);
    int v = (exp << 6) + ((mag << 6) >> exp);
    return negative ? v - 0x400 : v;
  }

  /** Multiplies a predictor coefficient by a value in the standard's floating point. */
  private static int fmult(int an, int srn) {
    int anmag = an > 0 ? an : (-an) & 0x1FFF;
    int anexp = bitLength(anmag) - 6;
    int anmant = anmag == 0 ? 32 : anexp >= 0 ? anmag >> anexp : anmag << -anexp;
    int wanexp = anexp + ((srn >> 6) & 0xF) - 13;
    int wanmant = (anmant * (srn & 0x3F) + 0x30) >> 4;
    int v = wanexp >= 0 ? (wanmant << wanexp) & 0x7FFF : wanmant >> -wanexp;
    return (an ^ srn) < 0 ? -v : v;
  }

  /** The number of bits of a non-negative value below 2^15 (0 for 0). */
  private static int bitLength(int v) {
    return 32 - Integer.numberOfLeadingZeros(v);
  }

  private static int clamp16(int v) {
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }
}
