// Starts a collection from a NestJS project's sources: one request per @MessagePattern,
// @EventPattern and @Grpc… handler, its data a template of the payload type, its connection one
// the project's microservice options describe. Reads the code with the TypeScript compiler API
// and never runs it, so only what is written literally (or as a const/enum it can follow) is read;
// everything else is reported as `file:line: what and why`.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import type { CollectionConnection, RequestFile } from '../../../shared/collection';
import type { Pattern } from '../../../shared/pattern';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { createCollection, writeEnvironment, writeManifest, writeRequestFile } from './collection-writes';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NestHandlerKind = 'message' | 'event' | 'grpc';
const HANDLER_DECORATORS = { MessagePattern: 'message', EventPattern: 'event', GrpcMethod: 'grpc', GrpcStreamMethod: 'grpc', GrpcStreamCall: 'grpc' } as const;
type HandlerDecorator = keyof typeof HANDLER_DECORATORS;

/** A place in the project: `file` relative to the project folder, with `/`. */
export type SourcePlace = { file: string; line: number };
/** Something the scan could not read, and what it did instead. */
export type ScanNote = SourcePlace & { message: string };

export type NestHandler = SourcePlace & {
  kind: NestHandlerKind;
  decorator: HandlerDecorator;
  controller: string;
  handler: string;
  /** The pattern's value; its source text when it could not be read (see the scan's notes). */
  pattern: Pattern;
  patternRead: boolean;
  /** `TCP`, `REDIS`, … from the decorator's `Transport.X` argument. */
  transport?: string;
  grpc?: { service: string; method: string };
  /** The payload parameter's type as written, when it has one. */
  payloadType?: string;
  payloadTemplate: Json;
};

/** An option value: written as a literal, a fallback literal (`x ?? '127.0.0.1'`), or not readable. */
export type OptionValue = { kind: 'literal'; value: Json } | { kind: 'fallback'; value: Json; text: string } | { kind: 'unreadable'; text: string };

export type NestTransport = SourcePlace & {
  /** The `Transport` member: TCP, REDIS, RMQ, KAFKA, GRPC, NATS, MQTT. */
  transport: string;
  /** host, port, urls, queue, brokers (from client.brokers), url, package; protoPath is absolute. */
  options: Partial<Record<'host' | 'port' | 'urls' | 'queue' | 'brokers' | 'url' | 'package' | 'protoPath', OptionValue>>;
};

export type NestScan = { folder: string; filesScanned: number; handlers: NestHandler[]; transports: NestTransport[]; notes: ScanNote[] };

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);
/** Fixed, so the same sources always give the same files. */
const DATE_TEMPLATE = '2024-01-01T00:00:00.000Z';
const HINTS: Record<string, Json> = {
  IsEmail: 'user@example.com',
  IsInt: 0,
  IsNumber: 0,
  IsPositive: 1,
  IsNegative: -1,
  IsBoolean: false,
  IsString: '',
  IsUUID: '00000000-0000-4000-8000-000000000000',
  IsUrl: 'https://example.com',
  IsDateString: DATE_TEMPLATE,
  IsISO8601: DATE_TEMPLATE,
  IsDate: DATE_TEMPLATE,
  IsPhoneNumber: '+15555550100',
  IsMongoId: '000000000000000000000000',
  IsIP: '127.0.0.1',
  IsJWT: 'header.payload.signature',
};
/** Nest's own defaults, for options a project leaves out. */
const NEST_DEFAULTS: Record<string, { host?: string; port?: number; url?: string; brokers?: string }> = {
  TCP: { host: 'localhost', port: 3000 },
  REDIS: { host: 'localhost', port: 6379 },
  RMQ: { url: 'amqp://localhost:5672' },
  KAFKA: { brokers: 'localhost:9092' },
  GRPC: { url: 'localhost:5000' },
};
const CONNECTION_NAMES: Record<string, string> = { TCP: 'tcp', REDIS: 'redis', RMQ: 'rabbitmq', KAFKA: 'kafka', GRPC: 'grpc' };

