package io.callvault.demo;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Writes a realistic, deterministic FreePBX recording drop for demos and tests.
 *
 * <p>Under {@code dropRoot/YYYY/MM/DD/}: about 36 recordings of all FreePBX call types plus
 * Asterisk one-touch ({@code auto-...}) names, each 2-8 s of synthetic speech-like 8 kHz 16-bit
 * mono PCM WAV, and one unidentifiable {@value #BAD_FILE} with valid audio. At {@code dropRoot}: an
 * Asterisk {@code Master.csv} (21-column cdr_csv form, one ANSWERED row per recording, plus a few
 * unanswered calls that were not recorded). Times are local to {@link #PBX_ZONE}.
 *
 * <p>Phone numbers come only from Ofcom's drama ranges (07700 900000-900999 and 01632
 * 960000-960999), so no real person is ever dialled. The consent CSV ({@code
 * subject,training,quality}, subject in E.164, values {@code granted}/{@code denied}/empty for
 * unknown) grants training to some subjects, denies it to some, leaves it unknown for a few, and
 * omits the rest.
 */
public final class DemoDrop {

  /** Zone in which the demo PBX writes local times. */
  public static final ZoneId PBX_ZONE = ZoneId.of("Europe/London");
  /** Name of the file that matches no recording pattern. */
  public static final String BAD_FILE = "voicemail-greeting.wav";
  /** Name of the CDR file written at the drop root. */
  public static final String MASTER_CSV = "Master.csv";

  static final int SAMPLE_RATE = 8000;
  private static final String DID = "01632960000";
  private static final DateTimeFormatter CDR_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("HHmmss");

  /**
   * What was generated.
   *
   * @param dropRoot the drop root
   * @param masterCsv the CDR file
   * @param consentCsv the consent file
   * @param audioFiles drop-relative paths of every audio file written, the bad one included
   * @param subjects distinct external parties (E.164) whose consent matters
   * @param trainingGranted subjects with {@code training=granted}
   * @param trainingDenied subjects with {@code training=denied}
   * @param trainingUnknown subjects listed with an empty training value
   * @param trainingAbsent subjects not in the consent file at all
   * @param badFile drop-relative path of the unidentifiable file
   */
  public record Result(
      Path dropRoot,
      Path masterCsv,
      Path consentCsv,
      List<String> audioFiles,
      int subjects,
      int trainingGranted,
      int trainingDenied,
      int trainingUnknown,
      int trainingAbsent,
      String badFile) {

    /** Number of audio files written, the bad one included. */
    public int files() {
      return audioFiles.size();
    }

    /** Number of identifiable recordings (audio files minus the bad one). */
    public int recordings() {
      return audioFiles.size() - 1;
    }
  }

  private record Call(
      String type,
      String to,
      String from,
      String src,
      String dst,
      String dcontext,
      String lastapp,
      String lastdata,
      String subjectE164) {}

  private DemoDrop() {}

  /** Generates the drop and the consent file; same arguments, same bytes. */
  public static Result generate(Path dropRoot, Path consentCsv, LocalDate day, long seed)
      throws IOException {
    Objects.requireNonNull(day, "day");
    Random rnd = new Random(seed);
    List<String> mobiles = drawNumbers(rnd, "07700900", 14, Set.of("999"));
    List<String> landlines = drawNumbers(rnd, "01632960", 8, Set.of("000"));
    List<String> customers = new ArrayList<>(mobiles);
    customers.addAll(landlines);
    Collections.shuffle(customers, rnd);

    List<Call> calls = planCalls(rnd, customers);
    Path dayDir = dropRoot.resolve(String.format("%04d/%02d/%02d",
        day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
    Files.createDirectories(dayDir);
    String dayPath = dropRoot.relativize(dayDir).toString().replace('\\', '/');

    Path master = dropRoot.resolve(MASTER_CSV);
    Calls written;
    try (Writer cdr = Files.newBufferedWriter(master, StandardCharsets.UTF_8)) {
      written = new Calls(rnd, cdr, dayDir, dayPath, day.atTime(LocalTime.of(8, 30)), 100 + rnd.nextInt(800));
      for (Call call : calls) {
        written.record(call, customers);
      }
    }
    List<String> audio = written.audio;
    Set<String> subjects = written.subjects;
    LocalDateTime clock = written.clock;
    int cdrSeq = written.cdrSeq;
    writeWav(dayDir.resolve(BAD_FILE), 3 * SAMPLE_RATE, rnd.nextLong());
    String bad = dayPath + "/" + BAD_FILE;
    audio.add(bad);

    int[] counts = writeConsent(consentCsv, new ArrayList<>(subjects), rnd);
    audio.add(dayPath + "/" + writeCardPayment(dropRoot, dayDir, master, clock.plusMinutes(20),
        customers.get(0), new Random(seed ^ 0x5EEDL), ++cdrSeq));
    return new Result(dropRoot, master, consentCsv, List.copyOf(audio), subjects.size(),
        counts[0], counts[1], counts[2], counts[3], bad);
  }

  /** Writes the planned calls one by one: the WAV, its CDR row, now and then a missed call's row. */
  private static final class Calls {
    final Random rnd;
    final Writer cdr;
    final Path dayDir;
    final String dayPath;
    final List<String> audio = new ArrayList<>();
    final Set<String> subjects = new LinkedHashSet<>();
    LocalDateTime clock;
    long sequence;
    int cdrSeq;

    Calls(Random rnd, Writer cdr, Path dayDir, String dayPath, LocalDateTime clock, long sequence) {
      this.rnd = rnd;
      this.cdr = cdr;
      this.dayDir = dayDir;
      this.dayPath = dayPath;
      this.clock = clock;
      this.sequence = sequence;
    }

    void record(Call call, List<String> customers) throws IOException {
      clock = clock.plusSeconds(240 + rnd.nextInt(600));
      int ring = 2 + rnd.nextInt(14);
      int seconds = 2 + rnd.nextInt(7);
      LocalDateTime start = clock;
      LocalDateTime answer = start.plusSeconds(ring);
      LocalDateTime end = answer.plusSeconds(seconds);
      long epoch = start.atZone(PBX_ZONE).toEpochSecond();
      String prefix = rnd.nextInt(3) == 0 ? "pbx-eu-1-" : "";
      String uniqueId = prefix + epoch + "." + (sequence++);
      String name;
      if (call.type().equals("auto")) {
        long touch = answer.plusSeconds(1).atZone(PBX_ZONE).toEpochSecond();
        name = "auto-" + touch + "-" + call.from() + "-" + call.to() + ".wav";
      } else {
        name = call.type() + "-" + call.to() + "-" + call.from() + "-" + NAME_DATE.format(start)
            + "-" + NAME_TIME.format(start) + "-" + uniqueId + ".wav";
      }
      writeWav(dayDir.resolve(name), seconds * SAMPLE_RATE, rnd.nextLong());
      audio.add(dayPath + "/" + name);
      if (call.subjectE164() != null) {
        subjects.add(call.subjectE164());
      }
      cdrRow(cdr, call, start, answer, end, ring + seconds, seconds, "ANSWERED", uniqueId, ++cdrSeq);
      if (rnd.nextInt(6) == 0) {
        missed(customers);
      }
    }

    /** An unanswered call nobody recorded, as real CDR files have. */
    private void missed(List<String> customers) throws IOException {
      clock = clock.plusSeconds(60);
      String caller = customers.get(rnd.nextInt(customers.size()));
      Call missed = new Call("in", DID, caller, caller, "400", "ext-queues", "Queue", "400,t,,,300", null);
      long e2 = clock.atZone(PBX_ZONE).toEpochSecond();
      cdrRow(cdr, missed, clock, null, clock.plusSeconds(25), 25, 0, "NO ANSWER", e2 + "." + (sequence++), ++cdrSeq);
    }
  }

  /** The card's digits as DTMF tones (80 ms each, 80 ms apart) over faint noise, 16-bit little-endian. */
  private static void writeKeyedCard(OutputStream out, int tone, Random rnd) throws IOException {
    byte[] buf = new byte[2];
    for (char d : CARD_DIGITS.toCharArray()) {
      int k = KEYS.indexOf(d);
      double lo = LOW[k / 4];
      double hi = HIGH[k % 4];
      for (int i = 0; i < 2 * tone; i++) {
        double v = rnd.nextGaussian() * 60;
        if (i < tone) {
          v += 5500 * Math.sin(2 * Math.PI * lo * i / SAMPLE_RATE) + 6500 * Math.sin(2 * Math.PI * hi * i / SAMPLE_RATE);
        }
        int sample = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        buf[0] = (byte) sample;
        buf[1] = (byte) (sample >> 8);
        out.write(buf);
      }
    }
  }

  /** The test card keyed on the phone during the payment call (a well-known test number). */
  public static final String CARD_DIGITS = "4111111111111111";
  private static final double[] LOW = {697, 770, 852, 941};
  private static final double[] HIGH = {1209, 1336, 1477, 1633};
  private static final String KEYS = "123A456B789C*0#D";

  /**
   * One inbound call in which the caller keys a card number on the keypad: speech, then 16 DTMF
   * digits (80 ms tones, 80 ms pauses, about -12 dBm0 per tone), then speech. Its CDR row is appended.
   */
  private static String writeCardPayment(Path dropRoot, Path dayDir, Path master, LocalDateTime start,
      String caller, Random rnd, int cdrSeq) throws IOException {
    long epoch = start.atZone(PBX_ZONE).toEpochSecond();
    String uniqueId = epoch + ".990";
    String name = "in-" + DID + "-" + caller + "-" + NAME_DATE.format(start) + "-" + NAME_TIME.format(start)
        + "-" + uniqueId + ".wav";
    Path speech = Files.createTempFile(dayDir, ".speech", ".tmp");
    try {
      writeWav(speech, 2 * SAMPLE_RATE, rnd.nextLong());
      byte[] head = Files.readAllBytes(speech);
      int tone = SAMPLE_RATE * 80 / 1000;
      int keyed = CARD_DIGITS.length() * 2 * tone;
      int speechSamples = (head.length - 44) / 2;
      int total = speechSamples * 2 + keyed;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dayDir.resolve(name)), 8192)) {
        byte[] header = java.util.Arrays.copyOf(head, 44);
        le32(header, 4, 36 + total * 2);
        le32(header, 40, total * 2);
        out.write(header);
        out.write(head, 44, head.length - 44);
        writeKeyedCard(out, tone, rnd);
        out.write(head, 44, head.length - 44);
      }
    } finally {
      Files.deleteIfExists(speech);
    }
    int seconds = (int) Math.ceil((double) ((Files.size(dayDir.resolve(name)) - 44) / 2) / SAMPLE_RATE);
    try (Writer cdr = Files.newBufferedWriter(master, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
      Call call = new Call("in", DID, caller, caller, DID, "from-trunk", "Dial", "SIP/201", e164(caller));
      cdrRow(cdr, call, start, start.plusSeconds(3), start.plusSeconds(3 + seconds), 3 + seconds, seconds, "ANSWERED",
          uniqueId, cdrSeq);
    }
    return name;
  }

  private static List<String> drawNumbers(Random rnd, String stem, int count, Set<String> avoid) {
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < count) {
      String tail = String.format("%03d", rnd.nextInt(1000));
      if (!avoid.contains(tail)) {
        out.add(stem + tail);
      }
    }
    return new ArrayList<>(out);
  }

  /** 36 calls: in, anonymous in, q, rg, out, internal, exten, ondemand, force, external, auto. */
  private static List<Call> planCalls(Random rnd, List<String> customers) {
    List<Call> calls = new ArrayList<>();
    int[] next = {0};
    java.util.function.Supplier<String> customer = () -> {
      // most customers call once, the first few call again
      int i = next[0] < customers.size() ? next[0]++ : rnd.nextInt(4);
      return customers.get(i);
    };
    java.util.function.Supplier<String> ext = () -> String.valueOf(201 + rnd.nextInt(12));

    for (int i = 0; i < 8; i++) {
      String c = customer.get();
      String e = ext.get();
      String shown = trunkForm(rnd, c);
      calls.add(new Call("in", rnd.nextBoolean() ? DID : "44" + DID.substring(1), shown, shown, e,
          "from-trunk", "Dial", "PJSIP/" + e + ",20,tTr", e164(c)));
    }
    calls.add(new Call("in", DID, "anonymous", "anonymous", DID, "from-trunk", "Dial",
        "PJSIP/201,20,tTr", null));
    String c0 = customer.get();
    calls.add(new Call("in", "", c0, c0, DID, "from-pstn", "Dial", "PJSIP/202,20,tTr",
        e164(c0)));
    for (int i = 0; i < 5; i++) {
      String c = customer.get();
      String shown = trunkForm(rnd, c);
      calls.add(new Call("q", "400", shown, shown, "400", "ext-queues", "Queue", "400,t,,,300",
          e164(c)));
    }
    for (int i = 0; i < 3; i++) {
      String c = customer.get();
      calls.add(new Call("rg", "600", c, c, "600", "ext-group", "Dial",
          "PJSIP/203&PJSIP/204,25,tr", e164(c)));
    }
    for (int i = 0; i < 6; i++) {
      String c = customer.get();
      String e = ext.get();
      calls.add(new Call("out", c, e, e, c, "from-internal", "Dial",
          "PJSIP/" + c + "@trunk,300,Tt", e164(c)));
    }
    for (int i = 0; i < 4; i++) {
      String a = ext.get();
      String b = String.valueOf(213 + i);
      calls.add(new Call("internal", b, a, a, b, "from-internal", "Dial", "PJSIP/" + b + ",20,tT",
          null));
    }
    for (int i = 0; i < 2; i++) {
      String a = ext.get();
      calls.add(new Call("exten", "220", a, a, "220", "from-internal", "Dial", "PJSIP/220,20,tT",
          null));
    }
    calls.addAll(onDemandForcedExternalAndOneTouch(customer));
    Collections.shuffle(calls, rnd);
    return calls;
  }

  /** Recordings started on demand, forced by the dialplan, of external forwards, and one-touch (auto-...). */
  private static List<Call> onDemandForcedExternalAndOneTouch(java.util.function.Supplier<String> customer) {
    List<Call> calls = new ArrayList<>();
    String c1 = customer.get();
    calls.add(new Call("ondemand", "205", c1, c1, "205", "from-trunk", "Dial", "PJSIP/205,20,tT",
        e164(c1)));
    String c2 = customer.get();
    calls.add(new Call("ondemand", c2, "206", "206", c2, "from-internal", "Dial",
        "PJSIP/" + c2 + "@trunk,300,Tt", e164(c2)));
    String c3 = customer.get();
    calls.add(new Call("force", c3, "207", "207", c3, "from-internal", "Dial",
        "PJSIP/" + c3 + "@trunk,300,Tt", e164(c3)));
    String c4 = customer.get();
    calls.add(new Call("external", "07700900999", c4, c4, "07700900999", "from-trunk", "Dial",
        "PJSIP/07700900999@trunk,60,tT", e164(c4)));
    String c5 = customer.get();
    calls.add(new Call("auto", "208", c5, c5, "208", "from-did-direct", "Dial",
        "PJSIP/208,20,tTwW", e164(c5)));
    String c6 = customer.get();
    calls.add(new Call("auto", c6, "209", "209", c6, "from-internal", "Dial",
        "PJSIP/" + c6 + "@trunk,300,TtwW", e164(c6)));
    return calls;
  }

  /** Caller ids arrive from trunks in national, international or bare country-code form. */
  private static String trunkForm(Random rnd, String national) {
    switch (rnd.nextInt(3)) {
      case 0:
        return national;
      case 1:
        return "+44" + national.substring(1);
      default:
        return "44" + national.substring(1);
    }
  }

  private static String e164(String national) {
    return "+44" + national.substring(1);
  }

  private static void cdrRow(Writer w, Call call, LocalDateTime start, LocalDateTime answer,
      LocalDateTime end, int duration, int billsec, String disposition, String uniqueId, int seq)
      throws IOException {
    boolean fromTrunk = !call.dcontext().equals("from-internal");
    String channel = (fromTrunk ? "PJSIP/trunk-" : "PJSIP/" + call.src() + "-")
        + String.format("%08x", seq * 2);
    String dstChannel = answer == null ? ""
        : "PJSIP/" + (call.dst().length() > 6 ? "trunk" : call.dst()) + "-"
            + String.format("%08x", seq * 2 + 1);
    String clid = "anonymous".equals(call.src()) ? "\"Anonymous\" <anonymous>"
        : "\"\" <" + call.src() + ">";
    String[] quoted = {
      "", call.src(), call.dst(), call.dcontext(), clid, channel, dstChannel, call.lastapp(),
      call.lastdata()
    };
    StringBuilder row = new StringBuilder(256);
    for (String q : quoted) {
      row.append(quote(q)).append(',');
    }
    row.append(quote(CDR_TIME.format(start))).append(',')
        .append(quote(answer == null ? "" : CDR_TIME.format(answer))).append(',')
        .append(quote(CDR_TIME.format(end))).append(',')
        .append(duration).append(',').append(billsec).append(',')
        .append(quote(disposition)).append(',').append(quote("DOCUMENTATION")).append(',')
        .append(quote(uniqueId)).append(',').append(quote("")).append(',').append(quote(""))
        .append(',').append(quote(uniqueId)).append(',').append(seq).append('\n');
    w.write(row.toString());
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Writes the consent CSV; returns {granted, denied, unknown, absent} training counts. */
  private static int[] writeConsent(Path file, List<String> subjects, Random rnd)
      throws IOException {
    Collections.shuffle(subjects, rnd);
    int n = subjects.size();
    int granted = Math.max(1, n * 45 / 100);
    int denied = Math.max(1, n / 4);
    int unknown = Math.max(1, n / 10);
    int absent = n - granted - denied - unknown;
    if (absent < 1) {
      throw new IllegalStateException("too few subjects for a meaningful consent file");
    }
    Map<String, String[]> rows = new LinkedHashMap<>();
    String[] quality = {"granted", "granted", "denied", ""};
    for (int i = 0; i < granted + denied + unknown; i++) {
      String training = i < granted ? "granted" : i < granted + denied ? "denied" : "";
      rows.put(subjects.get(i), new String[] {training, quality[rnd.nextInt(quality.length)]});
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("subject,training,quality\n");
      for (Map.Entry<String, String[]> e : rows.entrySet()) {
        w.write(e.getKey() + "," + e.getValue()[0] + "," + e.getValue()[1] + "\n");
      }
    }
    return new int[] {granted, denied, unknown, absent};
  }

  /**
   * Streams {@code samples} samples of 8 kHz 16-bit mono speech-like audio: syllables with a
   * wandering pitch, two formant-like partials and a little noise, separated by short pauses.
   */
  static void writeWav(Path file, int samples, long seed) throws IOException {
    Random rnd = new Random(seed);
    int dataBytes = samples * 2;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 8192)) {
      out.write(pcmHeader(dataBytes));
      byte[] buf = new byte[1024];
      int fill = 0;
      int syllableLeft = 0;
      int syllableLen = 1;
      boolean voiced = false;
      double f0 = 110 + rnd.nextInt(90);
      double f1 = 600;
      double f2 = 1500;
      double p0 = 0;
      double p1 = 0;
      double p2 = 0;
      for (int i = 0; i < samples; i++) {
        if (syllableLeft == 0) {
          voiced = !voiced || rnd.nextInt(4) != 0;
          syllableLen = voiced ? 800 + rnd.nextInt(1600) : 300 + rnd.nextInt(2400);
          syllableLeft = syllableLen;
          f1 = 350 + rnd.nextInt(550);
          f2 = 1000 + rnd.nextInt(1300);
          f0 = Math.max(85, Math.min(240, f0 + rnd.nextGaussian() * 12));
        }
        double pos = 1.0 - (double) syllableLeft / syllableLen;
        syllableLeft--;
        double v = rnd.nextGaussian() * 60; // line noise
        if (voiced) {
          double env = Math.sin(Math.PI * pos);
          double pitch = f0 * (1 + 0.06 * Math.sin(2 * Math.PI * pos));
          p0 += 2 * Math.PI * pitch / SAMPLE_RATE;
          p1 += 2 * Math.PI * f1 / SAMPLE_RATE;
          p2 += 2 * Math.PI * f2 / SAMPLE_RATE;
          double glottal = 0.5 + 0.5 * Math.cos(p0);
          v += env * (4500 * Math.sin(p0) + glottal * (3000 * Math.sin(p1) + 1400 * Math.sin(p2))
              + rnd.nextGaussian() * 300);
        }
        int s = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        buf[fill++] = (byte) s;
        buf[fill++] = (byte) (s >> 8);
        if (fill == buf.length) {
          out.write(buf, 0, fill);
          fill = 0;
        }
      }
      out.write(buf, 0, fill);
    }
  }

  /** The 44-byte header of an 8 kHz 16-bit mono PCM WAV with {@code dataBytes} of audio. */
  private static byte[] pcmHeader(int dataBytes) {
    byte[] header = new byte[44];
    ascii(header, 0, "RIFF");
    le32(header, 4, 36 + dataBytes);
    ascii(header, 8, "WAVE");
    ascii(header, 12, "fmt ");
    le32(header, 16, 16);
    le16(header, 20, 1); // PCM
    le16(header, 22, 1); // mono
    le32(header, 24, SAMPLE_RATE);
    le32(header, 28, SAMPLE_RATE * 2);
    le16(header, 32, 2);
    le16(header, 34, 16);
    ascii(header, 36, "data");
    le32(header, 40, dataBytes);
    return header;
  }

  private static void ascii(byte[] b, int at, String s) {
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(a, 0, b, at, a.length);
  }

  private static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
  }

  private static void le32(byte[] b, int at, int v) {
    le16(b, at, v);
    le16(b, at + 2, v >> 16);
  }
}
