package io.callvault.camel;

import io.callvault.cli.Cli;

/** Entry point of {@code ./callvault}: everything happens in {@link Cli}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new Cli(System.out, System.err).run(args));
  }
}
