import { describe, expect, it } from 'vitest';
import { RestartPolicy, describeWindow } from '../../src/restartPolicy';

describe('restart policy', () => {
  it('backs off 1 s, 2 s, 4 s … and gives up after the fifth crash within the window', () => {
    const policy = new RestartPolicy();
    const decisions = [0, 10_000, 20_000, 30_000, 40_000, 50_000].map((t) => policy.crashed(t));
    expect(decisions.slice(0, 5).map((d) => (d.restart ? d.delayMs : null))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(decisions.slice(0, 5).map((d) => (d.restart ? d.attempt : null))).toEqual([1, 2, 3, 4, 5]);
    expect(decisions[5]).toEqual({ restart: false, crashes: 6, windowMs: 180_000 });
  });

  it('forgets crashes older than the window: a server that ran a while starts at 1 s again', () => {
    const policy = new RestartPolicy();
    policy.crashed(0);
    policy.crashed(1000);
    expect(policy.crashed(10 * 60_000)).toEqual({ restart: true, delayMs: 1000, attempt: 1, of: 5 });
  });

  it('caps the delay and starts afresh after a restart the user asked for', () => {
    const policy = new RestartPolicy({ maxCrashes: 20, windowMs: 1e9, firstDelayMs: 1000, maxDelayMs: 5000 });
    let last = policy.crashed(0);
    for (let i = 1; i < 10; i++) last = policy.crashed(i);
    expect(last.restart && last.delayMs).toBe(5000);
    policy.reset();
    expect(policy.crashed(11)).toMatchObject({ restart: true, delayMs: 1000, attempt: 1 });
  });

  it('says the window in words', () => {
    expect(describeWindow(180_000)).toBe('3 minutes');
    expect(describeWindow(45_000)).toBe('45 seconds');
  });
});