/** Reads every handler and microservice option of the Nest project in `folder`. Never runs it. */
export function scanNestProject(folder: string): Result<NestScan> {
  const root = resolve(folder);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return fail('not-found', `${root} is not a folder. Point at the Nest project's folder (the one holding src/).`);
  const files = sourceFiles(root);
  const host = ts.createCompilerHost({}, true);
  // node_modules stays unread: Nest's own types are not needed to read literals, and loading them costs seconds.
  const outside = (path: string) => path.split(/[\\/]/).includes('node_modules');
  host.fileExists = (path) => !outside(path) && ts.sys.fileExists(path);
  host.readFile = (path) => (outside(path) ? undefined : ts.sys.readFile(path));
  const program = ts.createProgram({
    rootNames: files,
    options: { noLib: true, types: [], allowJs: false, noEmit: true, experimentalDecorators: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    host,
  });
  const scanner = new Scanner(root, program.getTypeChecker());
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source) scanner.scanFile(source);
  }
  return ok({ folder: root, filesScanned: files.length, handlers: scanner.handlers, transports: scanner.transports, notes: scanner.notes });
}

function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !/\.(d|spec|test)\.ts$/.test(entry.name)) found.push(path);
    }
  };
  walk(root);
  return found;
}

const NOT_READ = Symbol('not read');
type Read = Json | typeof NOT_READ;

class Scanner {
  readonly handlers: NestHandler[] = [];
  readonly transports: NestTransport[] = [];
  readonly notes: ScanNote[] = [];

  constructor(
    private readonly root: string,
    private readonly checker: ts.TypeChecker,
  ) {}

