// Every user operation switchboard implements, through @aws-sdk/client-connect's commands and
// paginators.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  CreateRoutingProfileCommand,
  CreateUserCommand,
  CreateUserHierarchyGroupCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  SearchUsersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserConfigCommand,
  UpdateUserHierarchyCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
  paginateListUsers,
  paginateSearchUsers,
} from '@aws-sdk/client-connect';

import {
  ACCOUNT, REGION, collect, createUser, expectError, newInstance, startServer, uniqueName, userInput,
} from '../lib/harness.js';

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

const describeUser = async (id) => (await client.send(new DescribeUserCommand({ InstanceId: inst.id, UserId: id }))).User;

async function searchByPrefix(prefix, pageSize) {
  return collect(paginateSearchUsers, { client, pageSize }, {
    InstanceId: inst.id,
    SearchCriteria: { StringCondition: { FieldName: 'Username', Value: prefix, ComparisonType: 'STARTS_WITH' } },
  }, 'Users');
}

test('CreateUser, then DescribeUser shows what was sent', async () => {
  const input = userInput(inst, {
    IdentityInfo: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', Mobile: '+12065550100' },
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 },
    SecurityProfileIds: [inst.securityProfiles.Agent, inst.securityProfiles.QualityAnalyst],
    Tags: { team: 'blue' },
  });
  const out = await client.send(new CreateUserCommand(input));
  assert.match(out.UserId, /^[0-9a-f-]{36}$/);
  assert.equal(out.UserArn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/agent/${out.UserId}`);

  const user = await describeUser(out.UserId);
  assert.equal(user.Id, out.UserId);
  assert.equal(user.Arn, out.UserArn);
  assert.equal(user.Username, input.Username);
  assert.deepEqual(user.IdentityInfo, input.IdentityInfo);
  assert.equal(user.PhoneConfig.PhoneType, 'SOFT_PHONE');
  assert.equal(user.PhoneConfig.AutoAccept, true);
  assert.equal(user.PhoneConfig.AfterContactWorkTimeLimit, 30);
  assert.deepEqual([...user.SecurityProfileIds].sort(), [...input.SecurityProfileIds].sort());
  assert.equal(user.RoutingProfileId, inst.routingProfileId);
  assert.deepEqual(user.Tags, { team: 'blue' });
  assert.ok(user.LastModifiedTime instanceof Date && !Number.isNaN(user.LastModifiedTime.getTime()));
  assert.equal(user.LastModifiedRegion, REGION);
  assert.equal(user.Password, undefined);
});

describe('listing and searching through the paginators', () => {
  const prefix = uniqueName('pg');
  const created = new Map();

  before(async () => {
    for (let i = 0; i < 7; i += 1) {
      const { UserId, Username } = await createUser(client, inst, { Username: `${prefix}-${i}` });
      created.set(Username, UserId);
    }
  });

  test('paginateListUsers walks every page and lists each user once', async () => {
    const { items, pages } = await collect(paginateListUsers, { client, pageSize: 3 }, { InstanceId: inst.id }, 'UserSummaryList');
    assert.ok(pages >= 3, `${pages} pages of at most 3 for at least 7 users`);
    const ids = items.map((u) => u.Id);
    assert.equal(new Set(ids).size, ids.length, 'a user is listed twice');
    for (const [name, id] of created) {
      const summary = items.find((u) => u.Username === name);
      assert.ok(summary, `${name} not listed`);
      assert.equal(summary.Id, id);
      assert.equal(summary.Arn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${inst.id}/agent/${id}`);
      assert.ok(summary.LastModifiedTime instanceof Date);
      assert.equal(summary.LastModifiedRegion, REGION);
    }
  });

  test('paginateSearchUsers walks every page of a Username search', async () => {
    const { items, pages } = await searchByPrefix(prefix, 2);
    assert.equal(pages, 4);
    assert.deepEqual(items.map((u) => u.Username).sort(), [...created.keys()].sort());
    for (const u of items) {
      assert.equal(u.Id, created.get(u.Username));
      assert.equal(u.RoutingProfileId, inst.routingProfileId);
      assert.deepEqual(u.SecurityProfileIds, [inst.securityProfiles.Agent]);
      assert.deepEqual(u.IdentityInfo, { FirstName: 'Jane', LastName: 'Doe' });
      assert.equal(u.PhoneConfig.PhoneType, 'SOFT_PHONE');
    }
    const first = await client.send(new SearchUsersCommand({
      InstanceId: inst.id, MaxResults: 2,
      SearchCriteria: { StringCondition: { FieldName: 'Username', Value: prefix, ComparisonType: 'STARTS_WITH' } },
    }));
    assert.equal(first.ApproximateTotalCount, 7);
    assert.equal(first.Users.length, 2);
    assert.ok(first.NextToken);
  });
});

