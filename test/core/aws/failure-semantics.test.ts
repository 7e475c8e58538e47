import { FAILURE_SEMANTICS, failureSemantic } from '../../../src/core/aws/failure-semantics';

// The table the runbook walks read: one row per id, each with its source, and every ARC block type
// that has an ungraceful setting in the API described in both modes.

describe('the failure semantics table', () => {
  test('every row has a unique id, a behaviour and a source', () => {
    const ids = FAILURE_SEMANTICS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of FAILURE_SEMANTICS) {
      expect(r.behaviour.length).toBeGreaterThan(20);
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.mode !== undefined || r.condition !== undefined).toBe(true);
    }
  });

  test('the blocks the Region switch uses, in both modes; Lambda steps are skipped ungracefully', () => {
    for (const block of ['CustomActionLambda', 'EC2AutoScaling', 'AuroraGlobalDatabase']) {
      for (const mode of ['graceful', 'ungraceful']) expect(failureSemantic(`arc.${block}.${mode}`).mode).toBe(mode);
    }
    expect(failureSemantic('arc.CustomActionLambda.ungraceful').effect).toEqual({ runs: false });
    expect(failureSemantic('arc.EC2AutoScaling.ungraceful').effect?.runs).toBe(true);
    expect(failureSemantic('arc.AuroraGlobalDatabase.ungraceful').effect?.operation).toBe('failover');
  });

  test('an id the table lacks is an error, not a guess', () => {
    expect(() => failureSemantic('arc.Teleport.graceful')).toThrow("no documented behaviour 'arc.Teleport.graceful'");
  });
});
