// Server reflection client (grpc.reflection v1, falling back to v1alpha): asks a service for the
// descriptors of everything it serves. The protos are the official ones shipped in
// @grpc/reflection (the server side grpc-js users add, nest-wire §6 "Reflection").
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { Metadata, status as Status } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { fileDescriptorInfo } from './proto-schema';

const VERSIONS = ['v1', 'v1alpha'] as const;
type Version = (typeof VERSIONS)[number];

type ReflectionRequest = { list_services?: string; file_containing_symbol?: string; file_by_filename?: string };
type ReflectionResponse = {
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
};

function reflectionMethod(version: Version) {
  const protoDir = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const definition = protoLoader.loadSync(join(protoDir, `grpc/reflection/${version}/reflection.proto`), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  return (definition[`grpc.reflection.${version}.ServerReflection`] as protoLoader.ServiceDefinition).ServerReflectionInfo!;
}

/** All file descriptors the service's services need, serialized, or why reflection is unavailable. */
export async function fetchFileDescriptors(client: Client, signal?: AbortSignal): Promise<Result<Uint8Array[]>> {
  let lastError = '';
  for (const version of VERSIONS) {
    const result = await fetchWith(client, version, signal);
    if (result.ok) return result;
    if (result.error.code !== 'unimplemented') return result;
    lastError = result.error.message;
  }
  return fail('no-reflection', `The service does not offer server reflection (${lastError}). Give its .proto files instead.`);
}

async function fetchWith(client: Client, version: Version, signal?: AbortSignal): Promise<Result<Uint8Array[]>> {
  const method = reflectionMethod(version);
  const call = client.makeBidiStreamRequest<ReflectionRequest, ReflectionResponse>(method.path, method.requestSerialize, method.responseDeserialize, new Metadata());
  const responses: ReflectionResponse[] = [];
  let wake: (() => void) | undefined;
  let ended: ServiceError | 'ok' | undefined;
  call.on('data', (response: ReflectionResponse) => {
    responses.push(response);
    wake?.();
  });
  call.on('error', (error: ServiceError) => {
    ended = error;
    wake?.();
  });
  call.on('end', () => {
    ended ??= 'ok';
    wake?.();
  });
  const onAbort = () => call.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });

  // One question at a time: the protocol answers in order, one response per request.
  async function ask(request: ReflectionRequest): Promise<ReflectionResponse | ServiceError> {
    call.write(request);
    for (;;) {
      const response = responses.shift();
      if (response) return response;
      if (ended) return ended === 'ok' ? Object.assign(new Error('reflection stream ended early'), { code: Status.INTERNAL, details: 'stream ended', metadata: new Metadata() }) : ended;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }

  try {
    const listed = await ask({ list_services: '' });
    if (listed instanceof Error) {
      const reason = listed.details || listed.message;
      return fail(listed.code === Status.UNIMPLEMENTED ? 'unimplemented' : 'reflection-failed', `reflection ${version}: ${reason}`);
    }
    const services = (listed.list_services_response?.service ?? []).map((service) => service.name);
    const files = new Map<string, Uint8Array>();
    const wantedFiles = new Set<string>();
    const take = (response: ReflectionResponse | ServiceError, what: string): Result<null> => {
      if (response instanceof Error) return fail('reflection-failed', `Server reflection failed while asking for ${what}: ${response.details || response.message}`);
      if (response.error_response) return fail('reflection-failed', `Server reflection has no ${what}: ${response.error_response.error_message}`);
      for (const file of response.file_descriptor_response?.file_descriptor_proto ?? []) {
        const info = fileDescriptorInfo(file);
        files.set(info.name, file);
        for (const dependency of info.dependencies) wantedFiles.add(dependency);
      }
      return ok(null);
    };
    for (const service of services) {
      // The reflection service describes itself too; its schema is of no use to the user.
      if (service.startsWith('grpc.reflection.')) continue;
      const taken = take(await ask({ file_containing_symbol: service }), `the service ${service}`);
      if (!taken.ok) return taken;
    }
    // Servers usually send dependencies along; ask for any that are still missing.
    for (let missing = [...wantedFiles].filter((name) => !files.has(name)); missing.length; missing = [...wantedFiles].filter((name) => !files.has(name))) {
      for (const name of missing) {
        const taken = take(await ask({ file_by_filename: name }), `the file ${name}`);
        if (!taken.ok) return taken;
        if (!files.has(name)) files.set(name, new Uint8Array()); // never ask twice
      }
    }
    return ok([...files.values()].filter((file) => file.length > 0));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    call.end();
    call.cancel();
  }
}
