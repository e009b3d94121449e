package io.callvault.audio;

/**
 * Acceptance limits of the DTMF detector, after ITU-T Q.23/Q.24.
 *
 * @param minToneMillis shortest tone accepted (Q.24: 40 ms)
 * @param minPauseMillis shortest pause between two presses of the same key; shorter gaps are
 *     counted as an interruption of one tone
 * @param normalTwistDb how much louder the high-group tone may be than the low-group tone
 * @param reverseTwistDb how much louder the low-group tone may be than the high-group tone
 * @param minLevelDbm0 weakest tone accepted, per frequency, in dBm0
 * @param minToneEnergyShare fraction (0..1) of a block's energy that the two tones must hold: the
 *     signal-to-total-energy limit that rejects speech, music and noise
 * @param groupMarginDb how much the chosen tone must exceed every other frequency of its group
 */
public record DtmfSettings(
    int minToneMillis,
    int minPauseMillis,
    double normalTwistDb,
    double reverseTwistDb,
    double minLevelDbm0,
    double minToneEnergyShare,
    double groupMarginDb) {

  public DtmfSettings {
    if (minToneMillis < 10 || minToneMillis > 1000) {
      throw new IllegalArgumentException("minToneMillis must be within 10..1000");
    }
    if (minPauseMillis < 0 || minPauseMillis > 1000) {
      throw new IllegalArgumentException("minPauseMillis must be within 0..1000");
    }
    if (normalTwistDb < 0 || reverseTwistDb < 0 || groupMarginDb < 0) {
      throw new IllegalArgumentException("twist and group margin must not be negative");
    }
    if (!(minToneEnergyShare > 0 && minToneEnergyShare < 1)) {
      throw new IllegalArgumentException("minToneEnergyShare must be within (0, 1)");
    }
  }

  /** 40 ms tones and pauses, twist +4/-8 dB, -40 dBm0, 50 % energy share, 6 dB group margin. */
  public static DtmfSettings defaults() {
    return new DtmfSettings(40, 40, 4.0, 8.0, -40.0, 0.5, 6.0);
  }

  public DtmfSettings withMinToneMillis(int millis) {
    return new DtmfSettings(millis, minPauseMillis, normalTwistDb, reverseTwistDb, minLevelDbm0, minToneEnergyShare, groupMarginDb);
  }

  public DtmfSettings withTwist(double normalDb, double reverseDb) {
    return new DtmfSettings(minToneMillis, minPauseMillis, normalDb, reverseDb, minLevelDbm0, minToneEnergyShare, groupMarginDb);
  }

  public DtmfSettings withMinLevelDbm0(double dbm0) {
    return new DtmfSettings(minToneMillis, minPauseMillis, normalTwistDb, reverseTwistDb, dbm0, minToneEnergyShare, groupMarginDb);
  }
}
