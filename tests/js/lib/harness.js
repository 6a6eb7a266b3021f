// Everything the JavaScript suite needs to drive switchboard through @aws-sdk/client-connect:
// starting and stopping `switchboard serve` (as tests/clients/conftest.py does), SDK clients
// bound to it, and small helpers for the resources most tests need.
//
// Environment:
//   SWITCHBOARD_BIN           the server binary (default <repo>/target/release/switchboard)
//   SWITCHBOARD_DATABASE_URL  if set, every server gets --database-url <it> (PostgreSQL)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import {
  ConnectClient,
  ConnectServiceException,
  CreateInstanceCommand,
  DescribeInstanceCommand,
  paginateListSecurityProfiles,
  paginateListRoutingProfiles,
  paginateListQueues,
  paginateListHoursOfOperations,
  CreateUserCommand,
} from '@aws-sdk/client-connect';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = process.env.SWITCHBOARD_BIN || path.join(REPO, 'target', 'release', 'switchboard');
export const DATABASE_URL = process.env.SWITCHBOARD_DATABASE_URL || null;

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ACCESS_KEY = 'AKIDEXAMPLE';
export const SECRET_KEY = 'secret';
export const PASSWORD = 'Sw1tchb0ard-Pw-Q7x';

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

// The SDK reads the machine's AWS configuration (profiles, retry mode, endpoints, …) from the
// environment and ~/.aws: the suite must not depend on it.
for (const key of Object.keys(process.env)) {
  if (key.startsWith('AWS_')) delete process.env[key];
}
const isolatedHome = mkdtempSync(path.join(os.tmpdir(), 'sb-js-aws-'));
process.env.AWS_CONFIG_FILE = path.join(isolatedHome, 'config');
process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(isolatedHome, 'credentials');
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// The pinned SDK supports Node 20 (what CI has); its notice about future versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
writeFileSync(process.env.AWS_CONFIG_FILE, '');
writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
process.on('exit', () => rmSync(isolatedHome, { recursive: true, force: true }));

export function uniqueName(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A 12-digit account id no other test uses. */
export function randomAccount() {
  return String(Math.floor(1e11 + Math.random() * 8.9e11));
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One `switchboard serve` process on a free loopback port with a data dir of its own. */
export class Server {
  constructor(args = []) {
    this.args = args;
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'sb-js-'));
    this.logPath = path.join(this.dir, 'server.log');
    this.proc = null;
    this.exited = null;
    this.clients = [];
  }

  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    assert.ok(existsSync(BIN), `switchboard binary not found at ${BIN} (cargo build --release, or set SWITCHBOARD_BIN)`);
    this.port = await freePort();
    const args = ['serve', '--listen', `127.0.0.1:${this.port}`, '--data-dir', path.join(this.dir, 'data')];
    if (DATABASE_URL) args.push('--database-url', DATABASE_URL);
    args.push(...this.args);
    const log = openSync(this.logPath, 'a');
    this.proc = spawn(BIN, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      if (this.proc.exitCode !== null) {
        assert.fail(`switchboard exited with ${this.proc.exitCode} during start-up:\n${this.logTail()}`);
      }
      try {
        const res = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return this;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        this.proc.kill('SIGKILL');
        assert.fail(`switchboard did not answer GET /health within ${STARTUP_TIMEOUT_MS} ms:\n${this.logTail()}`);
      }
      await sleep(50);
    }
  }

  /** SIGTERM, then asserts a clean exit (code 0) within 10 s. */
  async stop() {
    for (const c of this.clients) c.destroy(); // close keep-alive sockets: the test process can exit
    if (!this.proc) return;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS); });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.proc.kill('SIGKILL');
      assert.fail(`switchboard did not exit within ${SHUTDOWN_TIMEOUT_MS} ms of SIGTERM:\n${this.logTail()}`);
    }
    assert.equal(result.code, 0, `switchboard exited with ${JSON.stringify(result)} after SIGTERM:\n${this.logTail()}`);
    rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(n = 4000) {
    try {
      return readFileSync(this.logPath, 'utf8').slice(-n);
    } catch {
      return '(no log)';
    }
  }

  /**
   * A ConnectClient bound to this server. Retries are off unless asked for (maxAttempts,
   * retryMode), so that every error reaches the test as the server sent it.
   */
  client({ region = REGION, accessKeyId = ACCESS_KEY, secretAccessKey = SECRET_KEY, ...config } = {}) {
    const client = new ConnectClient({
      endpoint: this.endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
      ...config,
    });
    this.clients.push(client);
    return client;
  }

  /**
   * A client that also keeps a copy of every raw response body it receives (the SDK's own
   * HTTP handler, wrapped): { client, bodies: [{ status, body }] }.
   */
  recordingClient(config = {}) {
    const client = this.client(config);
    const bodies = [];
    const handler = client.config.requestHandler;
    const handle = handler.handle.bind(handler);
    handler.handle = async (request, options) => {
      const { response } = await handle(request, options);
      const chunks = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      const body = Buffer.concat(chunks);
      bodies.push({ status: response.statusCode, body: body.toString('utf8') });
      response.body = Readable.from([body]);
      return { response };
    };
    return { client, bodies };
  }
}