  scanFile(source: ts.SourceFile): void {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node)) this.scanClass(node);
      if (ts.isObjectLiteralExpression(node)) this.scanTransportOptions(node);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  private place(node: ts.Node): SourcePlace {
    const source = node.getSourceFile();
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    return { file: relative(this.root, source.fileName).split(sep).join('/'), line };
  }

  private note(node: ts.Node, message: string): void {
    this.notes.push({ ...this.place(node), message });
  }

  // ── handlers ───────────────────────────────────────────────────────────────────────────────

  private scanClass(node: ts.ClassDeclaration): void {
    const controller = node.name?.text ?? '(anonymous class)';
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      for (const decorator of ts.getDecorators(member) ?? []) {
        const call = decoratorCall(decorator);
        if (!call || !Object.hasOwn(HANDLER_DECORATORS, call.name)) continue;
        this.handlers.push(this.readHandler(controller, member, decorator, call.name as HandlerDecorator, call.args));
      }
    }
  }

  private readHandler(controller: string, method: ts.MethodDeclaration, decorator: ts.Decorator, name: HandlerDecorator, args: readonly ts.Expression[]): NestHandler {
    const handler = method.name.getText();
    const kind = HANDLER_DECORATORS[name];
    const base = { ...this.place(decorator), kind, decorator: name, controller, handler };
    const payload = this.readPayload(method, kind, `${controller}.${handler}`);
    if (kind === 'grpc') {
      // Nest's defaults (createGrpcMethodMetadata): the class name and the capitalized method name.
      const service = args[0] ? this.readValue(args[0]) : controller;
      const rpc = args[1] ? this.readValue(args[1]) : handler.charAt(0).toUpperCase() + handler.slice(1);
      const serviceName = typeof service === 'string' ? service : (args[0]?.getText() ?? controller);
      const methodName = typeof rpc === 'string' ? rpc : (args[1]?.getText() ?? handler);
      if (typeof service !== 'string' || typeof rpc !== 'string') this.note(decorator, `service or method of ${controller}.${handler}: ${args.map((arg) => arg.getText()).join(', ')} is not a string literal or a const it can follow; the request uses the source text`);
      return { ...base, pattern: `${serviceName}/${methodName}`, patternRead: typeof service === 'string' && typeof rpc === 'string', grpc: { service: serviceName, method: methodName }, ...payload };
    }
    const [patternArgument, transportArgument] = args;
    const transport = transportArgument ? transportMember(transportArgument) : undefined;
    if (!patternArgument) {
      this.note(decorator, `pattern of ${controller}.${handler}: @${name}() has no pattern; the request uses "${handler}"`);
      return { ...base, pattern: handler, patternRead: false, ...(transport ? { transport } : {}), ...payload };
    }
    const value = this.readValue(patternArgument);
    const readable = typeof value === 'string' ? value.length > 0 : typeof value === 'number' || (typeof value === 'object' && value !== null && !Array.isArray(value));
    if (!readable) {
      this.note(patternArgument, `pattern of ${controller}.${handler}: ${patternArgument.getText()} is not a literal, nor a const or enum it can follow; the request uses the source text as its pattern`);
    }
    return { ...base, pattern: readable ? (value as Pattern) : patternArgument.getText(), patternRead: readable, ...(transport ? { transport } : {}), ...payload };
  }

  private readPayload(method: ts.MethodDeclaration, kind: NestHandlerKind, where: string): { payloadType?: string; payloadTemplate: Json } {
    const decorated = method.parameters.find((parameter) => (ts.getDecorators(parameter) ?? []).some((decorator) => decoratorCall(decorator)?.name === 'Payload'));
    // Without @Payload() Nest passes the data first (gRPC: the request message, then metadata).
    const undecorated = kind === 'grpc' ? method.parameters[0] : method.parameters.find((parameter) => (ts.getDecorators(parameter) ?? []).length === 0);
    const parameter = decorated ?? undecorated;
    if (!parameter?.type) return { payloadTemplate: null };
    let template = this.templateOf(parameter.type, new Set(), where);
    // @Payload('field') hands the handler one field of the message.
    const payloadDecorator = decorated && (ts.getDecorators(decorated) ?? []).map(decoratorCall).find((call) => call?.name === 'Payload');
    const field = payloadDecorator?.args[0] ? this.readValue(payloadDecorator.args[0]) : undefined;
    if (typeof field === 'string') template = { [field]: template };
    return { payloadType: parameter.type.getText(), payloadTemplate: template };
  }

  // ── payload templates ──────────────────────────────────────────────────────────────────────

  private templateOf(type: ts.TypeNode, seen: Set<ts.Node>, where: string): Json {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return '';
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BigIntKeyword:
        return 0;
      case ts.SyntaxKind.BooleanKeyword:
        return false;
      case ts.SyntaxKind.ObjectKeyword:
        return {};
    }
    if (ts.isParenthesizedTypeNode(type)) return this.templateOf(type.type, seen, where);
    if (ts.isLiteralTypeNode(type)) {
      const value = this.readValue(type.literal as ts.Expression);
      return value === NOT_READ ? null : value;
    }
    if (ts.isArrayTypeNode(type)) return [this.templateOf(type.elementType, seen, where)];
    if (ts.isTupleTypeNode(type)) return type.elements.map((element) => this.templateOf(ts.isNamedTupleMember(element) ? element.type : element, seen, where));
    if (ts.isUnionTypeNode(type)) {
      const present = type.types.filter((member) => !isNullish(member));
      return present[0] ? this.templateOf(present[0], seen, where) : null;
    }
    if (ts.isTypeLiteralNode(type)) return this.membersTemplate(type.members, seen, where);
    if (ts.isTypeReferenceNode(type)) return this.referenceTemplate(type, seen, where);
    return null;
  }

  private referenceTemplate(type: ts.TypeReferenceNode, seen: Set<ts.Node>, where: string): Json {
    const name = type.typeName.getText();
    const [first, second] = type.typeArguments ?? [];
    const declaration = this.declarationOf(type.typeName);
    if (!declaration) {
      if (['Array', 'ReadonlyArray', 'Set'].includes(name)) return first ? [this.templateOf(first, seen, where)] : [];
      if (['Observable', 'Promise', 'Partial', 'Required', 'Readonly'].includes(name)) return first ? this.templateOf(first, seen, where) : null;
      if (name === 'Date') return DATE_TEMPLATE;
      if (name === 'Record' || name === 'Map') return second ? { key: this.templateOf(second, seen, where) } : {};
      this.note(type, `payload of ${where}: the type ${name} is not declared in the project's sources; its template is null`);
      return null;
    }
    if (seen.has(declaration)) return null; // a recursive type: stop at the second level
    const inner = new Set(seen).add(declaration);
    if (ts.isEnumDeclaration(declaration)) return this.enumTemplate(declaration);
    if (ts.isTypeAliasDeclaration(declaration)) return this.templateOf(declaration.type, inner, where);
    if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
      const inherited = (declaration.heritageClauses ?? [])
        .filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
        .flatMap((clause) => clause.types)
        .map((base) => {
          const baseDeclaration = this.declarationOf(base.expression);
          return baseDeclaration && (ts.isClassDeclaration(baseDeclaration) || ts.isInterfaceDeclaration(baseDeclaration)) && !seen.has(baseDeclaration)
            ? this.membersTemplate(baseDeclaration.members, inner, where)
            : {};
        });
      return Object.assign({}, ...inherited, this.membersTemplate(declaration.members, inner, where)) as Json;
    }
    return null;
  }

  private membersTemplate(members: ts.NodeArray<ts.TypeElement | ts.ClassElement>, seen: Set<ts.Node>, where: string): { [key: string]: Json } {
    const template: { [key: string]: Json } = {};
    for (const member of members) {
      if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.name) continue;
      if (ts.isPropertyDeclaration(member) && (ts.getModifiers(member) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const key = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isNumericLiteral(member.name) ? member.name.text : member.name.getText();
      const typed = member.type ? this.templateOf(member.type, seen, where) : null;
      template[key] = ts.isPropertyDeclaration(member) ? this.withValidatorHint(member, typed, seen, where) : typed;
    }
    return template;
  }

  /** class-validator decorators say more than `string`: an @IsEmail field gets an address. */
  private withValidatorHint(member: ts.PropertyDeclaration, typed: Json, seen: Set<ts.Node>, where: string): Json {
    let hint: Json | undefined;
    for (const call of (ts.getDecorators(member) ?? []).map(decoratorCall)) {
      if (!call) continue;
      const [argument] = call.args;
      if (Object.hasOwn(HINTS, call.name)) hint = HINTS[call.name];
      else if (call.name === 'Min' && argument) hint = readNumber(this.readValue(argument)) ?? hint;
      else if (call.name === 'MinLength' && argument) hint = 'x'.repeat(readNumber(this.readValue(argument)) ?? 0);
      else if (call.name === 'IsIn' && argument) {
        const values = this.readValue(argument);
        if (Array.isArray(values) && values.length > 0) hint = values[0];
      } else if (call.name === 'IsEnum' && argument) {
        const declaration = this.declarationOf(argument);
        if (declaration && ts.isEnumDeclaration(declaration)) hint = this.enumTemplate(declaration);
      } else if (call.name === 'Type' && argument && (typed === null || (Array.isArray(typed) && typed[0] === null))) {
        // @Type(() => AddressDto) names the class of a field typed loosely.
        const body = ts.isArrowFunction(argument) && ts.isIdentifier(argument.body) ? argument.body : undefined;
        const declaration = body && this.declarationOf(body);
        if (declaration && ts.isClassDeclaration(declaration) && !seen.has(declaration)) {
          const nested = this.membersTemplate(declaration.members, new Set(seen).add(declaration), where);
          return Array.isArray(typed) ? [nested] : nested;
        }
      }
    }
    if (hint === undefined) return typed;
    if (Array.isArray(typed)) return typed.length === 1 && (typed[0] === null || typeof typed[0] !== 'object') ? [hint] : typed;
    return typed !== null && typeof typed === 'object' ? typed : hint;
  }

  private enumTemplate(declaration: ts.EnumDeclaration): Json {
    const member = declaration.members[0];
    if (!member) return null;
    const value = this.checker.getConstantValue(member);
    return value ?? null;
  }

  // ── values: literals, and consts or enums it can follow ─────────────────────────────────────

  private declarationOf(node: ts.Node): ts.Declaration | undefined {
    // `{ queue }` names the property; the value is the variable of that name.
    let symbol = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
      ? this.checker.getShorthandAssignmentValueSymbol(node.parent)
      : this.checker.getSymbolAtLocation(ts.isQualifiedName(node) ? node.right : node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  /** The literal value of an expression, following consts, enums and `as const`; NOT_READ otherwise. */
  private readValue(expression: ts.Expression, seen: Set<ts.Node> = new Set()): Read {
    const option = this.readOption(expression, seen);
    return option.kind === 'literal' ? option.value : NOT_READ;
  }

  private readOption(expression: ts.Expression, seen: Set<ts.Node> = new Set()): OptionValue {
    const unreadable: OptionValue = { kind: 'unreadable', text: expression.getText() };
    if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isNonNullExpression(expression)) return this.readOption(expression.expression, seen);
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return literal(expression.text);
    if (ts.isNumericLiteral(expression)) return literal(Number(expression.text));
    if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) return literal(-Number(expression.operand.text));
    if (expression.kind === ts.SyntaxKind.TrueKeyword) return literal(true);
    if (expression.kind === ts.SyntaxKind.FalseKeyword) return literal(false);
    if (expression.kind === ts.SyntaxKind.NullKeyword) return literal(null);
    if (ts.isArrayLiteralExpression(expression)) {
      const values = expression.elements.map((element) => this.readValue(element, seen));
      return values.includes(NOT_READ) ? unreadable : literal(values as Json[]);
    }
    if (ts.isObjectLiteralExpression(expression)) {
      const value: { [key: string]: Json } = {};
      for (const property of expression.properties) {
        if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) return unreadable;
        const read = this.readValue(property.initializer, seen);
        if (read === NOT_READ) return unreadable;
        value[ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name) ? property.name.text : property.name.getText()] = read;
      }
      return literal(value);
    }
    if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(expression.operatorToken.kind)) {
      const fallback = this.readValue(expression.right, seen);
      return fallback === NOT_READ ? unreadable : { kind: 'fallback', value: fallback, text: expression.getText() };
    }
    if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      const declaration = this.declarationOf(ts.isElementAccessExpression(expression) ? expression.argumentExpression : expression);
      if (!declaration || seen.has(declaration)) return unreadable;
      const inner = new Set(seen).add(declaration);
      if (ts.isEnumMember(declaration)) {
        const value = this.checker.getConstantValue(declaration);
        return value === undefined ? unreadable : literal(value);
      }
      if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
        const read = this.readOption(declaration.initializer, inner);
        return read.kind === 'unreadable' ? unreadable : read;
      }
      if (ts.isPropertyAssignment(declaration)) {
        const read = this.readOption(declaration.initializer, inner);
        return read.kind === 'unreadable' ? unreadable : read;
      }
      // `const { queue = 'orders' } = config`: the default is what runs when config has none.
      if (ts.isBindingElement(declaration) && declaration.initializer) {
        const fallback = this.readValue(declaration.initializer, inner);
        return fallback === NOT_READ ? unreadable : { kind: 'fallback', value: fallback, text: `${expression.getText()} (default ${declaration.initializer.getText()})` };
      }
    }
    return unreadable;
  }

  // ── microservice options ───────────────────────────────────────────────────────────────────

  /**
   * Any object literal with `transport: Transport.X`: createMicroservice's and connectMicroservice's
   * options, also when a project builds them in a helper or a config object. Client options
   * (ClientsModule.register, ClientProxyFactory.create, @Client, anything with a `name`) are skipped.
   */
  private scanTransportOptions(node: ts.ObjectLiteralExpression): void {
    const transportProperty = propertyOf(node, 'transport');
    const transport = transportProperty && transportMember(transportProperty);
    if (!transport || propertyOf(node, 'name') || isClientOptions(node)) return;
    const optionsExpression = propertyOf(node, 'options');
    const optionsObject = optionsExpression && this.objectLiteralOf(optionsExpression);
    const options: NestTransport['options'] = {};
    if (optionsExpression && !optionsObject) this.note(optionsExpression, `options of the ${transport} transport: ${optionsExpression.getText()} is not an object literal; Nest's defaults are used`);
    if (optionsObject) {
      for (const name of ['host', 'port', 'urls', 'queue', 'url', 'package'] as const) {
        const value = propertyOf(optionsObject, name);
        if (value) options[name] = this.readOption(value);
      }
      const client = propertyOf(optionsObject, 'client');
      const clientObject = client && this.objectLiteralOf(client);
      const brokers = clientObject && propertyOf(clientObject, 'brokers');
      if (brokers) options.brokers = this.readOption(brokers);
      const protoPath = propertyOf(optionsObject, 'protoPath');
      if (protoPath) options.protoPath = this.readPath(protoPath);
    }
    this.transports.push({ ...this.place(node), transport, options });
  }

  private objectLiteralOf(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
    if (ts.isObjectLiteralExpression(expression)) return expression;
    if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) {
      const declaration = this.declarationOf(expression);
      const initializer = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
      if (initializer && ts.isObjectLiteralExpression(initializer)) return initializer;
    }
    return undefined;
  }

  /** A .proto path as Nest loads it: a literal (from the project folder), join(__dirname, …) or new URL(…, import.meta.url). */
  private readPath(expression: ts.Expression): OptionValue {
    const unreadable: OptionValue = { kind: 'unreadable', text: expression.getText() };
    const fileFolder = dirname(expression.getSourceFile().fileName);
    if (ts.isIdentifier(expression)) {
      const declaration = this.declarationOf(expression);
      return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? this.readPath(declaration.initializer) : unreadable;
    }
    const direct = this.readValue(expression);
    if (typeof direct === 'string') return literal(resolve(this.root, direct));
    if (!ts.isCallExpression(expression)) return unreadable;
    const callee = expression.expression.getText();
    if (/(^|\.)(join|resolve)$/.test(callee)) {
      const [first, ...rest] = expression.arguments;
      const parts = rest.map((part) => this.readValue(part));
      if (first?.getText() === '__dirname' && parts.every((part) => typeof part === 'string')) return literal(resolve(fileFolder, ...(parts as string[])));
      const all = expression.arguments.map((part) => this.readValue(part));
      if (all.length > 0 && all.every((part) => typeof part === 'string')) return literal(resolve(this.root, ...(all as string[])));
      return unreadable;
    }
    const url = expression.arguments[0];
    if (/(^|\.)fileURLToPath$/.test(callee) && url && ts.isNewExpression(url) && url.arguments?.[1]?.getText() === 'import.meta.url') {
      const path = url.arguments[0] && this.readValue(url.arguments[0]);
      return typeof path === 'string' ? literal(resolve(fileFolder, path)) : unreadable;
    }
    return unreadable;
  }
}

