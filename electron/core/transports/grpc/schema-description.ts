// A service's schema described for people (`patchbay describe`) and for programs (`--json`).
import type protobuf from 'protobufjs';
import type { ConnectionDescription } from '../../../../shared/description';
import type { GrpcCatalogue, GrpcMethodInfo } from './catalogue';
import { buildCatalogue, formatMessageShape, messageShape } from './catalogue';
import type { MessageShape } from './catalogue';
import { requestTemplate } from './request-template';

export type DescribedMethod = GrpcMethodInfo & { request: MessageShape; response: MessageShape; requestTemplate: Record<string, unknown> };
export type SchemaDescription = { packages: string[]; services: { name: string; package: string; methods: DescribedMethod[] }[] };

export function describeSchema(root: protobuf.Root): SchemaDescription {
  const catalogue = buildCatalogue(root);
  return {
    packages: catalogue.packages,
    services: catalogue.services.map((service) => ({
      ...service,
      methods: service.methods.map((method) => ({
        ...method,
        request: messageShape(root, method.requestType),
        response: messageShape(root, method.responseType),
        requestTemplate: requestTemplate(root, method.requestType),
      })),
    })),
  };
}

/** The catalogue as the contract's `connection.describe` answer: what a method picker needs. */
export function describeCatalogue(root: protobuf.Root, catalogue: GrpcCatalogue): ConnectionDescription {
  return {
    kind: 'grpc',
    services: catalogue.services.map((service) => ({
      name: service.name,
      package: service.package,
      methods: service.methods.map((method) => ({
        name: method.name,
        method: method.method,
        requestType: method.requestType,
        responseType: method.responseType,
        clientStreaming: method.requestStream,
        serverStreaming: method.responseStream,
        // Built from field defaults only (strings, numbers, booleans, objects, arrays): JSON.
        requestTemplate: requestTemplate(root, method.requestType) as ConnectionDescription['services'][number]['methods'][number]['requestTemplate'],
      })),
    })),
  };
}

/** Indented text, one method per `rpc` line with its message shapes under it. */
export function formatSchemaDescription(description: SchemaDescription): string {
  const lines: string[] = [];
  for (const name of description.packages) {
    lines.push(`package ${name || '(none)'}`);
    for (const service of description.services.filter((candidate) => candidate.package === name)) {
      lines.push(`  service ${service.name}`);
      for (const method of service.methods) {
        const stream = (flag: boolean) => (flag ? 'stream ' : '');
        lines.push(`    rpc ${method.method} (${stream(method.requestStream)}${method.requestType}) returns (${stream(method.responseStream)}${method.responseType})`);
        lines.push(`      request:  ${formatMessageShape(method.request)}`);
        lines.push(`      response: ${formatMessageShape(method.response)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