test('every UpdateUser* operation changes what DescribeUser shows', async () => {
  const { UserId } = await createUser(client, inst);
  const InstanceId = inst.id;

  await client.send(new UpdateUserIdentityInfoCommand({
    InstanceId, UserId, IdentityInfo: { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com' },
  }));
  await client.send(new UpdateUserPhoneConfigCommand({
    InstanceId, UserId,
    PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+12065550123', AutoAccept: true, AfterContactWorkTimeLimit: 120 },
  }));
  await client.send(new UpdateUserSecurityProfilesCommand({
    InstanceId, UserId, SecurityProfileIds: [inst.securityProfiles.Admin, inst.securityProfiles.CallCenterManager],
  }));
  const { RoutingProfileId } = await client.send(new CreateRoutingProfileCommand({
    InstanceId, Name: uniqueName('rp'), Description: 'for a user', DefaultOutboundQueueId: inst.queueId,
    MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
  }));
  await client.send(new UpdateUserRoutingProfileCommand({ InstanceId, UserId, RoutingProfileId }));
  const { HierarchyGroupId } = await client.send(new CreateUserHierarchyGroupCommand({ InstanceId, Name: uniqueName('g') }));
  await client.send(new UpdateUserHierarchyCommand({ InstanceId, UserId, HierarchyGroupId }));

  const user = await describeUser(UserId);
  assert.deepEqual(user.IdentityInfo, { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com' });
  assert.equal(user.PhoneConfig.PhoneType, 'DESK_PHONE');
  assert.equal(user.PhoneConfig.DeskPhoneNumber, '+12065550123');
  assert.equal(user.PhoneConfig.AutoAccept, true);
  assert.equal(user.PhoneConfig.AfterContactWorkTimeLimit, 120);
  assert.deepEqual([...user.SecurityProfileIds].sort(),
    [inst.securityProfiles.Admin, inst.securityProfiles.CallCenterManager].sort());
  assert.equal(user.RoutingProfileId, RoutingProfileId);
  assert.equal(user.HierarchyGroupId, HierarchyGroupId);

  // UpdateUserHierarchy without a group takes the user out of it.
  await client.send(new UpdateUserHierarchyCommand({ InstanceId, UserId }));
  assert.equal((await describeUser(UserId)).HierarchyGroupId, undefined);
});

test('DeleteUser: the user is gone from DescribeUser and ListUsers', async () => {
  const { UserId } = await createUser(client, inst);
  await client.send(new DeleteUserCommand({ InstanceId: inst.id, UserId }));
  await expectError(client.send(new DescribeUserCommand({ InstanceId: inst.id, UserId })), ResourceNotFoundException, 404);
  const { items } = await collect(paginateListUsers, { client }, { InstanceId: inst.id }, 'UserSummaryList');
  assert.ok(!items.some((u) => u.Id === UserId));
  await expectError(client.send(new DeleteUserCommand({ InstanceId: inst.id, UserId })), ResourceNotFoundException, 404);
});

test('tags on a user: TagResource, ListTagsForResource, UntagResource', async () => {
  const { UserArn, UserId } = await createUser(client, inst, { Tags: { a: '1' } });
  await client.send(new TagResourceCommand({ resourceArn: UserArn, tags: { b: '2', c: '3' } }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: UserArn }))).tags, { a: '1', b: '2', c: '3' });
  await client.send(new UntagResourceCommand({ resourceArn: UserArn, tagKeys: ['a', 'c'] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: UserArn }))).tags, { b: '2' });
  assert.deepEqual((await describeUser(UserId)).Tags, { b: '2' });
});

test('a user whose ACW is at the bound (2,000,000 s) comes back whole from DescribeUser and SearchUsers', async () => {
  const prefix = uniqueName('acw');
  const { UserId } = await createUser(client, inst, {
    Username: `${prefix}-max`,
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 2_000_000 },
  });
  await createUser(client, inst, { Username: `${prefix}-zero` });
  assert.equal((await describeUser(UserId)).PhoneConfig.AfterContactWorkTimeLimit, 2_000_000);
  const { items } = await searchByPrefix(prefix, 10);
  assert.equal(items.length, 2);
  // SearchUsers gives ACW in milliseconds (its documentation; docs/rules.md).
  assert.equal(items.find((u) => u.Id === UserId).PhoneConfig.AfterContactWorkTimeLimit, 2_000_000_000);
});

test('ACW above 2,000,000 s is refused on every input path', async () => {
  const over = { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 2_000_001 };
  await expectError(client.send(new CreateUserCommand(userInput(inst, { PhoneConfig: over }))), InvalidParameterException, 400);
  await expectError(client.send(new CreateUserCommand(userInput(inst, {
    PhoneConfig: undefined,
    AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 3_000_000 } }],
  }))), InvalidParameterException, 400);
  const prefix = uniqueName('acwx');
  const { UserId } = await createUser(client, inst, { Username: `${prefix}-1` });
  await expectError(client.send(new UpdateUserPhoneConfigCommand({ InstanceId: inst.id, UserId, PhoneConfig: over })),
    InvalidParameterException, 400);
  await expectError(client.send(new UpdateUserConfigCommand({
    InstanceId: inst.id, UserId,
    AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 3_000_000 } }],
  })), InvalidParameterException, 400);
  assert.equal((await describeUser(UserId)).PhoneConfig.AfterContactWorkTimeLimit, 0);
  assert.equal((await searchByPrefix(prefix, 10)).items.length, 1);
});

