// The thread governor (src/kernels/thread_governor.ts) on a simulated clock: it settles on whichever setting's
// batches are faster, probes again after runs that double while the choice holds, and follows a change (a
// competing process starting or stopping). The real kernels' results do not depend on the choice
// (test/threads.test.ts checks one against two threads bit for bit).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ThreadGovernor } from '../src/kernels/thread_governor.js';

/** Runs `batches` batches of 10 samples; a batch on `threads` threads takes cost(threads, i) ms. */
function simulate(cost: (threads: 1 | 2, i: number) => number, batches: number): { used: (1 | 2)[]; governor: ThreadGovernor } {
  let clock = 0, current: 1 | 2 = 2;
  const governor = new ThreadGovernor((n) => { current = n; }, () => clock);
  const used: (1 | 2)[] = [];
  for (let i = 0; i < batches; i++) {
    governor.begin('train');
    used.push(current);
    clock += cost(current, i);
    governor.end('train', 10);
  }
  return { used, governor };
}

test('two threads twice as fast: after one warm-up batch and one decisive probe pair it runs on two, probing less and less', () => {
  const { used, governor } = simulate((t) => (t === 2 ? 5 : 10), 600);
  assert.equal(governor.choice('train'), 2);
  assert.equal(used[0], 2); // warm-up (on two threads, so that the worker's code is warm before it is timed)
  assert.deepEqual(used.slice(1, 5), [1, 2, 2, 2]); // one pair (2× apart) decides; then the run
  const slow = used.filter((t) => t === 1).length;
  assert.ok(slow <= 6, `${slow} of 600 batches on the slower setting`); // one per probe, runs of 16, 32, 64 …
  assert.ok(used.slice(-100).filter((t) => t === 1).length <= 1, 'a settled choice probes at most once per 256 batches');
});

test('close settings get three probes each; a tie goes to one thread', () => {
  const close = simulate((t) => (t === 2 ? 9 : 10), 40);
  assert.deepEqual(close.used.slice(1, 7), [1, 2, 1, 2, 1, 2]);
  assert.equal(close.governor.choice('train'), 2);
  const tie = simulate((t) => (t === 2 ? 9.9 : 10), 40); // 1 % faster: not worth a second core
  assert.equal(tie.governor.choice('train'), 1);
});

test('one thread faster (another process holds a core): it runs on one, one two-thread batch per probe', () => {
  const { used, governor } = simulate((t) => (t === 2 ? 13 : 10), 300);
  assert.equal(governor.choice('train'), 1);
  assert.ok(used.slice(50).filter((t) => t === 2).length <= 3, 'two threads only while probing');
});

test('the faster setting changes mid-run (a competing process starts): the next probe follows it', () => {
  const { used, governor } = simulate((t, i) => (i < 200 ? (t === 2 ? 5 : 10) : t === 2 ? 20 : 10), 700);
  assert.equal(governor.choice('train'), 1);
  assert.ok(used.slice(600).filter((t) => t === 1).length >= 90, 'on one thread at the end');
});

test('kinds are governed separately; a batch of another kind between begin and end of none is ignored', () => {
  let clock = 0, current: 1 | 2 = 2;
  const governor = new ThreadGovernor((n) => { current = n; }, () => clock);
  for (let i = 0; i < 40; i++) {
    governor.begin('train'); clock += current === 2 ? 5 : 10; governor.end('train', 10);
    governor.begin('predict'); clock += current === 2 ? 8 : 4; governor.end('predict', 10);
  }
  assert.equal(governor.choice('train'), 2);
  assert.equal(governor.choice('predict'), 1);
  governor.end('evaluate', 10); // never begun: nothing happens
  assert.equal(governor.choice('evaluate'), null);
});