const literal = (value: Json): OptionValue => ({ kind: 'literal', value });
const readNumber = (value: Read): number | undefined => (typeof value === 'number' ? value : undefined);
const isNullish = (type: ts.TypeNode) =>
  type.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword) || type.kind === ts.SyntaxKind.NullKeyword;

function decoratorCall(decorator: ts.Decorator): { name: string; args: readonly ts.Expression[] } | undefined {
  const expression = decorator.expression;
  const callee = ts.isCallExpression(expression) ? expression.expression : expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === undefined ? undefined : { name, args: ts.isCallExpression(expression) ? expression.arguments : [] };
}

/** `Transport.TCP` → `TCP`. */
function transportMember(expression: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expression) && /(^|\.)Transport$/.test(expression.expression.getText())) return expression.name.text;
  return undefined;
}

function propertyOf(node: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of node.properties) {
    if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

function isClientOptions(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isCallExpression(current) && /(ClientsModule\.register(Async)?|ClientProxyFactory\.create)$/.test(current.expression.getText())) return true;
    if (ts.isDecorator(current) && decoratorCall(current)?.name === 'Client') return true;
  }
  return false;
}

// ── writing the collection ───────────────────────────────────────────────────────────────────

export type NestImportSummary = {
  root: string;
  name: string;
  filesScanned: number;
  handlers: number;
  requests: number;
  connections: string[];
  transports: number;
  /** `file:line: what and why`, for everything the import could not read or guessed. */
  notes: string[];
};

