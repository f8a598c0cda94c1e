/**
 * The deployment files agree with the code: every YAML file under deploy/compose and deploy/k8s
 * parses; every ledger container sets only variables libs/config reads, and the environment it
 * ends up with passes loadConfig() and is a production one (PostgreSQL server, KurrentDB, Kafka
 * with 3 replicas, listening beyond loopback, on the port its health checks probe); Kubernetes
 * inlines no secret, every Deployment has probes, resource requests, a locked-down security
 * context and a PodDisruptionBudget; the overlays point at files and objects that exist; the
 * three Dockerfiles stay one pattern. No Docker engine, kubectl or kustomize is needed; when
 * kubectl is installed the overlays are also rendered and checked like the base.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { CONFIG_VARIABLES, ConfigError, loadConfig, type LedgerConfig } from '@ledger/config';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE_DIR = join(ROOT, 'deploy/compose');
const K8S_DIR = join(ROOT, 'deploy/k8s');

const APPS = ['ledger-api', 'projector', 'kafka-relay'] as const;
type App = (typeof APPS)[number];
const isApp = (name: string): name is App => (APPS as readonly string[]).includes(name);

/** Read by Node itself, not by loadConfig: the only other variables a ledger container may set. */
const ALLOWED_NON_CONFIG = ['NODE_ENV', 'NODE_OPTIONS'];
const ALLOWED = new Set<string>([...CONFIG_VARIABLES, ...ALLOWED_NON_CONFIG]);

/** Port of the health (and, for ledger-api, API) server of each app. */
const COMPOSE_PORTS: Record<App, number> = { 'ledger-api': 3000, projector: 3001, 'kafka-relay': 3002 };
const K8S_PORTS: Record<App, number> = { 'ledger-api': 3000, projector: 8080, 'kafka-relay': 8080 };

/** Stand-ins for values kept in Secrets, shaped like what loadConfig expects of each. */
const SECRET_PLACEHOLDERS: Record<string, string> = {
  DATABASE_URL: 'postgres://ledger:placeholder@postgres.example:5432/ledger',
  KURRENTDB_URL: 'kurrentdb+discover://ledger:placeholder@kurrentdb.example:2113?tls=true',
};
const secretPlaceholder = (name: string): string =>
  SECRET_PLACEHOLDERS[name] ??
  (name.endsWith('_URL') ? `https://placeholder.example/${name}` : 'placeholder');

type Doc = Record<string, any>;
type Env = Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Reading files

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
    .sort();
}

/** Every document of a YAML file (merge keys `<<` resolved), or an error naming the file. */
function readYaml(file: string): Doc[] {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  if (!Array.isArray(documents)) return [];
  const errors = documents.flatMap((document) => document.errors.map((error) => error.message));
  if (errors.length > 0) throw new Error(`${relative(ROOT, file)} does not parse: ${errors.join('; ')}`);
  return documents
    .map((document) => document.toJS() as Doc)
    .filter((doc) => doc !== null && doc !== undefined);
}

const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The problems a check found, reported all at once, one a line. */
function expectNoProblems(problems: string[]): void {
  expect(problems.join('\n')).toBe('');
}

// ---------------------------------------------------------------------------------------------
// What every ledger container must end up with

interface ContainerUnderTest {
  where: string;
  app: App;
  env: Env;
  port: number;
  /** Only where the URL is real (compose); Kubernetes keeps it in a Secret. */
  checkKurrentTls: boolean;
}

