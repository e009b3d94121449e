package io.callvault.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real gpg binary against a private, throw-away GNUPGHOME. */
final class Gpg implements AutoCloseable {

    record Result(int exitCode, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final Path home;

    private Gpg(Path home) {
        this.home = home;
    }

    /** Skips the calling test (with a loud warning) when gpg is not installed. */
    static Gpg inNewHome(Path dir) throws IOException, InterruptedException {
        if (!available()) {
            System.err.println("GPG NOT FOUND: skipping real-gpg interoperability test");
            Assumptions.abort("GPG NOT FOUND: skipping real-gpg interoperability test");
        }
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        return new Gpg(home);
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback",
                "--homedir", home.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path err = Files.createTempFile(home, "stderr", ".txt");
        builder.redirectError(err.toFile());
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process process = builder.start();
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("gpg timed out: " + command);
        }
        return new Result(process.exitValue(), out, Files.readString(err));
    }

    Result runOk(Path stdin, String... args) throws IOException, InterruptedException {
        Result result = run(stdin, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("gpg " + String.join(" ", args) + " failed with " + result.exitCode()
                    + ":\n" + result.stderr());
        }
        return result;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
