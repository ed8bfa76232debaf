// How `patchbay run` reports: `cli` (a line per request as it finishes, then totals), `json`
// (the CollectionRunReport) and `junit` (JUnit XML for CI: a testsuite per folder).
import type { CollectionRunReport, RequestRunResult } from '../../shared/collection';

export const RUN_REPORTERS = ['cli', 'json', 'junit'] as const;
export type RunReporter = (typeof RUN_REPORTERS)[number];

const formatMs = (ms: number) => `${Math.round(ms * 10) / 10} ms`;

/** The `cli` reporter's lines for one result: a ✓/✗ line, failed assertions indented below. */
export function formatResultLines(result: RequestRunResult, showIteration: boolean): string[] {
  const name = showIteration ? `${result.name} [iteration ${result.iteration}]` : result.name;
  switch (result.status) {
    case 'passed':
      return [`✓ ${name} (${formatMs(result.durationMs)})`];
    case 'failed':
      return [`✗ ${name} (${formatMs(result.durationMs)})`, ...result.assertions.filter((assertion) => !assertion.passed).map((assertion) => `    ${assertion.label}: ${assertion.message ?? ''}`)];
    case 'errored':
      return [`✗ ${name}: ${result.problem ?? 'errored'}`];
    case 'skipped':
      return [`- ${name} (skipped)`];
  }
}

export function formatTotals(report: CollectionRunReport): string {
  const { passed, failed, errored, skipped } = report.totals;
  return `${passed} passed, ${failed} failed, ${errored} errored, ${skipped} skipped (${report.results.length} requests in ${formatMs(report.durationMs)})`;
}

// XML 1.0 cannot carry most control characters at all, even escaped: they are dropped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe in XML content and attributes; line breaks in attributes stay line breaks. */
export function escapeXml(text: string, { attribute = false } = {}): string {
  const escaped = text.replace(INVALID_XML, '').replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
  return attribute ? escaped.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : escaped;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML: a testsuite per folder (the collection's name for requests at its root), a testcase
 * per request and iteration, `<failure>` for failed assertions, `<error>` for requests that could
 * not be sent, `<skipped/>` after --bail.
 */
export function junitXml(report: CollectionRunReport): string {
  const suites = new Map<string, RequestRunResult[]>();
  for (const result of report.results) {
    const folder = result.path.split('/').slice(0, -1).join('/');
    const suite = folder === '' ? report.collection : folder;
    suites.set(suite, [...(suites.get(suite) ?? []), result]);
  }
  const showIteration = report.results.some((result) => result.iteration > 1);
  const counts = (results: RequestRunResult[]) => {
    const count = (status: RequestRunResult['status']) => results.filter((result) => result.status === status).length;
    return `tests="${results.length}" failures="${count('failed')}" errors="${count('errored')}" skipped="${count('skipped')}"`;
  };
  const attribute = (text: string) => escapeXml(text, { attribute: true });
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${attribute(report.collection)}" ${counts(report.results)} time="${seconds(report.durationMs)}">`];
  for (const [suite, results] of suites) {
    const suiteMs = results.reduce((total, result) => total + result.durationMs, 0);
    lines.push(`  <testsuite name="${attribute(suite)}" ${counts(results)} time="${seconds(suiteMs)}">`);
    for (const result of results) {
      const name = showIteration ? `${result.name} [iteration ${result.iteration}]` : result.name;
      const open = `    <testcase name="${attribute(name)}" classname="${attribute(suite)}" time="${seconds(result.durationMs)}"`;
      const body = testcaseBody(result);
      if (body === undefined) lines.push(`${open}/>`);
      else lines.push(`${open}>`, `      ${body}`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcaseBody(result: RequestRunResult): string | undefined {
  switch (result.status) {
    case 'passed':
      return undefined;
    case 'failed': {
      const failures = result.assertions.filter((assertion) => !assertion.passed).map((assertion) => `${assertion.label}: ${assertion.message ?? ''}`);
      return `<failure message="${escapeXml(failures.join('; '), { attribute: true })}">${escapeXml(failures.join('\n'))}</failure>`;
    }
    case 'errored':
      return `<error message="${escapeXml(result.problem ?? 'errored', { attribute: true })}"/>`;
    case 'skipped':
      return '<skipped/>';
  }
}
