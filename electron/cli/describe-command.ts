// `patchbay describe <grpc-target>`: the packages, services and methods a gRPC service offers,
// with their message shapes, from its .proto files or from server reflection.
import { readFileSync } from 'node:fs';
import { parseTargetUrl } from '../core/transports/target-url';
import { createGrpcClient } from '../core/transports/grpc/grpc-client';
import { describeSchema, formatSchemaDescription } from '../core/transports/grpc/schema-description';
import { EXIT, exitCodeForFailure } from './exit-codes';

type DescribeArgs = { target: string; json?: boolean; connectTimeout: number };

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);

export async function describeCommand(args: DescribeArgs): Promise<number> {
  const target = parseTargetUrl(args.target, (path) => readFileSync(path, 'utf8'));
  if (!target.ok) return printError(target.error.message), EXIT.usage;
  if (target.value.kind !== 'grpc') {
    return printError(`describe needs a gRPC target (grpc://host:port or grpcs://…); ${target.value.kind} services have no schema to ask for.`), EXIT.usage;
  }
  const client = createGrpcClient(target.value, { connectTimeoutMs: args.connectTimeout, reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  try {
    const connected = await client.firstAttempt();
    if (!connected.ok) return printError(connected.error.message), exitCodeForFailure(connected.error.code);
    const schema = client.schema;
    if (!schema) return printError('The schema is not loaded.'), EXIT.connection;
    const description = describeSchema(schema.root);
    process.stdout.write(args.json ? `${JSON.stringify(description, null, 2)}\n` : formatSchemaDescription(description));
    return EXIT.ok;
  } finally {
    await client.close();
  }
}
