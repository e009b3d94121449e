package io.callvault.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.cli.CheckConfig;
import io.callvault.config.ConfigProblem;
import io.callvault.crypto.KeyPairs;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the deployment files without Docker or a cluster: docker-compose.yml, the Dockerfiles,
 * .env.example and deploy/kubernetes/ are read as YAML (SnakeYAML, merge keys resolved as Compose does) and
 * checked for pinned images, named variables, existing mounts, healthchecks, restart policies and probes; the
 * docker profile is laid out as the hub's container sees it and passes check-config. No container is run.
 */
class DeploymentFilesTest {
  static final Path REPO = Path.of("").toAbsolutePath();
  static final Path COMPOSE = REPO.resolve("docker-compose.yml");
  static final Path KUBERNETES = REPO.resolve("deploy/kubernetes");
  static final String HUB = "callvault";
  /** A version with at least major.minor (15.13, 3.9.9-eclipse-temurin-17), a MinIO release, or a digest. */
  static final Pattern EXACT_TAG = Pattern.compile(".*\\d+\\.\\d+.*|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T.*");
  /** ${VAR}, ${VAR:-default}, ${VAR:?message}; $${VAR} is escaped for the container's shell. */
  static final Pattern COMPOSE_VAR = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

  @Test
  void everyImageInComposeDockerfilesAndKubernetesIsPinnedByAnExactVersionTag() throws IOException {
    List<String> images = new ArrayList<>();
    services().values().forEach(s -> images.add((String) s.get("image")));
    for (Path dockerfile : dockerfiles()) {
      images.addAll(fromImages(dockerfile));
    }
    for (Map<String, Object> doc : kubernetesDocs()) {
      containers(doc).forEach(c -> images.add((String) c.get("image")));
    }
    assertThat(images).hasSizeGreaterThan(8).allSatisfy(image -> {
      assertThat(image).as("an image").isNotBlank();
      assertThat(exactlyPinned(image)).as(image + " is pinned by an exact version tag (not latest, not missing)")
          .isTrue();
    });
  }

  @Test
  void imagePinCheckRefusesLatestMissingAndFloatingTags() {
    assertThat(exactlyPinned("postgres")).isFalse();
    assertThat(exactlyPinned("postgres:latest")).isFalse();
    assertThat(exactlyPinned("postgres:15")).isFalse();
    assertThat(exactlyPinned("eclipse-temurin:17-jre")).isFalse();
    assertThat(exactlyPinned("atmoz/sftp:alpine")).isFalse();
    assertThat(exactlyPinned("localhost:5000/callvault")).isFalse();
    assertThat(exactlyPinned("postgres:15.13")).isTrue();
    assertThat(exactlyPinned("registry.example.com:5000/callvault:0.1.0")).isTrue();
    assertThat(exactlyPinned("minio/minio:RELEASE.2025-04-22T22-12-26Z")).isTrue();
  }

  @Test
  void everyVariableTheComposeFileUsesIsNamedInEnvExample() throws IOException {
    Set<String> used = new TreeSet<>();
    Matcher m = COMPOSE_VAR.matcher(Files.readString(COMPOSE));
    while (m.find()) {
      used.add(m.group(1));
    }
    Map<String, String> example = envExample();
    assertThat(used).isNotEmpty();
    assertThat(example.keySet()).as(".env.example names every variable docker-compose.yml uses").containsAll(used);
    assertThat(used).as("and no variable the compose file does not use").containsAll(example.keySet());
  }