/** Checks the variable names and the resulting configuration; returns it when loadConfig accepts it. */
function checkLedgerEnv(container: ContainerUnderTest, problems: string[]): LedgerConfig | undefined {
  const { where, app, env, port } = container;
  const unknown = Object.keys(env).filter((name) => !ALLOWED.has(name));
  if (unknown.length > 0)
    problems.push(`${where}: sets ${unknown.join(', ')}, which loadConfig does not read`);
  let config: LedgerConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      problems.push(`${where}: ${error.message}`);
      return undefined;
    }
    throw error;
  }
  const want = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${where}: ${what}`);
  };
  want(config.database.kind === 'server', 'needs DATABASE_URL (a PostgreSQL server)');
  want(config.eventStore.kind === 'kurrentdb', 'needs EVENT_STORE=kurrentdb');
  if (container.checkKurrentTls && config.eventStore.kind === 'kurrentdb') {
    want(new URL(config.eventStore.url).searchParams.get('tls') === 'true', 'KURRENTDB_URL needs tls=true');
  }
  want(!['127.0.0.1', 'localhost', '::1'].includes(config.http.host), 'must listen beyond loopback (HOST)');
  want(config.http.port === port, `must listen on PORT ${port}, where its health checks probe`);
  want(config.kafka?.relay.replicationFactor === 3, 'needs KAFKA_BROKERS and KAFKA_REPLICATION_FACTOR=3');
  if (app === 'ledger-api') {
    want(config.projector.mode === 'external', 'needs LEDGER_PROJECTOR=external');
    want(config.kafka?.relay.mode === 'external', 'needs LEDGER_RELAY=external');
    want(
      config.auth.publicKeyFile !== undefined,
      'needs AUTH_PUBLIC_KEY_FILE (else it mints its own dev key)',
    );
  }
  return config;
}

// ---------------------------------------------------------------------------------------------
// Compose

/** KEY=VALUE lines of .env.example. */
function readEnvExample(): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of readText('deploy/compose/.env.example').split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars.set(match[1]!, match[2]!);
  }
  return vars;
}

const INTERPOLATION =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Compose's interpolation (`$$`, `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`) with the values of .env.example.
 */
function interpolate(
  text: string,
  vars: Map<string, string>,
  where: string,
  used: Set<string>,
  problems: string[],
): string {
  return text.replace(
    INTERPOLATION,
    (_match, dollar?: string, braced?: string, operator?: string, argument?: string, bare?: string) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      used.add(name);
      const value = vars.get(name);
      if (value === undefined) problems.push(`${where}: \${${name}} is not documented in .env.example`);
      const set = value !== undefined && (operator?.startsWith(':') ? value !== '' : true);
      switch (operator) {
        case ':-':
        case '-':
          if (value !== undefined && value !== argument) {
            problems.push(`${where}: default of \${${name}} is "${argument}", .env.example says "${value}"`);
          }
          return set ? value! : argument!;
        case ':?':
        case '?':
          return set ? value! : '';
        case ':+':
        case '+':
          return set ? argument! : '';
        default:
          return value ?? '';
      }
    },
  );
}

function interpolateAll(
  node: unknown,
  vars: Map<string, string>,
  where: string,
  used: Set<string>,
  problems: string[],
): any {
  if (typeof node === 'string') return interpolate(node, vars, where, used, problems);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, vars, where, used, problems));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        interpolateAll(value, vars, `${where}.${key}`, used, problems),
      ]),
    );
  }
  return node;
}

function composeEnv(environment: unknown): Env {
  if (environment === undefined || environment === null) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry: string) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment as Doc).map(([name, value]) => [name, value === null ? '' : String(value)]),
  );
}

/** Short volume syntax `source:target[:mode]` or the long one: the target paths. */
const volumeTargets = (volumes: unknown[] = []): string[] =>
  volumes.map((volume) =>
    typeof volume === 'string' ? (volume.split(':')[1] ?? volume) : (volume as Doc).target,
  );

function loadCompose(): { compose: Doc; problems: string[]; used: Set<string>; vars: Map<string, string> } {
  const [raw] = readYaml(join(COMPOSE_DIR, 'compose.yaml'));
  const vars = readEnvExample();
  const problems: string[] = [];
  const used = new Set<string>();
  const compose = interpolateAll(raw, vars, 'compose.yaml', used, problems) as Doc;
  return { compose, problems, used, vars };
}

function composeLedgerServices(compose: Doc): { name: string; app: App; service: Doc }[] {
  return Object.entries(compose.services as Record<string, Doc>).flatMap(([name, service]) => {
    const app = /^apps\/([^/]+)\/Dockerfile$/.exec(service.build?.dockerfile ?? '')?.[1];
    return app !== undefined && isApp(app) ? [{ name, app, service }] : [];
  });
}

describe('deploy/compose', () => {
  it('parses, and documents in .env.example exactly the variables compose.yaml uses', () => {
    for (const file of yamlFilesUnder(COMPOSE_DIR)) expect(() => readYaml(file)).not.toThrow();
    const { problems, used, vars } = loadCompose();
    for (const name of vars.keys()) {
      if (!used.has(name)) problems.push(`.env.example: ${name} is not used by compose.yaml`);
    }
    expectNoProblems(problems);
  });

  it('builds every app from its own Dockerfile, from the repository root', () => {
    const { compose } = loadCompose();
    const services = composeLedgerServices(compose);
    expect(services.map((s) => s.app).sort()).toEqual([...APPS].sort());
    for (const { app, service } of services) {
      expect(resolve(COMPOSE_DIR, service.build.context)).toBe(resolve(ROOT));
      expect(existsSync(join(ROOT, 'apps', app, 'Dockerfile'))).toBe(true);
      expect(service.image).toMatch(new RegExp(`^coordination-ledger/${app}:`));
    }
  });

  it('gives every ledger container a complete, valid production environment', () => {
    const { compose, problems } = loadCompose();
    const secrets = (compose.secrets ?? {}) as Record<string, Doc>;
    for (const { name, app, service } of composeLedgerServices(compose)) {
      const where = `compose service ${name}`;
      if (service.env_file !== undefined) problems.push(`${where}: use environment, not env_file`);
      const env = composeEnv(service.environment);
      const port = COMPOSE_PORTS[app];
      const config = checkLedgerEnv({ where, app, env, port, checkKurrentTls: true }, problems);

      const health = [service.healthcheck?.test ?? []].flat().join(' ');
      if (!health.includes(`:${port}/health/ready`)) {
        problems.push(`${where}: its health check must GET :${port}/health/ready`);
      }
      if (service.read_only !== true) problems.push(`${where}: read_only: true (it writes nothing)`);
      const targets = volumeTargets(service.volumes);
      const caFile =
        config?.eventStore.kind === 'kurrentdb'
          ? new URL(config.eventStore.url).searchParams.get('tlsCAFile')
          : null;
      if (caFile === null || !targets.includes(caFile)) {
        problems.push(`${where}: tlsCAFile of KURRENTDB_URL (${caFile}) must be a mounted file`);
      }
      if (app === 'ledger-api') {
        if ((service.deploy?.replicas ?? 1) < 2) problems.push(`${where}: needs 2 or more replicas`);
        const mounted = (service.secrets ?? []).map((secret: string | Doc) =>
          typeof secret === 'string'
            ? { source: secret, target: `/run/secrets/${secret}` }
            : { source: secret.source, target: secret.target ?? `/run/secrets/${secret.source}` },
        );
        const key = mounted.find((secret: Doc) => secret.target === env.AUTH_PUBLIC_KEY_FILE);
        if (!key || secrets[key.source]?.file === undefined) {
          problems.push(`${where}: AUTH_PUBLIC_KEY_FILE must be a mounted compose secret`);
        }
      }
    }
    expectNoProblems(problems);
  });

  it('runs a 3-node KurrentDB cluster with certs.sh certificates, 3 Kafka brokers and the proxy', () => {
    const { compose } = loadCompose();
    const services = compose.services as Record<string, Doc>;
    const envOf = (name: string) => composeEnv(services[name]!.environment);

    const kurrent = Object.keys(services).filter((name) => envOf(name).KURRENTDB_CLUSTER_SIZE !== undefined);
    expect(kurrent.length).toBe(3);
    const certs = readText('deploy/compose/certs.sh');
    expect(/^NODES="([^"]*)"/m.exec(certs)?.[1]?.split(' ')).toEqual(kurrent);
    const alias = /^ALIAS="([^"]*)"/m.exec(certs)?.[1];
    for (const name of kurrent) {
      const env = envOf(name);
      expect(Number(env.KURRENTDB_CLUSTER_SIZE)).toBe(kurrent.length);
      expect(env.KURRENTDB_GOSSIP_SEED?.split(',').sort()).toEqual(
        kurrent.filter((other) => other !== name).map((other) => `${other}:2113`),
      );
      expect(env.KURRENTDB_NODE_HOST_ADVERTISE_AS).toBe(name);
      expect(services[name]!.networks.default.aliases).toContain(alias);
      expect(services[name]!.volumes).toContain(`./certs/${name}:/etc/kurrentdb/certs:ro`);
    }
    expect(statSync(join(COMPOSE_DIR, 'certs.sh')).mode & 0o111).not.toBe(0);

    const kafka = Object.keys(services).filter((name) => envOf(name).KAFKA_NODE_ID !== undefined);
    expect(kafka.length).toBe(3);
    for (const name of kafka) {
      expect(services[name]!.image).toMatch(/^apache\/kafka:4\./);
      expect(envOf(name).KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(envOf(name).KAFKA_CONTROLLER_QUORUM_VOTERS?.split(',').sort()).toEqual(
        kafka.map((broker) => `${envOf(broker).KAFKA_NODE_ID}@${broker}:9093`).sort(),
      );
    }
    const api = composeLedgerServices(compose).find((s) => s.app === 'ledger-api')!;
    const brokers = composeEnv(api.service.environment).KAFKA_BROKERS?.split(',').sort();
    expect(brokers).toEqual(kafka.map((broker) => `${broker}:9092`).sort());

    const proxy = Object.values(services).find((service) =>
      (service.volumes ?? []).some((volume: unknown) => String(volume).startsWith('./nginx.conf:')),
    );
    expect(proxy).toBeDefined();
    expect(readText('deploy/compose/nginx.conf')).toContain(`server ${api.name}:3000`);
  });
});

// ---------------------------------------------------------------------------------------------
// Kubernetes

const kindName = (doc: Doc): string => `${doc.kind}/${doc.metadata?.name}`;

interface Kustomization {
  dir: string;
  doc: Doc;
}

function readKustomization(dir: string): Kustomization {
  const [doc] = readYaml(join(dir, 'kustomization.yaml'));
  return { dir, doc: doc ?? {} };
}

/** The objects a kustomization's resources hold (recursively), without applying its patches. */
function kustomizationResources(dir: string): Doc[] {
  const { doc } = readKustomization(dir);
  return (doc.resources ?? []).flatMap((entry: string) => {
    const path = resolve(dir, entry);
    return statSync(path).isDirectory() ? kustomizationResources(path) : readYaml(path);
  });
}

/** Every file a kustomization names (resources, patches, components, generators). */
function kustomizationReferences(doc: Doc): string[] {
  const generators = [...(doc.configMapGenerator ?? []), ...(doc.secretGenerator ?? [])];
  return [
    ...(doc.resources ?? []),
    ...(doc.components ?? []),
    ...(doc.patchesStrategicMerge ?? []),
    ...(doc.patches ?? []).flatMap((patch: Doc) => (patch.path ? [patch.path] : [])),
    ...generators.flatMap((generator: Doc) => [...(generator.files ?? []), ...(generator.envs ?? [])]),
  ].map((entry: string) => entry.replace(/^[^=]*=/, ''));
}

function overlayDirs(): string[] {
  const overlays = join(K8S_DIR, 'overlays');
  return readdirSync(overlays)
    .map((name) => join(overlays, name))
    .filter((dir) => existsSync(join(dir, 'kustomization.yaml')));
}

/** An overlay's objects with its ConfigMap patches applied: enough to check the settings it changes. */
function overlayWithConfigPatches(dir: string): Doc[] {
  const docs = kustomizationResources(dir);
  const { doc } = readKustomization(dir);
  const patchFiles = [
    ...(doc.patchesStrategicMerge ?? []),
    ...(doc.patches ?? []).flatMap((patch: Doc) => (patch.path ? [patch.path] : [])),
  ];
  for (const patch of patchFiles.flatMap((file: string) => readYaml(resolve(dir, file)))) {
    if (patch.kind !== 'ConfigMap') continue;
    const target = docs.find((d) => kindName(d) === kindName(patch));
    if (target) target.data = { ...target.data, ...patch.data };
  }
  return docs;
}

function selects(selector: Doc | undefined, labels: Doc | undefined): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

/** The container port a probe's port (number or name) points at. */
function probePort(container: Doc, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return (container.ports ?? []).find((p: Doc) => p.name === port)?.containerPort;
}

function checkK8sObjects(label: string, docs: Doc[], problems: string[]): void {
  const configMaps = new Map(
    docs.filter((doc) => doc.kind === 'ConfigMap').map((doc) => [doc.metadata.name, doc.data ?? {}]),
  );
  const deployments = docs.filter((doc) => doc.kind === 'Deployment');
  const budgets = docs.filter((doc) => doc.kind === 'PodDisruptionBudget');
  const apps = new Set<App>();

  for (const deployment of deployments) {
    const pod = deployment.spec.template.spec;
    const podLabels = deployment.spec.template.metadata?.labels;
    const where = `${label} Deployment ${deployment.metadata.name}`;
    if (!budgets.some((budget) => selects(budget.spec?.selector, podLabels))) {
      problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    }
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot: true`);

    for (const container of pod.containers as Doc[]) {
      const at = `${where} container ${container.name}`;
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        if (!container[probe]) problems.push(`${at}: no ${probe}`);
      }
      if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) {
        problems.push(`${at}: needs cpu and memory requests`);
      }
      if (container.securityContext?.readOnlyRootFilesystem !== true) {
        problems.push(`${at}: readOnlyRootFilesystem: true`);
      }
      if (container.securityContext?.allowPrivilegeEscalation !== false) {
        problems.push(`${at}: allowPrivilegeEscalation: false`);
      }

      const app = /coordination-ledger\/([a-z-]+)(?::|@|$)/.exec(container.image ?? '')?.[1];
      if (app === undefined || !isApp(app)) continue;
      apps.add(app);

      const env: Env = {};
      for (const source of container.envFrom ?? []) {
        if (source.secretRef)
          problems.push(`${at}: envFrom secretRef hides names; use secretKeyRef per variable`);
        if (source.configMapRef) {
          const data = configMaps.get(source.configMapRef.name);
          if (data === undefined) problems.push(`${at}: no ConfigMap ${source.configMapRef.name}`);
          Object.assign(env, data ?? {});
        }
      }
      for (const variable of container.env ?? []) {
        const from = variable.valueFrom;
        if (from?.secretKeyRef) env[variable.name] = secretPlaceholder(variable.name);
        else if (from?.configMapKeyRef) {
          const value = configMaps.get(from.configMapKeyRef.name)?.[from.configMapKeyRef.key];
          if (value === undefined) problems.push(`${at}: ${variable.name} refers to a missing ConfigMap key`);
          env[variable.name] = String(value ?? '');
        } else if (from) problems.push(`${at}: ${variable.name} comes from an unsupported source`);
        else env[variable.name] = String(variable.value ?? '');
      }
      const port = K8S_PORTS[app];
      checkLedgerEnv({ where: at, app, env, port, checkKurrentTls: false }, problems);

      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const get = container[probe]?.httpGet;
        if (container[probe] && (!get || probePort(container, get.port) !== port)) {
          problems.push(`${at}: ${probe} must GET the health server on port ${port}`);
        }
      }
      const paths = ['readinessProbe', 'livenessProbe'].map((probe) => container[probe]?.httpGet?.path);
      if (paths.join(' ') !== '/health/ready /health/live') {
        problems.push(`${at}: readiness must GET /health/ready and liveness /health/live`);
      }

      const secretVolumes = new Set(
        (pod.volumes ?? []).filter((v: Doc) => v.secret).map((v: Doc) => v.name as string),
      );
      if (app === 'ledger-api') {
        const keyFile = env.AUTH_PUBLIC_KEY_FILE ?? '';
        const mount = (container.volumeMounts ?? []).find((m: Doc) => keyFile.startsWith(`${m.mountPath}/`));
        if (!mount || !secretVolumes.has(mount.name)) {
          problems.push(`${at}: AUTH_PUBLIC_KEY_FILE must lie in a mounted Secret`);
        }
        if (deployment.spec.replicas < 2) problems.push(`${where}: needs 2 or more replicas`);
        const service = docs.find(
          (doc) => doc.kind === 'Service' && selects({ matchLabels: doc.spec?.selector }, podLabels),
        );
        if (!service) problems.push(`${where}: no Service selects its pods`);
      } else if (deployment.spec.replicas !== 2) {
        problems.push(`${where}: needs 2 replicas (one holds the lease, one stands by)`);
      }
    }
  }
  const missing = APPS.filter((app) => !apps.has(app));
  if (missing.length > 0) problems.push(`${label}: no Deployment runs ${missing.join(', ')}`);
}

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('deploy/k8s', () => {
  const files = yamlFilesUnder(K8S_DIR);

  it('parses every file', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(() => readYaml(file)).not.toThrow();
  });

  it('never inlines a secret value: Secrets are referenced, not defined', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const doc of readYaml(file)) {
        if (doc.kind === 'Secret' && (doc.data || doc.stringData)) {
          problems.push(`${relative(ROOT, file)}: Secret ${doc.metadata?.name} holds values`);
        }
        if (doc.kind === 'Kustomization' && doc.secretGenerator) {
          problems.push(`${relative(ROOT, file)}: secretGenerator (see deploy/k8s/secrets.example.md)`);
        }
      }
    }
    expectNoProblems(problems);
  });

  it('base: every app has probes, requests, a PodDisruptionBudget and a complete environment', () => {
    const problems: string[] = [];
    checkK8sObjects('base', kustomizationResources(join(K8S_DIR, 'base')), problems);
    expectNoProblems(problems);
  });

  it('overlays: refer to files and objects that exist, and their settings pass loadConfig', () => {
    const overlays = overlayDirs();
    expect(overlays.map((dir) => relative(K8S_DIR, dir)).sort()).toEqual([
      'overlays/production',
      'overlays/staging',
    ]);
    const problems: string[] = [];
    for (const { dir, doc } of [join(K8S_DIR, 'base'), ...overlays].map(readKustomization)) {
      const label = relative(ROOT, dir);
      for (const entry of kustomizationReferences(doc)) {
        const path = resolve(dir, entry);
        if (!existsSync(path)) problems.push(`${label}: ${entry} does not exist`);
        else if (statSync(path).isDirectory() && !existsSync(join(path, 'kustomization.yaml'))) {
          problems.push(`${label}: ${entry} has no kustomization.yaml`);
        }
      }
      if (problems.length > 0) continue;
      const objects = kustomizationResources(dir);
      const names = new Set(objects.map(kindName));
      const patches = (doc.patches ?? []).flatMap((patch: Doc) =>
        patch.path ? readYaml(resolve(dir, patch.path)) : [],
      );
      for (const patch of patches) {
        if (!names.has(kindName(patch))) problems.push(`${label}: patch for missing ${kindName(patch)}`);
      }
      const images = new Set(
        objects
          .filter((o) => o.kind === 'Deployment')
          .flatMap((o) => o.spec.template.spec.containers.map((c: Doc) => c.image)),
      );
      for (const image of doc.images ?? []) {
        if (!images.has(image.name))
          problems.push(`${label}: images names ${image.name}, which no container runs`);
      }
      for (const replicas of doc.replicas ?? []) {
        if (!names.has(`Deployment/${replicas.name}`))
          problems.push(`${label}: replicas for missing ${replicas.name}`);
      }
      if (dir !== join(K8S_DIR, 'base')) checkK8sObjects(label, overlayWithConfigPatches(dir), problems);
    }
    expectNoProblems(problems);
  });

  (kubectlAvailable() ? it : it.skip)('overlays, rendered by kubectl kustomize, pass the base checks', () => {
    const problems: string[] = [];
    for (const dir of overlayDirs()) {
      const rendered = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      const docs = parseAllDocuments(rendered).map((document) => document.toJS() as Doc);
      checkK8sObjects(`${relative(ROOT, dir)} (rendered)`, docs, problems);
    }
    expectNoProblems(problems);
  });
});

