// Steps the gRPC end-to-end tests share: a Nest 12 gRPC service of the test file's own (with
// server reflection), opening a connection to it, and picking a method.
import type { Page } from '@playwright/test';
import { startNestService, type NestService } from '../../fixtures/nest/start.mjs';
import { openThroughForm } from './connection-steps';
import { expect, payloadEditor, test } from './patchbay-test';

/** Starts a gRPC service for the calling test file; returns how to reach it once started. */
export function useGrpcService(): () => NonNullable<NestService['grpc']> {
  let service: NestService | undefined;
  test.beforeAll(async () => {
    service = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
  });
  test.afterAll(async () => {
    await service?.stop();
  });
  return () => {
    if (!service?.grpc) throw new Error('The Nest fixture started without gRPC');
    return service.grpc;
  };
}

export async function openGrpcConnection(page: Page, name: string, grpc: { host: string; port: number }) {
  await openThroughForm(page, name, 'gRPC', { Host: grpc.host, Port: String(grpc.port) });
}

export const methodPicker = (page: Page) => page.getByRole('combobox', { name: 'Method' });
export const methodList = (page: Page) => page.getByRole('listbox', { name: 'Methods' });

export async function pickMethod(page: Page, optionName: string) {
  await methodPicker(page).click();
  await methodList(page).getByRole('option', { name: optionName, exact: true }).click();
  await expect(methodList(page)).toBeHidden();
}

/**
 * Replaces the payload as a user does once a method's template is in: click, select all, type.
 * Not fill(): it selects through the DOM, and CodeMirror writes its own selection back to the DOM
 * when the linter reports on the template (250 ms after it landed), so a fill() in that window
 * typed in front of the template instead of over it.
 */
export async function replacePayload(page: Page, text: string): Promise<void> {
  const editor = payloadEditor(page);
  await editor.click();
  await editor.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  // innerText keeps the editor's line breaks, which textContent drops.
  await expect.poll(() => editor.innerText()).toBe(text);
}