type PlannedConnection = { name: string; transport: string; target: string; /** gRPC: the proto package, which a method's full name starts with. */ grpcPackage?: string };

/**
 * Writes a new collection at `collectionRoot` from the Nest project in `folder`: connections from
 * its microservice options (variables where a value is not literal, `environments/local.yaml`
 * holding what was found or Nest's default), one request per handler at `<Controller>/<handler>.yaml`.
 */
export async function importNestProject(folder: string, collectionRoot: string, name?: string): Promise<Result<NestImportSummary>> {
  const scanned = scanNestProject(folder);
  if (!scanned.ok) return scanned;
  const scan = scanned.value;
  if (scan.handlers.length === 0) {
    return fail(
      'not-a-nest-project',
      `${scan.folder} has no @nestjs/microservices handlers: searched ${scan.filesScanned} .ts file(s) for @MessagePattern, @EventPattern, @GrpcMethod, @GrpcStreamMethod and @GrpcStreamCall (node_modules, dist, *.d.ts, *.spec.ts and *.test.ts skipped). Point at the folder of a Nest microservice project.`,
    );
  }
  const root = resolve(collectionRoot);
  const existing = statSync(root, { throwIfNoEntry: false });
  if (existing && (!existing.isDirectory() || readdirSync(root).length > 0)) return fail('already-exists', `${root} exists and is not an empty folder. Import into a new or empty folder.`);

  const notes = scan.notes.map(formatNote);
  const variables: Record<string, Json> = {};
  const connections = planConnections(scan, root, variables, notes);
  const folders = new Map<string, string>(); // `file#Controller` → folder, so two classes of one name stay apart
  const requests: { relativePath: string; request: RequestFile }[] = [];
  for (const handler of scan.handlers) {
    const key = `${handler.file}#${handler.controller}`;
    let controllerFolder = folders.get(key);
    if (controllerFolder === undefined) {
      const taken = new Set(folders.values());
      controllerFolder = handler.controller;
      for (let count = 2; taken.has(controllerFolder); count++) controllerFolder = `${handler.controller}-${count}`;
      folders.set(key, controllerFolder);
    }
    const [connection, ...others] = connectionsFor(handler, connections, root, variables, notes);
    const served = others.length > 0 ? ` Also served over ${others.map((other) => other.name).join(', ')}.` : '';
    requests.push({
      relativePath: `${controllerFolder}/${handler.handler}.yaml`,
      request: {
        connection: connection?.name ?? '',
        kind: handler.kind === 'event' ? 'emit' : 'send',
        pattern: handler.grpc && connection?.grpcPackage ? `${connection.grpcPackage}.${handler.pattern as string}` : handler.pattern,
        data: handler.payloadTemplate,
        capture: [],
        assert: [],
        description: `${handler.controller}.${handler.handler} (@${handler.decorator}) in ${handler.file}:${handler.line}.${served}`,
      },
    });
  }

  const collectionName = name ?? basenameOf(scan.folder);
  const created = await createCollection(root, collectionName);
  if (!created.ok) return created;
  const manifest = await writeManifest(root, {
    patchbay: 1,
    name: collectionName,
    description: `Imported from the Nest sources in ${scan.folder}.`,
    connections: Object.fromEntries(connections.map((connection): [string, CollectionConnection] => [connection.name, { target: connection.target }])),
  });
  if (!manifest.ok) return manifest;
  const environment = await writeEnvironment(root, 'local', { variables, secrets: [] });
  if (!environment.ok) return environment;
  for (const { relativePath, request } of requests) {
    const written = await writeRequestFile(root, relativePath, request);
    if (!written.ok) return written;
  }
  return ok({
    root,
    name: collectionName,
    filesScanned: scan.filesScanned,
    handlers: scan.handlers.length,
    requests: requests.length,
    connections: connections.map((connection) => connection.name),
    transports: scan.transports.length,
    notes,
  });
}