// ---------------------------------------------------------------------------------------------
// Images

describe('Dockerfiles', () => {
  const dockerfile = (app: App) => readText(`apps/${app}/Dockerfile`);

  it('are one pattern: each app has its own, differing only in the app it builds and runs', () => {
    const pattern = (app: App) => dockerfile(app).replaceAll(app, '<app>');
    for (const app of APPS) expect(pattern(app)).toBe(pattern('ledger-api'));
  });

  it('build with npm ci and tsc, run production dependencies only, as a non-root user', () => {
    for (const app of APPS) {
      const text = dockerfile(app);
      expect(text).toMatch(/^ARG NODE_IMAGE=node:24(-|$)/m);
      expect(text).toContain('RUN npm ci --no-audit --no-fund');
      expect(text).toContain('RUN npm run build');
      expect(text).toContain('RUN npm ci --omit=dev');
      expect(text).toMatch(/^USER node$/m);
      expect(text).toContain(
        `ENTRYPOINT ["node", "--disable-warning=TimeoutNegativeWarning", "apps/${app}/dist/main.js"]`,
      );
      expect(existsSync(join(ROOT, 'apps', app, 'src/main.ts'))).toBe(true);
    }
    expect(JSON.parse(readText('package.json')).scripts.build).toBe('tsc -b tsconfig.build.json');
  });

  it('keep local state and secrets out of the build context', () => {
    const ignored = readText('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'deploy', 'data', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});