test('UpdateUserConfig sets every per-channel config and DescribeUser agrees', async () => {
  const prefix = uniqueName('cfg');
  const { UserId } = await createUser(client, inst, { Username: `${prefix}-1` });
  const out = await client.send(new UpdateUserConfigCommand({
    InstanceId: inst.id, UserId,
    AutoAcceptConfigs: [{ Channel: 'VOICE', AutoAccept: true }, { Channel: 'CHAT', AutoAccept: false }],
    AfterContactWorkConfigs: [
      { Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 45 } },
      { Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 90 } },
    ],
    PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: '+12065550199' }],
    PersistentConnectionConfigs: [{ Channel: 'VOICE', PersistentConnection: true }],
    VoiceEnhancementConfigs: [{ Channel: 'VOICE', VoiceEnhancementMode: 'VOICE_ISOLATION' }],
  }));
  assert.equal(out.$metadata.httpStatusCode, 200);
  const user = await describeUser(UserId);
  const byChannel = (list) => Object.fromEntries((list ?? []).map((c) => [c.Channel, c]));
  assert.equal(byChannel(user.AutoAcceptConfigs).VOICE.AutoAccept, true);
  assert.equal(byChannel(user.AutoAcceptConfigs).CHAT.AutoAccept, false);
  assert.equal(byChannel(user.AfterContactWorkConfigs).VOICE.AfterContactWorkConfig.AfterContactWorkTimeLimit, 45);
  assert.equal(byChannel(user.AfterContactWorkConfigs).CHAT.AfterContactWorkConfig.AfterContactWorkTimeLimit, 90);
  assert.equal(byChannel(user.PhoneNumberConfigs).VOICE.PhoneType, 'DESK_PHONE');
  assert.equal(byChannel(user.PhoneNumberConfigs).VOICE.PhoneNumber, '+12065550199');
  assert.equal(byChannel(user.PersistentConnectionConfigs).VOICE.PersistentConnection, true);
  assert.equal(byChannel(user.VoiceEnhancementConfigs).VOICE.VoiceEnhancementMode, 'VOICE_ISOLATION');
  // The legacy PhoneConfig follows the VOICE channel (item 2).
  assert.deepEqual(user.PhoneConfig, {
    PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+12065550199', AutoAccept: true,
    AfterContactWorkTimeLimit: 45, PersistentConnection: true,
  });
  const [summary] = (await searchByPrefix(prefix, 10)).items;
  assert.equal(summary.PhoneConfig.PhoneType, 'DESK_PHONE');
  assert.equal(summary.PhoneConfig.AutoAccept, true);
  assert.equal(summary.PhoneConfig.AfterContactWorkTimeLimit, 45_000);
});

test('PhoneConfig mirrors the VOICE channel of a user created with per-channel configs', async () => {
  const prefix = uniqueName('voice');
  const { UserId } = await createUser(client, inst, {
    Username: `${prefix}-1`,
    PhoneConfig: undefined,
    AutoAcceptConfigs: [{ Channel: 'VOICE', AutoAccept: true }],
    AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 60 } }],
    PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: '+12065550142' }],
  });
  const user = await describeUser(UserId);
  assert.equal(user.PhoneConfig.PhoneType, 'DESK_PHONE');
  assert.equal(user.PhoneConfig.DeskPhoneNumber, '+12065550142');
  assert.equal(user.PhoneConfig.AutoAccept, true);
  assert.equal(user.PhoneConfig.AfterContactWorkTimeLimit, 60);
  const [summary] = (await searchByPrefix(prefix, 10)).items;
  assert.equal(summary.PhoneConfig.PhoneType, 'DESK_PHONE');
  assert.equal(summary.PhoneConfig.AutoAccept, true);
  assert.equal(summary.PhoneConfig.AfterContactWorkTimeLimit, 60_000);

  // UpdateUserPhoneConfig sets the same ACW on every channel the user handles.
  const { UserId: other } = await createUser(client, inst, {
    PhoneConfig: undefined,
    AfterContactWorkConfigs: [
      { Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 10 } },
      { Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 20 } },
    ],
  });
  await client.send(new UpdateUserPhoneConfigCommand({
    InstanceId: inst.id, UserId: other, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 99 },
  }));
  const updated = await describeUser(other);
  assert.equal(updated.PhoneConfig.AfterContactWorkTimeLimit, 99);
  for (const c of updated.AfterContactWorkConfigs) {
    assert.equal(c.AfterContactWorkConfig.AfterContactWorkTimeLimit, 99, `${c.Channel} keeps its old ACW`);
  }

  // PhoneNumberConfigs take only VOICE.
  let err;
  try {
    await client.send(new CreateUserCommand(userInput(inst, {
      PhoneConfig: undefined, PhoneNumberConfigs: [{ Channel: 'CHAT', PhoneType: 'SOFT_PHONE' }],
    })));
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof InvalidParameterException || err instanceof InvalidRequestException,
    `a CHAT PhoneNumberConfig: expected a modelled refusal, got ${err?.name}`);
});
