package io.callvault.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Shared helpers for the crypto tests. */
final class TestKeys {

    private TestKeys() {
    }

    static GeneratedKey generate(Path dir, String name) throws IOException {
        return KeyPairs.generate(name, name + " (callvault test) <" + name + "@example.invalid>", dir);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
