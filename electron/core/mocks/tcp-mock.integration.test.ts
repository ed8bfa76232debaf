// Real Nest ClientProxies (Nest 10, 11 and 12) talking to a Patchbay TCP mock get exactly what the
// rules define: the mock is indistinguishable from a Nest TCP service. TCP is the reference: no adaptations.
import { defineMockConformanceSuite } from '../../test-support/mock-conformance';
import { NEST_MAJORS } from '../../test-support/fixture-services';

defineMockConformanceSuite({
  transport: 'TCP',
  majors: NEST_MAJORS,
  mockTarget: () => ({ kind: 'tcp', host: '127.0.0.1', port: 0 }),
  nestClient: (_major, mock) => ({ transport: 'TCP', options: { host: '127.0.0.1', port: Number(/:(\d+)$/.exec(mock.address ?? '')?.[1]) } }),
  adaptations: {},
});