const formatNote = (note: ScanNote) => `${note.file}:${note.line}: ${note.message}`;
const basenameOf = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? 'nest-project';

function planConnections(scan: NestScan, collectionRoot: string, variables: Record<string, Json>, notes: string[]): PlannedConnection[] {
  const planned: PlannedConnection[] = [];
  for (const transport of scan.transports) {
    if (!Object.hasOwn(CONNECTION_NAMES, transport.transport)) {
      notes.push(`${transport.file}:${transport.line}: the ${transport.transport} transport: Patchbay has no ${transport.transport} client, so its handlers use another connection`);
      continue;
    }
    planned.push(connectionFor(transport.transport, transport, planned, collectionRoot, variables, notes));
  }
  return planned;
}

/** The handler's connections: its own transport's, or (no transport given) every non-gRPC one, as Nest routes it. */
function connectionsFor(handler: NestHandler, connections: PlannedConnection[], collectionRoot: string, variables: Record<string, Json>, notes: string[]): PlannedConnection[] {
  const wanted = handler.kind === 'grpc' ? 'GRPC' : handler.transport;
  const matching = connections.filter((connection) => (wanted ? connection.transport === wanted : connection.transport !== 'GRPC'));
  if (matching.length > 0) return matching;
  const transport = wanted && Object.hasOwn(CONNECTION_NAMES, wanted) ? wanted : 'TCP';
  const added = connectionFor(transport, undefined, connections, collectionRoot, variables, notes);
  connections.push(added);
  notes.push(`${handler.file}:${handler.line}: ${handler.controller}.${handler.handler}: no ${wanted ?? 'non-gRPC'} transport options found; added the connection "${added.name}" on Nest's defaults`);
  return [added];
}

