package io.callvault.crypto;

import java.nio.file.Path;

/**
 * Files written by {@link KeyPairs#generate} and the key's fingerprint.
 *
 * @param publicKeyFile armoured public key ({@code <name>.pub.asc}), to hand to callvault
 * @param secretKeyFile armoured, unprotected secret key ({@code <name>.sec.asc}), mode 600
 * @param fingerprint   v4 fingerprint of the primary key, 40 upper-case hex digits
 */
public record GeneratedKey(Path publicKeyFile, Path secretKeyFile, String fingerprint) {
}