export async function startServer(args = []) {
  return new Server(args).start();
}

/** An AWS shared-credentials file for strict mode: { section: [key, secret, account] }. */
export function writeCredentials(dir, keys) {
  const file = path.join(dir, 'credentials.ini');
  writeFileSync(file, Object.entries(keys).map(([name, [key, secret, account]]) =>
    `[${name}]\naws_access_key_id = ${key}\naws_secret_access_key = ${secret}\naccount_id = ${account}\n\n`).join(''));
  return file;
}

/**
 * Awaits promise, which must reject with the SDK's modelled exception class errorClass
 * (so the SDK recognised the error: not a bare ConnectServiceException), carrying a message.
 * Returns the error.
 */
export async function expectError(promise, errorClass, status) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${errorClass.name}, but the call succeeded`);
  assert.ok(err instanceof errorClass,
    `expected ${errorClass.name}, got ${err.name} (${err.constructor.name}): ${err.message}`);
  assert.equal(err.name, errorClass.name);
  assert.ok(err instanceof ConnectServiceException);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0 && err.message !== 'UnknownError', `${err.name} without a message`);
  if (status !== undefined) assert.equal(err.$metadata.httpStatusCode, status);
  return err;
}

/**
 * Awaits promise, which must reject with an error every AWS service can return (not in
 * Connect's model, so the SDK gives a ConnectServiceException named after it). Returns it.
 */
export async function expectCommonError(promise, name, status) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${name}, but the call succeeded`);
  assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
  assert.ok(err.message && err.message.length > 0, `${name} without a message`);
  if (status !== undefined) assert.equal(err.$metadata.httpStatusCode, status);
  return err;
}

/** Collects every item of an SDK paginator: (paginate, config, input, key) -> { items, pages }. */
export async function collect(paginate, config, input, key) {
  const items = [];
  let pages = 0;
  for await (const page of paginate(config, input)) {
    pages += 1;
    items.push(...(page[key] ?? []));
  }
  return { items, pages };
}

/**
 * A new CONNECT_MANAGED instance with the ids of its default resources:
 * { id, arn, securityProfiles: {Name: Id}, routingProfileId, queueId, hoursId }.
 */
export async function newInstance(client, alias = uniqueName('js')) {
  const created = await client.send(new CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias,
    InboundCallsEnabled: true, OutboundCallsEnabled: true,
  }));
  const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: created.Id }));
  assert.equal(Instance.InstanceStatus, 'ACTIVE');
  const cfg = { client };
  const input = { InstanceId: created.Id };
  const sps = (await collect(paginateListSecurityProfiles, cfg, input, 'SecurityProfileSummaryList')).items;
  const rps = (await collect(paginateListRoutingProfiles, cfg, input, 'RoutingProfileSummaryList')).items;
  const queues = (await collect(paginateListQueues, cfg, { ...input, QueueTypes: ['STANDARD'] }, 'QueueSummaryList')).items;
  const hours = (await collect(paginateListHoursOfOperations, cfg, input, 'HoursOfOperationSummaryList')).items;
  return {
    id: created.Id,
    arn: created.Arn,
    alias,
    securityProfiles: Object.fromEntries(sps.map((p) => [p.Name, p.Id])),
    routingProfileId: rps.find((p) => p.Name === 'Basic Routing Profile').Id,
    queueId: queues.find((q) => q.Name === 'BasicQueue').Id,
    hoursId: hours.find((h) => h.Name === 'Basic Hours').Id,
  };
}

/** A valid CreateUser input for inst, with overrides. */
export function userInput(inst, overrides = {}) {
  return {
    InstanceId: inst.id,
    Username: uniqueName('u'),
    Password: PASSWORD,
    IdentityInfo: { FirstName: 'Jane', LastName: 'Doe' },
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 },
    SecurityProfileIds: [inst.securityProfiles.Agent],
    RoutingProfileId: inst.routingProfileId,
    ...overrides,
  };
}

export async function createUser(client, inst, overrides = {}) {
  const input = userInput(inst, overrides);
  const out = await client.send(new CreateUserCommand(input));
  return { ...out, Username: input.Username };
}

export function hoursConfig(days = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']) {
  return days.map((Day) => ({ Day, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }));
}