function connectionFor(transport: string, source: NestTransport | undefined, planned: PlannedConnection[], collectionRoot: string, variables: Record<string, Json>, notes: string[]): PlannedConnection {
  const base = CONNECTION_NAMES[transport] ?? transport.toLowerCase();
  let name = base;
  for (let count = 2; planned.some((connection) => connection.name === name); count++) name = `${base}-${count}`;
  const prefix = name.replace(/-(\d+)$/, '$1');
  const defaults = (Object.hasOwn(NEST_DEFAULTS, transport) ? NEST_DEFAULTS[transport] : undefined) ?? {};
  const options = source?.options ?? {};
  /** The option's literal text, or a `{{variable}}` set in local.yaml to its fallback or Nest's default. */
  const part = (option: keyof NestTransport['options'], variable: string, nestDefault: Json | undefined): string => {
    const value = options[option];
    // RMQ takes the first of its urls; Kafka lists all brokers in the authority.
    const text = (found: Json) => (Array.isArray(found) ? (option === 'brokers' ? found.join(',') : String(found[0] ?? '')) : String(found));
    if (value?.kind === 'literal' && value.value !== null) return text(value.value);
    if (value === undefined && source && nestDefault !== undefined && nestDefault !== null) return String(nestDefault);
    const found = value?.kind === 'fallback' ? value.value : nestDefault;
    const chosen = found === undefined || found === null ? null : Array.isArray(found) ? text(found) : found;
    // One `host` for every transport unless two disagree: local services usually share one.
    const variableName = variable === 'host' && variables.host !== undefined && variables.host !== chosen ? `${prefix}Host` : variable;
    variables[variableName] = chosen;
    if (value?.kind === 'unreadable' && source) {
      notes.push(`${source.file}:${source.line}: ${option} of the ${transport} transport: ${value.text} is not a literal; {{${variableName}}} in environments/local.yaml is Nest's default ${JSON.stringify(chosen)}`);
    }
    return `{{${variableName}}}`;
  };
  let target: string;
  switch (transport) {
    case 'TCP':
    case 'REDIS':
      target = `${name.startsWith('redis') ? 'redis' : 'tcp'}://${part('host', 'host', defaults.host ?? null)}:${part('port', `${prefix}Port`, defaults.port ?? null)}`;
      break;
    case 'RMQ': {
      const url = part('urls', `${prefix}Url`, defaults.url ?? null);
      const queue = options.queue && options.queue.kind !== 'unreadable' ? part('queue', `${prefix}Queue`, null) : '';
      if (options.queue?.kind === 'unreadable' && source) notes.push(`${source.file}:${source.line}: queue of the RMQ transport: ${options.queue.text} is not a literal; add ?queue=NAME to the connection "${name}"`);
      target = `${url}${queue ? `?queue=${queue}` : ''}`;
      break;
    }
    case 'KAFKA':
      target = `kafka://${part('brokers', `${prefix}Brokers`, defaults.brokers ?? null)}`;
      break;
    default: {
      const url = part('url', `${prefix}Url`, defaults.url ?? null);
      const protoPath = options.protoPath;
      const proto = protoPath?.kind === 'literal' && typeof protoPath.value === 'string' ? relative(collectionRoot, protoPath.value).split(sep).join('/') : undefined;
      if (protoPath?.kind === 'unreadable' && source) notes.push(`${source.file}:${source.line}: protoPath of the GRPC transport: ${protoPath.text} is not a path it can read; the connection uses server reflection`);
      target = `grpc://${url}${proto ? `?proto=${proto}` : ''}`;
    }
  }
  const grpcPackage = options.package?.kind === 'literal' ? [options.package.value].flat()[0] : undefined;
  return { name, transport, target, ...(typeof grpcPackage === 'string' ? { grpcPackage } : {}) };
}
