// Steps the end-to-end tests share for connections: filling New connection the way a user does,
// and, for the files that need the broker rig, its addresses and Nest services on it.
import type { Page } from '@playwright/test';
import { startNestService, type NestService, type NestServiceOptions } from '../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../../electron/test-support/exclusive-lock';
import { connectionItem, expect, test, type Services } from './patchbay-test';

type Rig = NonNullable<Services['brokers']>;

/** The broker rig from PATCHBAY_FIXTURES; a file that needs it fails, naming how to run it. */
export function brokerRig(services: Services, file: string): Rig {
  if (!services.brokers) throw new Error(`No broker rig in PATCHBAY_FIXTURES: run this file with \`node fixtures/with-services.mjs -- npx playwright test ${file}\` (without --no-brokers).`);
  return services.brokers;
}

/**
 * Runs a Nest 12 service on the rig for the calling describe block. With `lockName`, test processes
 * sharing the broker take turns: Redis pub/sub reaches every service on it, Kafka topics are global.
 */
export function useRigNestService(file: string, options: (rig: Rig) => Omit<NestServiceOptions, 'major'>, lockName?: (rig: Rig) => string) {
  let service: NestService | undefined;
  let release: (() => void) | undefined;
  test.beforeAll(async ({ services }) => {
    const rig = brokerRig(services, file);
    if (lockName) release = await holdExclusiveLock(lockName(rig));
    service = await startNestService({ major: 12, ...options(rig) });
  });
  test.afterAll(async () => {
    await service?.stop();
    release?.();
  });
}

/** Redis pub/sub reaches every service on the broker: test processes running a Nest Redis service take turns. */
export const redisServicesLock = (rig: Rig) => `redis-services-${rig.redis.port}`;
/** Kafka topics are global: test processes running a Nest Kafka service take turns. */
export const kafkaServicesLock = (rig: Rig) => `kafka-services-${rig.kafka.brokers.join('_')}`;

/** Fills New connection (name, transport, then each labelled field) and connects; waits for the dialog to close. */
export async function submitConnectionForm(page: Page, name: string, transport: string, fill: Record<string, string>) {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('group', { name: 'Transport' }).getByRole('radio', { name: transport }).check();
  for (const [label, value] of Object.entries(fill)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
}

/** Opens a connection through the form; returns its sidebar item once it is ready. */
export async function openThroughForm(page: Page, name: string, transport: string, fill: Record<string, string>) {
  await submitConnectionForm(page, name, transport, fill);
  const item = connectionItem(page, name);
  await expect(item.getByRole('status')).toHaveText('Ready');
  return item;
}
