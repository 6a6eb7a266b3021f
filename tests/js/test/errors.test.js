// Errors as the SDK sees them: each one a modelled exception class of its operation (never
// the bare ConnectServiceException the SDK falls back to for an unknown code), carrying its
// members and its message.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import * as C from '@aws-sdk/client-connect';

import {
  createUser, expectCommonError, expectError, newInstance, startServer, uniqueName, userInput,
} from '../lib/harness.js';

const {
  DuplicateResourceException, InvalidParameterException, InvalidRequestException, ResourceInUseException,
  ResourceNotFoundException,
} = C;

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

let server;
let client;
let inst;

before(async () => {
  server = await startServer();
  client = server.client();
  inst = await newInstance(client);
});

after(async () => {
  await server?.stop();
});

const send = (command) => client.send(command);

test('user operations answer with their modelled errors', async () => {
  const { Username } = await createUser(client, inst);
  const dup = await expectError(send(new C.CreateUserCommand(userInput(inst, { Username }))), DuplicateResourceException, 409);
  assert.match(dup.message, new RegExp(Username));
  await expectError(send(new C.CreateUserCommand(userInput(inst, { Password: 'short' }))), InvalidParameterException, 400);
  await expectError(send(new C.CreateUserCommand(userInput(inst, { Username: 'x'.repeat(21) }))), InvalidParameterException, 400);
  await expectError(send(new C.CreateUserCommand(userInput({ ...inst, id: UNKNOWN_ID }))), ResourceNotFoundException, 404);
  await expectError(send(new C.CreateUserCommand(userInput(inst, { PhoneConfig: { PhoneType: 'DESK_PHONE' } }))),
    InvalidParameterException, 400);
  await expectError(send(new C.DescribeUserCommand({ InstanceId: inst.id, UserId: UNKNOWN_ID })), ResourceNotFoundException, 404);
  await expectError(send(new C.UpdateUserIdentityInfoCommand({
    InstanceId: inst.id, UserId: UNKNOWN_ID, IdentityInfo: { FirstName: 'a', LastName: 'b' },
  })), ResourceNotFoundException, 404);
  await expectError(send(new C.ListUsersCommand({ InstanceId: inst.id, MaxResults: 1001 })), InvalidParameterException, 400);
  await expectError(send(new C.SearchUsersCommand({ InstanceId: inst.id, NextToken: 'not-a-token' })), InvalidParameterException, 400);
  await expectError(send(new C.DeleteUserCommand({ InstanceId: inst.id, UserId: UNKNOWN_ID })), ResourceNotFoundException, 404);
});

test('admin operations answer with their modelled errors', async () => {
  const name = uniqueName('sp');
  await send(new C.CreateSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileName: name }));
  await expectError(send(new C.CreateSecurityProfileCommand({ InstanceId: inst.id, SecurityProfileName: name })),
    DuplicateResourceException, 409);
  await expectError(send(new C.CreateQueueCommand({ InstanceId: inst.id, Name: 'BasicQueue', HoursOfOperationId: inst.hoursId })),
    DuplicateResourceException, 409);
  await expectError(send(new C.DescribeQueueCommand({ InstanceId: inst.id, QueueId: UNKNOWN_ID })), ResourceNotFoundException, 404);
  await expectError(send(new C.DescribeRoutingProfileCommand({ InstanceId: inst.id, RoutingProfileId: UNKNOWN_ID })),
    ResourceNotFoundException, 404);
  await expectError(send(new C.DescribeHoursOfOperationCommand({ InstanceId: inst.id, HoursOfOperationId: UNKNOWN_ID })),
    ResourceNotFoundException, 404);
  await expectError(send(new C.DescribeUserHierarchyGroupCommand({ InstanceId: inst.id, HierarchyGroupId: UNKNOWN_ID })),
    ResourceNotFoundException, 404);
  await expectError(send(new C.DescribeInstanceCommand({ InstanceId: UNKNOWN_ID })), ResourceNotFoundException, 404);
  await expectError(send(new C.UpdateQueueStatusCommand({ InstanceId: inst.id, QueueId: inst.queueId, Status: 'PAUSED' })),
    InvalidParameterException, 400);
});

test('an operation switchboard does not implement: NotImplementedException naming it', async () => {
  const err = await expectCommonError(send(new C.GetCurrentMetricDataCommand({
    InstanceId: inst.id, Filters: { Queues: [inst.queueId] }, CurrentMetrics: [{ Name: 'AGENTS_ONLINE', Unit: 'COUNT' }],
  })), 'NotImplementedException', 501);
  assert.match(err.message, /GetCurrentMetricData/);
});