  @Test
  void everyHostPathTheComposeFileMountsOrBuildsFromExistsInTheRepository() {
    List<String> paths = new ArrayList<>();
    services().forEach((name, s) -> {
      for (Object v : list(s.get("volumes"))) {
        String source = v instanceof Map<?, ?> long_ ? String.valueOf(long_.get("source")) : v.toString().split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          paths.add(source);
        }
      }
      if (s.get("build") instanceof Map<?, ?> build) {
        String context = String.valueOf(build.get("context"));
        paths.add(context);
        if (build.get("dockerfile") != null) {
          paths.add(context + "/" + build.get("dockerfile"));
        }
      }
    });
    assertThat(paths).contains("./config/docker", "./routes", "./config/docker/crm")
        .allSatisfy(p -> assertThat(REPO.resolve(p).normalize()).as(p + " mounted or built by docker-compose.yml").exists());
  }

  @Test
  void everyComposeServiceHasAHealthcheckAndARestartPolicy() {
    assertThat(services()).hasSizeGreaterThanOrEqualTo(8).allSatisfy((name, s) -> {
      assertThat(s).as(name + " has a healthcheck").containsKey("healthcheck");
      assertThat(map(s.get("healthcheck")).get("test")).as(name + "'s healthcheck test").isNotNull();
      assertThat(String.valueOf(s.get("restart"))).as(name + "'s restart policy")
          .isIn("always", "unless-stopped", "on-failure");
    });
  }

  @Test
  void theHubIsBuiltHereAndItsHealthcheckAsksObserveHealthOnTheManagementPort() throws IOException {
    Map<String, Object> hub = services().get(HUB);
    assertThat(map(hub.get("build")).get("dockerfile")).isEqualTo("Dockerfile");
    String test = String.join(" ", list(map(hub.get("healthcheck")).get("test")).stream().map(String::valueOf).toList());
    assertThat(test).contains("http://127.0.0.1:" + managementPort() + "/observe/health");
    String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
    assertThat(dockerfile).contains("AS build", "mvn -B", "USER 10001").contains("/observe/health");
    assertThat(Files.readString(REPO.resolve("deploy/docker/callvault-entrypoint.sh"))).contains("umask 077");
  }

  @Test
  void theSftpHostKeyIsMadeByAnInitServiceAndTheHubChecksItThroughKnownHosts() throws IOException {
    Map<String, Map<String, Object>> services = services();
    assertThat(list(services.get("sftp-init").get("volumes"))).contains("sftp-hostkeys:/etc/ssh/hostkeys",
        "known-hosts:/known-hosts");
    assertThat(list(services.get("sftp").get("volumes"))).contains("sftp-hostkeys:/etc/ssh/hostkeys:ro");
    assertThat(list(services.get(HUB).get("volumes"))).contains("known-hosts:/opt/callvault/known-hosts:ro");
    assertThat(map(map(services.get(HUB).get("depends_on")).get("sftp-init")).get("condition"))
        .isEqualTo("service_completed_successfully");
    assertThat(dockerProperties().getProperty("pbx1.known-hosts-file")).isEqualTo("../known-hosts/known_hosts");
    assertThat(Files.readString(REPO.resolve("deploy/docker/sftp/sshd_config")))
        .contains("HostKey /etc/ssh/hostkeys/ssh_host_ed25519_key");
  }

  @Test
  void theDockerProfilePassesCheckConfigAsTheHubsContainerSeesIt(@TempDir Path root) throws Exception {
    Path opt = containerLayout(root);
    Map<String, String> overrides = propertyOverrides(opt.resolve("config/application.properties"), hubEnvironment());

    List<ConfigProblem> problems = CheckConfig.check(opt.resolve("config"), opt.resolve("routes"), overrides);

    assertThat(problems).as("check-config of the docker profile with .env.example's values").isEmpty();
  }

  @Test
  void checkConfigOfTheDockerProfileFailsWithoutTheKnownHostsTheInitServiceWrites(@TempDir Path root) throws Exception {
    Path opt = containerLayout(root);
    Files.delete(opt.resolve("known-hosts/known_hosts"));
    Map<String, String> overrides = propertyOverrides(opt.resolve("config/application.properties"), hubEnvironment());

    List<ConfigProblem> problems = CheckConfig.check(opt.resolve("config"), opt.resolve("routes"), overrides);

    assertThat(problems).anySatisfy(p -> assertThat(p.toString()).contains("known_hosts"));
  }

  @Test
  void kubernetesDeploymentRunsTwoReplicasWithProbesOnObserveHealthOnTheManagementPort() throws IOException {
    Map<String, Object> deployment = kubernetes("Deployment", HUB);
    assertThat(map(deployment.get("spec")).get("replicas")).as("two hubs share the drops (SeveralNodesIT)").isEqualTo(2);
    Map<String, Object> hub = containers(deployment).get(0);
    Object managementPort = list(hub.get("ports")).stream().map(DeploymentFilesTest::map)
        .filter(p -> "management".equals(p.get("name"))).findFirst().orElseThrow().get("containerPort");
    assertThat(String.valueOf(managementPort)).isEqualTo(managementPort());
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      Map<String, Object> get = map(map(hub.get(probe)).get("httpGet"));
      assertThat(String.valueOf(get.get("path"))).as(probe).startsWith("/observe/health");
      assertThat(get.get("port")).as(probe + " on the management port").isEqualTo("management");
    }
    Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).isEqualTo(true);
    assertThat(kubernetes("Service", HUB)).isNotEmpty();
  }

  @Test
  void kubernetesSecretIsATemplateWithoutValuesNamingWhatTheHubReadsFromItsEnvironment() throws IOException {
    Map<String, Object> secret = kubernetes("Secret", "callvault-secrets");
    Map<String, Object> values = map(secret.get("stringData"));
    assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(map(services().get(HUB).get("environment")).keySet());
    assertThat(values.values()).as("no real credential in git").allSatisfy(v -> assertThat(v).isEqualTo(""));
    Map<String, Object> hub = containers(kubernetes("Deployment", HUB)).get(0);
    assertThat(String.valueOf(hub.get("envFrom"))).contains("callvault-secrets");
  }

  @Test
  void kubernetesConfigMapsCarryEveryFileOfTheDockerProfileAndEveryRoute() throws IOException {
    Map<String, Object> kustomization = kubernetes("Kustomization", null);
    Map<String, List<String>> generated = new LinkedHashMap<>();
    for (Object g : list(kustomization.get("configMapGenerator"))) {
      generated.put(String.valueOf(map(g).get("name")), list(map(g).get("files")).stream().map(String::valueOf).toList());
    }
    assertThat(generated.get("callvault-config")).containsExactlyInAnyOrderElementsOf(filesIn("config/docker"));
    assertThat(generated.get("callvault-routes")).containsExactlyInAnyOrderElementsOf(filesIn("routes"));
    String volumes = String.valueOf(map(map(map(kubernetes("Deployment", HUB).get("spec")).get("template"))
        .get("spec")).get("volumes"));
    assertThat(volumes).contains("callvault-config", "callvault-routes", "callvault-recipient-keys",
        "callvault-known-hosts");
    for (Object r : list(kustomization.get("resources"))) {
      assertThat(KUBERNETES.resolve(String.valueOf(r))).exists();
    }
  }

  /** The regular files directly in a repository directory, as the kustomization names them. */
  private static List<String> filesIn(String dir) throws IOException {
    try (Stream<Path> s = Files.list(REPO.resolve(dir))) {
      return s.filter(Files::isRegularFile).map(p -> "../../" + dir + "/" + p.getFileName()).toList();
    }
  }

  /** The one document of this kind (and name, when given) in deploy/kubernetes/. */
  static Map<String, Object> kubernetes(String kind, String name) throws IOException {
    List<Map<String, Object>> found = kubernetesDocs().stream().filter(d -> kind.equals(d.get("kind")))
        .filter(d -> name == null || name.equals(map(d.get("metadata")).get("name"))).toList();
    assertThat(found).as(kind + " " + name + " in deploy/kubernetes").hasSize(1);
    return found.get(0);
  }

  // --- the hub's container, as docker-compose.yml mounts it --------------------------------------------

  /**
   * /opt/callvault as the hub's container sees it: the host paths the compose file binds, and what the one-shot
   * services put in the volumes (known_hosts from sftp-init, public keys from keys-init). Returns /opt/callvault.
   */
  private static Path containerLayout(Path root) throws IOException {
    Path opt = root.resolve("opt/callvault");
    for (Object v : list(services().get(HUB).get("volumes"))) {
      String[] parts = v.toString().split(":");
      Path target = root.resolve(parts[1].substring(1));
      if (parts[0].startsWith(".")) {
        copyTree(REPO.resolve(parts[0]).normalize(), target);
      } else {
        Files.createDirectories(target);
      }
    }
    // sftp-init: "sftp <type> <key>" from the server's host key
    Files.writeString(opt.resolve("known-hosts/known_hosts"),
        "sftp ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q\n");
    // keys-init: ./callvault keys generate <purpose> for each purpose it names
    String keysInit = String.valueOf(services().get("keys-init").get("command"));
    Matcher purposes = Pattern.compile("for p in ([a-z ]+);").matcher(keysInit);
    assertThat(purposes.find()).as("keys-init names its purposes").isTrue();
    for (String purpose : purposes.group(1).trim().split(" ")) {
      Path made = KeyPairs.generate(purpose, "callvault " + purpose + " <t@callvault.invalid>", root.resolve("secret"))
          .publicKeyFile();
      Files.move(made, opt.resolve("keys").resolve(purpose + ".pub.asc"));
    }
    return opt;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** The hub service's environment with .env.example's values, as Compose interpolates it. */
  private static Map<String, String> hubEnvironment() throws IOException {
    Map<String, String> example = envExample();
    Map<String, String> env = new LinkedHashMap<>();
    map(services().get(HUB).get("environment")).forEach((k, v) -> {
      Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?:(:?[-?])([^}]*))?}").matcher(String.valueOf(v));
      StringBuilder value = new StringBuilder();
      while (m.find()) {
        String set = example.get(m.group(1));
        String fallback = m.group(2) != null && m.group(2).endsWith("-") ? m.group(3) : "";
        m.appendReplacement(value, Matcher.quoteReplacement(set == null || set.isEmpty() ? fallback : set));
      }
      m.appendTail(value);
      env.put(String.valueOf(k), value.toString());
    });
    return env;
  }

  /** Each property that refers to ${env:NAME[:default]}, resolved from {@code env} as the hub would. */
  private static Map<String, String> propertyOverrides(Path properties, Map<String, String> env) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(properties)) {
      p.load(r);
    }
    Pattern ref = Pattern.compile("\\$\\{env:([^}:]+)(?::([^}]*))?}");
    Map<String, String> overrides = new HashMap<>();
    for (String key : p.stringPropertyNames()) {
      Matcher m = ref.matcher(p.getProperty(key));
      if (!m.find()) {
        continue;
      }
      m.reset();
      StringBuilder value = new StringBuilder();
      while (m.find()) {
        String set = env.get(m.group(1));
        String resolved = set != null ? set : m.group(2);
        assertThat(resolved).as(key + " needs " + m.group(1) + " in the hub's environment").isNotNull();
        m.appendReplacement(value, Matcher.quoteReplacement(resolved));
      }
      m.appendTail(value);
      overrides.put(key, value.toString());
    }
    return overrides;
  }

  static Properties dockerProperties() throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(REPO.resolve("config/docker/application.properties"))) {
      p.load(r);
    }
    return p;
  }

  static String managementPort() throws IOException {
    Matcher m = Pattern.compile("\\$\\{env:[A-Z_]+:(\\d+)}|(\\d+)")
        .matcher(dockerProperties().getProperty("camel.management.port"));
    assertThat(m.find()).isTrue();
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  // --- reading the files ---------------------------------------------------------------------------------

  static boolean exactlyPinned(String image) {
    if (image.contains("@sha256:")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon < slash + 1) {
      return false; // no tag (a colon before the last slash is a registry's port)
    }
    String tag = image.substring(colon + 1);
    return !tag.equals("latest") && EXACT_TAG.matcher(tag).matches();
  }

  static Map<String, Map<String, Object>> services() {
    try (Reader r = Files.newBufferedReader(COMPOSE)) {
      Map<String, Object> compose = new Yaml(new LoaderOptions()).load(r);
      Map<String, Map<String, Object>> services = new LinkedHashMap<>();
      map(compose.get("services")).forEach((k, v) -> services.put(String.valueOf(k), map(v)));
      return services;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> envExample() throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : Files.readAllLines(REPO.resolve(".env.example"))) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        int eq = l.indexOf('=');
        assertThat(eq).as(".env.example line '" + l + "' is NAME=value").isPositive();
        vars.put(l.substring(0, eq), l.substring(eq + 1));
      }
    }
    return vars;
  }

  static List<Path> dockerfiles() throws IOException {
    try (Stream<Path> s = Files.walk(REPO.resolve("deploy"))) {
      List<Path> files = new ArrayList<>(s.filter(p -> p.getFileName().toString().equals("Dockerfile")).toList());
      files.add(REPO.resolve("Dockerfile"));
      return files;
    }
  }

  /** The images of a Dockerfile's FROM lines, not the names of its own earlier stages. */
  static List<String> fromImages(Path dockerfile) throws IOException {
    Set<String> stages = new LinkedHashSet<>();
    List<String> images = new ArrayList<>();
    for (String line : Files.readAllLines(dockerfile)) {
      String[] w = line.strip().split("\\s+");
      if (w.length >= 2 && w[0].equalsIgnoreCase("FROM")) {
        if (!stages.contains(w[1])) {
          images.add(w[1]);
        }
        if (w.length >= 4 && w[2].equalsIgnoreCase("AS")) {
          stages.add(w[3]);
        }
      }
    }
    return images;
  }

  static List<Map<String, Object>> kubernetesDocs() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> s = Files.list(KUBERNETES)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (Reader r = Files.newBufferedReader(p)) {
          for (Object doc : new Yaml(new LoaderOptions()).loadAll(r)) {
            if (doc != null) {
              docs.add(map(doc));
            }
          }
        }
      }
    }
    return docs;
  }

  static List<Map<String, Object>> containers(Map<String, Object> doc) {
    if (!"Deployment".equals(doc.get("kind"))) {
      return List.of();
    }
    Map<String, Object> pod = map(map(map(doc.get("spec")).get("template")).get("spec"));
    List<Map<String, Object>> all = new ArrayList<>();
    list(pod.get("initContainers")).forEach(c -> all.add(map(c)));
    list(pod.get("containers")).forEach(c -> all.add(map(c)));
    return all;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }
}