test('CreateInstance, DescribeInstance and ListInstances refuse bad input with InvalidRequestException', async () => {
  const alias = uniqueName('dup');
  await send(new C.CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true,
  }));
  await expectError(send(new C.CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true,
  })), InvalidRequestException, 400);
  await expectError(send(new C.CreateInstanceCommand({
    IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: '-bad alias-', InboundCallsEnabled: true, OutboundCallsEnabled: true,
  })), InvalidRequestException, 400);
  await expectError(send(new C.DescribeInstanceCommand({ InstanceId: 'x'.repeat(101) })), InvalidRequestException, 400);
  await expectError(send(new C.ListInstancesCommand({ MaxResults: 11 })), InvalidRequestException, 400);
});

test('deleting an in-use resource: ResourceInUseException', async () => {
  for (const { call } of await inUseCases()) {
    await expectError(call(), ResourceInUseException, 409);
  }
});

test('ResourceInUseException carries ResourceType and ResourceId (the ARN of the resource in use)', async () => {
  for (const { what, type, arn, call } of await inUseCases()) {
    const err = await expectError(call(), ResourceInUseException, 409);
    assert.equal(err.ResourceType, type, what);
    assert.equal(err.ResourceId, arn, what);
  }
});

/** One in-use delete per operation that models ResourceInUseException. */
async function inUseCases() {
  const InstanceId = inst.id;
  const { SecurityProfileId, SecurityProfileArn } = await send(new C.CreateSecurityProfileCommand({
    InstanceId, SecurityProfileName: uniqueName('sp'),
  }));
  const { QueueId, QueueArn } = await send(new C.CreateQueueCommand({ InstanceId, Name: uniqueName('q'), HoursOfOperationId: inst.hoursId }));
  const { RoutingProfileId, RoutingProfileArn } = await send(new C.CreateRoutingProfileCommand({
    InstanceId, Name: uniqueName('rp'), Description: 'd', DefaultOutboundQueueId: QueueId,
    MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
  }));
  const { HierarchyGroupId, HierarchyGroupArn } = await send(new C.CreateUserHierarchyGroupCommand({ InstanceId, Name: uniqueName('g') }));
  await createUser(client, inst, { SecurityProfileIds: [SecurityProfileId], RoutingProfileId, HierarchyGroupId });
  // ResourceType: the model's enum where it has the kind, else Connect's name for it (docs/rules.md).
  return [
    { what: 'security profile', type: 'SECURITY_PROFILE', arn: SecurityProfileArn,
      call: () => send(new C.DeleteSecurityProfileCommand({ InstanceId, SecurityProfileId })) },
    { what: 'routing profile', type: 'ROUTING_PROFILE', arn: RoutingProfileArn,
      call: () => send(new C.DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId })) },
    { what: 'queue', type: 'QUEUE', arn: QueueArn, call: () => send(new C.DeleteQueueCommand({ InstanceId, QueueId })) },
    { what: 'hierarchy group', type: 'HIERARCHY_GROUP', arn: HierarchyGroupArn,
      call: () => send(new C.DeleteUserHierarchyGroupCommand({ InstanceId, HierarchyGroupId })) },
  ];
}

test('every error body carries its text under both Message and message', async () => {
  const { client: recording, bodies } = server.recordingClient();
  const { Username } = await createUser(recording, inst);
  const calls = [
    () => recording.send(new C.CreateUserCommand(userInput(inst, { Username }))),
    () => recording.send(new C.CreateUserCommand(userInput(inst, { Password: 'short' }))),
    () => recording.send(new C.DescribeUserCommand({ InstanceId: inst.id, UserId: UNKNOWN_ID })),
    () => recording.send(new C.GetCurrentMetricDataCommand({
      InstanceId: inst.id, Filters: { Queues: [inst.queueId] }, CurrentMetrics: [{ Name: 'AGENTS_ONLINE', Unit: 'COUNT' }],
    })),
  ];
  for (const call of calls) await assert.rejects(call());
  const errors = bodies.filter((b) => b.status >= 400);
  assert.equal(errors.length, calls.length);
  for (const { status, body } of errors) {
    const json = JSON.parse(body);
    assert.equal(typeof json.Message, 'string', `${status} ${body}`);
    assert.ok(json.Message.length > 0);
    assert.equal(json.message, json.Message, `${status} ${body}`);
  }
});
